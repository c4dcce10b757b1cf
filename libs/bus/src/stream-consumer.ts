import { hostname } from 'node:os';

import { deadLetterStream, parseEnvelope, type Envelope } from '@dalal/contracts';
import {
  countBusMessages,
  dlqMessages,
  inSpan,
  registerLagProbe,
  runWithCorrelation,
  tracingEnabled,
} from '@dalal/observability';

import { type StreamEntry, type StreamStore } from './stream-store';

export interface MessageContext {
  stream: string;
  entryId: string;
  /** 1 on first delivery; more after a crash or a failed attempt elsewhere. */
  deliveries: number;
  attempt: number;
}

export type StreamHandler = (envelope: Envelope, context: MessageContext) => unknown;

export interface ConsumerLogger {
  warn(message: string, details?: Record<string, unknown>): void;
  error(message: string, details?: Record<string, unknown>): void;
}

export interface StreamConsumerOptions {
  store: StreamStore;
  group: string;
  consumer?: string;
  handlers: ReadonlyMap<string, StreamHandler>;
  batchSize?: number;
  blockMs?: number;
  /** Pending entries idle this long belong to a consumer presumed dead and are claimed. */
  claimIdleMs?: number;
  claimEveryMs?: number;
  /** Attempts of the handler for one delivery before the message is dead-lettered. */
  maxAttempts?: number;
  retryDelayMs?: number;
  /** Deliveries (crashes included) after which a message is dead-lettered without running it again. */
  maxDeliveries?: number;
  logger?: ConsumerLogger;
  /** Told of every dead letter once it is safely written, e.g. to raise an alert. */
  onDeadLetter?: (letter: DeadLetter) => unknown;
  now?: () => number;
}

export interface ConsumerStats {
  handled: number;
  retried: number;
  deadLettered: number;
  reclaimed: number;
}

export interface DeadLetter {
  stream: string;
  entryId: string;
  group: string;
  consumer: string;
  reason: 'invalid' | 'handler_failed' | 'too_many_deliveries';
  error: string;
  deliveries: number;
  raw: string | null;
  failedAt: string;
}

const silent: ConsumerLogger = { warn: () => undefined, error: () => undefined };
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
/** Nest hands back handler failures as plain `{ status, message }` objects, not Errors. */
const errorMessage = (err: unknown): string => {
  if (err instanceof Error) return err.message;
  if (typeof err === 'object' && err !== null && 'message' in err)
    return String((err as { message: unknown }).message);
  return typeof err === 'object' ? JSON.stringify(err) : String(err);
};
const isThenable = (value: unknown): value is Promise<unknown> =>
  typeof (value as Promise<unknown> | undefined)?.then === 'function';

/**
 * Reads a consumer group on one or more streams and runs a handler per message, in stream order.
 * Delivery is at least once: a message is acked only after its handler resolved or after it was written
 * to its dead-letter stream; a consumer that dies leaves its messages pending for another to claim.
 */
export class StreamConsumer {
  readonly stats: ConsumerStats = { handled: 0, retried: 0, deadLettered: 0, reclaimed: 0 };
  private readonly o: Required<Omit<StreamConsumerOptions, 'handlers' | 'store' | 'onDeadLetter'>>;
  private readonly streams: string[];
  private running: Promise<void> | undefined;
  private stopping = false;
  private nextClaimAt = 0;
  private unregisterLagProbe: (() => void) | undefined;
  /** The ack of the previous batch, sent while the next batch is read; awaited before the next ack. */
  private ackInFlight: Promise<void> = Promise.resolve();

  constructor(private readonly options: StreamConsumerOptions) {
    this.o = {
      group: options.group,
      consumer: options.consumer ?? `${options.group}-${hostname()}-${process.pid}`,
      batchSize: options.batchSize ?? 100,
      blockMs: options.blockMs ?? 2000,
      claimIdleMs: options.claimIdleMs ?? 30_000,
      claimEveryMs: options.claimEveryMs ?? 5_000,
      maxAttempts: options.maxAttempts ?? 3,
      retryDelayMs: options.retryDelayMs ?? 100,
      maxDeliveries: options.maxDeliveries ?? 5,
      logger: options.logger ?? silent,
      now: options.now ?? Date.now,
    };
    this.streams = [...options.handlers.keys()];
  }

  get consumerName(): string {
    return this.o.consumer;
  }

  async start(): Promise<void> {
    await this.ensureGroups();
    // Dead-letter counters start at 0, so the first dead letter is an increase Prometheus can see.
    for (const stream of this.streams) dlqMessages.inc({ stream }, 0);
    const { store } = this.options;
    this.unregisterLagProbe = registerLagProbe(() =>
      Promise.all(
        this.streams.map(async (stream) => ({
          stream,
          group: this.o.group,
          lag: await store.groupLag(stream, this.o.group),
        })),
      ),
    );
    this.running = this.loop();
  }

  /** Finishes the batch in hand, acks it, and returns; unread messages stay for the next start. */
  async stop(): Promise<void> {
    this.stopping = true;
    this.unregisterLagProbe?.();
    await this.options.store.interruptReads().catch(() => undefined);
    await this.running;
    await this.ackInFlight;
  }

  private async ensureGroups(): Promise<void> {
    for (const stream of this.streams) await this.options.store.ensureGroup(stream, this.o.group);
  }

  private async loop(): Promise<void> {
    let failures = 0;
    while (!this.stopping) {
      try {
        if (this.o.now() >= this.nextClaimAt) await this.reclaim();
        const batches = await this.options.store.readGroup({
          group: this.o.group,
          consumer: this.o.consumer,
          streams: this.streams,
          count: this.o.batchSize,
          blockMs: this.o.blockMs,
        });
        for (const { stream, entries } of batches) await this.processBatch(stream, entries, () => 1);
        failures = 0;
      } catch (err) {
        if (this.stopping) break;
        failures += 1;
        const message = (err as Error).message ?? String(err);
        this.o.logger.warn('bus read failed; retrying', { error: message, group: this.o.group });
        // A restarted Redis has lost our groups: create them again and carry on.
        if (message.includes('NOGROUP')) await this.ensureGroups().catch(() => undefined);
        await sleep(Math.min(50 * 2 ** failures, 2000));
      }
    }
  }

  private async reclaim(): Promise<void> {
    this.nextClaimAt = this.o.now() + this.o.claimEveryMs;
    const { store } = this.options;
    for (const stream of this.streams) {
      const stale = await store.pending(stream, this.o.group, this.o.claimIdleMs, this.o.batchSize);
      if (stale.length === 0) continue;
      const claimed = await store.claim(
        stream,
        this.o.group,
        this.o.consumer,
        this.o.claimIdleMs,
        stale.map((p) => p.id),
      );
      this.stats.reclaimed += claimed.length;
      const deliveries = new Map(stale.map((p) => [p.id, p.deliveries + 1]));
      await this.processBatch(stream, claimed, (id) => deliveries.get(id) ?? 1);
    }
  }

  private async processBatch(
    stream: string,
    entries: readonly StreamEntry[],
    deliveriesOf: (id: string) => number,
  ): Promise<void> {
    const done: string[] = [];
    for (const entry of entries) {
      const pending = this.processEntry(stream, entry, deliveriesOf(entry.id));
      if (pending) await pending;
      done.push(entry.id);
    }
    await this.ackInFlight;
    // Not awaited: a lost ack only means a redelivery, which handlers are built to absorb.
    this.ackInFlight = this.options.store.ack(stream, this.o.group, done).catch((err: Error) => {
      this.o.logger.warn('ack failed; the batch will be redelivered', { stream, error: err.message });
    });
  }

  /** Returns nothing when a synchronous handler succeeded, so the hot path allocates no promise. */
  private processEntry(stream: string, entry: StreamEntry, deliveries: number): Promise<void> | void {
    if (entry.data === null) return; // trimmed while pending: nothing left to do
    const parsed = parseEnvelope(stream, entry.data);
    if (!parsed.ok) return this.deadLetter(stream, entry, 'invalid', parsed.error, deliveries);
    if (deliveries > this.o.maxDeliveries) {
      return this.deadLetter(
        stream,
        entry,
        'too_many_deliveries',
        `delivered ${deliveries} times`,
        deliveries,
      );
    }
    const { envelope } = parsed;
    try {
      const result = this.runHandler(stream, entry, envelope, deliveries, 1);
      if (isThenable(result)) {
        return result.then(
          () => this.handled(stream),
          (err: unknown) => this.retry(stream, entry, envelope, deliveries, err),
        );
      }
      this.handled(stream);
    } catch (err) {
      return this.retry(stream, entry, envelope, deliveries, err);
    }
  }

  private handled(stream: string): void {
    this.stats.handled += 1;
    countBusMessages(stream, 'handled');
  }

  private runHandler(
    stream: string,
    entry: StreamEntry,
    envelope: Envelope,
    deliveries: number,
    attempt: number,
  ) {
    const handler = this.options.handlers.get(stream)!;
    const run = () =>
      runWithCorrelation(envelope.correlationId, () =>
        handler(envelope, { stream, entryId: entry.id, deliveries, attempt }),
      );
    if (!tracingEnabled()) return run();
    // One span per handled message, continuing the publisher's trace carried in the envelope.
    return inSpan(`${stream} process`, run, {
      traceparent: envelope.traceparent,
      kind: 'consumer',
      attributes: { 'messaging.destination.name': stream, 'messaging.message.id': envelope.id },
    });
  }

  private async retry(
    stream: string,
    entry: StreamEntry,
    envelope: Envelope,
    deliveries: number,
    firstError: unknown,
  ): Promise<void> {
    let error = errorMessage(firstError);
    for (let attempt = 2; attempt <= this.o.maxAttempts; attempt++) {
      this.stats.retried += 1;
      countBusMessages(stream, 'retried');
      this.o.logger.warn('handler failed; retrying', {
        stream,
        entryId: entry.id,
        attempt: attempt - 1,
        error,
      });
      await sleep(this.o.retryDelayMs * 2 ** (attempt - 2));
      try {
        await this.runHandler(stream, entry, envelope, deliveries, attempt);
        this.handled(stream);
        return;
      } catch (err) {
        error = errorMessage(err);
      }
    }
    return this.deadLetter(stream, entry, 'handler_failed', error, deliveries);
  }

  private async deadLetter(
    stream: string,
    entry: StreamEntry,
    reason: DeadLetter['reason'],
    error: string,
    deliveries: number,
  ): Promise<void> {
    const letter: DeadLetter = {
      stream,
      entryId: entry.id,
      group: this.o.group,
      consumer: this.o.consumer,
      reason,
      error,
      deliveries,
      raw: entry.data,
      failedAt: new Date(this.o.now()).toISOString(),
    };
    await this.options.store.append(deadLetterStream(stream), JSON.stringify(letter));
    this.stats.deadLettered += 1;
    countBusMessages(stream, 'dead_lettered');
    dlqMessages.inc({ stream });
    this.o.logger.error('message dead-lettered', { stream, entryId: entry.id, reason, error });
    try {
      await this.options.onDeadLetter?.(letter);
    } catch (err) {
      this.o.logger.warn('dead-letter hook failed', { stream, entryId: entry.id, error: errorMessage(err) });
    }
  }
}
