import { Injectable } from '@nestjs/common';

/** One dependency's state: `ok` false makes the service not ready; `detail` says why (no secrets). */
export interface ReadinessResult {
  ok: boolean;
  detail?: string;
}

export type ReadinessCheck = () => ReadinessResult | boolean | Promise<ReadinessResult | boolean>;

/**
 * The checks behind `/health/ready`. The runtime registers the bus (Redis) and, when the service was given
 * one, the database; a service's own module registers the rest (broker session, feed freshness in market
 * hours) by injecting this registry and calling `register` in its constructor or `onModuleInit`.
 */
@Injectable()
export class ReadinessChecks {
  private readonly checks = new Map<string, ReadinessCheck>();

  register(name: string, check: ReadinessCheck): void {
    this.checks.set(name, check);
  }

  /** Runs every check at once; a check that throws or hangs past the timeout counts as failed. */
  async run(timeoutMs = 2_000): Promise<Record<string, ReadinessResult>> {
    const entries = await Promise.all(
      [...this.checks].map(async ([name, check]) => [name, await settle(check, timeoutMs)] as const),
    );
    return Object.fromEntries(entries);
  }
}

async function settle(check: ReadinessCheck, timeoutMs: number): Promise<ReadinessResult> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<ReadinessResult>((resolve) => {
    timer = setTimeout(() => resolve({ ok: false, detail: `no answer within ${timeoutMs} ms` }), timeoutMs);
  });
  try {
    const result = await Promise.race([Promise.resolve().then(check), timeout]);
    return typeof result === 'boolean' ? { ok: result } : result;
  } catch (err) {
    return { ok: false, detail: err instanceof Error ? err.message : String(err) };
  } finally {
    clearTimeout(timer);
  }
}
