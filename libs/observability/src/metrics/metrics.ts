import { Counter, Gauge, Histogram } from 'prom-client';

import { measureConsumerLag } from './lag-probes';
import { metricsRegistry } from './metrics-registry';

/*
 * Every metric Dalal exports, named once. Label values are small closed sets (strategy names, brokers,
 * stream names, outcomes) — never order ids, prices or user input — so the series count stays bounded.
 * The Prometheus rules, Grafana dashboards and a spec in infrastructure/ use exactly these names.
 */

const registers = [metricsRegistry];

// --- strategy and risk ---

export const tradingSignals = new Counter({
  name: 'trading_signals_total',
  help: 'Signals (order intents) emitted by strategies',
  labelNames: ['strategy', 'instrument', 'action'] as const,
  registers,
});

export const riskDecisions = new Counter({
  name: 'risk_decisions_total',
  help: 'Risk decisions on order intents; result approved|rejected, reason the rejection code (or "none")',
  labelNames: ['result', 'reason'] as const,
  registers,
});

export const riskLimitUsedRatio = new Gauge({
  name: 'risk_limit_used_ratio',
  help: 'Share of a risk limit in use (daily_loss: loss today / allowed daily loss); 1 = limit reached',
  labelNames: ['limit'] as const,
  registers,
});

export const killSwitchEngaged = new Gauge({
  name: 'kill_switch_engaged',
  help: '1 while the kill switch is engaged (new entries refused, positions flattened), else 0',
  registers,
});

// --- orders and brokers ---

export const orders = new Counter({
  name: 'orders_total',
  help: 'Order state transitions by broker and the status reached',
  labelNames: ['broker', 'status'] as const,
  registers,
});

/** The stages an order passes, each measured where both ends are known. */
export type OrderLatencyStage =
  | 'tick_to_intent'
  | 'intent_to_approved'
  | 'approved_to_submitted'
  | 'submitted_to_acknowledged'
  | 'tick_to_acknowledged';

export const orderLatency = new Histogram({
  name: 'order_latency_seconds',
  help: 'Latency of each stage from market tick to broker acknowledgement',
  labelNames: ['stage'] as const,
  // 1 ms to 10 s: paper fills take milliseconds, a live broker round trip hundreds of them.
  buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
  registers,
});

export const brokerRequests = new Counter({
  name: 'broker_requests_total',
  help: 'Broker API requests by endpoint and outcome (ok or the broker error code)',
  labelNames: ['broker', 'endpoint', 'outcome'] as const,
  registers,
});

export const brokerSessionValid = new Gauge({
  name: 'broker_session_valid',
  help: '1 while the broker session (daily access token) is valid, 0 when missing or expired',
  labelNames: ['broker'] as const,
  registers,
});

export const reconciliationMismatches = new Counter({
  name: 'reconciliation_mismatches_total',
  help: 'Reconciliations that found our orders or positions differing from the broker',
  labelNames: ['broker'] as const,
  registers,
});

// --- P&L and positions ---

export const pnlRealized = new Gauge({
  name: 'pnl_realized_rupees',
  help: 'Realised P&L today, net of charges, by strategy (rupees; a Decimal converted for display only)',
  labelNames: ['strategy'] as const,
  registers,
});

export const pnlUnrealized = new Gauge({
  name: 'pnl_unrealized_rupees',
  help: 'Mark-to-market P&L of open positions by strategy (rupees)',
  labelNames: ['strategy'] as const,
  registers,
});

export const positionsOpen = new Gauge({
  name: 'positions_open',
  help: 'Open positions (instruments with a non-zero net quantity)',
  registers,
});

// --- bus ---

/** What happened to a message: published by this process, or handled/retried/dead-lettered by a consumer. */
export type BusResult = 'published' | 'handled' | 'retried' | 'dead_lettered';

/** Counts not yet added to bus_messages_total, by stream then result; folded in at each scrape. */
const pendingBusCounts = new Map<string, Map<BusResult, number>>();

export const busMessages = new Counter({
  name: 'bus_messages_total',
  help: 'Bus messages by stream and result (published, handled, retried, dead_lettered)',
  labelNames: ['stream', 'result'] as const,
  registers,
  collect() {
    for (const [stream, results] of pendingBusCounts) {
      for (const [result, count] of results) if (count > 0) this.inc({ stream, result }, count);
      results.clear();
    }
  },
});

/**
 * Counts bus messages on the hot path. A labelled prom-client `inc` hashes its labels on every call
 * (about a microsecond); this adds to a plain number and the counter takes the sum when it is scraped.
 */
export function countBusMessages(stream: string, result: BusResult, count = 1): void {
  let results = pendingBusCounts.get(stream);
  if (!results) pendingBusCounts.set(stream, (results = new Map()));
  results.set(result, (results.get(result) ?? 0) + count);
}

export const busConsumerLag = new Gauge({
  name: 'bus_consumer_lag',
  help: 'Entries a consumer group has not finished: not yet delivered plus delivered but unacked',
  labelNames: ['stream', 'group'] as const,
  registers,
  async collect() {
    this.reset();
    for (const { stream, group, lag } of await measureConsumerLag()) this.set({ stream, group }, lag);
  },
});

export const dlqMessages = new Counter({
  name: 'dlq_messages_total',
  help: 'Messages set aside in a dead-letter stream, by the stream they came from',
  labelNames: ['stream'] as const,
  registers,
});

// --- market data ---

export const feedTicks = new Counter({
  name: 'feed_ticks_total',
  help: 'Ticks received from a market-data feed',
  labelNames: ['feed'] as const,
  registers,
});

export const feedReconnects = new Counter({
  name: 'feed_reconnects_total',
  help: 'Reconnections of a market-data feed after a dropped connection',
  labelNames: ['feed'] as const,
  registers,
});

const lastTickAt = new Map<string, number>();

export const feedLastTickAge = new Gauge({
  name: 'feed_last_tick_age_seconds',
  help: 'Seconds since the last tick of a feed (wall clock), measured at scrape time',
  labelNames: ['feed'] as const,
  registers,
  collect() {
    const now = Date.now();
    for (const [feed, at] of lastTickAt) this.set({ feed }, (now - at) / 1000);
  },
});

export const feedMarketOpen = new Gauge({
  name: 'feed_market_open',
  help: "1 while the feed's market is in session by the trading calendar (staleness matters only then)",
  labelNames: ['feed'] as const,
  registers,
});

export const barsPublished = new Counter({
  name: 'bars_published_total',
  help: 'Closed bars published, by timeframe',
  labelNames: ['timeframe'] as const,
  registers,
});

/** Counts a tick and restarts the feed's age clock. */
export function recordFeedTick(feed: string, count = 1, at: number = Date.now()): void {
  feedTicks.inc({ feed }, count);
  lastTickAt.set(feed, at);
}

/** Wall-clock time of the feed's last tick, for readiness checks; undefined before the first. */
export function lastFeedTickAt(feed: string): number | undefined {
  return lastTickAt.get(feed);
}
