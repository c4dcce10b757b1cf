import { type DynamicModule, Logger, Module } from '@nestjs/common';

import { STREAM_STORE, StreamPublisher, type StreamStore } from '@dalal/bus';
import { type TradingCalendar } from '@dalal/market';
import { BarsRepository, PrismaService, TradingStateRepository } from '@dalal/persistence';
import { type StrategyDefinition } from '@dalal/strategies';

import { BusEngineOutput } from './bus-engine-output';
import { type StrategyEngineConfig } from './config';
import { EngineListener } from './engine.listener';
import { expiryCalendarFromFile } from './expiry-calendar';
import { PrismaInstanceSource } from './prisma-instance-source';
import { PrismaSignalStore } from './prisma-signal-store';
import { StoredBarsWarmUp } from './stored-bars-warm-up';
import { StrategyDesk } from './strategy-desk';

export interface StrategyEngineOptions {
  config: Pick<StrategyEngineConfig, 'REDIS_URL' | 'STRATEGY_SHARDS' | 'STRATEGY_WARMUP_DAYS'> &
    Partial<Pick<StrategyEngineConfig, 'BUS_CLAIM_IDLE_MS' | 'STRATEGY_EXPIRY_CALENDAR_FILE'>>;
  /** The opened (and migrated) system of record. */
  prisma: PrismaService;
  /** Wall clock for the warm-up window only; decisions take their time from the bars. */
  now?: () => Date;
  /** Dates expiries; default from STRATEGY_EXPIRY_CALENDAR_FILE, else the bundled exchange calendar. */
  calendar?: TradingCalendar;
  /** The strategies instances may name; default @dalal/strategies' registry. */
  strategies?: Readonly<Record<string, StrategyDefinition>>;
  /** This process opened the database and closes it with the module (its own main); not in embedded mode. */
  ownsDatabase?: boolean;
}

/** strategy-engine: bars to strategies to order intents, one isolated runner per configured instance. */
@Module({})
export class StrategyEngineModule {
  static forRoot({
    config,
    prisma,
    now = () => new Date(),
    calendar,
    strategies,
    ownsDatabase = false,
  }: StrategyEngineOptions): DynamicModule {
    const file = config.STRATEGY_EXPIRY_CALENDAR_FILE;
    const expiries = calendar ?? (file ? expiryCalendarFromFile(file) : undefined);
    return {
      module: StrategyEngineModule,
      providers: [
        // PrismaService is provided only to the process that owns it: Nest closes a provided one with the
        // module, and in embedded mode order-execution owns the shared connection (as in risk-manager).
        ...(ownsDatabase ? [{ provide: PrismaService, useValue: prisma }] : []),
        {
          provide: StrategyDesk,
          inject: [StreamPublisher],
          useFactory: (publisher: StreamPublisher, bars = new BarsRepository(prisma)) =>
            new StrategyDesk({
              instances: new PrismaInstanceSource(prisma),
              signals: new PrismaSignalStore(prisma),
              output: new BusEngineOutput(publisher),
              warmUp: new StoredBarsWarmUp(prisma, bars, config.STRATEGY_WARMUP_DAYS, now),
              log: new Logger('StrategyDesk'),
              calendar: expiries,
              definitions: strategies,
              haltedAtStart: async () =>
                (await new TradingStateRepository(prisma).current()).state === 'HALTED',
            }),
        },
        {
          provide: EngineListener,
          inject: [STREAM_STORE, StrategyDesk],
          useFactory: (store: StreamStore, desk: StrategyDesk) =>
            new EngineListener({
              store,
              redisUrl: config.REDIS_URL,
              shards: config.STRATEGY_SHARDS,
              desk,
              claimIdleMs: config.BUS_CLAIM_IDLE_MS,
            }),
        },
      ],
    };
  }
}
