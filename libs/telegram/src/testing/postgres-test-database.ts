import { randomBytes } from 'node:crypto';

import { Client } from 'pg';

import { openDatabase, type PrismaService } from '@dalal/persistence';

const POSTGRES = process.env['TEST_DATABASE_URL'] ?? 'postgres://postgres@127.0.0.1:5432/test';

async function admin(sql: string): Promise<void> {
  const client = new Client({ connectionString: POSTGRES });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

/** A fresh, migrated database of its own on the test Postgres server; `drop` removes it. */
export async function openPostgresTestDatabase(): Promise<{
  prisma: PrismaService;
  drop: () => Promise<void>;
}> {
  const name = `dalal_telegram_${randomBytes(5).toString('hex')}`;
  await admin(`CREATE DATABASE ${name}`);
  const url = new URL(POSTGRES);
  url.pathname = `/${name}`;
  const prisma = await openDatabase({ kind: 'postgres', url: url.toString() });
  return {
    prisma,
    async drop() {
      await prisma.close();
      await admin(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    },
  };
}
