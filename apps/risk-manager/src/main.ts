import 'reflect-metadata';

import { RedisStreamStore } from '@dalal/bus';
import { loadConfig } from '@dalal/config';
import { runService } from '@dalal/runtime';

import { riskManagerConfigSchema } from './config';
import { RiskManagerModule } from './risk-manager.module';

const name = 'risk-manager';

async function main(): Promise<void> {
  const config = loadConfig(name, riskManagerConfigSchema);
  await runService({
    name,
    module: RiskManagerModule,
    config,
    store: new RedisStreamStore(config.REDIS_URL),
  });
}

main().catch((err: unknown) => {
  process.stderr.write(`${name} failed to start: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
