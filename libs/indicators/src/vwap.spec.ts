import { VWAP as TiVwap } from 'technicalindicators';

import { type TimedBar } from './bars';
import { Vwap, vwapSeries } from './vwap';
import { expectClose, niftyBars } from './testing/nifty-bars';
import { expectIndicatorError } from './testing/scenarios';

const at = (iso: string, high: number, low: number, close: number, volume: number): TimedBar => ({
  time: Date.parse(iso),
  high,
  low,
  close,
  volume,
});

/** IST trading date of a bar, the way the shared CSVs label it. */
const istDate = (time: number) => new Date(time + 330 * 60_000).toISOString().slice(0, 10);

describe('Vwap', () => {
  it('weights the typical price by volume within a session (hand-computed)', () => {
    const out = vwapSeries([
      at('2024-06-03T09:16:00+05:30', 12, 9, 9, 100), // typical 10
      at('2024-06-03T09:17:00+05:30', 22, 19, 19, 300), // typical 20
    ]);
    expect(out).toEqual([10, (10 * 100 + 20 * 300) / 400]);
  });

  it('restarts when the IST trading date changes, not at UTC midnight', () => {
    const vwap = new Vwap();
    vwap.update(at('2024-06-03T15:30:00+05:30', 12, 9, 9, 100));
    // 05:29 IST on the 4th is still the 3rd in UTC (23:59Z): a new IST session all the same.
    expect(vwap.update(at('2024-06-04T05:29:00+05:30', 21, 21, 21, 50))).toBe(21);
    // 05:31 IST on the 4th is 00:01Z on the 4th: same IST session, no reset.
    expect(vwap.update(at('2024-06-04T05:31:00+05:30', 33, 33, 33, 50))).toBe(27);
  });

  it('another offset anchors sessions elsewhere (UTC for crypto)', () => {
    const vwap = new Vwap(0);
    vwap.update(at('2024-06-03T23:00:00Z', 10, 10, 10, 1));
    expect(vwap.update(at('2024-06-04T00:30:00Z', 20, 20, 20, 1))).toBe(20);
  });

  it('with zero volume falls back to equal weights, and switches to volume weights once volume appears', () => {
    const day = '2024-06-03T';
    expect(
      vwapSeries([
        at(`${day}09:16:00+05:30`, 12, 9, 9, 0), // typical 10
        at(`${day}09:17:00+05:30`, 22, 19, 19, 0), // typical 20
        at(`${day}09:18:00+05:30`, 36, 27, 27, 0), // typical 30
        at(`${day}09:19:00+05:30`, 40, 40, 40, 5), // first volume: only this bar weighs
        at(`${day}09:20:00+05:30`, 50, 50, 50, 0), // zero volume weighs nothing now
      ]),
    ).toEqual([10, 15, 20, 40, 40]);
  });

  it('on the NIFTY bars (no volume) is each session’s running mean of typical prices', () => {
    const bars = niftyBars();
    const ours = vwapSeries(bars);
    let day = '';
    let sum = 0;
    let n = 0;
    bars.forEach((b, i) => {
      if (istDate(b.time) !== day) [day, sum, n] = [istDate(b.time), 0, 0];
      sum += (b.high + b.low + b.close) / 3;
      n += 1;
      expectClose(ours[i], sum / n, 1e-12);
    });
    expect(new Set(bars.map((b) => istDate(b.time))).size).toBe(20);
  });

  it('matches technicalindicators VWAP per session on NIFTY bars with synthetic volume', () => {
    // technicalindicators accumulates forever, so it is run once per IST session.
    const bars = niftyBars().map((b, i) => ({ ...b, volume: 1_000 + ((i * 7_919) % 5_003) }));
    const ours = vwapSeries(bars);
    const sessions = new Map<string, number[]>();
    bars.forEach((b, i) => sessions.set(istDate(b.time), [...(sessions.get(istDate(b.time)) ?? []), i]));
    expect(sessions.size).toBe(20);
    for (const indices of sessions.values()) {
      const pick = (f: (b: TimedBar) => number) => indices.map((i) => f(bars[i]!));
      const ref = TiVwap.calculate({
        high: pick((b) => b.high),
        low: pick((b) => b.low),
        close: pick((b) => b.close),
        volume: pick((b) => b.volume),
      });
      expect(ref).toHaveLength(375);
      ref.forEach((r, j) => expectClose(ours[indices[j]!], r));
    }
  });

  it('streaming equals batch on the NIFTY bars', () => {
    const bars = niftyBars();
    const batch = vwapSeries(bars);
    const vwap = new Vwap();
    bars.forEach((b, i) => {
      expect(vwap.update(b)).toBe(batch[i]);
      expect(vwap.value).toBe(batch[i]);
      expect(vwap.isReady).toBe(true);
    });
  });

  it('reset() forgets the session', () => {
    const vwap = new Vwap();
    vwap.update(at('2024-06-03T09:16:00+05:30', 100, 100, 100, 10));
    vwap.reset();
    expect(vwap.isReady).toBe(false);
    expect(vwap.update(at('2024-06-03T09:17:00+05:30', 10, 10, 10, 1))).toBe(10);
  });

  it('rejects NaN fields, negative volume and a NaN time', () => {
    const ok = at('2024-06-03T09:16:00+05:30', 12, 9, 9, 100);
    expectIndicatorError(() => new Vwap().update({ ...ok, close: NaN }), 'INVALID_INPUT', /Vwap: input/);
    expectIndicatorError(() => new Vwap().update({ ...ok, time: NaN }), 'INVALID_INPUT');
    expectIndicatorError(() => new Vwap().update({ ...ok, volume: -1 }), 'INVALID_INPUT', /volume/);
    expectIndicatorError(() => new Vwap(NaN), 'INVALID_PARAMETER');
  });
});
