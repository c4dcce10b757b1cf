import { SCALPER_PRESETS, Scalper, type ScalperInput } from './scalper';
import { type PositionView, type StrategyContext } from '../strategy';
import { barAt, context, flatView, openView } from '../testing';

/**
 * EMA2 / EMA3 over flat-range bars (open = high = low = close). 100, 101, 102: EMA2 101.5 > EMA3 101
 * and 102 closes above the previous high 101 → a call. 100, 99, 98 is the mirror → a put.
 */
const UP = [100, 101, 102];
const DOWN = [100, 99, 98];
const MINUTE = 60_000;

function decide(
  closes: number[],
  view: PositionView = flatView(),
  ctx: StrategyContext = context(),
  params: ScalperInput = {},
) {
  const strategy = new Scalper({ fastPeriod: 2, slowPeriod: 3, ...params });
  let intents: ReturnType<Scalper['onBar']> = [];
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

/** A position whose premium moved `ticks` × ₹0.05 from a ₹100 entry. */
const moved = (ticks: number, barsHeld = 1, tag = 'CE') =>
  openView(tag, barsHeld, { entryPremium: 100, currentPremium: 100 + ticks * 0.05 });

describe('scalper entries', () => {
  it('a close above the previous minute’s high with EMA2 above EMA3 buys the ATM call', () => {
    const [intent] = decide(UP, flatView(), context(600, { strikeInterval: 50 }));
    expect(intent).toMatchObject({
      kind: 'ENTER',
      tag: 'CE',
      legs: [{ optionType: 'CE', strike: 100, side: 'BUY', lots: 1, expiry: '2026-02-05' }],
      indicators: { close: 102, previousHigh: 101, emaFast: 101.5, emaSlow: 101, entriesLastHour: 0 },
    });
  });

  it('a close below the previous low with EMA2 below EMA3 buys the ATM put', () => {
    expect(decide(DOWN)[0]).toMatchObject({ tag: 'PE', legs: [{ optionType: 'PE', side: 'BUY' }] });
  });

  it('no breakout, no trade: a close equal to the previous high does not count', () => {
    expect(decide([100, 101, 101])).toEqual([]); // EMA2 100.83 > EMA3 100.67, but 101 is not above 101
  });

  it('the EMAs must agree: a break of the high inside a down-move is ignored', () => {
    // 100, 90, 80, 81: 81 > the previous high 80, but EMA2 82.3 < EMA3 85.5
    expect(decide([100, 90, 80, 81])).toEqual([]);
  });

  it('entry window 09:20–15:00 by bar close; no entry with an order working', () => {
    expect(decide(UP, flatView(), context(9 * 60 + 19))).toEqual([]);
    expect(decide(UP, flatView(), context(9 * 60 + 20))[0]).toMatchObject({ kind: 'ENTER' });
    expect(decide(UP, flatView(), context(15 * 60))[0]).toMatchObject({ kind: 'ENTER' });
    expect(decide(UP, flatView(), context(15 * 60 + 1))).toEqual([]);
    expect(decide(UP, flatView({ pending: true }))).toEqual([]);
  });
});

describe('scalper trade cap', () => {
  /** Two entries seen filled at +0 and +10 minutes (held one bar each), then a breakout at +30. */
  function twoEntriesThenBreakout(maxTradesPerHour: number) {
    const start = Date.UTC(2026, 1, 2, 4, 30); // 10:00 IST
    const strategy = new Scalper({ fastPeriod: 2, slowPeriod: 3, maxTradesPerHour });
    const step = (close: number, view: PositionView, minutesAfter: number) =>
      strategy.onBar(
        barAt('10:00', { open: close, close }),
        view,
        context(600 + minutesAfter, { now: start + minutesAfter * MINUTE }),
      );
    step(100, openView('CE', 1, { entryTime: start }), 0);
    step(100, flatView({ pending: true }), 5);
    step(100, openView('CE', 1, { entryTime: start + 10 * MINUTE }), 10);
    step(101, flatView({ pending: true }), 15);
    return { step, at30: step(102, flatView(), 30) };
  }

  it('at most maxTradesPerHour entries filled in any rolling 60 minutes', () => {
    expect(twoEntriesThenBreakout(3).at30[0]).toMatchObject({
      kind: 'ENTER',
      indicators: { entriesLastHour: 2 },
    });
    const capped = twoEntriesThenBreakout(2);
    expect(capped.at30).toEqual([]);
    capped.step(101, flatView({ pending: true }), 40);
    // +60: the +0 entry is an hour old and out of the window; one entry left
    expect(capped.step(102, flatView(), 60)[0]).toMatchObject({
      kind: 'ENTER',
      indicators: { entriesLastHour: 1 },
    });
  });
});

describe('scalper exits, first match wins', () => {
  it('target at +40 ticks (₹2.00) of premium, not at +39', () => {
    expect(decide(UP, moved(40))[0]).toMatchObject({ kind: 'EXIT', reason: 'target' });
    expect(decide(UP, moved(39))).toEqual([]);
  });

  it('stop_loss at −20 ticks (₹1.00), not at −19', () => {
    expect(decide(UP, moved(-20))[0]).toMatchObject({ reason: 'stop_loss' });
    expect(decide(UP, moved(-19))).toEqual([]);
  });

  it('ticks are tickSize steps: with 0.10 ticks, +40 ticks is ₹4.00', () => {
    expect(decide(UP, moved(40), context(), { tickSize: 0.1 })).toEqual([]);
    expect(decide(UP, moved(80), context(), { tickSize: 0.1 })[0]).toMatchObject({ reason: 'target' });
  });

  it('time stop after 5 bars held, behind target and stop', () => {
    expect(decide(UP, moved(0, 4))).toEqual([]);
    expect(decide(UP, moved(0, 5))[0]).toMatchObject({ reason: 'time' });
    expect(decide(UP, moved(-25, 5))[0]).toMatchObject({ reason: 'stop_loss' });
    expect(decide(UP, moved(45, 5, 'PE'))[0]).toMatchObject({ reason: 'target' });
  });

  it('square_off at 15:15', () => {
    expect(decide(UP, moved(0, 1), context(15 * 60 + 14))).toEqual([]);
    expect(decide(UP, moved(0, 1), context(15 * 60 + 15))[0]).toMatchObject({ reason: 'square_off' });
  });
});

describe('scalper parameters', () => {
  it('defaults, --set strings, and refusals', () => {
    expect(new Scalper().params).toMatchObject({
      timeframe: '1m',
      tickSize: 0.05,
      targetTicks: 40,
      stopTicks: 20,
      maxBarsHeld: 5,
      maxTradesPerHour: 4,
    });
    expect(new Scalper({}, { targetTicks: '10' }).params.targetTicks).toBe(10);
    expect(() => new Scalper({}, { timeframe: '5m' })).toThrow('timeframe');
    expect(() => new Scalper({ fastPeriod: 13, slowPeriod: 5 })).toThrow(
      'fastPeriod must be below slowPeriod',
    );
    expect(SCALPER_PRESETS['nifty-2012']).toMatchObject({ instrument: 'NIFTY', lotSize: 50 });
  });
});
