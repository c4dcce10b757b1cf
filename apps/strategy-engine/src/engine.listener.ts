import { Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';

import { RedisStreamStore, StreamConsumer, type StreamHandler, type StreamStore } from '@dalal/bus';
import {
  approvedOrdersStream,
  barsStream,
  controlStream,
  fillsStream,
  orderEventsStream,
  riskRejectionsStream,
  type Envelope,
} from '@dalal/contracts';

import { type StrategyDesk } from './strategy-desk';

export interface EngineListenerOptions {
  readonly store: StreamStore;
  /** Set when the bus is Redis: a blocking read holds its connection, so this consumer gets its own. */
  readonly redisUrl?: string;
  readonly shards: readonly number[];
  readonly desk: StrategyDesk;
  readonly claimIdleMs?: number;
}

/**
 * The consumer group of an engine's runners: one per shard set, so each engine sees every fill and
 * command. Never the service's own group (`strategy-engine`), whose consumer reads the control stream
 * too and would take commands away from the runners.
 */
export function engineGroup(shards: readonly number[]): string {
  return `strategy-engine.runners${shards.length === 0 ? '' : `.shards-${shards.join('-')}`}`;
}

/**
 * Everything a runner reacts to, read by one consumer in order: its bars (`md.bars`, or `md.bars.{n}` for
 * each configured shard), the approvals, rejections, order events and fills of its intents, and the control stream.
 * One consumer means one message at a time, so a runner's book never changes halfway through a bar.
 * The runners are loaded and warmed up before the first message is read.
 */
export class EngineListener implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('StrategyEngine');
  private consumer: StreamConsumer | undefined;
  private ownStore: RedisStreamStore | undefined;

  constructor(private readonly o: EngineListenerOptions) {}

  async onApplicationBootstrap(): Promise<void> {
    const startedAt = Date.now();
    await this.o.desk.start();
    const { desk } = this.o;
    const handlers = new Map<string, StreamHandler>();
    const bars: StreamHandler = async (envelope) => {
      if (envelope.type === 'md.bar') await desk.onBar((envelope as Envelope<'md.bar'>).payload);
    };
    if (this.o.shards.length === 0) handlers.set(barsStream(), bars);
    for (const shard of this.o.shards) handlers.set(barsStream(shard), bars);
    handlers.set(approvedOrdersStream(), (envelope) => {
      if (envelope.type === 'risk.order-request')
        desk.approved((envelope as Envelope<'risk.order-request'>).payload);
    });
    handlers.set(riskRejectionsStream(), (envelope) => {
      if (envelope.type === 'risk.rejection') desk.rejected((envelope as Envelope<'risk.rejection'>).payload);
    });
    handlers.set(orderEventsStream(), (envelope) => {
      if (envelope.type === 'order.event') desk.orderEvent((envelope as Envelope<'order.event'>).payload);
    });
    handlers.set(fillsStream(), (envelope) => {
      if (envelope.type === 'order.fill') desk.fill((envelope as Envelope<'order.fill'>).payload);
    });
    handlers.set(controlStream(), async (envelope) => {
      // Commands from before this start are history: the stored instances already say what runs.
      if (envelope.type !== 'control.command' || Date.parse(envelope.ts) < startedAt) return;
      await desk.control((envelope as Envelope<'control.command'>).payload);
    });
    if (this.o.redisUrl !== undefined && this.o.store instanceof RedisStreamStore)
      this.ownStore = new RedisStreamStore(this.o.redisUrl);
    this.consumer = new StreamConsumer({
      store: this.ownStore ?? this.o.store,
      group: engineGroup(this.o.shards),
      handlers,
      ...(this.o.claimIdleMs === undefined ? {} : { claimIdleMs: this.o.claimIdleMs }),
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
