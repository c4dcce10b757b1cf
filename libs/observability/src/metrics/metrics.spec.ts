import { registerLagProbe } from './lag-probes';
import { recordFeedTick } from './metrics';
import { metricsRegistry } from './metrics-registry';

/** The metrics issue #14 names, with their labels: dashboards and alert rules are written against these. */
const ISSUE_METRICS: Record<string, string[]> = {
  trading_signals_total: ['strategy', 'instrument', 'action'],
  risk_decisions_total: ['result', 'reason'],
  orders_total: ['broker', 'status'],
  order_latency_seconds: ['stage'],
  broker_requests_total: ['broker', 'endpoint', 'outcome'],
  broker_session_valid: ['broker'],
  pnl_realized_rupees: ['strategy'],
  pnl_unrealized_rupees: ['strategy'],
  positions_open: [],
  risk_limit_used_ratio: ['limit'],
  bus_messages_total: ['stream', 'result'],
  bus_consumer_lag: ['stream', 'group'],
  dlq_messages_total: ['stream'],
  feed_ticks_total: ['feed'],
  feed_reconnects_total: ['feed'],
  feed_last_tick_age_seconds: ['feed'],
  bars_published_total: ['timeframe'],
};

describe('the metrics registry', () => {
  it('holds every metric of the issue once, with exactly its labels', async () => {
    const metrics = metricsRegistry.getMetricsAsArray();
    for (const [name, labels] of Object.entries(ISSUE_METRICS)) {
      const found = metrics.filter((m) => (m as unknown as { name: string }).name === name);
      expect({ name, count: found.length }).toEqual({ name, count: 1 });
      const labelNames = (found[0] as unknown as { labelNames: string[] }).labelNames;
      expect({ name, labels: [...labelNames].sort() }).toEqual({ name, labels: [...labels].sort() });
    }
  });

  it('carries the default process metrics (CPU, memory, event-loop lag)', async () => {
    const text = await metricsRegistry.metrics();
    expect(text).toContain('process_cpu_seconds_total');
    expect(text).toContain('process_resident_memory_bytes');
    expect(text).toContain('nodejs_eventloop_lag_seconds');
  });

  it('reports the age of a feed’s last tick at scrape time', async () => {
    recordFeedTick('spec-feed', 3, Date.now() - 42_000);
    const text = await metricsRegistry.metrics();
    expect(text).toContain('feed_ticks_total{feed="spec-feed"} 3');
    const age = Number(/feed_last_tick_age_seconds\{feed="spec-feed"\} ([\d.]+)/.exec(text)?.[1]);
    expect(age).toBeGreaterThanOrEqual(42);
    expect(age).toBeLessThan(52);
  });

  it('asks the registered lag probes on each scrape and forgets an unregistered one', async () => {
    const unregister = registerLagProbe(async () => [{ stream: 'md.bars.0', group: 'spec-group', lag: 17 }]);
    const failing = registerLagProbe(async () => {
      throw new Error('redis down');
    });
    expect(await metricsRegistry.metrics()).toContain(
      'bus_consumer_lag{stream="md.bars.0",group="spec-group"} 17',
    );
    unregister();
    failing();
    expect(await metricsRegistry.metrics()).not.toContain('group="spec-group"');
  });
});
