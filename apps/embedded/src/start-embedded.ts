import { type DynamicModule, type INestApplication, type Type } from '@nestjs/common';
import { type z } from 'zod';

import { MemoryStreamStore } from '@dalal/bus';
import { GatewayModule, gatewayConfigSchema } from '@dalal/gateway';
import { MarketDataModule, marketDataConfigSchema } from '@dalal/market-data';
import { OrderExecutionModule, orderExecutionConfigSchema } from '@dalal/order-execution';
import { databaseConfigFromEnv, type DatabaseConfig, openDatabase } from '@dalal/persistence';
import { RiskManagerModule, riskManagerConfigSchema } from '@dalal/risk-manager';
import { loadConfig } from '@dalal/config';
import { startService, stopService } from '@dalal/runtime';
import { StrategyEngineModule, strategyEngineConfigSchema } from '@dalal/strategy-engine';

import { type embeddedConfigSchema } from './config';
import { seedDefaultStrategies } from './default-strategies';

export interface EmbeddedSystem {
  apps: Array<{ name: string; port: number; app: INestApplication }>;
  store: MemoryStreamStore;
  close(): Promise<void>;
}

/**
 * The whole system in one process: every service with its own consumer group, sharing one in-memory
 * bus, each on its own port (gateway first).
 */
export async function startEmbedded(
  config: z.output<typeof embeddedConfigSchema>,
  database: DatabaseConfig = databaseConfigFromEnv(),
  env: NodeJS.ProcessEnv = process.env,
): Promise<EmbeddedSystem> {
  const store = new MemoryStreamStore();
  const prisma = await openDatabase(database);
  await seedDefaultStrategies(prisma);
  // market-data replays ../shared/data/nifty-2012-12-1m.csv at 60× unless MD_FEED/MD_REPLAY_* say otherwise.
  const marketData = loadConfig('market-data', marketDataConfigSchema, {
    ...env,
    REDIS_URL: 'redis://in-memory',
  });
  // The services' own settings come from the same environment; the bus is in memory, so no Redis is named.
  // A replayed file dates its own option expiries (the bundled calendar knows only recent years).
  const replayCalendar =
    marketData.MD_FEED === 'replay'
      ? {
          STRATEGY_EXPIRY_CALENDAR_FILE: env['STRATEGY_EXPIRY_CALENDAR_FILE'] || marketData.MD_REPLAY_FILE,
          PAPER_EXPIRY_CALENDAR_FILE: env['PAPER_EXPIRY_CALENDAR_FILE'] || marketData.MD_REPLAY_FILE,
        }
      : {};
  const execution = loadConfig('order-execution', orderExecutionConfigSchema, {
    ...env,
    ...replayCalendar,
    REDIS_URL: 'redis://in-memory',
  });
  const gateway = loadConfig('gateway', gatewayConfigSchema, { ...env, REDIS_URL: 'redis://in-memory' });
  const risk = loadConfig('risk-manager', riskManagerConfigSchema, {
    ...env,
    REDIS_URL: 'redis://in-memory',
  });
  const services: Array<[name: string, module: Type | DynamicModule]> = [
    ['gateway', GatewayModule.forRoot({ config: gateway, prisma })],
    ['market-data', MarketDataModule.forRoot({ config: marketData, prisma })],
    [
      'strategy-engine',
      StrategyEngineModule.forRoot({
        config: loadConfig('strategy-engine', strategyEngineConfigSchema, {
          ...env,
          ...replayCalendar,
          REDIS_URL: 'redis://in-memory',
        }),
        prisma,
      }),
    ],
    ['risk-manager', RiskManagerModule.forRoot({ config: risk, prisma })],
    ['order-execution', OrderExecutionModule.forRoot({ config: execution, prisma })],
  ];
  const apps: EmbeddedSystem['apps'] = [];
  for (const [i, [name, module]] of services.entries()) {
    const port = config.PORT + i;
    const app = await startService({
      name,
      module,
      store,
      config: { ...config, PORT: port },
      logName: 'dalal-embedded',
    });
    apps.push({ name, port, app });
  }
  return {
    apps,
    store,
    async close() {
      for (const { app } of [...apps].reverse()) await stopService(app);
      await store.close(); // the database closes with order-execution, which holds it
    },
  };
}
