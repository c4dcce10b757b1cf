import {
  Inject,
  Injectable,
  Logger,
  type OnApplicationBootstrap,
  type OnApplicationShutdown,
} from '@nestjs/common';

import { RedisStreamStore, STREAM_STORE, StreamConsumer, type StreamStore } from '@dalal/bus';
import { controlStream, type Envelope } from '@dalal/contracts';

import { type OrderExecutionConfig } from './config';
import { EXECUTION_CONFIG } from './execution.tokens';
import { KillSwitch } from './kill-switch.usecase';

/** Its own consumer group: every order-execution process gets every command on this fast path too. */
export const KILL_SWITCH_GROUP = 'order-execution.kill-switch';

/**
 * The service's bus consumer handles one message at a time across all its streams, so a KILL_SWITCH
 * would wait until the batch of approved orders in hand is through (with a slow broker, many seconds).
 * This second consumer reads only the control stream, on its own Redis connection, and acts at once.
 * It takes only commands issued after it started: history (a command published while the process was
 * down) is the service's own control handler's job, which reads the stream from where it left off.
 */
@Injectable()
export class KillSwitchListener implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(KillSwitchListener.name);
  private consumer: StreamConsumer | undefined;
  private ownStore: RedisStreamStore | undefined;

  constructor(
    @Inject(STREAM_STORE) private readonly shared: StreamStore,
    @Inject(EXECUTION_CONFIG) private readonly config: Pick<OrderExecutionConfig, 'REDIS_URL'>,
    private readonly killSwitch: KillSwitch,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    const startedAt = Date.now();
    // A blocking read holds its Redis connection; sharing the service's would stall its consumer.
    if (this.shared instanceof RedisStreamStore) this.ownStore = new RedisStreamStore(this.config.REDIS_URL);
    this.consumer = new StreamConsumer({
      store: this.ownStore ?? this.shared,
      group: KILL_SWITCH_GROUP,
      handlers: new Map([
        [
          controlStream(),
          async (envelope: Envelope) => {
            if (envelope.type !== 'control.command' || Date.parse(envelope.ts) < startedAt) return;
            const control = envelope as Envelope<'control.command'>;
            if (control.payload.command === 'KILL_SWITCH') await this.killSwitch.engage(control);
            if (control.payload.command === 'REARM') await this.killSwitch.rearmed(control);
          },
        ],
      ]),
      logger: {
        warn: (message, details) => this.logger.warn(`${message} ${JSON.stringify(details ?? {})}`),
        error: (message, details) => this.logger.error(`${message} ${JSON.stringify(details ?? {})}`),
      },
    });
    await this.consumer.start();
  }

  async onApplicationShutdown(): Promise<void> {
    await this.consumer?.stop();
    await this.ownStore?.close();
  }
}
