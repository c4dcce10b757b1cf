/** Reconnect delays: exponential from `initialMs`, capped at `maxMs`, spread by ±jitter/2. */
export interface BackoffPolicy {
  readonly initialMs: number;
  readonly maxMs: number;
  readonly factor: number;
  /** Width of the random spread as a fraction of the delay: 0.5 spreads 1 s over 0.75–1.25 s. */
  readonly jitter: number;
}

/** 1 s → 60 s, doubling, ±25 %: reconnecting clients do not stampede the broker in step. */
export const DEFAULT_BACKOFF: BackoffPolicy = { initialMs: 1000, maxMs: 60_000, factor: 2, jitter: 0.5 };

/**
 * The wait before reconnect attempt `attempt` (1-based). `random` returns [0, 1) and is injected so
 * tests are deterministic. The result stays within [initialMs, maxMs].
 */
export function backoffDelay(attempt: number, policy: BackoffPolicy, random: () => number): number {
  const exponent = Math.max(0, attempt - 1);
  const base = Math.min(policy.maxMs, policy.initialMs * policy.factor ** exponent);
  const spread = base * policy.jitter * (random() - 0.5);
  return Math.round(Math.min(policy.maxMs, Math.max(policy.initialMs, base + spread)));
}
