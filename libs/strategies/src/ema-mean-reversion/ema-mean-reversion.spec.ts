import { EmaMeanReversion } from './ema-mean-reversion';
import { EMA_MEAN_REVERSION_PRESETS } from './ema-mean-reversion.presets';
import { type EmaMeanReversionInput } from './ema-mean-reversion.params';
import { type EnterIntent, type PositionView, type StrategyContext } from '../strategy';
import { barAt, context, flatView, openView } from '../testing';

/**
 * Every scenario warms EMA10 and EMA20 with 20 flat bars at 80,000 (both EMAs exactly 80,000), then
 * feeds one hand-made bar. The CE setup bar (open 80,000, low 79,998, close 80,010) leaves EMA10 at
 * 80,001.82 and EMA20 at 80,000.95: green, EMA10 > EMA20, gap 0.87 ≤ 51, touch 1.82 < 21.
 */
const CE_SETUP = { open: 80_000, high: 80_012, low: 79_998, close: 80_010 };
const PE_SETUP = { open: 80_000, high: 80_002, low: 79_988, close: 79_990 };

function warmed(params: EmaMeanReversionInput = {}): EmaMeanReversion {
  const strategy = new EmaMeanReversion(params);
  for (let i = 0; i < 20; i++) {
    expect(strategy.onBar(barAt('09:15', { open: 80_000, close: 80_000 }), flatView(), context())).toEqual(
      [],
    );
  }
  return strategy;
}

function decide(
  bars: Array<{ open: number; high?: number; low?: number; close: number }>,
  view: PositionView = flatView(),
  ctx: StrategyContext = context(),
  params: EmaMeanReversionInput = {},
) {
  const strategy = warmed(params);
  let intents = strategy.onBar(barAt('10:00', bars[0]!), bars.length === 1 ? view : flatView(), ctx);
  for (let i = 1; i < bars.length; i++) {
    intents = strategy.onBar(barAt('10:00', bars[i]!), i === bars.length - 1 ? view : flatView(), ctx);
  }
  return intents;
}

const entered = (intents: readonly unknown[]): EnterIntent => {
  expect(intents).toHaveLength(1);
  const intent = intents[0] as EnterIntent;
  expect(intent.kind).toBe('ENTER');
  return intent;
};

describe('ema-mean-reversion entries', () => {
  it('CE entry on a green candle that dipped to EMA10 with EMA10 above EMA20', () => {
    const intent = entered(decide([CE_SETUP]));
    expect(intent.tag).toBe('CE');
    expect(intent.legs).toEqual([
      { optionType: 'CE', strike: 80_000, expiry: '2026-02-05', side: 'BUY', lots: 1 },
    ]);
    // the premium is the stop risk of one unit: risk sizes the lots from it (@dalal/risk)
    expect(intent.stopRisk).toBe(100);
    expect(intent.indicators.emaFast).toBeCloseTo(80_001.818, 3);
    expect(intent.indicators.emaSlow).toBeCloseTo(80_000.952, 3);
    expect(intent.indicators.touchDistance).toBeCloseTo(1.818, 3);
  });

  it('PE entry on the mirror: red candle, EMA10 below EMA20, high near EMA10', () => {
    const intent = entered(decide([PE_SETUP]));
    expect(intent.legs[0]).toMatchObject({ optionType: 'PE', side: 'BUY', strike: 80_000 });
  });

  it('no CE on a doji (close = open) even with everything else in place', () => {
    // a first green bar lifts EMA10 above EMA20; the doji after it must not trade
    expect(decide([CE_SETUP, { open: 80_010, high: 80_012, low: 80_001, close: 80_010 }])).toEqual([]);
  });

  it('no CE when EMA10 is below EMA20 (a green bar inside a down-leg)', () => {
    expect(
      decide([
        { open: 79_900, close: 79_900 },
        { open: 79_950, high: 79_960, low: 79_948, close: 79_955 },
      ]),
    ).toEqual([]);
  });

  it('EMA gap rule: the same CE bar is refused when |EMA10 − EMA20| (0.87) exceeds maxEmaGap', () => {
    expect(decide([CE_SETUP], flatView(), context(), { maxEmaGap: 0.8 })).toEqual([]);
    entered(decide([CE_SETUP], flatView(), context(), { maxEmaGap: 0.9 }));
  });

  it('touch rule: min(|open − EMA10|, |low − EMA10|) must be strictly below maxTouchDistance', () => {
    expect(decide([CE_SETUP], flatView(), context(), { maxTouchDistance: 1.8 })).toEqual([]);
    entered(decide([CE_SETUP], flatView(), context(), { maxTouchDistance: 1.9 }));
    // PE uses the high: min(|80,000 − 79,998.18|, |80,002 − 79,998.18|) = 1.82
    expect(decide([PE_SETUP], flatView(), context(), { maxTouchDistance: 1.8 })).toEqual([]);
  });
});

describe('ema-mean-reversion exits, first match wins', () => {
  it('CE stop_loss when the close falls below EMA20, ahead of the EMA cross it also causes', () => {
    const [intent] = decide([{ open: 80_000, close: 79_990 }], openView('CE', 1));
    expect(intent).toMatchObject({ kind: 'EXIT', reason: 'stop_loss' });
    expect(intent!.indicators.emaFast).toBeLessThan(intent!.indicators.emaSlow!);
  });

  it('CE ema_cross when EMA10 dips under EMA20 while the close is back above EMA20', () => {
    const [intent] = decide(
      [
        { open: 80_000, close: 79_900 },
        { open: 79_900, close: 79_995 },
      ],
      openView('CE', 2),
    );
    expect(intent).toMatchObject({ kind: 'EXIT', reason: 'ema_cross' });
    expect(intent!.indicators.close).toBeGreaterThan(intent!.indicators.emaSlow!);
  });

  it('CE take_profit when the close runs more than 150 points from EMA20', () => {
    expect(decide([{ open: 80_000, close: 80_400 }], openView('CE', 1))[0]).toMatchObject({
      reason: 'take_profit',
    });
    expect(decide([{ open: 80_000, close: 80_150 }], openView('CE', 1))).toEqual([]); // 135.7 from EMA20
  });

  it('CE time exit after 20 bars held, PE after 10', () => {
    expect(decide([CE_SETUP], openView('CE', 19))).toEqual([]);
    expect(decide([CE_SETUP], openView('CE', 20))[0]).toMatchObject({ reason: 'time' });
    const quietPe = { open: 80_000, close: 79_990 };
    expect(decide([quietPe], openView('PE', 9))).toEqual([]);
    expect(decide([quietPe], openView('PE', 10))[0]).toMatchObject({ reason: 'time' });
  });

  it('square_off on the bar closing at 15:15, not before', () => {
    expect(decide([CE_SETUP], openView('CE', 1), context(15 * 60 + 12))).toEqual([]);
    expect(decide([CE_SETUP], openView('CE', 1), context(15 * 60 + 15))[0]).toMatchObject({
      reason: 'square_off',
    });
  });

  it('PE stop_loss on a close above EMA20 and ema_cross when EMA10 climbs over EMA20', () => {
    expect(decide([{ open: 80_000, close: 80_010 }], openView('PE', 1))[0]).toMatchObject({
      reason: 'stop_loss',
    });
    const cross = decide(
      [
        { open: 80_000, close: 80_100 },
        { open: 80_100, close: 80_005 },
      ],
      openView('PE', 2),
    );
    expect(cross[0]).toMatchObject({ reason: 'ema_cross' });
  });
});

describe('ema-mean-reversion day rules and sizing', () => {
  it('one position at a time: an entry setup while holding or while an order is pending does nothing', () => {
    expect(decide([CE_SETUP], openView('PE', 1, {}), context())).toEqual([
      expect.objectContaining({ kind: 'EXIT' }), // the PE is stopped out, no CE is added
    ]);
    expect(decide([CE_SETUP], openView('CE', 1))).toEqual([]);
    expect(decide([CE_SETUP], flatView({ pending: true }))).toEqual([]);
  });

  it('no entries on bars closing after 15:00', () => {
    entered(decide([CE_SETUP], flatView(), context(15 * 60)));
    expect(decide([CE_SETUP], flatView(), context(15 * 60 + 3))).toEqual([]);
  });

  it('strike: ATM rounded to 100 before 12:00, ATM − 175 on the strike grid after', () => {
    expect(entered(decide([CE_SETUP], flatView(), context(11 * 60 + 59))).legs[0]!.strike).toBe(80_000);
    // 80,000 − 175 = 79,825 → 79,800 on the 100-point grid
    expect(entered(decide([PE_SETUP], flatView(), context(12 * 60))).legs[0]!.strike).toBe(79_800);
  });

  it('says where the risk is and leaves sizing to risk: stopRisk is the premium, one lot a set', () => {
    const intent = entered(decide([CE_SETUP], flatView(), context(600, { premium: () => 130 })));
    expect(intent.stopRisk).toBe(130);
    expect(intent.legs[0]!.lots).toBe(1);
  });

  it('EMAs carry across sessions: the first bar of a new day can trade on yesterday’s warm-up', () => {
    const strategy = warmed();
    const intents = strategy.onBar(barAt('09:15', CE_SETUP, '2026-02-03'), flatView(), context(9 * 60 + 18));
    entered(intents);
  });

  it('validates parameters with defaults and refuses unknown or bad ones', () => {
    expect(new EmaMeanReversion().params).toMatchObject({
      fastPeriod: 10,
      slowPeriod: 20,
      maxEmaGap: 51,
      timeframe: '3m',
    });
    expect(new EmaMeanReversion({}, { maxEmaGap: '4' }).params.maxEmaGap).toBe(4);
    expect(() => new EmaMeanReversion({}, { maxEmaGapp: '4' })).toThrow('unknown parameter(s) maxEmaGapp');
    expect(() => new EmaMeanReversion({}, { squareOffAt: '3pm' })).toThrow('squareOffAt: expected HH:MM');
    expect(new EmaMeanReversion(EMA_MEAN_REVERSION_PRESETS['nifty-2012']!.params).params.maxEmaGap).toBe(3.8);
  });
});
