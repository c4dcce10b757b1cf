import { type Alert } from '@dalal/contracts';
import { fromIst, tradingCalendar } from '@dalal/market';

import { StaleFeedDetector } from './stale-feed-detector';

describe('StaleFeedDetector', () => {
  const calendar = tradingCalendar('NSE');
  let alerts: Alert[];
  let detector: StaleFeedDetector;
  // Tuesday 2 Dec 2025, a normal NSE session.
  const ist = (time: string) => fromIst('2025-12-02', time);
  const plus = (d: Date, seconds: number) => new Date(d.getTime() + seconds * 1000);

  beforeEach(() => {
    alerts = [];
    detector = new StaleFeedDetector({
      feed: 'kite',
      staleAfterMs: 30_000,
      calendar,
      onAlert: (a) => alerts.push(a),
    });
  });

  it('stays quiet while ticks keep coming during the session', () => {
    for (let s = 0; s < 300; s += 10) {
      detector.tickAt(plus(ist('10:00'), s));
      detector.check(plus(ist('10:00'), s + 5));
    }
    expect(alerts).toEqual([]);
  });

  it('alerts once after 30 s of silence in market hours, and reports recovery on the next tick', () => {
    detector.tickAt(ist('10:00'));
    detector.check(plus(ist('10:00'), 29));
    expect(alerts).toEqual([]);
    detector.check(plus(ist('10:00'), 31));
    detector.check(plus(ist('10:00'), 60));
    expect(alerts).toHaveLength(1);
    expect(alerts[0]).toMatchObject({
      severity: 'WARNING',
      code: 'feed_stale',
      details: { feed: 'kite', silentSeconds: 31, lastTickAt: '2025-12-02T04:30:00.000Z' },
    });
    detector.tickAt(plus(ist('10:00'), 61));
    expect(alerts[1]).toMatchObject({ severity: 'INFO', code: 'feed_recovered' });
    expect(detector.isStale).toBe(false);
  });

  it('says nothing overnight, on a Sunday or on a holiday', () => {
    detector.tickAt(ist('15:29'));
    detector.check(ist('20:00'));
    detector.check(fromIst('2025-12-07', '11:00')); // Sunday
    detector.check(fromIst('2025-12-25', '11:00')); // Christmas, an NSE holiday
    expect(alerts).toEqual([]);
  });

  it('counts silence from the open, not from yesterday’s last tick', () => {
    detector.tickAt(fromIst('2025-12-01', '15:29'));
    detector.check(ist('09:15'));
    detector.check(ist('09:15:20'));
    expect(alerts).toEqual([]);
    detector.check(ist('09:15:31'));
    expect(alerts[0]!.details['silentSeconds']).toBe(31);
  });

  it('a year the calendar does not know is treated as closed, not a crash', () => {
    expect(() => detector.check(new Date('2012-12-03T05:00:00Z'))).not.toThrow();
    expect(alerts).toEqual([]);
  });
});
