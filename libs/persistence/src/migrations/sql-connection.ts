import { type PGlite } from '@electric-sql/pglite';
import { type ClientBase } from 'pg';

/** The little the migration applier and the retention job need from a connection, on pg or PGlite. */
export interface SqlConnection {
  query<T extends object>(sql: string, params?: readonly unknown[]): Promise<T[]>;
  /** Runs a script of several statements (no parameters). */
  exec(script: string): Promise<void>;
}

export function pgConnection(client: ClientBase): SqlConnection {
  return {
    async query<T extends object>(sql: string, params: readonly unknown[] = []) {
      return (await client.query(sql, [...params])).rows as T[];
    },
    async exec(script: string) {
      await client.query(script);
    },
  };
}

export function pgliteConnection(db: PGlite): SqlConnection {
  return {
    async query<T extends object>(sql: string, params: readonly unknown[] = []) {
      return (await db.query<T>(sql, [...params])).rows;
    },
    async exec(script: string) {
      await db.exec(script);
    },
  };
}
