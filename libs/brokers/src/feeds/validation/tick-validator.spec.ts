import fc from 'fast-check';

import { type Tick } from '@dalal/contracts';

import { TickValidator } from './tick-validator';

const at = (second: number) => new Date(Date.UTC(2025, 11, 2, 4, 0, second)).toISOString();
const tick = (ltp: string, second: number, extra: Partial<Tick> = {}): Tick => ({
  instrument: 'NIFTY25DEC24000CE',
  exchange: 'NFO',
  ltp,
  exchangeTs: at(second),
  ...extra,
});

describe('TickValidator', () => {
  it('accepts a normal stream, including new prices inside the same exchange second', () => {
    const v = new TickValidator();
    for (const t of [tick('100.00', 0), tick('100.05', 1), tick('100.10', 1), tick('99.95', 2)]) {
      expect(v.check(t).ok).toBe(true);
    }
    expect(v.counts()).toMatchObject({ accepted: 4, duplicate: 0, out_of_order: 0 });
  });

  it('drops a tick whose exchange time goes backwards', () => {
    const v = new TickValidator();
    v.check(tick('100.00', 10));
    expect(v.check(tick('100.05', 9))).toEqual({ ok: false, reason: 'out_of_order' });
    expect(v.counts().out_of_order).toBe(1);
  });

  it('drops an exact repeat of the last good tick (same time, price and volume)', () => {
    const v = new TickValidator();
    v.check(tick('100.00', 1, { volume: 10 }));
    expect(v.check(tick('100.00', 1, { volume: 10 }))).toEqual({ ok: false, reason: 'duplicate' });
    expect(v.check(tick('100.00', 1, { volume: 11 })).ok).toBe(true);
  });

  it.each(['0', '0.00', '-5.00'])('drops a price of %s', (ltp) => {
    const v = new TickValidator();
    expect(v.check(tick(ltp, 0))).toEqual({ ok: false, reason: 'non_positive' });
  });

  it('drops a fat-finger print beyond the band and keeps the anchor at the last good price', () => {
    const v = new TickValidator({ outlierBandPct: 5 });
    v.check(tick('100.00', 0));
    expect(v.check(tick('106.00', 1))).toEqual({ ok: false, reason: 'outlier' });
    expect(v.check(tick('104.90', 2)).ok).toBe(true); // 4.9 % from the 100.00 anchor
    expect(v.counts()).toMatchObject({ accepted: 2, outlier: 1 });
  });

  it('a real gap: after five agreeing outliers in a row the new level is accepted and counted', () => {
    const v = new TickValidator({ outlierBandPct: 5, rebaseAfter: 5 });
    v.check(tick('100.00', 0));
    const verdicts = [120, 120.5, 121, 120.8, 121.2].map((p, i) => v.check(tick(p.toFixed(2), i + 1)));
    expect(verdicts.slice(0, 4).every((x) => !x.ok)).toBe(true);
    expect(verdicts[4]).toEqual({ ok: true, rebased: true });
    expect(v.check(tick('121.00', 7)).ok).toBe(true);
    expect(v.counts()).toMatchObject({ outlier: 4, rebased: 1 });
  });

  it('keeps each instrument apart', () => {
    const v = new TickValidator();
    v.check(tick('100.00', 5));
    expect(v.check(tick('24000.00', 1, { instrument: 'NIFTY', exchange: 'NSE' })).ok).toBe(true);
  });

  it('accepted ticks of any stream always move forward in time and stay inside the band', () => {
    fc.assert(
      fc.property(
        fc.array(fc.record({ cents: fc.integer({ min: -100, max: 100_000 }), second: fc.nat(50) }), {
          maxLength: 200,
        }),
        (rows) => {
          const v = new TickValidator({ outlierBandPct: 10, rebaseAfter: 1000 });
          let last: { ts: number; price: number } | undefined;
          for (const row of rows) {
            const ltp = (row.cents / 100).toFixed(2);
            const verdict = v.check(tick(ltp, row.second));
            if (!verdict.ok) continue;
            const price = Number(ltp);
            expect(price).toBeGreaterThan(0);
            if (last) {
              expect(row.second * 1000).toBeGreaterThanOrEqual(last.ts);
              expect(Math.abs(price - last.price)).toBeLessThanOrEqual(0.1 * last.price + 1e-9);
            }
            last = { ts: row.second * 1000, price };
          }
          const c = v.counts();
          expect(c.accepted + c.duplicate + c.non_positive + c.out_of_order + c.outlier).toBe(rows.length);
        },
      ),
    );
  });
});
