import { PREVIOUS_WEEK, QUIET_FIRST_BAR, hour } from './hourly-zones.testing';
import { WeeklyContext, zonesOf } from './weekly-context';

const feed = (context: WeeklyContext, bars: Parameters<WeeklyContext['update']>[0][]) =>
  bars.map((bar) => context.update(bar));

describe('hourly-zones weekly context', () => {
  it('the week after a whole week knows its range, last close and the wick zones beyond its hourly closes', () => {
    const views = feed(new WeeklyContext(50), [...PREVIOUS_WEEK, QUIET_FIRST_BAR]);
    expect(views.slice(0, PREVIOUS_WEEK.length)).toEqual([null, null, null, null]);
    expect(views.at(-1)).toEqual({
      previous: { high: 25_400, low: 24_600, close: 25_000, highestClose: 25_300, lowestClose: 24_700 },
      upperZone: { bottom: 25_300, top: 25_400 },
      lowerZone: { bottom: 24_600, top: 24_700 },
      firstBar: { open: 25_000, high: 25_060, low: 24_940, close: 25_020 },
      isFirstBar: true,
      previousClose: null,
    });
  });

  it('knows nothing of later bars: this week’s new high does not move last week’s levels', () => {
    const context = new WeeklyContext(50);
    feed(context, [...PREVIOUS_WEEK, QUIET_FIRST_BAR]);
    const spike = context.update(hour('10:15', { open: 25_020, high: 26_000, low: 25_000, close: 25_900 }));
    expect(spike!.previous.high).toBe(25_400);
    expect(spike!.previousClose).toBe(25_020);
    // The spike's own close is "before" only for the bar after it.
    const after = context.update(hour('11:15', { open: 25_900, close: 25_950 }));
    expect(after!.previousClose).toBe(25_900);
  });

  it('a first week of data that does not start at Monday’s open is never used (it may be partial)', () => {
    const fromTuesday = PREVIOUS_WEEK.slice(2);
    expect(feed(new WeeklyContext(50), [...fromTuesday, QUIET_FIRST_BAR]).at(-1)).toBeNull();
  });

  it('a calendar week without bars is missing data: the week after it has no context', () => {
    const twoWeeksLater = hour('09:15', { open: 25_000, close: 25_020 }, '2026-02-16');
    expect(feed(new WeeklyContext(50), [...PREVIOUS_WEEK, twoWeeksLater]).at(-1)).toBeNull();
  });

  it('a holiday Monday: the week’s first hourly bar is Tuesday’s 09:15', () => {
    const tuesday = hour('09:15', { open: 25_000, high: 25_060, low: 24_940, close: 25_020 }, '2026-02-10');
    const view = feed(new WeeklyContext(50), [...PREVIOUS_WEEK, tuesday]).at(-1);
    expect(view!.isFirstBar).toBe(true);
    expect(view!.firstBar.low).toBe(24_940);
  });

  it('a week that closed an hour at its high still has an upper zone zoneMinWidth deep', () => {
    const week = { high: 25_400, low: 24_600, close: 25_400, highestClose: 25_400, lowestClose: 24_610 };
    expect(zonesOf(week, 50)).toEqual({
      upperZone: { bottom: 25_350, top: 25_400 },
      lowerZone: { bottom: 24_600, top: 24_650 },
    });
  });
});
