import { mkdirSync } from 'node:fs';

import { PGlite } from '@electric-sql/pglite';
import { PrismaPg } from '@prisma/adapter-pg';
import { Client } from 'pg';
import { PrismaPGlite } from 'pglite-prisma-adapter';

import { applyMigrations, readMigrations, type MigrationReport } from '../migrations/migration-applier';
import { pgConnection, pgliteConnection, type SqlConnection } from '../migrations/sql-connection';
import { PrismaService } from '../prisma.service';
import { type DatabaseConfig } from './database-config';

export interface OpenDatabaseOptions {
  /** Apply pending migrations before returning (default true; idempotent and guarded by a lock). */
  migrate?: boolean;
  migrationsDir?: string;
  /** Called with the migrations applied now and those found applied. */
  onMigrated?: (report: MigrationReport) => void;
}

/** Connects, brings the schema up to date with our migration applier, and returns the client. */
export async function openDatabase(
  config: DatabaseConfig,
  options: OpenDatabaseOptions = {},
): Promise<PrismaService> {
  const migrate = options.migrate ?? true;
  if (config.kind === 'pglite') {
    if (config.dataDir) mkdirSync(config.dataDir, { recursive: true });
    const pglite = new PGlite(config.dataDir);
    // PGlite is one connection: Prisma's queries and ours share it, which is what one process wants.
    const sql = pgliteConnection(pglite);
    if (migrate) {
      const report = await applyMigrations(sql, readMigrations(options.migrationsDir));
      options.onMigrated?.(report);
    }
    return new PrismaService(
      { adapter: new PrismaPGlite(pglite) },
      { kind: 'pglite', withSql: (work) => work(sql), release: () => pglite.close() },
    );
  }
  const withSql = async <T>(work: (sql: SqlConnection) => Promise<T>): Promise<T> => {
    const client = new Client({ connectionString: config.url });
    await client.connect();
    try {
      return await work(pgConnection(client));
    } finally {
      await client.end();
    }
  };
  if (migrate) {
    const report = await withSql((sql) => applyMigrations(sql, readMigrations(options.migrationsDir)));
    options.onMigrated?.(report);
  }
  return new PrismaService(
    { adapter: new PrismaPg({ connectionString: config.url }) },
    { kind: 'postgres', withSql, release: async () => undefined },
  );
}
