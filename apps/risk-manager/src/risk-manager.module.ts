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
  /**
   * Close the database when the module stops: true for the service's own process; false (the default) in
   * embedded mode, where order-execution owns the shared connection.
   */
  ownsDatabase?: boolean;
}

/** risk-manager: intents to approved order requests or rejections; limits, square-off, kill switch. */
@Module({})
export class RiskManagerModule {
  static forRoot({ config, prisma, ownsDatabase = false }: RiskManagerOptions): DynamicModule {
    // Repositories are built here rather than from a provided PrismaService, which Nest would close with
    // this module (see market-data's and the gateway's modules).
    const books = new RiskBookRepository(prisma);
    const states = new TradingStateRepository(prisma);
    return {
      module: RiskManagerModule,
      controllers: [IntentsHandler, TradeUpdatesHandler, MarketTimeHandler, RiskControlHandler],
      providers: [
        ...(ownsDatabase ? [{ provide: PrismaService, useValue: prisma }] : []),
        BusRiskOutput,
        {
          provide: RiskDesk,
          inject: [BusRiskOutput],
          // Started before the consumers: it reads the trading state (failing start-up when it cannot)
          // and re-opens the trades Postgres holds, so the first message meets the restored books.
          useFactory: async (output: BusRiskOutput) => {
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
