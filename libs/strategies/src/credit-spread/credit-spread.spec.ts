import { superTrendSeries } from '@dalal/indicators';
import { blackScholes, blackScholesPrice, fromIst, timeToExpiryYears, type Bar } from '@dalal/market';

import { CREDIT_SPREAD_PRESETS, CreditSpread, type CreditSpreadInput } from './credit-spread';
import { type EnterIntent, type OpenLegView, type PositionView, type StrategyContext } from '../strategy';
import { barAt, context, flatView, openView } from '../testing';

/** Bars ±10 around each close; SuperTrend(2, 1) reads UP as an up-trend and DOWN as a down-trend. */
const bars = (closes: number[]): Bar[] =>
  closes.map((close) => barAt('10:00', { open: close, high: close + 10, low: close - 10, close }));
const UP = bars([24_000, 24_010, 24_020, 24_100]);
const DOWN = bars([24_100, 24_090, 24_080, 24_000]);
const ST = { superTrendPeriod: 2, superTrendMultiplier: 1 } as const;

/** A NIFTY-like context on `date` at `minute`, pricing every option with Black-Scholes at 15%. */
function market(minute = 600, date = '2026-02-02', spot = 24_100): StrategyContext {
  const now = fromIst(
    date,
    `${String(Math.floor(minute / 60)).padStart(2, '0')}:${String(minute % 60).padStart(2, '0')}`,
  ).getTime();
  return context(minute, {
    underlying: 'NIFTY',
    date,
    now,
    lotSize: 75,
    strikeInterval: 50,
    currentExpiry: '2026-02-05',
    premium: ({ optionType, strike, expiry }) =>
      blackScholesPrice({
        type: optionType,
        spot,
        strike,
        timeToExpiry: timeToExpiryYears(new Date(now), expiry),
        rate: 0.065,
        volatility: 0.15,
      }),
  });
}

function decide(
  series: Bar[],
  view: PositionView = flatView(),
  ctx: StrategyContext = market(600, '2026-02-02', series.at(-1)!.close),
  params: CreditSpreadInput = {},
) {
  const strategy = new CreditSpread({ ...ST, ...params });
  let intents: ReturnType<CreditSpread['onBar']> = [];
  series.forEach((bar, i) => {
    intents = strategy.onBar(bar, i === series.length - 1 ? view : flatView({ pending: true }), ctx);
  });
  return intents;
}

const entered = (intents: readonly unknown[]): EnterIntent => {
  expect(intents).toHaveLength(1);
  const intent = intents[0] as EnterIntent;
  expect(intent.kind).toBe('ENTER');
  return intent;
};

/** |delta| of `strike` at the context's time and `spot`, 15%. */
const absDelta = (type: 'CE' | 'PE', strike: number, spot = 24_100) =>
  Math.abs(
    blackScholes({
      type,
      spot,
      strike,
      timeToExpiry: timeToExpiryYears(new Date(market().now), '2026-02-05'),
      rate: 0.065,
      volatility: 0.15,
    }).delta,
  );

describe('credit-spread fixtures', () => {
  it('SuperTrend(2, 1) reads UP as an up-trend and DOWN as a down-trend', () => {
    expect(superTrendSeries(UP, 2, 1).at(-1)!.direction).toBe(1);
    expect(superTrendSeries(DOWN, 2, 1).at(-1)!.direction).toBe(-1);
  });
});

describe('credit-spread entries', () => {
  it('up-trend: bull put spread — sell the ~0.30-delta put, buy the put 4 strikes below', () => {
    const intent = entered(decide(UP));
    expect(intent.tag).toBe('BULL_PUT');
    const [wing, short] = intent.legs;
    expect(wing).toMatchObject({ optionType: 'PE', side: 'BUY', expiry: '2026-02-05' });
    expect(short).toMatchObject({ optionType: 'PE', side: 'SELL' });
    expect(wing!.strike).toBe(short!.strike - 4 * 50);
    const gap = (strike: number) => Math.abs(absDelta('PE', strike) - 0.3);
    expect(gap(short!.strike)).toBeLessThan(gap(short!.strike - 50));
    expect(gap(short!.strike)).toBeLessThan(gap(short!.strike + 50));
    expect(intent.indicators.iv).toBeCloseTo(0.15, 6);
    expect(intent.indicators.direction).toBe(1);
  });

  it('down-trend: bear call spread — sell the ~0.30-delta call, buy the call 4 strikes above', () => {
    const intent = entered(decide(DOWN));
    expect(intent.tag).toBe('BEAR_CALL');
    const [wing, short] = intent.legs;
    expect(short).toMatchObject({ optionType: 'CE', side: 'SELL' });
    expect(wing).toMatchObject({ optionType: 'CE', side: 'BUY', strike: short!.strike + 200 });
    const gap = (strike: number) => Math.abs(absDelta('CE', strike, 24_000) - 0.3);
    expect(gap(short!.strike)).toBeLessThan(gap(short!.strike - 50));
    expect(gap(short!.strike)).toBeLessThan(gap(short!.strike + 50));
  });

  it('shortDelta and wingStrikes move the strikes', () => {
    const base = entered(decide(UP)).legs;
    const far = entered(decide(UP, flatView(), undefined, { shortDelta: 0.1, wingStrikes: 2 })).legs;
    expect(far[1]!.strike).toBeLessThan(base[1]!.strike);
    expect(far[0]!.strike).toBe(far[1]!.strike - 100);
  });

  it('stop risk is the wing width less the credit; one lot a leg a set, the bought wing a HEDGE', () => {
    const intent = entered(decide(UP));
    const { credit, maxLoss } = intent.indicators as { credit: number; maxLoss: number };
    expect(maxLoss).toBeCloseTo(200 - credit, 9);
    expect(intent.stopRisk).toBe(maxLoss);
    expect(intent.legs.map((leg) => [leg.side, leg.lots, leg.role])).toEqual([
      ['BUY', 1, 'HEDGE'],
      ['SELL', 1, 'MAIN'],
    ]);
  });

  it('entry window 09:30–14:30, never on the expiry day, once a day, never with an order working', () => {
    expect(decide(UP, flatView(), market(9 * 60 + 29))).toEqual([]);
    entered(decide(UP, flatView(), market(9 * 60 + 30)));
    entered(decide(UP, flatView(), market(14 * 60 + 30)));
    expect(decide(UP, flatView(), market(14 * 60 + 31))).toEqual([]);
    expect(decide(UP, flatView(), market(600, '2026-02-05'))).toEqual([]);
    entered(decide(UP, flatView(), market(600, '2026-02-05'), { minDaysToExpiry: 0 }));
    expect(decide(UP, flatView({ entriesToday: 1 }))).toEqual([]);
    expect(decide(UP, flatView({ pending: true }))).toEqual([]);
  });
});

/** A spread sold for ₹40 a unit whose legs now cost `cost` to close. */
const spread = (tag: string, cost: number, expiry = '2026-02-05') =>
  openView(tag, 2, {
    entryPremium: -40,
    currentPremium: -cost,
    legs: [{ expiry } as OpenLegView],
  });

describe('credit-spread exits, first match wins', () => {
  it('stop_loss once the loss is one credit (cost to close 80), not before', () => {
    expect(decide(UP, spread('BULL_PUT', 80))[0]).toMatchObject({ kind: 'EXIT', reason: 'stop_loss' });
    expect(decide(UP, spread('BULL_PUT', 79.95))).toEqual([]);
    expect(decide(UP, spread('BULL_PUT', 100), undefined, { stopLossCreditMultiple: 2 })).toEqual([]);
  });

  it('take_profit once half the credit is kept (cost to close 20)', () => {
    expect(decide(UP, spread('BULL_PUT', 20))[0]).toMatchObject({
      reason: 'take_profit',
      indicators: { credit: 40, pnl: 20 },
    });
    expect(decide(UP, spread('BULL_PUT', 20.05))).toEqual([]);
  });

  it('trend_reversal: a bull put exits in a down-trend, a bear call in an up-trend', () => {
    expect(decide(DOWN, spread('BULL_PUT', 40))[0]).toMatchObject({ reason: 'trend_reversal' });
    expect(decide(UP, spread('BEAR_CALL', 40))[0]).toMatchObject({ reason: 'trend_reversal' });
    expect(decide(DOWN, spread('BEAR_CALL', 40))).toEqual([]);
  });

  it('expiry_day: on the legs’ expiry day, from the bar closing at 09:30', () => {
    const onExpiry = spread('BULL_PUT', 40, '2026-02-02');
    expect(decide(UP, onExpiry, market(9 * 60 + 15))).toEqual([]);
    expect(decide(UP, onExpiry, market(9 * 60 + 30))[0]).toMatchObject({ reason: 'expiry_day' });
    expect(decide(UP, spread('BULL_PUT', 40), market(9 * 60 + 30))).toEqual([]); // expiry still ahead
  });
});

describe('credit-spread parameters', () => {
  it('defaults, --set strings, and refusals', () => {
    expect(new CreditSpread().params).toMatchObject({
      timeframe: '15m',
      shortDelta: 0.3,
      wingStrikes: 4,
      takeProfitPct: 50,
      stopLossCreditMultiple: 1,
      minDaysToExpiry: 1,
    });
    expect(new CreditSpread({}, { shortDelta: '0.2' }).params.shortDelta).toBe(0.2);
    expect(() => new CreditSpread({}, { shortDelta: '1.2' })).toThrow('shortDelta');
    expect(() => new CreditSpread({}, { delta: '0.2' })).toThrow('unknown parameter(s) delta');
    expect(CREDIT_SPREAD_PRESETS['nifty-2012']).toMatchObject({ instrument: 'NIFTY', lotSize: 50 });
  });
});
