import { type DynamicModule, type INestApplication, Module, type Type } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { Logger } from 'nestjs-pino';

import {
  BusModule,
  type DeadLetter,
  RedisStreamsServer,
  StreamPublisher,
  type StreamStore,
} from '@dalal/bus';
import { ALERT, alertsStream, isDeadLetterStream, streamFamily } from '@dalal/contracts';
import { type ServiceConfig } from '@dalal/config';
import { loggingModule, startTracing, stopTracing } from '@dalal/observability';

import { ControlCommandsHandler } from './control-commands.handler';
import { HealthController, SERVICE_NAME } from './health.controller';
import { KeepHandlerErrors } from './keep-handler-errors.filter';
import { MetricsController } from './metrics.controller';
import { type ReadinessCheck, ReadinessChecks } from './readiness';

export interface ServiceDefinition {
  /** Service name: also its consumer group and the `source` of what it publishes. */
  name: string;
  /** The app's own module: its handlers, controllers and use cases. */
  module: Type | DynamicModule;
  config: Omit<ServiceConfig, 'REDIS_URL'>;
  store: StreamStore;
  /**
   * The `service` field of log lines. nestjs-pino keeps one pino logger per process, so services sharing
   * a process (embedded mode) must share one name; the default is the service name.
   */
  logName?: string;
  /**
   * Readiness checks the service's process owns beyond the bus, e.g. `{ postgres: () => ping(prisma) }`.
   * Checks that live inside the module (broker session, feed freshness) inject `ReadinessChecks` instead.
   */
  readiness?: Record<string, ReadinessCheck>;
}

@Module({})
class ServiceRootModule {
  static of({ name, module, config, store, logName }: ServiceDefinition): DynamicModule {
    return {
      module: ServiceRootModule,
      // Global so that the app's own module can inject ReadinessChecks and register its checks.
      global: true,
      imports: [
        loggingModule(logName ?? name, config.LOG_LEVEL),
        BusModule.forRoot({ store, source: name, maxLen: config.BUS_MAX_LEN }),
        module,
      ],
      controllers: [HealthController, MetricsController, ControlCommandsHandler],
      providers: [{ provide: SERVICE_NAME, useValue: name }, ReadinessChecks],
      exports: [ReadinessChecks],
    };
  }
}

const busServers = new WeakMap<INestApplication, RedisStreamsServer>();

/**
 * Stops a service in the safe order: the bus consumer first (it finishes and acks the message in hand
 * while the database and brokers are still open), then the rest of the application.
 */
export async function stopService(app: INestApplication): Promise<void> {
  await busServers.get(app)?.close();
  await app.close();
}

/** Creates the service's HTTP app and its bus consumer, and starts both. */
export async function startService(definition: ServiceDefinition): Promise<INestApplication> {
  // OTLP export only when OTEL_EXPORTER_OTLP_ENDPOINT is set; once per process.
  await startTracing(definition.logName ?? definition.name);
  const app = await NestFactory.create(ServiceRootModule.of(definition), { bufferLogs: true });
  const logger = app.get(Logger);
  app.useLogger(logger);
  const readiness = app.get(ReadinessChecks);
  readiness.register('bus', async () => ({ ok: await definition.store.ping() }));
  for (const [name, check] of Object.entries(definition.readiness ?? {})) readiness.register(name, check);
  const server = new RedisStreamsServer({
    store: definition.store,
    group: definition.name,
    claimIdleMs: definition.config.BUS_CLAIM_IDLE_MS,
    maxAttempts: definition.config.BUS_MAX_ATTEMPTS,
    retryDelayMs: definition.config.BUS_RETRY_DELAY_MS,
    logger: {
      warn: (message, details) => logger.warn(details, message),
      error: (message, details) => logger.error(details, message),
    },
    onDeadLetter: (letter) => raiseDeadLetterAlert(app.get(StreamPublisher), letter),
  });
  // Before connecting: a connected microservice has already built its handlers, with the app's filters.
  app.useGlobalFilters(new KeepHandlerErrors(app.getHttpAdapter()));
  app.connectMicroservice({ strategy: server }, { inheritAppConfig: true });
  busServers.set(app, server);
  await app.startAllMicroservices();
  await app.listen(definition.config.PORT);
  logger.log(`${definition.name} listening on port ${definition.config.PORT}`);
  return app;
}

const SHUTDOWN_DEADLINE_MS = 4_000;

/**
 * Runs a service as its own process: on SIGTERM or SIGINT it drains the message in hand, closes HTTP and
 * the bus, and exits 0; if that takes longer than the deadline it exits 1 rather than hang.
 */
export async function runService(definition: ServiceDefinition): Promise<void> {
  const app = await startService(definition);
  const stop = async (signal: NodeJS.Signals) => {
    const logger = app.get(Logger);
    logger.log(`${signal} received: draining and shutting down`);
    setTimeout(() => {
      logger.error('shutdown deadline passed; exiting');
      process.exit(1);
    }, SHUTDOWN_DEADLINE_MS).unref();
    await stopService(app);
    await definition.store.close();
    await stopTracing(); // flushes the spans still buffered
    process.exit(0);
  };
  process.once('SIGTERM', (signal) => void stop(signal));
  process.once('SIGINT', (signal) => void stop(signal));
}

/** A message set aside is news: an alert names it, CRITICAL when it was an approved order. */
async function raiseDeadLetterAlert(publisher: StreamPublisher, letter: DeadLetter): Promise<void> {
  if (streamFamily(letter.stream) === 'alerts' || isDeadLetterStream(letter.stream)) return; // no loops
  await publisher.publish(alertsStream(), ALERT, {
    severity: streamFamily(letter.stream) === 'risk.approved' ? 'CRITICAL' : 'WARNING',
    code: 'message_dead_lettered',
    message: `${letter.group} set aside ${letter.stream} ${letter.entryId} (${letter.reason}): ${letter.error}`,
    details: { stream: letter.stream, entryId: letter.entryId, group: letter.group, reason: letter.reason },
  });
}
