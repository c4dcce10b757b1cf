import {
  BOLLINGER_BREAKOUT_PRESETS,
  BollingerBreakout,
  type BollingerBreakoutInput,
} from './bollinger-breakout';
import { type PositionView, type StrategyContext } from '../strategy';
import { barAt, context, flatView, openView } from '../testing';

/**
 * Bands of 5 closes at 1.5 σ (population). Five closes at 100 (the first bands: 100 ± 0), then 110;
 * its window of four 100s and 110: mean 102, σ 4, upper 108 →
 * 110 breaks out, and the bar before sat on its band (100 ≤ 100). The mirror 90 gives lower 92.
 */
const FLAT = [100, 100, 100, 100, 100];
const UP = [...FLAT, 110];
const DOWN = [...FLAT, 90];

function decide(
  closes: number[],
  view: PositionView = flatView(),
  ctx: StrategyContext = context(),
  params: BollingerBreakoutInput = {},
) {
  const strategy = new BollingerBreakout({ period: 5, stdDevs: 1.5, ...params });
  let intents: ReturnType<BollingerBreakout['onBar']> = [];
  closes.forEach((close, i) => {
    const last = i === closes.length - 1;
    intents = strategy.onBar(
      barAt('10:00', { open: close, close }),
      last ? view : flatView({ pending: true }),
      ctx,
    );
  });
  return intents;
}

describe('bollinger-breakout entries', () => {
  it('a close above the upper band buys the ATM call', () => {
    const [intent] = decide(UP, flatView(), context(600, { strikeInterval: 50 }));
    expect(intent).toMatchObject({
      kind: 'ENTER',
      tag: 'CE',
      legs: [{ optionType: 'CE', strike: 100, side: 'BUY', lots: 1, expiry: '2026-02-05' }],
      indicators: { close: 110, middle: 102 },
    });
    expect(intent!.indicators.upper).toBeCloseTo(108, 9);
  });

  it('a close below the lower band buys the ATM put', () => {
    const [intent] = decide(DOWN);
    expect(intent).toMatchObject({ tag: 'PE', legs: [{ optionType: 'PE', side: 'BUY' }] });
    expect(intent!.indicators.lower).toBeCloseTo(92, 9);
  });

  it('the band is the threshold: the same 110 inside 2 σ (upper 110) does not break out', () => {
    expect(decide(UP, flatView(), context(), { stdDevs: 2 })).toEqual([]);
    expect(decide(UP, flatView(), context(), { stdDevs: 1.99 })[0]).toMatchObject({ tag: 'CE' });
  });

  it('only the first close outside trades: still outside on the next bar is no new breakout', () => {
    // window 100, 100, 100, 110, 125: upper 121.7, 125 is outside, but 110 was already outside 108
    expect(decide([...UP, 125])).toEqual([]);
  });

  it('no entry after 15:00, with an order working, at the daily cap, or before the bands exist', () => {
    expect(decide(UP, flatView(), context(15 * 60))[0]).toMatchObject({ kind: 'ENTER' });
    expect(decide(UP, flatView(), context(15 * 60 + 5))).toEqual([]);
    expect(decide(UP, flatView({ pending: true }))).toEqual([]);
    expect(decide(UP, flatView({ entriesToday: 3 }))).toEqual([]);
    expect(decide([100, 110], flatView(), context(), { period: 2 })).toEqual([]); // first band: no previous
  });
});

describe('bollinger-breakout exits', () => {
  it('a call exits when the close falls below the middle band, and holds above it', () => {
    // window 100, 100, 100, 110, 101: middle 102.2
    expect(decide([...UP, 101], openView('CE', 1))[0]).toMatchObject({ kind: 'EXIT', reason: 'middle_band' });
    expect(decide([...UP, 103], openView('CE', 1))).toEqual([]); // middle 102.6
  });

  it('a put exits when the close rises above the middle band', () => {
    expect(decide([...DOWN, 99], openView('PE', 1))[0]).toMatchObject({ reason: 'middle_band' }); // 97.8
    expect(decide([...DOWN, 97], openView('PE', 1))).toEqual([]); // middle 97.4
  });

  it('square_off at 15:15; holding never adds a second position', () => {
    expect(decide([...UP, 103], openView('CE', 1), context(15 * 60 + 15))[0]).toMatchObject({
      reason: 'square_off',
    });
    expect(decide(UP, openView('CE', 3))).toEqual([]);
  });
});

describe('bollinger-breakout parameters', () => {
  it('defaults, --set strings, and refusals', () => {
    expect(new BollingerBreakout().params).toMatchObject({
      timeframe: '5m',
      period: 20,
      stdDevs: 2,
      lots: 1,
    });
    expect(new BollingerBreakout({}, { stdDevs: '2.5' }).params.stdDevs).toBe(2.5);
    expect(() => new BollingerBreakout({}, { stdDevs: '0' })).toThrow('stdDevs');
    expect(() => new BollingerBreakout({}, { bands: '2' })).toThrow('unknown parameter(s) bands');
    expect(BOLLINGER_BREAKOUT_PRESETS['nifty-2012']).toMatchObject({ instrument: 'NIFTY', lotSize: 50 });
  });
});
