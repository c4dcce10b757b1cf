/** @jest-environment ./libs/persistence/src/testing/pglite-environment.js */
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

import { openDatabase } from '../database/open-database';
import { type PGliteGlobal, type TestDatabaseKind, createPostgresDatabase } from '../testing/test-database';
import {
  applyMigrations,
  DEFAULT_MIGRATIONS_DIR,
  migrationChecksum,
  readMigrations,
  type MigrationFile,
} from './migration-applier';
import { type SqlConnection } from './sql-connection';

jest.mock('@electric-sql/pglite', () => (globalThis as PGliteGlobal).__dalalPGlite);

const run = promisify(execFile);
const ROOT = join(DEFAULT_MIGRATIONS_DIR, '..', '..');

/** A migrated-nothing database of the kind, with a raw connection to it. */
async function emptyDatabase(kind: TestDatabaseKind) {
  if (kind === 'pglite') {
    const prisma = await openDatabase({ kind: 'pglite', dataDir: undefined }, { migrate: false });
    return {
      sql: <T>(work: (sql: SqlConnection) => Promise<T>) => prisma.handle.withSql(work),
      close: () => prisma.close(),
    };
  }
  const database = await createPostgresDatabase();
  const prisma = await openDatabase({ kind: 'postgres', url: database.url }, { migrate: false });
  return {
    sql: <T>(work: (sql: SqlConnection) => Promise<T>) => prisma.handle.withSql(work),
    close: async () => {
      await prisma.close();
      await database.drop();
    },
  };
}

const migration = (name: string, sql: string): MigrationFile => ({
  name,
  sql,
  checksum: migrationChecksum(sql),
});

describe.each<TestDatabaseKind>(['postgres', 'pglite'])('migration applier on %s', (kind) => {
  let db: Awaited<ReturnType<typeof emptyDatabase>>;

  beforeEach(async () => {
    db = await emptyDatabase(kind);
  }, 60_000);

  afterEach(async () => {
    await db.close();
  });

  it("applies the repo's migrations to an empty database once, recording Prisma's checksums", async () => {
    const files = readMigrations();
    const names = files.map((f) => f.name);
    expect(names.slice(0, 2)).toEqual(['20260201000000_init', '20260201000100_append_only_guards']);
    expect(names).toEqual([...names].sort());
    const first = await db.sql((sql) => applyMigrations(sql, files));
    expect(first).toEqual({ applied: files.map((f) => f.name), alreadyApplied: [] });
    const again = await db.sql((sql) => applyMigrations(sql, files));
    expect(again).toEqual({ applied: [], alreadyApplied: files.map((f) => f.name) });

    const rows = await db.sql((sql) =>
      sql.query<{
        migration_name: string;
        checksum: string;
        finished_at: Date | null;
        applied_steps_count: number;
      }>(
        'SELECT migration_name, checksum, finished_at, applied_steps_count FROM "_prisma_migrations" ORDER BY migration_name',
      ),
    );
    expect(rows.map((r) => [r.migration_name, r.checksum, r.applied_steps_count])).toEqual(
      files.map((f) => [
        f.name,
        migrationChecksum(readFileSync(join(DEFAULT_MIGRATIONS_DIR, f.name, 'migration.sql'))),
        1,
      ]),
    );
    expect(rows.every((r) => r.finished_at !== null)).toBe(true);
    // Column for column the table `prisma migrate deploy` creates, so it can take over this history.
    const columns = await db.sql((sql) =>
      sql.query<{ column_name: string; data_type: string }>(
        `SELECT column_name, data_type FROM information_schema.columns WHERE table_name = '_prisma_migrations' ORDER BY ordinal_position`,
      ),
    );
    expect(columns.map((c) => `${c.column_name}:${c.data_type}`)).toEqual([
      'id:character varying',
      'checksum:character varying',
      'finished_at:timestamp with time zone',
      'migration_name:character varying',
      'logs:text',
      'rolled_back_at:timestamp with time zone',
      'started_at:timestamp with time zone',
      'applied_steps_count:integer',
    ]);
  });

  it('refuses to go on when an applied migration was edited afterwards', async () => {
    const a = migration('20260101000000_a', 'CREATE TABLE a (id int);');
    await db.sql((sql) => applyMigrations(sql, [a]));
    const edited = migration(a.name, 'CREATE TABLE a (id bigint);');
    const b = migration('20260101000001_b', 'CREATE TABLE b (id int);');
    await expect(db.sql((sql) => applyMigrations(sql, [edited, b]))).rejects.toMatchObject({
      code: 'MIGRATION_CHANGED',
    });
    const tables = await db.sql((sql) =>
      sql.query(`SELECT 1 FROM information_schema.tables WHERE table_name = 'b'`),
    );
    expect(tables).toHaveLength(0);
  });

  it('refuses a history naming a migration the folder no longer has', async () => {
    await db.sql((sql) => applyMigrations(sql, [migration('20260101000000_a', 'CREATE TABLE a (id int);')]));
    await expect(
      db.sql((sql) => applyMigrations(sql, [migration('20260101000001_b', 'SELECT 1;')])),
    ).rejects.toMatchObject({
      code: 'MIGRATION_MISSING',
    });
  });

  it('rolls a failing migration back whole and records nothing, so the fixed file applies next time', async () => {
    const good = migration('20260101000000_a', 'CREATE TABLE a (id int);');
    const bad = migration('20260101000001_b', 'CREATE TABLE b (id int); INSERT INTO nowhere VALUES (1);');
    await expect(db.sql((sql) => applyMigrations(sql, [good, bad]))).rejects.toMatchObject({
      code: 'MIGRATION_FAILED',
    });
    const b = await db.sql((sql) =>
      sql.query(`SELECT 1 FROM information_schema.tables WHERE table_name = 'b'`),
    );
    expect(b).toHaveLength(0);
    const fixed = migration(bad.name, 'CREATE TABLE b (id int);');
    expect(await db.sql((sql) => applyMigrations(sql, [good, fixed]))).toEqual({
      applied: [fixed.name],
      alreadyApplied: [good.name],
    });
  });

  it('stops at a migration an earlier run of prisma migrate left failed', async () => {
    const a = migration('20260101000000_a', 'CREATE TABLE a (id int);');
    await db.sql((sql) => applyMigrations(sql, []));
    await db.sql((sql) =>
      sql.query(`INSERT INTO "_prisma_migrations" (id, checksum, migration_name) VALUES ('x', $1, $2)`, [
        a.checksum,
        a.name,
      ]),
    );
    await expect(db.sql((sql) => applyMigrations(sql, [a]))).rejects.toMatchObject({
      code: 'MIGRATION_FAILED',
    });
  });
});

describe('schema and migrations', () => {
  it('agree: the WebAssembly schema engine finds nothing to add, and notices when the schema moves on', async () => {
    const diff = join(ROOT, 'prisma', 'diff.mjs');
    const drifted = join(mkdtempSync(join(tmpdir(), 'dalal-schema-')), 'schema.prisma');
    writeFileSync(
      drifted,
      `${readFileSync(join(ROOT, 'prisma', 'schema.prisma'), 'utf8')}\nmodel Extra {\n  id Int @id\n  @@map("extra")\n}\n`,
    );
    const [clean, dirty] = await Promise.all([
      run('node', [diff, '--check'], { cwd: ROOT }).then(
        () => 0,
        (err: { code: number }) => err.code,
      ),
      run('node', [diff, '--check', '--schema', drifted], { cwd: ROOT }).then(
        () => ({ code: 0, stderr: '' }),
        (err: { code: number; stderr: string }) => err,
      ),
    ]);
    expect(clean).toBe(0);
    expect(dirty.code).toBe(2);
    expect(dirty.stderr).toContain('CREATE TABLE "extra"');
  }, 120_000);
});
