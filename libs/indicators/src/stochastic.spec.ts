import { Stochastic as TiStochastic } from 'technicalindicators';

import { Stochastic, stochasticSeries } from './stochastic';
import { expectClose, niftyBars } from './testing/nifty-bars';
import { expectIndicatorError } from './testing/scenarios';
import { withTradingSignals } from './testing/trading-signals';

const bar = (high: number, low: number, close: number) => ({ high, low, close });

/** %K and %D straight from the definition, scanning every window: the slow O(n·k) oracle. */
function naiveStochastic(bars: ReturnType<typeof niftyBars>, k: number, smooth: number, d: number) {
  const raw = bars.map((b, i) => {
    if (i + 1 < k) return undefined;
    const window = bars.slice(i + 1 - k, i + 1);
    const hh = Math.max(...window.map((w) => w.high));
    const ll = Math.min(...window.map((w) => w.low));
    return hh > ll ? (100 * (b.close - ll)) / (hh - ll) : 50;
  });
  const sma = (xs: Array<number | undefined>, n: number) =>
    xs.map((_, i) => {
      const w = xs.slice(Math.max(0, i + 1 - n), i + 1);
      return w.length === n && w.every((v) => v !== undefined)
        ? w.reduce((a, v) => a + v!, 0) / n
        : undefined;
    });
  const kLine = sma(raw, smooth);
  return { k: kLine, d: sma(kLine, d) };
}

describe('Stochastic', () => {
  it('places the close within the window’s range, smooths %K, averages %D (hand-computed)', () => {
    const bars = [bar(10, 0, 5), bar(20, 5, 15), bar(15, 10, 10), bar(12, 8, 12), bar(30, 10, 30)];
    // Raw %K(2): bar1 (15−0)/(20−0) = 75; bar2 (10−5)/(20−5) = 33.3…; bar3 (12−8)/(15−8) = 57.14…; bar4 (30−8)/(30−8) = 100.
    // %K = SMA2(raw): 54.1…, 45.2…, 78.5…; %D = SMA2(%K) from bar 4.
    const raw = [75, 100 / 3, 400 / 7, 100];
    const k = [(raw[0]! + raw[1]!) / 2, (raw[1]! + raw[2]!) / 2, (raw[2]! + raw[3]!) / 2];
    const out = stochasticSeries(bars, 2, 2, 2);
    expect(out.slice(0, 3)).toEqual([undefined, undefined, undefined]);
    expectClose(out[3]!.k, k[1]!, 1e-14);
    expectClose(out[3]!.d, (k[0]! + k[1]!) / 2, 1e-14);
    expectClose(out[4]!.k, k[2]!, 1e-14);
    expectClose(out[4]!.d, (k[1]! + k[2]!) / 2, 1e-14);
  });

  it('streaming equals batch and its getters agree on the NIFTY bars', () => {
    const bars = niftyBars();
    const batch = stochasticSeries(bars, 14, 3, 3);
    const st = new Stochastic(14, 3, 3);
    bars.forEach((b, i) => {
      expect(st.update(b)).toBe(batch[i]?.k);
      expect(st.value).toBe(batch[i]?.k);
      expect(st.d).toBe(batch[i]?.d);
      expect(st.isReady).toBe(i >= 14 + 3 + 3 - 3);
    });
  });

  it.each([
    [1, 1, 1],
    [5, 3, 3],
    [14, 3, 3],
    [50, 1, 5],
  ])('equals the window-scanning definition for (%i, %i, %i) on NIFTY bars', (k, smooth, d) => {
    const bars = niftyBars().slice(0, 1_500);
    const ours = stochasticSeries(bars, k, smooth, d);
    const naive = naiveStochastic(bars, k, smooth, d);
    bars.forEach((_, i) => {
      if (naive.d[i] === undefined) return expect(ours[i]).toBeUndefined();
      expectClose(ours[i]!.k, naive.k[i]!);
      expectClose(ours[i]!.d, naive.d[i]!);
    });
  });

  it.each([
    [14, 3],
    [5, 3],
  ])('matches technicalindicators fast Stochastic(%i, %i) (kSmoothing 1) on NIFTY bars', (period, signal) => {
    const bars = niftyBars();
    const ours = stochasticSeries(bars, period, 1, signal);
    const ref = TiStochastic.calculate({
      period,
      signalPeriod: signal,
      high: bars.map((b) => b.high),
      low: bars.map((b) => b.low),
      close: bars.map((b) => b.close),
    });
    expect(ref).toHaveLength(bars.length - period + 1);
    ref.forEach((r, j) => {
      const i = j + period - 1;
      if (r.d === undefined) return expect(ours[i]).toBeUndefined();
      expectClose(ours[i]!.k, r.k);
      expectClose(ours[i]!.d, r.d);
    });
  });

  it('matches trading-signals slow StochasticOscillator(14, 3, 3) on NIFTY bars', () => {
    const bars = niftyBars();
    const ref = withTradingSignals<Array<{ k: number; d: number } | null>>(
      `const st = new ts.StochasticOscillator({ kPeriod: 14, kSlowingPeriod: 3, dPeriod: 3 });
       output = input.map((b) => { const r = st.update(b, false); return r === null ? null : { k: r.stochK, d: r.stochD }; });`,
      bars,
    );
    const ours = stochasticSeries(bars, 14, 3, 3);
    ref.forEach((r, i) => {
      if (r === null) return expect(ours[i]).toBeUndefined();
      expectClose(ours[i]!.k, r.k);
      expectClose(ours[i]!.d, r.d);
    });
  });

  it('reads 100 at the top of the range, 0 at the bottom, 50 when there is no range', () => {
    expect(stochasticSeries([bar(10, 5, 10), bar(12, 6, 12)], 2, 1, 1)[1]).toEqual({ k: 100, d: 100 });
    expect(stochasticSeries([bar(10, 5, 10), bar(12, 4, 4)], 2, 1, 1)[1]).toEqual({ k: 0, d: 0 });
    expect(stochasticSeries(new Array(6).fill(bar(7, 7, 7)), 3, 2, 2).slice(4)).toEqual([
      { k: 50, d: 50 },
      { k: 50, d: 50 },
    ]);
  });

  it('handles strictly falling highs longer than the window (deque wrap-around)', () => {
    const bars = Array.from({ length: 40 }, (_, i) => bar(100 - i, 90 - i, 95 - i));
    const ours = stochasticSeries(bars, 5, 1, 1);
    const naive = naiveStochastic(
      bars.map((b) => ({ ...b, time: 0, open: 0, volume: 0 })),
      5,
      1,
      1,
    );
    bars.forEach((_, i) => expect(ours[i]?.k).toBe(naive.k[i]));
  });

  it('reset() forgets everything', () => {
    const st = new Stochastic(2, 1, 1);
    [bar(50, 40, 45), bar(60, 50, 55), bar(70, 60, 65)].forEach((b) => st.update(b));
    st.reset();
    expect([st.value, st.d, st.isReady]).toEqual([undefined, undefined, false]);
    st.update(bar(10, 5, 10));
    expect(st.update(bar(12, 4, 4))).toBe(0);
  });

  it('rejects NaN fields and bad periods', () => {
    expectIndicatorError(() => new Stochastic().update(bar(1, 1, NaN)), 'INVALID_INPUT', /Stochastic: input/);
    expectIndicatorError(() => new Stochastic(0), 'INVALID_PERIOD');
    expectIndicatorError(() => new Stochastic(14, 0), 'INVALID_PERIOD');
  });
});
