import { randomBytes } from 'node:crypto';

import { Client } from 'pg';

import { openDatabase, type OpenDatabaseOptions } from '../database/open-database';
import { type PrismaService } from '../prisma.service';

export type TestDatabaseKind = 'postgres' | 'pglite';

/** The server the Postgres half of the suite uses; each test file gets its own database on it. */
export const TEST_POSTGRES_URL =
  process.env['TEST_DATABASE_URL'] ?? 'postgres://postgres@127.0.0.1:5432/test';

export interface TestDatabase {
  prisma: PrismaService;
  /** A URL for the fresh database (Postgres only). */
  url: string | null;
  drop(): Promise<void>;
}

function withDatabase(url: string, name: string): string {
  const parsed = new URL(url);
  parsed.pathname = `/${name}`;
  return parsed.toString();
}

async function admin<T>(work: (client: Client) => Promise<T>): Promise<T> {
  const client = new Client({ connectionString: TEST_POSTGRES_URL });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

/** A fresh, empty Postgres database; dropped by the returned function. */
export async function createPostgresDatabase(): Promise<{ url: string; drop: () => Promise<void> }> {
  const name = `dalal_test_${randomBytes(6).toString('hex')}`;
  await admin((c) => c.query(`CREATE DATABASE ${name}`));
  return {
    url: withDatabase(TEST_POSTGRES_URL, name),
    drop: () => admin((c) => c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`)).then(() => undefined),
  };
}

/** The global through which testing/pglite-environment.js hands specs the PGlite module it loaded. */
export interface PGliteGlobal {
  __dalalPGlite?: unknown;
}

/** A migrated database of the given kind: its own Postgres database, or an in-memory PGlite. */
export async function openTestDatabase(
  kind: TestDatabaseKind,
  options: OpenDatabaseOptions = {},
): Promise<TestDatabase> {
  if (kind === 'pglite') {
    const prisma = await openDatabase({ kind: 'pglite', dataDir: undefined }, options);
    return { prisma, url: null, drop: () => prisma.close() };
  }
  const database = await createPostgresDatabase();
  const prisma = await openDatabase({ kind: 'postgres', url: database.url }, options);
  return {
    prisma,
    url: database.url,
    async drop() {
      await prisma.close();
      await database.drop();
    },
  };
}
