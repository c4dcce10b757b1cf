import { type DynamicModule, Module } from '@nestjs/common';

import { TokenCipher } from './crypto/token-cipher';
import { databaseConfigFromEnv, type DatabaseConfig } from './database/database-config';
import { openDatabase, type OpenDatabaseOptions } from './database/open-database';
import { PrismaService } from './prisma.service';
import { AlertsAuditRepository } from './repositories/alerts-audit.repository';
import { BarsRepository } from './repositories/bars.repository';
import { BrokerSessionsRepository } from './repositories/broker-sessions.repository';
import { DailyRiskRepository } from './repositories/daily-risk.repository';
import { DecisionsRepository } from './repositories/decisions.repository';
import { InstrumentsRepository } from './repositories/instruments.repository';
import { OrdersRepository } from './repositories/orders.repository';
import { StrategiesRepository } from './repositories/strategies.repository';

export interface PersistenceModuleOptions extends OpenDatabaseOptions {
  /** Default: from the environment (`DATABASE_URL`, else PGlite under `DATA_DIR`). */
  database?: DatabaseConfig;
  /** Default: `TokenCipher.fromEnv()`, required only when BrokerSessionsRepository is injected. */
  tokenCipher?: TokenCipher;
}

const REPOSITORIES = [
  OrdersRepository,
  BarsRepository,
  InstrumentsRepository,
  StrategiesRepository,
  DecisionsRepository,
  DailyRiskRepository,
  AlertsAuditRepository,
];

/**
 * The system of record for a service: connects (migrating first), provides PrismaService and the
 * repositories, and closes the database when the application shuts down.
 */
@Module({})
export class PersistenceModule {
  static forRoot(options: PersistenceModuleOptions = {}): DynamicModule {
    return {
      module: PersistenceModule,
      global: true,
      providers: [
        {
          provide: PrismaService,
          useFactory: () => openDatabase(options.database ?? databaseConfigFromEnv(), options),
        },
        { provide: TokenCipher, useFactory: () => options.tokenCipher ?? TokenCipher.fromEnv() },
        {
          provide: BrokerSessionsRepository,
          useFactory: (prisma: PrismaService, cipher: TokenCipher) =>
            new BrokerSessionsRepository(prisma, cipher),
          inject: [PrismaService, TokenCipher],
        },
        ...REPOSITORIES,
      ],
      exports: [PrismaService, BrokerSessionsRepository, ...REPOSITORIES],
    };
  }
}
