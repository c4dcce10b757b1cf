export interface LockoutOptions {
  maxFailures: number;
  lockoutMs: number;
  now: () => number;
}

interface Entry {
  failures: number;
  lockedUntil: number;
}

/**
 * Counts failed logins per key (the user name, and separately the client address) and locks a key out
 * for a while after too many in a row; a success clears it. In memory: a restart forgives, which is the
 * operator's own recovery path.
 */
export class LoginLockout {
  private readonly entries = new Map<string, Entry>();

  constructor(private readonly options: LockoutOptions) {}

  /** Milliseconds left on the longest lock among the keys, 0 when none is locked. */
  lockedFor(keys: readonly string[]): number {
    const now = this.options.now();
    return Math.max(0, ...keys.map((key) => (this.entries.get(key)?.lockedUntil ?? 0) - now));
  }

  failed(keys: readonly string[]): void {
    const now = this.options.now();
    for (const key of keys) {
      const entry = this.entries.get(key) ?? { failures: 0, lockedUntil: 0 };
      if (entry.lockedUntil !== 0 && entry.lockedUntil <= now) entry.failures = 0;
      entry.failures += 1;
      if (entry.failures >= this.options.maxFailures) entry.lockedUntil = now + this.options.lockoutMs;
      this.entries.set(key, entry);
    }
  }

  succeeded(keys: readonly string[]): void {
    for (const key of keys) this.entries.delete(key);
  }
}
