import fc from 'fast-check';

import {
  addDays,
  daysBetween,
  fromEpochDay,
  isIsoDate,
  lastWeekdayOfMonth,
  parseIsoDate,
  toEpochDay,
  weekdayOf,
  Weekdays,
} from './local-date';

describe('calendar dates', () => {
  it('counts epoch days from 1970-01-01 like Date.UTC does', () => {
    fc.assert(
      fc.property(fc.integer({ min: -200_000, max: 200_000 }), (epochDay) => {
        const date = fromEpochDay(epochDay);
        expect(toEpochDay(date)).toBe(epochDay);
        const { year, month, day } = parseIsoDate(date);
        expect(Date.UTC(year, month - 1, day) / 86_400_000).toBe(epochDay);
      }),
    );
  });

  it('knows the weekday of market days', () => {
    expect(weekdayOf('1970-01-01')).toBe(Weekdays.THU);
    expect(weekdayOf('2026-03-31')).toBe(Weekdays.TUE);
    expect(weekdayOf('2025-09-30')).toBe(Weekdays.TUE);
    expect(weekdayOf('2026-02-01')).toBe(Weekdays.SUN);
  });

  it('adds days across month, year and leap-day boundaries', () => {
    expect(addDays('2024-02-28', 1)).toBe('2024-02-29');
    expect(addDays('2025-02-28', 1)).toBe('2025-03-01');
    expect(addDays('2025-12-31', 1)).toBe('2026-01-01');
    expect(addDays('2026-01-01', -1)).toBe('2025-12-31');
    expect(daysBetween('2025-01-01', '2026-01-01')).toBe(365);
  });

  it('finds the last Tuesday and Thursday of a month', () => {
    expect(lastWeekdayOfMonth(2026, 3, Weekdays.TUE)).toBe('2026-03-31');
    expect(lastWeekdayOfMonth(2025, 9, Weekdays.TUE)).toBe('2025-09-30');
    expect(lastWeekdayOfMonth(2025, 8, Weekdays.THU)).toBe('2025-08-28');
    expect(lastWeekdayOfMonth(2026, 12, Weekdays.THU)).toBe('2026-12-31');
  });

  it('rejects impossible dates', () => {
    expect(isIsoDate('2025-02-29')).toBe(false);
    expect(isIsoDate('2024-02-29')).toBe(true);
    expect(isIsoDate('2025-13-01')).toBe(false);
    expect(isIsoDate('25-01-01')).toBe(false);
    expect(() => parseIsoDate('2025-04-31')).toThrow(expect.objectContaining({ code: 'INVALID_DATE' }));
  });
});
