import { createHash, randomUUID } from 'node:crypto';
import { readdirSync, readFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';

import { PersistenceError } from '../errors/persistence-error';
import { type SqlConnection } from './sql-connection';

/** One `prisma/migrations/<name>/migration.sql`. */
export interface MigrationFile {
  name: string;
  sql: string;
  /** Hex sha-256 of the file's bytes: the value `prisma migrate` stores in `_prisma_migrations.checksum`. */
  checksum: string;
}

export interface MigrationReport {
  applied: string[];
  alreadyApplied: string[];
}

/** Same key as Prisma's schema engine, so our applier and `prisma migrate deploy` never run at once. */
const ADVISORY_LOCK_KEY = 72707369;

// The table exactly as Prisma's schema engine creates it, so either tool can continue the other's history.
const CREATE_MIGRATIONS_TABLE = `
CREATE TABLE IF NOT EXISTS "_prisma_migrations" (
    "id"                    VARCHAR(36) PRIMARY KEY NOT NULL,
    "checksum"              VARCHAR(64) NOT NULL,
    "finished_at"           TIMESTAMPTZ,
    "migration_name"        VARCHAR(255) NOT NULL,
    "logs"                  TEXT,
    "rolled_back_at"        TIMESTAMPTZ,
    "started_at"            TIMESTAMPTZ NOT NULL DEFAULT now(),
    "applied_steps_count"   INTEGER NOT NULL DEFAULT 0
);`;

export const DEFAULT_MIGRATIONS_DIR = join(__dirname, '..', '..', '..', '..', 'prisma', 'migrations');

export function migrationChecksum(sql: string | Buffer): string {
  return createHash('sha256').update(sql).digest('hex');
}

/** The migration folders under `dir`, in name (timestamp) order. */
export function readMigrations(dir: string = DEFAULT_MIGRATIONS_DIR): MigrationFile[] {
  return readdirSync(dir, { withFileTypes: true })
    .filter((entry) => entry.isDirectory() && existsSync(join(dir, entry.name, 'migration.sql')))
    .map((entry) => entry.name)
    .sort()
    .map((name) => {
      const bytes = readFileSync(join(dir, name, 'migration.sql'));
      return { name, sql: bytes.toString('utf8'), checksum: migrationChecksum(bytes) };
    });
}

interface AppliedRow {
  migration_name: string;
  checksum: string;
  finished_at: Date | null;
  rolled_back_at: Date | null;
}

/**
 * Applies the migrations not yet recorded in `_prisma_migrations`, in order, each in its own transaction
 * together with its record. Idempotent; refuses to continue when an applied migration's file changed,
 * when a recorded migration is missing from the folder, or when an earlier run left one failed — the
 * same guarantees `prisma migrate deploy` gives, so the two are interchangeable on one database.
 */
export async function applyMigrations(
  db: SqlConnection,
  migrations: readonly MigrationFile[] = readMigrations(),
): Promise<MigrationReport> {
  await db.query('SELECT pg_advisory_lock($1)', [ADVISORY_LOCK_KEY]);
  try {
    await db.exec(CREATE_MIGRATIONS_TABLE);
    const rows = await db.query<AppliedRow>(
      'SELECT migration_name, checksum, finished_at, rolled_back_at FROM "_prisma_migrations" ORDER BY started_at',
    );
    const live = rows.filter((row) => row.rolled_back_at === null);
    const failed = live.find((row) => row.finished_at === null);
    if (failed) {
      throw new PersistenceError(
        'MIGRATION_FAILED',
        `migration ${failed.migration_name} failed in an earlier run; fix the database and mark it rolled back`,
        { migration: failed.migration_name },
      );
    }
    const known = new Map(migrations.map((m) => [m.name, m]));
    for (const row of live) {
      const file = known.get(row.migration_name);
      if (!file) {
        throw new PersistenceError(
          'MIGRATION_MISSING',
          `migration ${row.migration_name} is applied but missing from the migrations folder`,
          { migration: row.migration_name },
        );
      }
      if (file.checksum !== row.checksum) {
        throw new PersistenceError(
          'MIGRATION_CHANGED',
          `migration ${row.migration_name} was modified after it was applied`,
          { migration: row.migration_name, recorded: row.checksum, file: file.checksum },
        );
      }
    }
    const done = new Set(live.map((row) => row.migration_name));
    const report: MigrationReport = { applied: [], alreadyApplied: [] };
    for (const migration of migrations) {
      if (done.has(migration.name)) {
        report.alreadyApplied.push(migration.name);
        continue;
      }
      await applyOne(db, migration);
      report.applied.push(migration.name);
    }
    return report;
  } finally {
    await db.query('SELECT pg_advisory_unlock($1)', [ADVISORY_LOCK_KEY]);
  }
}

async function applyOne(db: SqlConnection, migration: MigrationFile): Promise<void> {
  await db.exec('BEGIN');
  try {
    await db.exec(migration.sql);
    await db.query(
      `INSERT INTO "_prisma_migrations" (id, checksum, migration_name, started_at, finished_at, applied_steps_count)
       VALUES ($1, $2, $3, now(), now(), 1)`,
      [randomUUID(), migration.checksum, migration.name],
    );
    await db.exec('COMMIT');
  } catch (err) {
    await db.exec('ROLLBACK');
    throw new PersistenceError(
      'MIGRATION_FAILED',
      `migration ${migration.name} failed: ${(err as Error).message}`,
      {
        migration: migration.name,
      },
    );
  }
}
