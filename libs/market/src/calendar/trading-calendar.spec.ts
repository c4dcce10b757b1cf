import fc from 'fast-check';

import { tradingCalendar } from './trading-calendar';
import { fromIst, istDate } from '../time/ist';
import { addDays } from '../time/local-date';

const nse = tradingCalendar('NSE');
const bse = tradingCalendar('BSE');

describe('NSE trading calendar', () => {
  it('trades on an ordinary weekday 09:15-15:30 IST with pre-open from 09:00', () => {
    const session = nse.sessionFor('2026-03-02')!;
    expect(session.kind).toBe('regular');
    expect(session.opensAt.toISOString()).toBe('2026-03-02T03:45:00.000Z');
    expect(session.closesAt.toISOString()).toBe('2026-03-02T10:00:00.000Z');
    expect(session.preOpen?.startsAt.toISOString()).toBe('2026-03-02T03:30:00.000Z');
  });

  it('is closed on weekends and on Holi 2026', () => {
    expect(nse.isTradingDay('2026-03-07')).toBe(false);
    expect(nse.isTradingDay('2026-03-08')).toBe(false);
    expect(nse.isTradingDay('2026-03-03')).toBe(false);
    expect(nse.holidayOn('2026-03-03')?.name).toBe('Holi');
    expect(bse.isTradingDay('2026-03-03')).toBe(false);
  });

  it('opens for the Sunday budget session on 1 Feb 2026', () => {
    const session = nse.sessionFor('2026-02-01')!;
    expect(session.kind).toBe('special');
    expect(session.close).toBe('15:00');
    expect(nse.isTradingDay('2026-02-01', { regularOnly: true })).toBe(true);
  });

  it('holds Muhurat trading on the Diwali holiday 2025 without counting it as a trading day', () => {
    const session = nse.sessionFor('2025-10-21')!;
    expect(session.name).toMatch(/Muhurat/);
    expect(nse.isOpen(fromIst('2025-10-21', '14:00'))).toBe(true);
    expect(nse.isOpen(fromIst('2025-10-21', '10:00'))).toBe(false);
    expect(nse.isTradingDay('2025-10-21')).toBe(true);
    expect(nse.isTradingDay('2025-10-21', { regularOnly: true })).toBe(false);
    expect(nse.previousTradingDay('2025-10-23', { regularOnly: true })).toBe('2025-10-20');
    expect(nse.previousTradingDay('2025-10-23')).toBe('2025-10-21');
  });

  it('is open from 09:15 inclusive to 15:30 exclusive', () => {
    expect(nse.isOpen(fromIst('2026-03-02', '09:14:59'))).toBe(false);
    expect(nse.isOpen(fromIst('2026-03-02', '09:15'))).toBe(true);
    expect(nse.isOpen(fromIst('2026-03-02', '15:29:59'))).toBe(true);
    expect(nse.isOpen(fromIst('2026-03-02', '15:30'))).toBe(false);
  });

  it('next open after Friday close skips the weekend and Holi Tuesday', () => {
    expect(nse.nextOpen(fromIst('2026-02-27', '15:30')).toISOString()).toBe(
      fromIst('2026-03-02', '09:15').toISOString(),
    );
    expect(nse.nextOpen(fromIst('2026-03-02', '16:00')).toISOString()).toBe(
      fromIst('2026-03-04', '09:15').toISOString(),
    );
    expect(nse.nextOpen(fromIst('2026-03-04', '08:00')).toISOString()).toBe(
      fromIst('2026-03-04', '09:15').toISOString(),
    );
  });

  it('steps back over Good Friday and Ambedkar Jayanti', () => {
    expect(nse.previousTradingDay('2026-04-06')).toBe('2026-04-02');
    expect(nse.previousTradingDay('2026-04-15')).toBe('2026-04-13');
    expect(nse.nextTradingDay('2026-04-02')).toBe('2026-04-06');
    expect(nse.previousTradingDay('2026-01-01')).toBe('2025-12-31');
  });

  it('refuses to guess about years without data', () => {
    expect(() => nse.isTradingDay('2027-01-04')).toThrow(
      expect.objectContaining({ code: 'CALENDAR_YEAR_UNKNOWN' }),
    );
    expect(() => nse.nextTradingDay('2026-12-31')).toThrow(
      expect.objectContaining({ code: 'CALENDAR_YEAR_UNKNOWN' }),
    );
  });
});

describe('calendar properties over 2025-2026', () => {
  const instant = fc
    .integer({ min: fromIst('2025-01-02', '00:00').getTime(), max: fromIst('2026-12-20', '00:00').getTime() })
    .map((ms) => new Date(ms));

  it('nextOpen is at or after the instant, opens a session, and nothing opens in between', () => {
    fc.assert(
      fc.property(instant, fc.constantFrom(nse, bse), (at, calendar) => {
        const open = calendar.nextOpen(at);
        expect(open.getTime()).toBeGreaterThanOrEqual(at.getTime());
        expect(calendar.isOpen(open)).toBe(true);
        const session = calendar.sessionFor(istDate(open))!;
        expect(session.opensAt.getTime()).toBe(open.getTime());
        for (let day = istDate(at); day < session.date; day = addDays(day, 1)) {
          const skipped = calendar.sessionFor(day);
          if (skipped) expect(skipped.opensAt.getTime()).toBeLessThan(at.getTime());
        }
      }),
    );
  });

  it('previousTradingDay is the latest trading day strictly before the date', () => {
    fc.assert(
      fc.property(instant, (at) => {
        const date = istDate(at);
        const previous = nse.previousTradingDay(date);
        expect(previous < date).toBe(true);
        expect(nse.isTradingDay(previous)).toBe(true);
        for (let day = addDays(previous, 1); day < date; day = addDays(day, 1)) {
          expect(nse.isTradingDay(day)).toBe(false);
        }
      }),
    );
  });
});
