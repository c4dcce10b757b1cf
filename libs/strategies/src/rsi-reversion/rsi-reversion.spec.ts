import { RSI_REVERSION_PRESETS, RsiReversion, type RsiReversionInput } from './rsi-reversion';
import { type PositionView, type StrategyContext } from '../strategy';
import { barAt, context, flatView, openView } from '../testing';

/**
 * RSI(2) over hand-made closes (Wilder, first average plain). 100, 90, 80 → RSI 0; 81 → 9.09;
 * 84 → 41.18 (avg gain 1.75, avg loss 2.5): RSI leaves oversold. The mirror 100, 110, 120, 119, 116
 * reads 100, 90.9, 58.82: RSI leaves overbought.
 */
const BOUNCE = [100, 90, 80, 81, 84];
const FADE = [100, 110, 120, 119, 116];

/** Feeds the closes; only the last bar sees `view` (earlier bars see an order pending, so never trade). */
function decide(
  closes: number[],
  view: PositionView = flatView(),
  ctx: StrategyContext = context(),
  params: RsiReversionInput = {},
) {
  const strategy = new RsiReversion({ rsiPeriod: 2, ...params });
  let intents: ReturnType<RsiReversion['onBar']> = [];
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

describe('rsi-reversion entries', () => {
  it('RSI climbing back out of oversold buys the ATM call', () => {
    const [intent] = decide(BOUNCE, flatView(), context(600, { strikeInterval: 50 }));
    expect(intent).toMatchObject({
      kind: 'ENTER',
      tag: 'CE',
      legs: [{ optionType: 'CE', strike: 100, side: 'BUY', lots: 1, expiry: '2026-02-05' }],
    });
    if (intent?.kind !== 'ENTER') throw new Error('expected an entry');
    expect(intent.indicators.rsi).toBeCloseTo(41.176, 3);
    expect(intent.indicators.rsiPrevious).toBeCloseTo(9.091, 3);
  });

  it('RSI falling back out of overbought buys the ATM put', () => {
    const [intent] = decide(FADE);
    expect(intent).toMatchObject({ kind: 'ENTER', tag: 'PE', legs: [{ optionType: 'PE', side: 'BUY' }] });
    expect(intent!.indicators.rsi).toBeCloseTo(58.824, 3);
  });

  it('no entry while RSI is still oversold (9.09), nor on the bar RSI first appears', () => {
    expect(decide(BOUNCE.slice(0, 4))).toEqual([]);
    expect(decide(BOUNCE.slice(0, 3))).toEqual([]);
  });

  it('the cross needs RSI strictly above oversold now and at or below it on the previous bar', () => {
    expect(decide(BOUNCE, flatView(), context(), { oversold: 42, midline: 50 })).toEqual([]); // 41.18 ≤ 42
    expect(decide(BOUNCE, flatView(), context(), { oversold: 41 })[0]).toMatchObject({ tag: 'CE' });
    expect(decide(BOUNCE, flatView(), context(), { oversold: 9 })).toEqual([]); // previous 9.09 > 9
    expect(decide(FADE, flatView(), context(), { overbought: 91 })).toEqual([]); // previous 90.9 < 91
  });

  it('no entry after 15:00, with an order working, at the daily cap, or while holding', () => {
    expect(decide(BOUNCE, flatView(), context(15 * 60))[0]).toMatchObject({ kind: 'ENTER' });
    expect(decide(BOUNCE, flatView(), context(15 * 60 + 5))).toEqual([]);
    expect(decide(BOUNCE, flatView({ pending: true }))).toEqual([]);
    expect(decide(BOUNCE, flatView({ entriesToday: 2 }))[0]).toMatchObject({ kind: 'ENTER' });
    expect(decide(BOUNCE, flatView({ entriesToday: 3 }))).toEqual([]);
    // holding a call below the midline: the fresh signal adds nothing
    expect(decide(BOUNCE, openView('CE', 2))).toEqual([]);
    // holding a put: the put exits at RSI 41 ≤ 50, and no call is bought on the same bar
    expect(decide(BOUNCE, openView('PE', 2))).toEqual([expect.objectContaining({ kind: 'EXIT' })]);
  });
});

describe('rsi-reversion exits, first match wins', () => {
  it('a call exits once RSI reaches the midline, not below it', () => {
    expect(decide(BOUNCE, openView('CE', 1))).toEqual([]); // RSI 41.18
    // 90 after 84: avg gain 3.875, avg loss 1.25 → RSI 75.6
    expect(decide([...BOUNCE, 90], openView('CE', 2))[0]).toMatchObject({ kind: 'EXIT', reason: 'midline' });
    expect(decide(BOUNCE, openView('CE', 1), context(), { midline: 41 })[0]).toMatchObject({
      reason: 'midline',
    });
  });

  it('a put exits once RSI falls to the midline', () => {
    expect(decide(FADE, openView('PE', 1))).toEqual([]); // RSI 58.8
    // 110 after 116: avg gain 1.25, avg loss 3.875 → RSI 24.4
    expect(decide([...FADE, 110], openView('PE', 2))[0]).toMatchObject({ reason: 'midline' });
  });

  it('stop_loss when the option has lost 30% of its entry premium, ahead of the midline', () => {
    const lost = (current: number) => openView('CE', 3, { entryPremium: 100, currentPremium: current });
    expect(decide(BOUNCE, lost(70))[0]).toMatchObject({ reason: 'stop_loss' });
    expect(decide(BOUNCE, lost(70.05))).toEqual([]);
    expect(decide([...BOUNCE, 90], lost(60))[0]).toMatchObject({ reason: 'stop_loss' });
    expect(decide(BOUNCE, lost(10), context(), { stopLossPct: 0 })).toEqual([]); // 0 turns it off
  });

  it('square_off on the bar closing at or after 15:15', () => {
    expect(decide(BOUNCE, openView('CE', 1), context(15 * 60 + 14))).toEqual([]);
    expect(decide(BOUNCE, openView('CE', 1), context(15 * 60 + 15))[0]).toMatchObject({
      reason: 'square_off',
    });
  });
});

describe('rsi-reversion parameters', () => {
  it('defaults, --set strings, and refusals', () => {
    expect(new RsiReversion().params).toMatchObject({
      timeframe: '5m',
      rsiPeriod: 14,
      oversold: 30,
      overbought: 70,
      midline: 50,
      stopLossPct: 30,
      lots: 1,
    });
    expect(new RsiReversion({}, { oversold: '25' }).params.oversold).toBe(25);
    expect(() => new RsiReversion({ oversold: 60 })).toThrow('need oversold < midline < overbought');
    expect(() => new RsiReversion({}, { rsi: '3' })).toThrow('unknown parameter(s) rsi');
    expect(RSI_REVERSION_PRESETS['nifty-2012']).toMatchObject({ instrument: 'NIFTY', lotSize: 50 });
  });

  it('is deterministic: two instances fed the same bars decide the same', () => {
    const closes = [100, 90, 80, 81, 84, 90, 95, 120, 119, 116, 110];
    const a = new RsiReversion({ rsiPeriod: 2 });
    const b = new RsiReversion({ rsiPeriod: 2 });
    for (const close of closes) {
      const bar = barAt('10:00', { open: close, close });
      expect(a.onBar(bar, flatView(), context())).toEqual(b.onBar(bar, flatView(), context()));
    }
  });
});
