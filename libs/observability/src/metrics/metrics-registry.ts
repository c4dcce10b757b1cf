import { collectDefaultMetrics, Registry } from 'prom-client';

/**
 * The one registry of this process. Under `npm start` the five services share a process, so they share
 * it too: every service's `/metrics` serves the whole process, and no metric is registered twice.
 */
export const metricsRegistry = new Registry();

// CPU, memory, event-loop lag, GC and handles, prefixed as Prometheus' Node exporters usually are.
collectDefaultMetrics({ register: metricsRegistry });
