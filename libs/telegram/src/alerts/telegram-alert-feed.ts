import { hostname } from 'node:os';

import { type StreamEntry, type StreamStore } from '@dalal/bus';
import { deadLetterStream, parseEnvelope, type Envelope } from '@dalal/contracts';

import { isTelegramError } from '../telegram-error';
import { type OutboxLogger } from './telegram-outbox';

export interface TelegramAlertFeedOptions {
  store: StreamStore;
  /** The streams to push from (alerts, fills); each is read in this feed's own consumer group. */
  streams: readonly string[];
  /** Runs for each valid message; resolves once Telegram took it. */
  handle: (stream: string, envelope: Envelope) => Promise<void>;
  logger: OutboxLogger;
  group?: string;
  consumer?: string;
  /** A message left unacked this long (a crash, a handler failure) is taken up again. Default 30 s. */
  claimIdleMs?: number;
  blockMs?: number;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Reads alerts and fills in a consumer group of its own ("telegram") and acks a message only after
 * Telegram took it. The bus's StreamConsumer would dead-letter a message whose handler keeps failing,
 * which is right for an order and wrong here: a Telegram outage must leave alerts waiting in Redis, not
 * move them aside. So this loop retries without limit, and on shutdown leaves what it had in hand
 * unacked for the next start (delivery is at least once: a crash between send and ack sends it twice).
 * Trading never waits on it: it is one more reader of streams that producers only append to.
 */
export class TelegramAlertFeed {
  private readonly group: string;
  private readonly consumer: string;
  private readonly claimIdleMs: number;
  private readonly blockMs: number;
  private stopping = false;
  private running: Promise<void> | undefined;
  private nextClaimAt = 0;
  readonly stats = { sent: 0, deadLettered: 0, failed: 0 };

  constructor(private readonly o: TelegramAlertFeedOptions) {
    this.group = o.group ?? 'telegram';
    this.consumer = o.consumer ?? `telegram-${hostname()}-${process.pid}`;
    this.claimIdleMs = o.claimIdleMs ?? 30_000;
    this.blockMs = o.blockMs ?? 2000;
  }

  async start(): Promise<void> {
    for (const stream of this.o.streams) await this.o.store.ensureGroup(stream, this.group);
    this.running = this.loop();
  }

  async stop(): Promise<void> {
    this.stopping = true;
    await this.o.store.interruptReads();
    await this.running;
  }

  private async loop(): Promise<void> {
    let failures = 0;
    while (!this.stopping) {
      try {
        if (Date.now() >= this.nextClaimAt) await this.reclaim();
        const batches = await this.o.store.readGroup({
          group: this.group,
          consumer: this.consumer,
          streams: [...this.o.streams],
          count: 20,
          blockMs: this.blockMs,
        });
        for (const { stream, entries } of batches) {
          for (const entry of entries) await this.process(stream, entry);
        }
        failures = 0;
      } catch (err) {
        if (this.stopping || isTelegramError(err)) break;
        failures += 1;
        const message = err instanceof Error ? err.message : String(err);
        this.o.logger.warn('telegram alert feed: bus read failed; retrying', { error: message });
        if (message.includes('NOGROUP')) {
          for (const stream of this.o.streams)
            await this.o.store.ensureGroup(stream, this.group).catch((e: unknown) => {
              this.o.logger.warn('telegram alert feed: group not re-created', { stream, error: String(e) });
            });
        }
        await sleep(Math.min(50 * 2 ** failures, 2000));
      }
    }
  }

  /** Takes up messages left unacked: by a crashed process, or by a handler failure here. */
  private async reclaim(): Promise<void> {
    this.nextClaimAt = Date.now() + Math.min(this.claimIdleMs, 5000);
    for (const stream of this.o.streams) {
      const stale = await this.o.store.pending(stream, this.group, this.claimIdleMs, 20);
      if (stale.length === 0) continue;
      const claimed = await this.o.store.claim(
        stream,
        this.group,
        this.consumer,
        this.claimIdleMs,
        stale.map((p) => p.id),
      );
      for (const entry of claimed) await this.process(stream, entry);
    }
  }

  private async process(stream: string, entry: StreamEntry): Promise<void> {
    if (entry.data === null) return this.o.store.ack(stream, this.group, [entry.id]);
    const parsed = parseEnvelope(stream, entry.data);
    if (!parsed.ok) {
      await this.o.store.append(
        deadLetterStream(stream),
        JSON.stringify({
          stream,
          entryId: entry.id,
          group: this.group,
          consumer: this.consumer,
          reason: 'invalid',
          error: parsed.error,
          deliveries: 1,
          raw: entry.data,
          failedAt: new Date().toISOString(),
        }),
      );
      this.stats.deadLettered += 1;
      this.o.logger.error('telegram alert feed: invalid message dead-lettered', {
        stream,
        error: parsed.error,
      });
      return this.o.store.ack(stream, this.group, [entry.id]);
    }
    try {
      await this.o.handle(stream, parsed.envelope);
    } catch (err) {
      if (isTelegramError(err) && err.code === 'STOPPED') throw err;
      // Left unacked on purpose: reclaim() takes it up again after claimIdleMs.
      this.stats.failed += 1;
      this.o.logger.error('telegram alert not sent; will retry', {
        stream,
        entryId: entry.id,
        error: err instanceof Error ? err.message : String(err),
      });
      return;
    }
    this.stats.sent += 1;
    await this.o.store.ack(stream, this.group, [entry.id]);
  }
}
