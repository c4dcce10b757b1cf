import { mkdirSync } from 'node:fs';

import { PGlite } from '@electric-sql/pglite';
import { PrismaPg } from '@prisma/adapter-pg';
import { Client } from 'pg';
import { PrismaPGlite } from 'pglite-prisma-adapter';

import { PrismaClient } from '../generated/prisma/client';
import { applyMigrations, readMigrations, type MigrationReport } from '../migrations/migration-applier';
import { pgConnection, pgliteConnection, type SqlConnection } from '../migrations/sql-connection';
import { type DatabaseConfig } from './database-config';

export interface OpenDatabaseOptions {
  /** Apply pending migrations before returning (default true; idempotent and guarded by a lock). */
  migrate?: boolean;
  migrationsDir?: string;
}

/** A connected Prisma client plus a plain SQL connection for migrations, bulk loads and retention. */
export interface Database {
  readonly kind: DatabaseConfig['kind'];
  readonly prisma: PrismaClient;
  readonly migrations: MigrationReport | null;
  /** Runs `work` on a raw SQL connection (a pooled client on Postgres, the PGlite instance embedded). */
  withSql<T>(work: (sql: SqlConnection) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

export async function openDatabase(
  config: DatabaseConfig,
  options: OpenDatabaseOptions = {},
): Promise<Database> {
  const migrate = options.migrate ?? true;
  const migrations = readMigrations(options.migrationsDir);
  if (config.kind === 'pglite') {
    if (config.dataDir) mkdirSync(config.dataDir, { recursive: true });
    const pglite = new PGlite(config.dataDir);
    const sql = pgliteConnection(pglite);
    const report = migrate ? await applyMigrations(sql, migrations) : null;
    const prisma = new PrismaClient({ adapter: new PrismaPGlite(pglite) });
    return {
      kind: 'pglite',
      prisma,
      migrations: report,
      // PGlite is one connection; Prisma's queue and ours share it, which is what a single process wants.
      withSql: (work) => work(sql),
      async close() {
        await prisma.$disconnect();
        await pglite.close();
      },
    };
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
  const report = migrate ? await withSql((sql) => applyMigrations(sql, migrations)) : null;
  const prisma = new PrismaClient({ adapter: new PrismaPg({ connectionString: config.url }) });
  return {
    kind: 'postgres',
    prisma,
    migrations: report,
    withSql,
    async close() {
      await prisma.$disconnect();
    },
  };
}
