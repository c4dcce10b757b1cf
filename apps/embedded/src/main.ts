import 'reflect-metadata';

import { loadConfig } from '@dalal/config';

import { embeddedConfigSchema } from './config';
import { startEmbedded } from './start-embedded';

async function main(): Promise<void> {
  const system = await startEmbedded(loadConfig('embedded', embeddedConfigSchema));
  const stop = async () => {
    await system.close();
    process.exit(0);
  };
  process.once('SIGTERM', () => void stop());
  process.once('SIGINT', () => void stop());
}

main().catch((err: unknown) => {
  process.stderr.write(`dalal failed to start: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
