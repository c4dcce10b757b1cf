// `npm run db:migrate`: applies prisma/migrations to DATABASE_URL (or the embedded PGlite under DATA_DIR)
// with our applier, the offline stand-in for `prisma migrate deploy`.
import { databaseConfigFromEnv } from './database/database-config';
import { openDatabase } from './database/open-database';

async function main(): Promise<void> {
  const config = databaseConfigFromEnv();
  const db = await openDatabase(config, {
    onMigrated: (report) => {
      for (const name of report.applied) process.stdout.write(`applied ${name}\n`);
      process.stdout.write(
        `${report.alreadyApplied.length} already applied, ${report.applied.length} applied now\n`,
      );
    },
  });
  await db.close();
}

main().catch((err: Error) => {
  process.stderr.write(`migration failed: ${err.message}\n`);
  process.exit(1);
});
