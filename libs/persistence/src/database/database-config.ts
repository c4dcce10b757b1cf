import { join, resolve } from 'node:path';

/** Where the system of record lives: a Postgres server, or PGlite files under the data directory. */
export type DatabaseConfig =
  | { kind: 'postgres'; url: string }
  /** `dataDir` undefined means in memory (tests). */
  | { kind: 'pglite'; dataDir: string | undefined };

/**
 * `DATABASE_URL` selects Postgres; without it Dalal embeds PGlite under `DATA_DIR` (default `./data`), so
 * `npm start` needs no database server.
 */
export function databaseConfigFromEnv(env: NodeJS.ProcessEnv = process.env): DatabaseConfig {
  const url = env['DATABASE_URL']?.trim();
  if (url) return { kind: 'postgres', url };
  return { kind: 'pglite', dataDir: join(resolve(env['DATA_DIR']?.trim() || './data'), 'pglite') };
}
