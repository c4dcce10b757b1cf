/** @jest-environment ./libs/persistence/src/testing/pglite-environment.js */
import { randomBytes } from 'node:crypto';

import { Test } from '@nestjs/testing';

import { TokenCipher } from './crypto/token-cipher';
import { databaseConfigFromEnv } from './database/database-config';
import { PersistenceModule } from './persistence.module';
import { PrismaService } from './prisma.service';
import { BrokerSessionsRepository } from './repositories/broker-sessions.repository';
import { OrdersRepository } from './repositories/orders.repository';
import { type PGliteGlobal } from './testing/test-database';

jest.mock('@electric-sql/pglite', () => (globalThis as PGliteGlobal).__dalalPGlite);

describe('PersistenceModule', () => {
  it('embeds PGlite when DATABASE_URL is unset, migrated and ready for the repositories', async () => {
    const app = await Test.createTestingModule({
      imports: [
        PersistenceModule.forRoot({
          database: { kind: 'pglite', dataDir: undefined },
          tokenCipher: new TokenCipher(randomBytes(32)),
        }),
      ],
    }).compile();
    await app.init();
    expect(app.get(PrismaService).kind).toBe('pglite');
    const orders = app.get(OrdersRepository);
    expect(await orders.findOrdersInState(['PENDING_SUBMIT'])).toEqual([]);
    expect(app.get(BrokerSessionsRepository)).toBeInstanceOf(BrokerSessionsRepository);
    await app.close();
  }, 60_000);

  it('reads the database from the environment: Postgres with DATABASE_URL, else PGlite under DATA_DIR', () => {
    expect(databaseConfigFromEnv({ DATABASE_URL: 'postgres://u@h:5432/d' })).toEqual({
      kind: 'postgres',
      url: 'postgres://u@h:5432/d',
    });
    expect(databaseConfigFromEnv({ DATA_DIR: '/srv/dalal' })).toEqual({
      kind: 'pglite',
      dataDir: '/srv/dalal/pglite',
    });
    expect(databaseConfigFromEnv({})).toMatchObject({
      kind: 'pglite',
      dataDir: expect.stringMatching(/data\/pglite$/),
    });
  });
});
