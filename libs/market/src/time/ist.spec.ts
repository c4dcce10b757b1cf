import fc from 'fast-check';

import { fixedClock } from './clock';
import { fromIst, istDate, parseIstTime, toIst } from './ist';

describe('IST clock helpers', () => {
  it('puts the 09:15 IST open at 03:45 UTC', () => {
    expect(fromIst('2026-03-02', '09:15').toISOString()).toBe('2026-03-02T03:45:00.000Z');
    expect(fromIst('2026-03-02', '15:30').toISOString()).toBe('2026-03-02T10:00:00.000Z');
  });

  it('rolls a UTC evening into the next IST day', () => {
    const instant = new Date('2026-03-01T19:00:00Z');
    expect(toIst(instant)).toEqual({ date: '2026-03-02', msOfDay: 30 * 60_000, time: '00:30:00' });
    expect(istDate(new Date('2026-03-01T18:29:59.999Z'))).toBe('2026-03-01');
  });

  it('round-trips any instant through IST date and time of day', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 4_102_444_800_000 }), (ms) => {
        const { date, msOfDay } = toIst(new Date(ms));
        const midnight = fromIst(date, '00:00').getTime();
        expect(midnight + msOfDay).toBe(ms);
      }),
    );
  });

  it('rejects malformed times', () => {
    expect(parseIstTime('24:00')).toBe(86_400_000);
    expect(() => parseIstTime('9:15')).toThrow(expect.objectContaining({ code: 'INVALID_TIME' }));
    expect(() => parseIstTime('09:60')).toThrow(expect.objectContaining({ code: 'INVALID_TIME' }));
  });

  it('a fixed clock always reports the same instant', () => {
    const clock = fixedClock(new Date('2026-01-05T04:00:00Z'));
    expect(clock.now().toISOString()).toBe('2026-01-05T04:00:00.000Z');
    expect(clock.now()).not.toBe(clock.now());
  });
});
