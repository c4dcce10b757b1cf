import {
  compareStreamIds,
  type PendingEntry,
  type ReadRequest,
  type StreamBatch,
  type StreamEntry,
  type StreamStore,
} from './stream-store';

interface PendingState {
  consumer: string;
  deliveredAt: number;
  deliveries: number;
}

interface GroupState {
  lastDelivered: string;
  pending: Map<string, PendingState>;
}

interface StreamState {
  entries: Array<{ id: string; data: string }>;
  lastId: string;
  groups: Map<string, GroupState>;
}

class NoGroupError extends Error {
  constructor(stream: string, group: string) {
    super(`NOGROUP No such key '${stream}' or consumer group '${group}'`);
  }
}

/**
 * The in-memory twin of Redis Streams for the embedded single-process mode: same ids, consumer groups,
 * pending entries, claiming and approximate trimming semantics, no server.
 */
export class MemoryStreamStore implements StreamStore {
  private readonly streams = new Map<string, StreamState>();
  private waiters: Array<(appended: boolean) => void> = [];
  private lastMs = 0;
  private lastSeq = 0;

  constructor(private readonly now: () => number = Date.now) {}

  async append(stream: string, data: string, maxLen?: number): Promise<string> {
    return this.appendNow(stream, data, maxLen);
  }

  async appendMany(
    items: ReadonlyArray<{ stream: string; data: string }>,
    maxLen?: number,
  ): Promise<string[]> {
    return items.map(({ stream, data }) => this.appendNow(stream, data, maxLen));
  }

  async ensureGroup(stream: string, group: string): Promise<void> {
    const state = this.streamState(stream, true)!;
    if (!state.groups.has(group)) state.groups.set(group, { lastDelivered: '0-0', pending: new Map() });
  }

  async readGroup(request: ReadRequest): Promise<StreamBatch[]> {
    const deadline = this.now() + request.blockMs;
    for (;;) {
      const batches = this.deliverNew(request);
      if (batches.length > 0) return batches;
      const remaining = deadline - this.now();
      if (remaining <= 0) return [];
      const woken = await this.waitForAppend(remaining);
      if (!woken) return [];
    }
  }

  async ack(stream: string, group: string, ids: readonly string[]): Promise<void> {
    const pending = this.streams.get(stream)?.groups.get(group)?.pending;
    for (const id of ids) pending?.delete(id);
  }

  async pending(stream: string, group: string, minIdleMs: number, count: number): Promise<PendingEntry[]> {
    const state = this.groupState(stream, group);
    const now = this.now();
    return [...state.pending.entries()]
      .map(([id, p]) => ({ id, consumer: p.consumer, idleMs: now - p.deliveredAt, deliveries: p.deliveries }))
      .filter((p) => p.idleMs >= minIdleMs)
      .sort((a, b) => compareStreamIds(a.id, b.id))
      .slice(0, count);
  }

  async claim(
    stream: string,
    group: string,
    consumer: string,
    minIdleMs: number,
    ids: readonly string[],
  ): Promise<StreamEntry[]> {
    const state = this.groupState(stream, group);
    const entries = this.streams.get(stream)!.entries;
    const now = this.now();
    const claimed: StreamEntry[] = [];
    for (const id of ids) {
      const p = state.pending.get(id);
      if (!p || now - p.deliveredAt < minIdleMs) continue;
      const entry = entries.find((e) => e.id === id);
      if (!entry) {
        state.pending.delete(id); // trimmed away, as Redis 7 does
        continue;
      }
      state.pending.set(id, { consumer, deliveredAt: now, deliveries: p.deliveries + 1 });
      claimed.push({ id, data: entry.data });
    }
    return claimed;
  }

  async groupLag(stream: string, group: string): Promise<number> {
    const state = this.streams.get(stream);
    const groupState = state?.groups.get(group);
    if (!state || !groupState) return 0;
    const undelivered = state.entries.filter((e) => compareStreamIds(e.id, groupState.lastDelivered) > 0);
    return undelivered.length + groupState.pending.size;
  }

  async range(stream: string, count?: number): Promise<StreamEntry[]> {
    const entries = this.streams.get(stream)?.entries ?? [];
    return entries.slice(0, count ?? entries.length).map((e) => ({ ...e }));
  }

  async length(stream: string): Promise<number> {
    return this.streams.get(stream)?.entries.length ?? 0;
  }

  async interruptReads(): Promise<void> {
    this.wakeAll(false);
  }

  async ping(): Promise<boolean> {
    return true;
  }

  async close(): Promise<void> {
    this.wakeAll(false);
  }

  private appendNow(stream: string, data: string, maxLen?: number): string {
    const state = this.streamState(stream, true)!;
    const id = this.nextId();
    state.entries.push({ id, data });
    state.lastId = id;
    // Like MAXLEN ~: trim in chunks once the stream overshoots, so appends stay O(1) amortized.
    if (maxLen !== undefined && state.entries.length >= maxLen + Math.max(100, maxLen / 10)) {
      state.entries.splice(0, state.entries.length - maxLen);
    }
    this.wakeAll(true);
    return id;
  }

  private deliverNew({ group, consumer, streams, count }: ReadRequest): StreamBatch[] {
    const batches: StreamBatch[] = [];
    const now = this.now();
    for (const stream of streams) {
      const state = this.groupState(stream, group);
      const entries = this.streams.get(stream)!.entries;
      const start = firstIndexAfter(entries, state.lastDelivered);
      const fresh = entries.slice(start, start + count);
      if (fresh.length === 0) continue;
      for (const e of fresh) state.pending.set(e.id, { consumer, deliveredAt: now, deliveries: 1 });
      state.lastDelivered = fresh[fresh.length - 1]!.id;
      batches.push({ stream, entries: fresh.map((e) => ({ ...e })) });
    }
    return batches;
  }

  private waitForAppend(timeoutMs: number): Promise<boolean> {
    return new Promise((resolve) => {
      const wake = (appended: boolean) => {
        clearTimeout(timer);
        resolve(appended);
      };
      const timer = setTimeout(() => {
        this.waiters = this.waiters.filter((w) => w !== wake);
        resolve(false);
      }, timeoutMs);
      this.waiters.push(wake);
    });
  }

  private wakeAll(appended: boolean): void {
    const waiters = this.waiters;
    this.waiters = [];
    for (const wake of waiters) wake(appended);
  }

  private nextId(): string {
    const ms = Math.max(this.now(), this.lastMs);
    this.lastSeq = ms === this.lastMs ? this.lastSeq + 1 : 0;
    this.lastMs = ms;
    return `${ms}-${this.lastSeq}`;
  }

  private streamState(stream: string, create: boolean): StreamState | undefined {
    let state = this.streams.get(stream);
    if (!state && create) {
      state = { entries: [], lastId: '0-0', groups: new Map() };
      this.streams.set(stream, state);
    }
    return state;
  }

  private groupState(stream: string, group: string): GroupState {
    const state = this.streams.get(stream)?.groups.get(group);
    if (!state) throw new NoGroupError(stream, group);
    return state;
  }
}

/** Entries are in id order: binary search for the first one after `id`. */
function firstIndexAfter(entries: ReadonlyArray<{ id: string }>, id: string): number {
  let lo = 0;
  let hi = entries.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (compareStreamIds(entries[mid]!.id, id) > 0) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}
