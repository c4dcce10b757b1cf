import { atrSeries } from './atr';
import { SuperTrend, superTrendSeries } from './super-trend';
import { expectClose, niftyBars } from './testing/nifty-bars';
import { expectIndicatorError } from './testing/scenarios';
import { withTradingSignals } from './testing/trading-signals';

const bar = (high: number, low: number, close: number) => ({ high, low, close });

describe('SuperTrend', () => {
  it('starts down-trend, ratchets its bands, and flips when the close crosses (hand-computed)', () => {
    // SuperTrend(1, 1): ATR(1) is the true range, ready from the second bar.
    const bars = [
      bar(10, 9, 9.5), //   seeds the previous close
      bar(11, 10, 10.5), // TR 1.5, mid 10.5: upper 12, lower 9; close below upper → down, line 12
      bar(11, 10.5, 10.8), // TR 0.5, mid 10.75: basic upper 11.25 < 12 → 11.25; lower 10.25 > 9 → 10.25; down, line 11.25
      bar(13, 12, 12.9), // TR 2.2, mid 12.5: basic upper 14.7 ≥ 11.25 and prev close 10.8 ≤ 11.25 → keep 11.25; close 12.9 > 11.25 → up; lower max(10.3, 10.25) = 10.3, line 10.3
      bar(13.2, 12.8, 13), // TR 0.4, mid 13: basic lower 12.6 > 10.3 → 12.6; close 13 ≥ 12.6 → still up, line 12.6
      bar(12.7, 12, 12.1), // TR 1, mid 12.35: basic lower 11.35 < 12.6 and prev close 13 ≥ 12.6 → keep 12.6; close 12.1 < 12.6 → down; upper: basic 13.35, prev close 13 > 11.25 → 13.35, line 13.35
    ];
    const out = superTrendSeries(bars, 1, 1);
    expect(out[0]).toBeUndefined();
    const expected: Array<[number, 1 | -1]> = [
      [12, -1],
      [11.25, -1],
      [10.3, 1],
      [12.6, 1],
      [13.35, -1],
    ];
    expected.forEach(([line, direction], j) => {
      expectClose(out[j + 1]!.line, line, 1e-12);
      expect(out[j + 1]!.direction).toBe(direction);
    });
  });

  it('streaming equals batch and its getters agree on the NIFTY bars', () => {
    const bars = niftyBars();
    const batch = superTrendSeries(bars, 10, 3);
    const st = new SuperTrend(10, 3);
    bars.forEach((b, i) => {
      expect(st.update(b)).toBe(batch[i]?.line);
      expect(st.value).toBe(batch[i]?.line);
      expect(st.direction).toBe(batch[i]?.direction);
      expect(st.isReady).toBe(i >= 10);
    });
  });

  it('is ready with its ATR and the line sits multiplier·ATR from the bar’s midpoint when freshly set', () => {
    const bars = niftyBars();
    const atr = atrSeries(bars, 10);
    const out = superTrendSeries(bars, 10, 3);
    expect(out.findIndex((p) => p !== undefined)).toBe(atr.findIndex((a) => a !== undefined));
    const first = out[10]!;
    expectClose(first.line, (bars[10]!.high + bars[10]!.low) / 2 - first.direction * 3 * atr[10]!, 1e-12);
  });

  it.each([
    [10, 3],
    [7, 2],
    [14, 1.5],
  ])(
    'matches trading-signals SuperTrend(%i, %d) on NIFTY bars once the ATR seeds have converged',
    (period, multiplier) => {
      // trading-signals seeds its ATR with the first bar's high − low (no previous close), so its
      // ATR starts one bar earlier and differs by a decaying (1 − 1/period)^t; after 1,000 bars the
      // difference is far below 1e-9 and the two SuperTrends must agree bar by bar.
      const bars = niftyBars();
      const ref = withTradingSignals<Array<{ line: number; up: boolean } | null>>(
        `const st = new ts.SuperTrend({ interval: ${period}, multiplier: ${multiplier} });
         output = input.map((b) => { const r = st.update(b, false); return r === null ? null : { line: r.supertrend, up: r.trend === ts.TradingSignal.BULLISH }; });`,
        bars,
      );
      const ours = superTrendSeries(bars, period, multiplier);
      let flips = 0;
      for (let i = 1_000; i < bars.length; i++) {
        const r = ref[i]!;
        expectClose(ours[i]!.line, r.line);
        expect(ours[i]!.direction).toBe(r.up ? 1 : -1);
        if (ours[i]!.direction !== ours[i - 1]!.direction) flips++;
      }
      expect(flips).toBeGreaterThan(20);
    },
  );

  it('a flat market stays in its starting down-trend at the flat level', () => {
    superTrendSeries(new Array(10).fill(bar(100, 100, 100)), 3, 2)
      .slice(3)
      .forEach((p) => expect(p).toEqual({ line: 100, direction: -1 }));
  });

  it('reset() forgets everything', () => {
    const st = new SuperTrend(1, 1);
    [bar(50, 40, 45), bar(60, 50, 55), bar(70, 60, 65)].forEach((b) => st.update(b));
    st.reset();
    expect([st.value, st.direction, st.isReady]).toEqual([undefined, undefined, false]);
    st.update(bar(10, 9, 9.5));
    expect(st.update(bar(11, 10, 10.5))).toBe(12);
  });

  it('rejects NaN fields, bad periods and bad multipliers', () => {
    expectIndicatorError(() => new SuperTrend().update(bar(NaN, 1, 1)), 'INVALID_INPUT', /SuperTrend: input/);
    expectIndicatorError(() => new SuperTrend(0, 3), 'INVALID_PERIOD');
    expectIndicatorError(() => new SuperTrend(10, 0), 'INVALID_PARAMETER');
  });
});
