/** One entry of a stream; `data` is null when the entry was trimmed away while still pending. */
export interface StreamEntry {
  id: string;
  data: string | null;
}

export interface StreamBatch {
  stream: string;
  entries: StreamEntry[];
}

export interface PendingEntry {
  id: string;
  consumer: string;
  idleMs: number;
  deliveries: number;
}

export interface ReadRequest {
  group: string;
  consumer: string;
  streams: readonly string[];
  count: number;
  blockMs: number;
}

/**
 * The Redis Streams operations the bus needs, with Redis semantics. Two implementations, one contract
 * test suite: real Redis (`RedisStreamStore`) and an in-memory twin for the embedded mode.
 */
export interface StreamStore {
  /** XADD with MAXLEN ~ trimming; returns the entry id. */
  append(stream: string, data: string, maxLen?: number): Promise<string>;
  /** Several XADDs in one round trip, in order. */
  appendMany(items: ReadonlyArray<{ stream: string; data: string }>, maxLen?: number): Promise<string[]>;
  /** XGROUP CREATE … 0 MKSTREAM; a group that exists already is left as it is. */
  ensureGroup(stream: string, group: string): Promise<void>;
  /** XREADGROUP of new entries ('>'), blocking up to blockMs; empty when nothing came. */
  readGroup(request: ReadRequest): Promise<StreamBatch[]>;
  ack(stream: string, group: string, ids: readonly string[]): Promise<void>;
  /** XPENDING … IDLE: entries delivered but not acked for at least minIdleMs, oldest first. */
  pending(stream: string, group: string, minIdleMs: number, count: number): Promise<PendingEntry[]>;
  /** XCLAIM: takes over pending entries idle for at least minIdleMs; bumps their delivery count. */
  claim(
    stream: string,
    group: string,
    consumer: string,
    minIdleMs: number,
    ids: readonly string[],
  ): Promise<StreamEntry[]>;
  /**
   * A group's backlog on a stream: entries not yet delivered plus delivered but not acked (XINFO GROUPS
   * `lag` + `pending`). Read at metrics scrape time, not per message.
   */
  groupLag(stream: string, group: string): Promise<number>;
  /** XRANGE, oldest first. */
  range(stream: string, count?: number): Promise<StreamEntry[]>;
  length(stream: string): Promise<number>;
  /** Wakes a blocked readGroup so that a stopping consumer need not wait for the block to time out. */
  interruptReads(): Promise<void>;
  ping(): Promise<boolean>;
  close(): Promise<void>;
}

export function compareStreamIds(a: string, b: string): number {
  const [aMs = 0, aSeq = 0] = a.split('-').map(Number);
  const [bMs = 0, bSeq = 0] = b.split('-').map(Number);
  return aMs - bMs || aSeq - bSeq;
}
