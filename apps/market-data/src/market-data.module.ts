import { type DynamicModule, Logger, Module } from '@nestjs/common';

import {
  BarsRepository,
  BrokerSessionsRepository,
  InstrumentsRepository,
  type PrismaService,
  TokenCipher,
} from '@dalal/persistence';
import { type TradingCalendar, tradingCalendar } from '@dalal/market';

import { BusMarketDataSink } from './bus-market-data-sink';
import { type MarketDataConfig } from './config';
import { createFeed } from './feeds/feed-factory';
import { KiteSession } from './feeds/kite-session';
import { InstrumentMaster, KiteInstrumentsDownload } from './instruments/instrument-master';
import { InstrumentMasterJob } from './instruments/instrument-master-job';
import { MarketDataRunner } from './market-data-runner';
import { MarketDataService } from './market-data.service';
import { MARKET_DATA_CONFIG } from './market-data.tokens';
import { optionChainTrackerFromConfig } from './option-chain/option-chain-tracker';

export interface MarketDataOptions {
  config: MarketDataConfig;
  /** The opened (and migrated) system of record; its owner closes it. */
  prisma: PrismaService;
  now?: () => Date;
  calendar?: TradingCalendar;
}

/** market-data: broker feeds to validated ticks and session-aligned bars, on the bus and in Postgres. */
@Module({})
export class MarketDataModule {
  static forRoot({ config, prisma, now = () => new Date(), calendar }: MarketDataOptions): DynamicModule {
    const logger = new Logger('MarketData');
    // Repositories are built here rather than PrismaService provided: a provided PrismaService would be
    // closed by this module too, and in embedded mode order-execution owns the connection.
    const kite =
      config.MD_FEED === 'kite'
        ? new KiteSession(
            new BrokerSessionsRepository(
              prisma,
              TokenCipher.fromEnv({ TOKEN_ENCRYPTION_KEY: config.TOKEN_ENCRYPTION_KEY }),
            ),
            { apiKey: config.KITE_API_KEY!, userId: config.KITE_USER_ID!, root: config.KITE_API_ROOT, now },
          )
        : undefined;
    const nse = calendar ?? tradingCalendar('NSE');
    // With the Kite feed: the instrument master (NFO/BFO index derivatives) at start-up and daily.
    const masterProviders = kite
      ? [
          {
            provide: InstrumentMaster,
            inject: [BusMarketDataSink],
            useFactory: (sink: BusMarketDataSink) =>
              new InstrumentMaster({
                prisma,
                source: new KiteInstrumentsDownload({
                  apiKey: config.KITE_API_KEY!,
                  root: config.KITE_API_ROOT,
                  accessToken: () => kite.accessToken(),
                }),
                now,
                alert: (alert) => sink.alert(alert),
                log: (level, message) => logger[level](message),
              }),
          },
          {
            provide: InstrumentMasterJob,
            inject: [InstrumentMaster],
            useFactory: (master: InstrumentMaster) =>
              new InstrumentMasterJob(master, {
                loadAt: config.MD_INSTRUMENTS_LOAD_AT,
                timerMs: config.MD_TIMER_MS,
                retryMs: config.MD_INSTRUMENTS_RETRY_MS,
                now,
              }),
          },
        ]
      : [];
    return {
      module: MarketDataModule,
      providers: [
        { provide: MARKET_DATA_CONFIG, useValue: config },
        { provide: BarsRepository, useValue: new BarsRepository(prisma) },
        { provide: InstrumentsRepository, useValue: new InstrumentsRepository(prisma) },
        BusMarketDataSink,
        ...masterProviders,
        {
          provide: MarketDataRunner,
          inject: [BusMarketDataSink, { token: InstrumentMaster, optional: true }],
          useFactory: (sink: BusMarketDataSink, master?: InstrumentMaster) => {
            const optionChain = master
              ? optionChainTrackerFromConfig(config, master, (level, message) => logger[level](message))
              : undefined;
            return new MarketDataRunner({
              config,
              sink,
              calendar: nse,
              now,
              ...(kite ? { candles: kite } : {}),
              openFeed: () => createFeed({ config, calendar: nse, now, ...(kite ? { kite } : {}) }),
              ...(optionChain ? { optionChain } : {}),
              log: (level, message) => logger[level](message),
            });
          },
        },
        MarketDataService,
      ],
      exports: [MarketDataRunner],
    };
  }
}
