import {
  type DynamicModule,
  Inject,
  type MiddlewareConsumer,
  Module,
  type NestModule,
  type OnApplicationShutdown,
} from '@nestjs/common';
import { ThrottlerModule } from '@nestjs/throttler';
import helmet from 'helmet';

import {
  AlertsAuditRepository,
  ApiKeysRepository,
  BrokerSessionsRepository,
  type PrismaService,
  ReadModelsRepository,
  StrategyInstancesRepository,
  TokenCipher,
  TradingStateRepository,
} from '@dalal/persistence';

import { AuditService } from './audit/audit.service';
import { ApiKeysService } from './auth/api-keys.service';
import { ApiKeysController, AuthController } from './auth/auth.controller';
import { AuthGuard } from './auth/auth.guard';
import { AuthService } from './auth/auth.service';
import { loadGatewaySecrets } from './auth/gateway-secrets';
import { type GatewayConfig } from './config';
import { DashboardSetup } from './dashboard/dashboard.setup';
import {
  BROKER_SESSIONS,
  GATEWAY_CLOCK,
  GATEWAY_CONFIG,
  GATEWAY_SECRETS,
  type GatewayClock,
} from './gateway.tokens';
import { BrokerLoginService } from './brokers/broker-login.service';
import { BrokerLoginController, KiteCallbackController } from './brokers/brokers.controller';
import { SystemHealthController } from './health/system-health.controller';
import { SystemHealthService } from './health/system-health.service';
import { corsFor } from './http/cors.middleware';
import { gatewayThrottlers } from './http/gateway-throttlers';
import { requestId } from './http/request-id.middleware';
import { GATEWAY_MODULE_TYPE, OpenApiSetup } from './openapi/openapi.setup';
import { LastPrices } from './read/last-prices';
import { ReadController } from './read/read.controller';
import { TradingReadService } from './read/trading-read.service';
import { SteerController } from './steer/steer.controller';
import { TradingControlService } from './steer/trading-control.service';
import { TELEGRAM_PROVIDERS } from './telegram/telegram-bot.service';
import { BusToLiveHandler } from './ws/bus-to-live.handler';
import { LiveFeed } from './ws/live-feed';
import { LiveSocketServer } from './ws/live-socket.server';

export interface GatewayOptions {
  config: GatewayConfig;
  /** The opened (and migrated) system of record, shared with the other services in embedded mode. */
  prisma: PrismaService;
  now?: GatewayClock;
  /**
   * Close the database when the gateway stops: true when it runs as its own process; in embedded mode
   * order-execution owns the shared connection.
   */
  ownsDatabase?: boolean;
  /** Where a generated admin password is shown once (the terminal by default). */
  announce?: (line: string) => void;
}

/** Closes the gateway's own database connection on shutdown (separate-process mode). */
class DatabaseCloser implements OnApplicationShutdown {
  constructor(private readonly prisma: PrismaService) {}

  async onApplicationShutdown(): Promise<void> {
    await this.prisma.close();
  }
}

/** The services the Telegram bot (apps/gateway/src/telegram) and any other adapter may call. */
const SHARED_SERVICES = [
  TradingReadService,
  TradingControlService,
  SystemHealthService,
  AuthService,
  LiveFeed,
];

/** gateway: REST and WebSocket for dashboards, broker login and the Telegram bot. */
@Module({})
export class GatewayModule implements NestModule {
  constructor(@Inject(GATEWAY_CONFIG) private readonly config: GatewayConfig) {}

  static forRoot({
    config,
    prisma,
    now = () => new Date(),
    announce,
    ownsDatabase = false,
  }: GatewayOptions): DynamicModule {
    // Repositories are built here rather than PrismaService provided: a provided PrismaService is closed
    // by every module that provides it (see market-data's module).
    const repositories = [
      AlertsAuditRepository,
      ApiKeysRepository,
      ReadModelsRepository,
      StrategyInstancesRepository,
      TradingStateRepository,
    ].map((Repository) => ({ provide: Repository, useValue: new Repository(prisma) }));
    return {
      module: GatewayModule,
      imports: [ThrottlerModule.forRoot(gatewayThrottlers(config))],
      controllers: [
        SystemHealthController,
        AuthController,
        ApiKeysController,
        ReadController,
        SteerController,
        BrokerLoginController,
        KiteCallbackController,
        BusToLiveHandler,
      ],
      providers: [
        { provide: GATEWAY_CONFIG, useValue: config },
        { provide: GATEWAY_CLOCK, useValue: now },
        { provide: GATEWAY_MODULE_TYPE, useValue: GatewayModule },
        ...(ownsDatabase ? [{ provide: DatabaseCloser, useValue: new DatabaseCloser(prisma) }] : []),
        {
          provide: GATEWAY_SECRETS,
          useFactory: () =>
            loadGatewaySecrets({
              dataDir: config.DATA_DIR,
              adminUser: config.DALAL_ADMIN_USER,
              adminPassword: config.DALAL_ADMIN_PASSWORD,
              jwtSecret: config.JWT_SECRET,
              announce: announce ?? ((line) => process.stdout.write(`\n${line}\n\n`)),
            }),
        },
        ...repositories,
        {
          provide: BROKER_SESSIONS,
          // An invalid key stops start-up here, naming TOKEN_ENCRYPTION_KEY; a missing one only disables logins.
          useFactory: () =>
            config.TOKEN_ENCRYPTION_KEY
              ? new BrokerSessionsRepository(
                  prisma,
                  TokenCipher.fromEnv({ TOKEN_ENCRYPTION_KEY: config.TOKEN_ENCRYPTION_KEY }),
                )
              : null,
        },
        BrokerLoginService,
        AuditService,
        ApiKeysService,
        AuthGuard,
        LastPrices,
        LiveSocketServer,
        OpenApiSetup,
        DashboardSetup,
        ...SHARED_SERVICES,
        ...TELEGRAM_PROVIDERS,
      ],
      exports: SHARED_SERVICES,
    };
  }

  configure(consumer: MiddlewareConsumer): void {
    consumer
      .apply(
        requestId,
        helmet({
          // The dashboard loads only its own modules and talks to its own origin (REST and WebSocket).
          contentSecurityPolicy: {
            directives: {
              'connect-src': ["'self'"],
              'script-src': ["'self'"],
              'img-src': ["'self'", 'data:'],
            },
          },
        }),
        corsFor(this.config.CORS_ORIGINS),
      )
      .forRoutes('*');
  }
}
