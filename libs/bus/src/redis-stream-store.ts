import Redis, { type RedisOptions } from 'ioredis';

import {
  type PendingEntry,
  type ReadRequest,
  type StreamBatch,
  type StreamEntry,
  type StreamStore,
} from './stream-store';

const FIELD = 'm';

type RawEntry = [id: string, fields: string[] | null];

function toEntry([id, fields]: RawEntry): StreamEntry {
  if (!fields) return { id, data: null };
  const at = fields.indexOf(FIELD);
  return { id, data: at >= 0 ? (fields[at + 1] ?? null) : null };
}

/**
 * Redis Streams through ioredis. Three connections: one auto-pipelined for appends, one for the blocking
 * XREADGROUP (a blocked connection can do nothing else), and one for acks and group bookkeeping, so an
 * ack never waits behind a large batch of appends.
 */
export class RedisStreamStore implements StreamStore {
  private readonly writer: Redis;
  private readonly reader: Redis;
  private readonly control: Redis;
  private readerClientId: number | undefined;

  constructor(url: string, options: RedisOptions = {}) {
    const common: RedisOptions = {
      maxRetriesPerRequest: null,
      retryStrategy: (times) => Math.min(50 * 2 ** times, 2000),
      ...options,
    };
    this.writer = new Redis(url, {
      ...common,
      enableAutoPipelining: true,
      connectionName: 'dalal-bus-writer',
    });
    this.reader = new Redis(url, { ...common, connectionName: 'dalal-bus-reader' });
    this.control = new Redis(url, {
      ...common,
      enableAutoPipelining: true,
      connectionName: 'dalal-bus-control',
    });
    this.reader.on('ready', () => {
      this.reader.client('ID').then(
        (id) => (this.readerClientId = Number(id)),
        () => (this.readerClientId = undefined),
      );
    });
    // ioredis reconnects by itself; errors are surfaced to the caller of each command.
    this.writer.on('error', () => undefined);
    this.reader.on('error', () => undefined);
    this.control.on('error', () => undefined);
  }

  async append(stream: string, data: string, maxLen?: number): Promise<string> {
    const id = maxLen
      ? await this.writer.xadd(stream, 'MAXLEN', '~', maxLen, '*', FIELD, data)
      : await this.writer.xadd(stream, '*', FIELD, data);
    return id as string;
  }

  async appendMany(
    items: ReadonlyArray<{ stream: string; data: string }>,
    maxLen?: number,
  ): Promise<string[]> {
    const pipeline = this.writer.pipeline();
    for (const { stream, data } of items) {
      if (maxLen) pipeline.xadd(stream, 'MAXLEN', '~', maxLen, '*', FIELD, data);
      else pipeline.xadd(stream, '*', FIELD, data);
    }
    const results = (await pipeline.exec()) ?? [];
    return results.map(([err, id]) => {
      if (err) throw err;
      return id as string;
    });
  }

  async ensureGroup(stream: string, group: string): Promise<void> {
    try {
      await this.control.xgroup('CREATE', stream, group, '0', 'MKSTREAM');
    } catch (err) {
      if (!String((err as Error).message).startsWith('BUSYGROUP')) throw err;
    }
  }

  async readGroup({ group, consumer, streams, count, blockMs }: ReadRequest): Promise<StreamBatch[]> {
    const reply = (await this.reader.xreadgroup(
      'GROUP',
      group,
      consumer,
      'COUNT',
      count,
      'BLOCK',
      blockMs,
      'STREAMS',
      ...streams,
      ...streams.map(() => '>'),
    )) as Array<[string, RawEntry[]]> | null;
    return (reply ?? []).map(([stream, entries]) => ({ stream, entries: entries.map(toEntry) }));
  }

  async ack(stream: string, group: string, ids: readonly string[]): Promise<void> {
    if (ids.length > 0) await this.control.xack(stream, group, ...ids);
  }

  async pending(stream: string, group: string, minIdleMs: number, count: number): Promise<PendingEntry[]> {
    const rows = (await this.control.xpending(stream, group, 'IDLE', minIdleMs, '-', '+', count)) as Array<
      [string, string, number, number]
    >;
    return rows.map(([id, consumer, idleMs, deliveries]) => ({ id, consumer, idleMs, deliveries }));
  }

  async claim(
    stream: string,
    group: string,
    consumer: string,
    minIdleMs: number,
    ids: readonly string[],
  ): Promise<StreamEntry[]> {
    if (ids.length === 0) return [];
    const rows = (await this.control.xclaim(stream, group, consumer, minIdleMs, ...ids)) as RawEntry[];
    return rows.map(toEntry);
  }

  async groupLag(stream: string, group: string): Promise<number> {
    const groups = (await this.control.xinfo('GROUPS', stream)) as unknown[][];
    for (const fields of groups) {
      const info = new Map<string, unknown>();
      for (let i = 0; i + 1 < fields.length; i += 2) info.set(String(fields[i]), fields[i + 1]);
      if (info.get('name') !== group) continue;
      const pending = Number(info.get('pending') ?? 0);
      const lag = info.get('lag');
      if (lag !== null && lag !== undefined) return pending + Number(lag);
      // Redis cannot tell the lag after some deletions: count what lies past the last delivered id.
      const after = await this.control.xrange(
        stream,
        `(${String(info.get('last-delivered-id'))}`,
        '+',
        'COUNT',
        100_000,
      );
      return pending + after.length;
    }
    return 0;
  }

  async range(stream: string, count?: number): Promise<StreamEntry[]> {
    const rows = (
      count === undefined
        ? await this.writer.xrange(stream, '-', '+')
        : await this.writer.xrange(stream, '-', '+', 'COUNT', count)
    ) as RawEntry[];
    return rows.map(toEntry);
  }

  length(stream: string): Promise<number> {
    return this.writer.xlen(stream);
  }

  async interruptReads(): Promise<void> {
    if (this.readerClientId !== undefined) await this.control.client('UNBLOCK', this.readerClientId);
  }

  /** True when Redis answers within timeoutMs; commands queue while disconnected, so a bound is needed. */
  async ping(timeoutMs = 500): Promise<boolean> {
    if (this.writer.status !== 'ready') return false;
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<boolean>((resolve) => (timer = setTimeout(() => resolve(false), timeoutMs)));
    try {
      return await Promise.race([this.writer.ping().then((reply) => reply === 'PONG'), timeout]);
    } catch {
      return false;
    } finally {
      clearTimeout(timer);
    }
  }

  async close(): Promise<void> {
    this.reader.disconnect();
    await Promise.all(
      [this.writer, this.control].map((connection) => connection.quit().catch(() => connection.disconnect())),
    );
  }
}
