import { Rsi, rsiSeries } from './rsi';
import { expectClose, niftyCloses } from './testing/nifty-bars';
import { expectIndicatorError } from './testing/scenarios';
import { withTradingSignals } from './testing/trading-signals';

describe('Rsi', () => {
  it('seeds with plain averages of the first n changes, then smooths the Wilder way (hand-computed)', () => {
    // Changes: +2, −1, +3, −2. RSI(2): seed gain = (2+0)/2 = 1, loss = (0+1)/2 = 0.5 → 100·1/1.5.
    // Next: gain = (1·1 + 3)/2 = 2, loss = (0.5·1 + 0)/2 = 0.25 → 100·2/2.25.
    // Next: gain = (2 + 0)/2 = 1, loss = (0.25 + 2)/2 = 1.125 → 100·1/2.125.
    const out = rsiSeries([10, 12, 11, 14, 12], 2);
    expect(out.slice(0, 2)).toEqual([undefined, undefined]);
    expectClose(out[2], 100 / 1.5, 1e-15);
    expectClose(out[3], 200 / 2.25, 1e-15);
    expectClose(out[4], 100 / 2.125, 1e-15);
  });

  it('streaming equals batch on the NIFTY closes', () => {
    const closes = niftyCloses();
    const batch = rsiSeries(closes, 14);
    const rsi = new Rsi(14);
    closes.forEach((c, i) => {
      expect(rsi.update(c)).toBe(batch[i]);
      expect(rsi.isReady).toBe(i >= 14);
    });
  });

  it('matches trading-signals RSI (Wilder, same seed) value by value on NIFTY closes', () => {
    const closes = niftyCloses();
    const periods = [2, 7, 14, 21];
    const refs = withTradingSignals<Array<Array<number | null>>>(
      'output = input.periods.map((p) => { const r = new ts.RSI(p); return input.closes.map((c) => r.update(c, false)); });',
      { closes, periods },
    );
    periods.forEach((period, k) => {
      const ours = rsiSeries(closes, period);
      const ref = refs[k]!;
      ref.forEach((r, i) => {
        if (r === null) expect(ours[i]).toBeUndefined();
        else expectClose(ours[i], r);
      });
      expect(ref.filter((r) => r !== null)).toHaveLength(closes.length - period);
    });
  });

  it('reads 100 when prices only rise, 0 when they only fall, 50 when nothing moves', () => {
    expect(rsiSeries([1, 2, 3, 4, 5], 3).slice(3)).toEqual([100, 100]);
    expect(rsiSeries([5, 4, 3, 2, 1], 3).slice(3)).toEqual([0, 0]);
    expect(rsiSeries(new Array(20).fill(7), 14).slice(14)).toEqual(new Array(6).fill(50));
  });

  it('period 1 reads 100 on an up-tick and 0 on a down-tick', () => {
    expect(rsiSeries([5, 6, 4, 4.5], 1)).toEqual([undefined, 100, 0, 100]);
  });

  it('reset() forgets everything, including the previous price', () => {
    const rsi = new Rsi(2);
    [1, 5, 2, 8].forEach((v) => rsi.update(v));
    rsi.reset();
    expect(rsi.value).toBeUndefined();
    expect([10, 12, 11, 14, 12].map((v) => rsi.update(v))).toEqual(rsiSeries([10, 12, 11, 14, 12], 2));
  });

  it('rejects NaN input and bad periods', () => {
    expectIndicatorError(
      () => new Rsi(14).update(NaN),
      'INVALID_INPUT',
      /Rsi: input must be a finite number/,
    );
    expectIndicatorError(() => new Rsi(1.5), 'INVALID_PERIOD');
  });
});
