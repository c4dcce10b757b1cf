import { type DynamicModule, type INestApplication, type Type } from '@nestjs/common';
import { type z } from 'zod';

import { MemoryStreamStore } from '@dalal/bus';
import { GatewayModule } from '@dalal/gateway';
import { MarketDataModule } from '@dalal/market-data';
import { OrderExecutionModule } from '@dalal/order-execution';
import { RiskManagerModule } from '@dalal/risk-manager';
import { startService } from '@dalal/runtime';
import { StrategyEngineModule } from '@dalal/strategy-engine';

import { type embeddedConfigSchema } from './config';

const services: Array<[name: string, module: Type | DynamicModule]> = [
  ['gateway', GatewayModule],
  ['market-data', MarketDataModule],
  ['strategy-engine', StrategyEngineModule],
  ['risk-manager', RiskManagerModule],
  ['order-execution', OrderExecutionModule],
];

export interface EmbeddedSystem {
  apps: Array<{ name: string; port: number; app: INestApplication }>;
  store: MemoryStreamStore;
  close(): Promise<void>;
}

/**
 * The whole system in one process: every service with its own consumer group, sharing one in-memory
 * bus, each on its own port (gateway first).
 */
export async function startEmbedded(config: z.output<typeof embeddedConfigSchema>): Promise<EmbeddedSystem> {
  const store = new MemoryStreamStore();
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
      for (const { app } of [...apps].reverse()) await app.close();
      await store.close();
    },
  };
}
