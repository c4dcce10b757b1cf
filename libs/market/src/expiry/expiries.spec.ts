import fc from 'fast-check';

import { expiries, isExpiry, isMonthlyExpiry, monthlyExpiry, nextExpiry, weeklyExpiries } from './expiries';
import { expiryRuleOn } from './expiry-rules';
import { underlyingSpec, UNDERLYINGS } from './underlying';
import { calendarFromTradingDays } from '../calendar/calendar-from-data';
import { tradingCalendar } from '../calendar/trading-calendar';
import { addDays, daysBetween, daysInMonth, formatIsoDate, isWeekend } from '../time/local-date';

describe('NIFTY expiries', () => {
  it('expired on Thursdays until August 2025 and on Tuesdays from September 2025', () => {
    expect(weeklyExpiries('NIFTY', '2025-08-18', '2025-09-10')).toEqual([
      '2025-08-21',
      '2025-08-28',
      '2025-09-02',
      '2025-09-09',
    ]);
    expect(monthlyExpiry('NIFTY', 2025, 8)).toBe('2025-08-28');
    expect(monthlyExpiry('NIFTY', 2025, 9)).toBe('2025-09-30');
  });

  it('moves the Diwali-week weekly from Tue 21 Oct 2025 to Mon 20 Oct, ignoring the Muhurat session', () => {
    expect(nextExpiry('NIFTY', '2025-10-15')).toMatchObject({
      date: '2025-10-20',
      scheduled: '2025-10-21',
      kind: 'weekly',
    });
  });

  it('moves the Mahavir Jayanti weekly from Thu 10 Apr 2025 to Wed 9 Apr', () => {
    expect(nextExpiry('NIFTY', '2025-04-04').date).toBe('2025-04-09');
  });

  it('lists March 2026 with Holi and Mahavir Jayanti Tuesdays shifted to Mondays', () => {
    expect(expiries('NIFTY', '2026-03-01', '2026-03-31')).toEqual([
      { underlying: 'NIFTY', date: '2026-03-02', scheduled: '2026-03-03', kind: 'weekly' },
      { underlying: 'NIFTY', date: '2026-03-10', scheduled: '2026-03-10', kind: 'weekly' },
      { underlying: 'NIFTY', date: '2026-03-17', scheduled: '2026-03-17', kind: 'weekly' },
      { underlying: 'NIFTY', date: '2026-03-24', scheduled: '2026-03-24', kind: 'weekly' },
      { underlying: 'NIFTY', date: '2026-03-30', scheduled: '2026-03-31', kind: 'monthly' },
    ]);
    expect(isMonthlyExpiry('NIFTY', '2026-03-30')).toBe(true);
    expect(isMonthlyExpiry('NIFTY', '2026-03-24')).toBe(false);
  });

  it('counts the expiry day itself as the next expiry', () => {
    expect(nextExpiry('NIFTY', '2026-03-10').date).toBe('2026-03-10');
    expect(nextExpiry('NIFTY', '2026-03-11').date).toBe('2026-03-17');
  });

  it('finds the monthly expiry on request, across a month end', () => {
    expect(nextExpiry('NIFTY', '2026-03-02', { monthly: true }).date).toBe('2026-03-30');
    expect(nextExpiry('NIFTY', '2026-03-31', { monthly: true }).date).toBe('2026-04-28');
  });

  it('finds the next weekly on the Monday of a holiday-shifted week', () => {
    expect(nextExpiry('NIFTY', '2026-03-02').date).toBe('2026-03-02');
    expect(nextExpiry('NIFTY', '2026-02-28').date).toBe('2026-03-02');
  });
});

describe('a weekly pulled into the previous month', () => {
  it('moves the Maharashtra Day weekly (Thu 1 May 2025) to Wed 30 Apr, after the April monthly, as a weekly', () => {
    expect(monthlyExpiry('NIFTY', 2025, 4)).toBe('2025-04-24');
    expect(nextExpiry('NIFTY', '2025-04-25')).toMatchObject({
      date: '2025-04-30',
      scheduled: '2025-05-01',
      kind: 'weekly',
    });
  });
});

describe('BANKNIFTY expiries', () => {
  it('has no weeklies, only the last Thursday (to Aug 2025) or last Tuesday (from Sep 2025)', () => {
    expect(weeklyExpiries('BANKNIFTY', '2026-01-01', '2026-12-31')).toEqual([]);
    expect(expiryRuleOn('BANKNIFTY', '2026-01-01').weekly).toBeNull();
    expect(monthlyExpiry('BANKNIFTY', 2025, 7)).toBe('2025-07-31');
    expect(nextExpiry('BANKNIFTY', '2026-04-01')).toMatchObject({ date: '2026-04-28', kind: 'monthly' });
  });

  it('moves November 2026 from Guru Nanak Jayanti (Tue 24th) to Mon 23rd', () => {
    expect(monthlyExpiry('BANKNIFTY', 2026, 11)).toBe('2026-11-23');
  });
});

describe('SENSEX expiries', () => {
  it('expired on Tuesdays Jan-Aug 2025 and on Thursdays from Sep 2025', () => {
    expect(weeklyExpiries('SENSEX', '2025-08-20', '2025-09-12')).toEqual([
      '2025-08-26',
      '2025-09-04',
      '2025-09-11',
    ]);
    expect(monthlyExpiry('SENSEX', 2025, 8)).toBe('2025-08-26');
  });

  it('moves Gandhi Jayanti (Thu 2 Oct 2025) to Wed 1 Oct and Christmas 2025 monthly to Wed 24 Dec', () => {
    expect(nextExpiry('SENSEX', '2025-09-26').date).toBe('2025-10-01');
    expect(monthlyExpiry('SENSEX', 2025, 12)).toBe('2025-12-24');
  });

  it('moves the March 2026 monthly from Ram Navami (Thu 26th) to Wed 25th', () => {
    expect(nextExpiry('SENSEX', '2026-03-20', { monthly: true })).toMatchObject({
      date: '2026-03-25',
      scheduled: '2026-03-26',
    });
    expect(isExpiry('SENSEX', '2026-03-26')).toBe(false);
  });
});

describe('data limits', () => {
  it('refuses dates before the expiry rules or calendar data', () => {
    expect(() => nextExpiry('SENSEX', '2024-12-02')).toThrow(
      expect.objectContaining({ code: 'NO_EXPIRY_RULE' }),
    );
    expect(() => nextExpiry('NIFTY', '2024-12-02')).toThrow(
      expect.objectContaining({ code: 'CALENDAR_YEAR_UNKNOWN' }),
    );
    expect(() => nextExpiry('NIFTY', '2026-12-30')).toThrow(
      expect.objectContaining({ code: 'CALENDAR_YEAR_UNKNOWN' }),
    );
  });

  it('still answers late-December questions whose answer is in a known year', () => {
    expect(nextExpiry('NIFTY', '2026-12-23').date).toBe('2026-12-29');
  });
});

function weekdaysBetween(from: string, to: string): string[] {
  const days: string[] = [];
  for (let day = from; day <= to; day = addDays(day, 1)) if (!isWeekend(day)) days.push(day);
  return days;
}

describe('historical rules with a calendar derived from data', () => {
  // The 2012 NIFTY file: 3–31 Dec 2012 without 25 Dec (Christmas).
  const days: string[] = [];
  for (let d = 3; d <= 31; d++) {
    const day = `2012-12-${String(d).padStart(2, '0')}`;
    if (!isWeekend(day) && day !== '2012-12-25') days.push(day);
  }
  const { calendar, missingWeekdays } = calendarFromTradingDays('NSE', days);

  it('treats a weekday without data as a holiday and nothing else', () => {
    expect(missingWeekdays).toEqual(['2012-12-25']);
    expect(calendar.isTradingDay('2012-12-25')).toBe(false);
  });

  it('NIFTY Dec 2012 is the last Thursday (27th), monthly only: no weeklies before Feb 2019', () => {
    expect(nextExpiry('NIFTY', '2012-12-03', { calendar })).toMatchObject({
      date: '2012-12-27',
      kind: 'monthly',
    });
    expect(nextExpiry('NIFTY', '2012-12-28', { calendar }).date).toBe('2013-01-31');
  });

  it('weeklies start on Thursdays: BANKNIFTY from 27 May 2016, NIFTY from 11 Feb 2019', () => {
    const cal2016 = calendarFromTradingDays('NSE', weekdaysBetween('2016-05-02', '2016-06-30')).calendar;
    expect(nextExpiry('BANKNIFTY', '2016-05-02', { calendar: cal2016 }).date).toBe('2016-05-26');
    expect(nextExpiry('BANKNIFTY', '2016-05-27', { calendar: cal2016 })).toMatchObject({
      date: '2016-06-02',
      kind: 'weekly',
    });
    const cal2019 = calendarFromTradingDays('NSE', weekdaysBetween('2019-02-01', '2019-02-28')).calendar;
    expect(nextExpiry('NIFTY', '2019-02-01', { calendar: cal2019 }).date).toBe('2019-02-14');
    expect(nextExpiry('NIFTY', '2019-02-11', { calendar: cal2019 })).toMatchObject({
      date: '2019-02-14',
      kind: 'weekly',
    });
  });
});

describe('expiry properties over 2025-2026', () => {
  const all = UNDERLYINGS.flatMap((u) => expiries(u, '2025-01-01', '2026-12-31'));

  it('every expiry is a full trading day on or before its scheduled day', () => {
    for (const expiry of all) {
      const calendar = tradingCalendar(underlyingSpec(expiry.underlying).exchange);
      expect(calendar.isTradingDay(expiry.date, { regularOnly: true })).toBe(true);
      expect(expiry.date <= expiry.scheduled).toBe(true);
      expect(daysBetween(expiry.date, expiry.scheduled)).toBeLessThan(5);
    }
  });

  it('each underlying has exactly one monthly expiry per month, the last one scheduled in the month', () => {
    for (const underlying of UNDERLYINGS) {
      for (let month = 0; month < 24; month++) {
        const year = 2025 + Math.floor(month / 12);
        const m = (month % 12) + 1;
        const from = formatIsoDate({ year, month: m, day: 1 });
        const to = formatIsoDate({ year, month: m, day: daysInMonth(year, m) });
        const inMonth = expiries(underlying, from, to);
        expect(inMonth.filter((e) => e.kind === 'monthly').map((e) => e.date)).toEqual([
          monthlyExpiry(underlying, year, m),
        ]);
        expect(inMonth.filter((e) => e.scheduled <= to).at(-1)?.kind).toBe('monthly');
      }
    }
  });

  it('nextExpiry from any day is the first listed expiry on or after it', () => {
    fc.assert(
      fc.property(fc.constantFrom(...UNDERLYINGS), fc.integer({ min: 0, max: 700 }), (underlying, offset) => {
        const on = addDays('2025-01-01', offset);
        const next = nextExpiry(underlying, on);
        expect(next.date >= on).toBe(true);
        expect(expiries(underlying, on, next.date)).toEqual([next]);
      }),
    );
  });
});
