// `npm run db:retention`: archives and deletes bars, order events and alerts older than the configured
// ages (RETENTION_BARS_DAYS, RETENTION_EVENTS_DAYS) into RETENTION_ARCHIVE_DIR. Run it daily after close.
import { databaseConfigFromEnv } from './database/database-config';
import { openDatabase } from './database/open-database';
import { retentionPolicyFromEnv, runRetention } from './retention/retention-job';

async function main(): Promise<void> {
  const policy = retentionPolicyFromEnv();
  const db = await openDatabase(databaseConfigFromEnv());
  try {
    for (const result of await runRetention(db, policy, new Date())) {
      process.stdout.write(
        `${result.table}: ${result.rows} rows before ${result.cutoff.toISOString()}${result.file ? ` → ${result.file}` : ''}\n`,
      );
    }
  } finally {
    await db.close();
  }
}

main().catch((err: Error) => {
  process.stderr.write(`retention failed: ${err.message}\n`);
  process.exit(1);
});
