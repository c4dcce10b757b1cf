import 'reflect-metadata';

import { RedisStreamStore } from '@dalal/bus';
import { loadConfig } from '@dalal/config';
import { databaseConfigFromEnv, openDatabase } from '@dalal/persistence';
import { runService } from '@dalal/runtime';

import { strategyEngineConfigSchema } from './config';
import { StrategyEngineModule } from './strategy-engine.module';

const name = 'strategy-engine';

async function main(): Promise<void> {
  const config = loadConfig(name, strategyEngineConfigSchema);
  const prisma = await openDatabase(databaseConfigFromEnv(process.env));
  await runService({
    name,
    module: StrategyEngineModule.forRoot({ config, prisma, ownsDatabase: true }),
    config,
    store: new RedisStreamStore(config.REDIS_URL),
    readiness: { postgres: () => prisma.$queryRaw`SELECT 1`.then(() => true) },
  });
}

main().catch((err: unknown) => {
  process.stderr.write(`${name} failed to start: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
