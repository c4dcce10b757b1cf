import { type Alert } from '@dalal/contracts';
import { istDate, isMarketError, type TradingCalendar } from '@dalal/market';

export interface StaleFeedDetectorOptions {
  readonly feed: string;
  /** Silence longer than this while the market is open raises the alert. */
  readonly staleAfterMs: number;
  readonly calendar: TradingCalendar;
  readonly onAlert: (alert: Alert) => void;
}

/**
 * Raises `feed_stale` when no tick has arrived for `staleAfterMs` while the exchange is open, once per
 * silence, and `feed_recovered` on the next tick. Silence before the session opens does not count:
 * it runs from the later of the last tick and today's open. Time is passed in: `tickAt(now)` on each
 * tick, `check(now)` from a timer.
 */
export class StaleFeedDetector {
  private lastTickMs: number | undefined;
  private stale = false;
  /** Alerts raised since construction. */
  alerts = 0;

  constructor(private readonly options: StaleFeedDetectorOptions) {}

  get isStale(): boolean {
    return this.stale;
  }

  tickAt(now: Date): void {
    this.lastTickMs = now.getTime();
    if (!this.stale) return;
    this.stale = false;
    this.options.onAlert({
      severity: 'INFO',
      code: 'feed_recovered',
      message: `${this.options.feed} feed is ticking again`,
      details: { feed: this.options.feed, at: now.toISOString() },
    });
  }

  check(now: Date): void {
    if (this.stale) return;
    const session = this.sessionOpenAt(now);
    if (session === null) return;
    const silentSince = Math.max(this.lastTickMs ?? -Infinity, session);
    const silentMs = now.getTime() - silentSince;
    if (silentMs < this.options.staleAfterMs) return;
    this.stale = true;
    this.alerts++;
    this.options.onAlert({
      severity: 'WARNING',
      code: 'feed_stale',
      message: `${this.options.feed} feed silent for ${Math.round(silentMs / 1000)} s during market hours`,
      details: {
        feed: this.options.feed,
        silentSeconds: Math.round(silentMs / 1000),
        lastTickAt: this.lastTickMs === undefined ? null : new Date(this.lastTickMs).toISOString(),
      },
    });
  }

  /** Today's open in ms if the market is open now, else null (closed, holiday, or a year the calendar lacks). */
  private sessionOpenAt(now: Date): number | null {
    const { calendar } = this.options;
    try {
      if (!calendar.isOpen(now)) return null;
      return calendar.sessionFor(istDate(now))?.opensAt.getTime() ?? null;
    } catch (err) {
      if (isMarketError(err) && err.code === 'CALENDAR_YEAR_UNKNOWN') return null;
      throw err;
    }
  }
}
