import { type OnModuleDestroy } from '@nestjs/common';

import { PrismaClient } from './generated/prisma/client';
import { type SqlConnection } from './migrations/sql-connection';

type ClientOptions = ConstructorParameters<typeof PrismaClient>[0];

export interface DatabaseHandle {
  readonly kind: 'postgres' | 'pglite';
  /** Runs `work` on a plain SQL connection (bulk loads, retention); a fresh client on Postgres. */
  withSql<T>(work: (sql: SqlConnection) => Promise<T>): Promise<T>;
  /** Closes what the client does not own (the PGlite instance). */
  release(): Promise<void>;
}

/**
 * The generated Prisma client, as a Nest provider that closes its database on shutdown. Built by
 * `openDatabase` (Postgres through @prisma/adapter-pg, or embedded PGlite), never by Nest itself.
 */
export class PrismaService extends PrismaClient implements OnModuleDestroy {
  constructor(
    options: ClientOptions,
    readonly handle: DatabaseHandle,
  ) {
    super(options);
  }

  get kind(): DatabaseHandle['kind'] {
    return this.handle.kind;
  }

  async close(): Promise<void> {
    await this.$disconnect();
    await this.handle.release();
  }

  async onModuleDestroy(): Promise<void> {
    await this.close();
  }
}
