import { type DynamicModule, Logger, Module } from '@nestjs/common';

import { PrismaService, RiskBookRepository, TradingStateRepository } from '@dalal/persistence';

import { BusRiskOutput } from './bus-risk-output';
import { type RiskManagerConfig } from './config';
import { IntentsHandler } from './intents.handler';
import { MarketTimeHandler } from './market-time.handler';
import { RiskControlHandler } from './risk-control.handler';
import { RiskDesk } from './risk-desk';
import { riskLimitsFor } from './risk-limits-source';
import { TradeUpdatesHandler } from './trade-updates.handler';

export interface RiskManagerOptions {
  config: Pick<RiskManagerConfig, 'TRADING_MODE' | 'ORDER_BROKER' | 'RISK_LIMITS'>;
  /** The opened (and migrated) system of record. */
  prisma: PrismaService;
}

/** risk-manager: intents to approved order requests or rejections; limits, square-off, kill switch. */
@Module({})
export class RiskManagerModule {
  static forRoot({ config, prisma }: RiskManagerOptions): DynamicModule {
    return {
      module: RiskManagerModule,
      controllers: [IntentsHandler, TradeUpdatesHandler, MarketTimeHandler, RiskControlHandler],
      providers: [
        { provide: PrismaService, useValue: prisma },
        RiskBookRepository,
        TradingStateRepository,
        BusRiskOutput,
        {
          provide: RiskDesk,
          inject: [RiskBookRepository, TradingStateRepository, BusRiskOutput],
          // Started before the consumers: it reads the trading state (failing start-up when it cannot)
          // and re-opens the trades Postgres holds, so the first message meets the restored books.
          useFactory: async (
            books: RiskBookRepository,
            states: TradingStateRepository,
            output: BusRiskOutput,
          ) => {
            const desk = new RiskDesk({
              books,
              states,
              output,
              limitsFor: (strategyId) =>
                riskLimitsFor(strategyId, config.RISK_LIMITS, (id) => books.strategyInstance(id)),
              mode: config.TRADING_MODE,
              broker: config.ORDER_BROKER,
              log: new Logger('RiskDesk'),
            });
            await desk.start();
            return desk;
          },
        },
      ],
    };
  }
}
