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
  }: StrategyEngineOptions): DynamicModule {
    const file = config.STRATEGY_EXPIRY_CALENDAR_FILE;
    const expiries = calendar ?? (file ? expiryCalendarFromFile(file) : undefined);
    return {
      module: StrategyEngineModule,
      providers: [
        { provide: PrismaService, useValue: prisma },
        BarsRepository,
        {
          provide: StrategyDesk,
          inject: [StreamPublisher, BarsRepository],
          useFactory: (publisher: StreamPublisher, bars: BarsRepository) =>
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
