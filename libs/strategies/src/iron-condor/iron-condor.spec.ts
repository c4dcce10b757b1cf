import { blackScholes, blackScholesPrice, fromIst, timeToExpiryYears } from '@dalal/market';

import { IRON_CONDOR_PRESETS, IronCondor, type IronCondorInput } from './iron-condor';
import { type EnterIntent, type OpenLegView, type PositionView, type StrategyContext } from '../strategy';
import { barAt, context, flatView, openView } from '../testing';

const EXPIRY = '2026-02-05';
const HISTORY = ['2026-01-27', '2026-01-28', '2026-01-29', '2026-01-30'];
const TODAY = '2026-02-02';
/** Small windows so a handful of hand-made sessions warm everything: EMA2/EMA3, ATR2, rank over 5 days. */
const SMALL: IronCondorInput = {
  trendFastPeriod: 2,
  trendSlowPeriod: 3,
  atrPeriod: 2,
  ivRankLookbackDays: 5,
  ivRankMinDays: 3,
};

const clock = (minute: number) =>
  `${String(Math.floor(minute / 60)).padStart(2, '0')}:${String(minute % 60).padStart(2, '0')}`;

/** A NIFTY-like context whose premiums are Black-Scholes at `vol`, so the ATM implied vol reads `vol`. */
function market(date: string, vol: number, spot: number, minute = 600): StrategyContext {
  const now = fromIst(date, clock(minute)).getTime();
  return context(minute, {
    underlying: 'NIFTY',
    date,
    now,
    lotSize: 75,
    strikeInterval: 50,
    currentExpiry: EXPIRY,
    premium: ({ optionType, strike, expiry }) =>
      blackScholesPrice({
        type: optionType,
        spot,
        strike,
        timeToExpiry: timeToExpiryYears(new Date(now), expiry),
        rate: 0.065,
        volatility: vol,
      }),
  });
}

interface Session {
  readonly date: string;
  readonly vol: number;
  readonly close?: number;
}

/**
 * One 10:00 bar (±10 points) per history session at its volatility, then today's bar, which alone
 * sees `view`. History vols 10%, 20%, 15%, 14% (one reading each) put 14% today at rank 40.
 */
function decide(
  today: Partial<Session> & { minute?: number } = {},
  view: PositionView = flatView(),
  params: IronCondorInput = {},
  history: Session[] = HISTORY.map((date, i) => ({ date, vol: [0.1, 0.2, 0.15, 0.14][i]! })),
) {
  const strategy = new IronCondor({ ...SMALL, ...params });
  const feed = (session: Session, v: PositionView, minute = 600) => {
    const close = session.close ?? 24_000;
    return strategy.onBar(
      barAt('10:00', { open: close, high: close + 10, low: close - 10, close }, session.date),
      v,
      market(session.date, session.vol, close, minute),
    );
  };
  for (const session of history) expect(feed(session, flatView({ pending: true }))).toEqual([]);
  return feed({ date: today.date ?? TODAY, vol: today.vol ?? 0.14, close: today.close }, view, today.minute);
}

const entered = (intents: readonly unknown[]): EnterIntent => {
  expect(intents).toHaveLength(1);
  const intent = intents[0] as EnterIntent;
  expect(intent.kind).toBe('ENTER');
  return intent;
};

const absDelta = (type: 'CE' | 'PE', strike: number, vol = 0.14) =>
  Math.abs(
    blackScholes({
      type,
      spot: 24_000,
      strike,
      timeToExpiry: timeToExpiryYears(fromIst(TODAY, '10:00'), EXPIRY),
      rate: 0.065,
      volatility: vol,
    }).delta,
  );

describe('iron-condor entry', () => {
  it('sells the ~0.16-delta call and put and buys wings 4 strikes beyond each', () => {
    const intent = entered(decide());
    expect(intent.tag).toBe('IRON_CONDOR');
    const [longPut, longCall, shortPut, shortCall] = intent.legs;
    expect(intent.legs.map((leg) => `${leg.side} ${leg.optionType}`)).toEqual([
      'BUY PE',
      'BUY CE',
      'SELL PE',
      'SELL CE',
    ]);
    expect(longPut!.strike).toBe(shortPut!.strike - 200);
    expect(longCall!.strike).toBe(shortCall!.strike + 200);
    for (const [type, strike] of [
      ['CE', shortCall!.strike],
      ['PE', shortPut!.strike],
    ] as const) {
      const gap = (k: number) => Math.abs(absDelta(type, k) - 0.16);
      expect(gap(strike)).toBeLessThan(gap(strike - 50));
      expect(gap(strike)).toBeLessThan(gap(strike + 50));
    }
    expect(intent.legs.every((leg) => leg.expiry === EXPIRY)).toBe(true);
    expect(intent.indicators.iv).toBeCloseTo(0.14, 6);
    expect(intent.indicators.ivRank).toBeCloseTo(40, 6);
  });

  it('IV rank: 100 × (today − min) / (max − min) over the daily readings must be ≥ 30', () => {
    expect(decide({ vol: 0.12 })).toEqual([]); // rank 20
    entered(decide({ vol: 0.12 }, flatView(), { minIvRank: 20 }));
    expect(decide({ vol: 0.14 }, flatView(), { minIvRank: 41 })).toEqual([]);
    entered(decide({ vol: 0.25 })); // above the year's high: rank 100
  });

  it('IV rank needs ivRankMinDays readings, and only the last ivRankLookbackDays count', () => {
    expect(decide({}, flatView(), { ivRankMinDays: 5 })).toEqual([]); // 4 readings
    // look-back 2: readings 15% and 14% only, so 14% ranks 0
    expect(decide({}, flatView(), { ivRankLookbackDays: 2, ivRankMinDays: 2 })).toEqual([]);
  });

  it('a volatility that has not moved has no rank worth selling: flat readings rank 0', () => {
    const flat = HISTORY.map((date) => ({ date, vol: 0.15 }));
    expect(decide({ vol: 0.15 }, flatView(), {}, flat)).toEqual([]);
  });

  it('ivSource=realized ranks the σ of log returns instead (for data without option prices)', () => {
    const flat = HISTORY.map((date) => ({ date, vol: 0.15 }));
    // closes flat for four sessions (σ 0, two readings once the 2-return window fills), then +50
    const realized = {
      ivSource: 'realized',
      realizedVolBars: 2,
      ivRankMinDays: 2,
      maxTrendStrength: 10,
    } as const;
    const intent = entered(decide({ vol: 0.15, close: 24_050 }, flatView(), realized, flat));
    expect(intent.indicators.ivRank).toBeCloseTo(100, 9);
    expect(intent.indicators.volatility).toBeGreaterThan(0);
    expect(
      decide({ vol: 0.15, close: 24_050 }, flatView(), { ...realized, ivSource: 'implied' }, flat),
    ).toEqual([]);
  });

  it('trend weak: |EMAfast − EMAslow| ≤ maxTrendStrength × ATR', () => {
    // five sessions climbing 100 points each: EMA2 24,350 vs EMA5 24,200, ATR2 110 → strength 1.36
    const climbing = HISTORY.map((date, i) => ({
      date,
      vol: [0.1, 0.2, 0.15, 0.14][i]!,
      close: 24_000 + 100 * i,
    }));
    const trend = (params: IronCondorInput) =>
      decide({ close: 24_400 }, flatView(), { trendSlowPeriod: 5, ...params }, climbing);
    const strength = entered(trend({ maxTrendStrength: 100 })).indicators.trendStrength!;
    expect(strength).toBeCloseTo(150 / 110, 9);
    expect(trend({})).toEqual([]);
    entered(trend({ maxTrendStrength: 1.37 }));
    expect(trend({ maxTrendStrength: 1.36 })).toEqual([]);
  });

  it('stop risk is one wing width less the credit; wings are HEDGE legs, shorts MAIN', () => {
    const intent = entered(decide({}));
    const { credit, maxLoss } = intent.indicators as { credit: number; maxLoss: number };
    expect(maxLoss).toBeCloseTo(200 - credit, 9);
    expect(intent.stopRisk).toBe(maxLoss);
    expect(intent.legs.map((leg) => leg.role)).toEqual(['HEDGE', 'HEDGE', 'MAIN', 'MAIN']);
  });

  it('entry window 09:30–14:30, not on the expiry day, once a day, not with an order working', () => {
    expect(decide({ minute: 9 * 60 + 29 })).toEqual([]);
    entered(decide({ minute: 9 * 60 + 30 }));
    expect(decide({ minute: 14 * 60 + 31 })).toEqual([]);
    expect(decide({ date: EXPIRY })).toEqual([]);
    expect(decide({}, flatView({ entriesToday: 1 }))).toEqual([]);
    expect(decide({}, flatView({ pending: true }))).toEqual([]);
  });
});

/** A condor sold for ₹40 a unit whose legs now cost `cost` to buy back. */
const condor = (cost: number, expiry = EXPIRY) =>
  openView('IRON_CONDOR', 3, { entryPremium: -40, currentPremium: -cost, legs: [{ expiry } as OpenLegView] });

describe('iron-condor exits, first match wins', () => {
  it('take_profit at 50% of the maximum profit (the credit): cost to close 20', () => {
    expect(decide({}, condor(20))[0]).toMatchObject({
      kind: 'EXIT',
      reason: 'take_profit',
      indicators: { credit: 40, pnl: 20 },
    });
    expect(decide({}, condor(20.05))).toEqual([]);
  });

  it('stop_loss at a loss of 2× the credit: cost to close 120', () => {
    expect(decide({}, condor(120))[0]).toMatchObject({ reason: 'stop_loss', indicators: { pnl: -80 } });
    expect(decide({}, condor(119.95))).toEqual([]);
  });

  it('expiry_day: on the legs’ expiry day from the bar closing at 09:30, whatever the P&L', () => {
    expect(decide({ minute: 9 * 60 + 15 }, condor(40, TODAY))).toEqual([]);
    expect(decide({ minute: 9 * 60 + 30 }, condor(40, TODAY))[0]).toMatchObject({ reason: 'expiry_day' });
    expect(decide({ minute: 15 * 60 }, condor(40))).toEqual([]);
  });

  it('while holding, a fresh setup adds nothing', () => {
    expect(decide({}, condor(40))).toEqual([]);
  });
});

describe('iron-condor parameters', () => {
  it('defaults, --set strings, and refusals', () => {
    expect(new IronCondor().params).toMatchObject({
      timeframe: '15m',
      shortDelta: 0.16,
      wingStrikes: 4,
      minIvRank: 30,
      ivSource: 'implied',
      ivRankLookbackDays: 252,
      ivRankMinDays: 20,
      maxTrendStrength: 1,
      takeProfitPct: 50,
      stopLossCreditMultiple: 2,
    });
    expect(new IronCondor({}, { minIvRank: '50' }).params.minIvRank).toBe(50);
    expect(() => new IronCondor({}, { ivSource: 'vix' })).toThrow('ivSource');
    expect(() => new IronCondor({ ivRankMinDays: 300 })).toThrow('ivRankMinDays must not exceed');
    expect(() => new IronCondor({}, { ivRank: '30' })).toThrow('unknown parameter(s) ivRank');
    expect(IRON_CONDOR_PRESETS['nifty-2012']).toMatchObject({
      instrument: 'NIFTY',
      lotSize: 50,
      params: { ivSource: 'realized' },
    });
  });
});
