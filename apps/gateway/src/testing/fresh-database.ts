import { randomBytes } from 'node:crypto';

import { Client } from 'pg';

import { openDatabase, type PrismaService } from '@dalal/persistence';

const TEST_POSTGRES_URL = process.env['TEST_DATABASE_URL'] ?? 'postgres://postgres@127.0.0.1:5432/test';

async function admin(sql: string): Promise<void> {
  const client = new Client({ connectionString: TEST_POSTGRES_URL });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

/** A fresh Postgres database of its own, migrated by our applier; dropped by `drop`. */
export async function freshDatabase(): Promise<{
  url: string;
  prisma: PrismaService;
  drop: () => Promise<void>;
}> {
  const name = `dalal_gateway_${randomBytes(6).toString('hex')}`;
  await admin(`CREATE DATABASE ${name}`);
  const url = new URL(TEST_POSTGRES_URL);
  url.pathname = `/${name}`;
  const prisma = await openDatabase({ kind: 'postgres', url: url.toString() });
  return {
    url: url.toString(),
    prisma,
    async drop() {
      await prisma.close();
      await admin(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    },
  };
}
