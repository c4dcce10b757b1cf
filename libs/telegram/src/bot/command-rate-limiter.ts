export type RateDecision = 'allowed' | 'first_excess' | 'excess';

/**
 * At most `limit` commands per user in any `windowMs`: a sliding window of timestamps per user. The first
 * command over the limit is told to slow down; the ones after it get no answer, so a flood (a stuck
 * phone, a stranger's script) cannot make the bot flood Telegram in return.
 */
export class CommandRateLimiter {
  private readonly recent = new Map<number, number[]>();
  private readonly warned = new Set<number>();

  constructor(
    private readonly limit: number,
    private readonly windowMs: number,
  ) {}

  take(userId: number, nowMs: number): RateDecision {
    const since = nowMs - this.windowMs;
    const times = (this.recent.get(userId) ?? []).filter((t) => t > since);
    if (times.length < this.limit) {
      times.push(nowMs);
      this.recent.set(userId, times);
      this.warned.delete(userId);
      return 'allowed';
    }
    this.recent.set(userId, times);
    if (this.warned.has(userId)) return 'excess';
    this.warned.add(userId);
    return 'first_excess';
  }
}
