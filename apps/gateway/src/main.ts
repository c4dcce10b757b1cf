import 'reflect-metadata';

import { RedisStreamStore } from '@dalal/bus';
import { loadConfig } from '@dalal/config';
import { databaseConfigFromEnv, openDatabase } from '@dalal/persistence';
import { runService } from '@dalal/runtime';

import { gatewayConfigSchema } from './config';
import { GatewayModule } from './gateway.module';

const name = 'gateway';

async function main(): Promise<void> {
  const config = loadConfig(name, gatewayConfigSchema);
  const prisma = await openDatabase(databaseConfigFromEnv());
  await runService({
    name,
    module: GatewayModule.forRoot({ config, prisma, ownsDatabase: true }),
    config,
    store: new RedisStreamStore(config.REDIS_URL),
  });
}

main().catch((err: unknown) => {
  process.stderr.write(`${name} failed to start: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
