import { Decimal, dec } from '@dalal/domain';

import { decideIntent } from './decide-intent';
import { type RiskIntent } from './risk-intent';
import { parseRiskLimits, type RiskLimitsInput } from './risk-limits';
import { type RiskSnapshot } from './risk-snapshot';

const CE = 'NIFTY26D0825000CE';

/** A one-lot CE entry at 10:00 IST whose stop risks ₹2,600 a lot (premium 130 × lot 20). */
function entry(overrides: Partial<RiskIntent> = {}): RiskIntent {
  return {
    intentId: 'i-1',
    strategyId: 'ema',
    action: 'ENTER',
    legs: [{ instrument: CE, side: 'BUY', quantity: 20, lotSize: 20, price: dec('130') }],
    sizing: { kind: 'RISK', riskPerSet: dec('2600') },
    at: 0,
    minuteOfDay: 600,
    ...overrides,
  };
}

function snapshot(overrides: Partial<RiskSnapshot> = {}): RiskSnapshot {
  return {
    tradingState: 'ACTIVE',
    equity: dec('1000000'),
    tradesToday: 0,
    realizedNetToday: dec('0'),
    unrealized: dec('0'),
    peakPnlToday: dec('0'),
    consecutiveLosses: 0,
    hasOpenPosition: false,
    openPositions: 0,
    exitPending: false,
    openQuantity: () => 0,
    ...overrides,
  };
}

const limits = (input: RiskLimitsInput = {}) => parseRiskLimits(input);
const decide = (intent: RiskIntent, snap: RiskSnapshot, input: RiskLimitsInput = {}) =>
  decideIntent(intent, snap, limits(input));
const codeOf = (decision: ReturnType<typeof decide>) => (decision.approved ? 'APPROVED' : decision.code);
const setsOf = (decision: ReturnType<typeof decide>) => (decision.approved ? decision.sets : 0);

describe('sizing: 2% of equity at risk, in whole lots', () => {
  it('₹1,000,000 × 2% = ₹20,000 buys 7 lots at ₹2,600 a lot', () => {
    const decision = decide(entry(), snapshot());
    expect(setsOf(decision)).toBe(7);
    expect(decision.approved && decision.legs[0]!.quantity).toBe(140);
  });

  it('one lot only if it fits: a ₹20,020 lot is refused SIZE_BELOW_ONE_LOT', () => {
    expect(setsOf(decide(entry({ sizing: { kind: 'RISK', riskPerSet: dec('20000') } }), snapshot()))).toBe(1);
    expect(codeOf(decide(entry({ sizing: { kind: 'RISK', riskPerSet: dec('20020') } }), snapshot()))).toBe(
      'SIZE_BELOW_ONE_LOT',
    );
  });

  it('a fixed-size entry goes as the strategy sized it', () => {
    expect(setsOf(decide(entry({ sizing: { kind: 'FIXED' } }), snapshot()))).toBe(1);
  });
});

describe('consecutive losses', () => {
  it('halves the size after 2 losses in a row, never below one lot', () => {
    expect(setsOf(decide(entry(), snapshot({ consecutiveLosses: 1 })))).toBe(7);
    const halved = decide(entry(), snapshot({ consecutiveLosses: 2 }));
    expect(setsOf(halved)).toBe(3);
    expect(halved.approved && halved.halved).toBe(true);
    const dear = entry({ sizing: { kind: 'RISK', riskPerSet: dec('19000') } });
    expect(setsOf(decide(dear, snapshot({ consecutiveLosses: 2 })))).toBe(1);
  });

  it('pauses entries after M losses in a row when configured: LOSS_STREAK_PAUSE', () => {
    expect(codeOf(decide(entry(), snapshot({ consecutiveLosses: 3 }), { lossStreakToPause: 4 }))).toBe(
      'APPROVED',
    );
    expect(codeOf(decide(entry(), snapshot({ consecutiveLosses: 4 }), { lossStreakToPause: 4 }))).toBe(
      'LOSS_STREAK_PAUSE',
    );
  });
});

describe('daily limits', () => {
  it('at most 3 trades a day: the 4th is MAX_TRADES_PER_DAY', () => {
    expect(codeOf(decide(entry(), snapshot({ tradesToday: 2 })))).toBe('APPROVED');
    expect(codeOf(decide(entry(), snapshot({ tradesToday: 3 })))).toBe('MAX_TRADES_PER_DAY');
  });

  it('the ₹25,000 daily loss counts realized and unrealized: DAILY_LOSS_LIMIT', () => {
    expect(codeOf(decide(entry(), snapshot({ realizedNetToday: dec('-24999') })))).toBe('APPROVED');
    expect(codeOf(decide(entry(), snapshot({ realizedNetToday: dec('-25000') })))).toBe('DAILY_LOSS_LIMIT');
    const openLoss = snapshot({ realizedNetToday: dec('-15000'), unrealized: dec('-10000') });
    expect(codeOf(decide(entry(), openLoss))).toBe('DAILY_LOSS_LIMIT');
  });

  it('drawdown from the day’s peak: MAX_DRAWDOWN', () => {
    const gaveBack = (pnl: string) => snapshot({ peakPnlToday: dec('12000'), realizedNetToday: dec(pnl) });
    expect(codeOf(decide(entry(), gaveBack('4001'), { maxDrawdownFromPeak: 8000 }))).toBe('APPROVED');
    expect(codeOf(decide(entry(), gaveBack('4000'), { maxDrawdownFromPeak: 8000 }))).toBe('MAX_DRAWDOWN');
  });
});

describe('positions and quantities', () => {
  it('one position at a time by default: MAX_OPEN_POSITIONS counts entries on their way', () => {
    expect(codeOf(decide(entry(), snapshot({ openPositions: 1 })))).toBe('MAX_OPEN_POSITIONS');
    expect(codeOf(decide(entry(), snapshot({ openPositions: 1 }), { maxOpenPositions: 2 }))).toBe('APPROVED');
  });

  it('max open quantity per instrument: MAX_OPEN_QUANTITY', () => {
    const holding = snapshot({ openQuantity: (instrument) => (instrument === CE ? 60 : 0) });
    const fixed = entry({ sizing: { kind: 'FIXED' } });
    expect(codeOf(decide(fixed, holding, { maxOpenQuantity: 80, maxOpenPositions: 2 }))).toBe('APPROVED');
    expect(codeOf(decide(fixed, holding, { maxOpenQuantity: 79, maxOpenPositions: 2 }))).toBe(
      'MAX_OPEN_QUANTITY',
    );
  });

  it('above the freeze quantity an order is sliced, beyond maxFreezeSlices slices it is refused: FREEZE_LIMIT', () => {
    const big = entry({
      sizing: { kind: 'FIXED' },
      legs: [{ instrument: CE, side: 'BUY', quantity: 1800, lotSize: 75, freezeQuantity: 1800 }],
    });
    expect(codeOf(decide(big, snapshot(), { maxFreezeSlices: 1 }))).toBe('APPROVED');
    const bigger = { ...big, legs: [{ ...big.legs[0]!, quantity: 1875 }] };
    expect(codeOf(decide(bigger, snapshot(), { maxFreezeSlices: 1 }))).toBe('FREEZE_LIMIT');
  });

  it('the broker’s available margin must cover the premium bought: INSUFFICIENT_MARGIN', () => {
    // 7 lots × 20 × ₹130 = ₹18,200
    expect(codeOf(decide(entry(), snapshot({ availableMargin: dec('18200') })))).toBe('APPROVED');
    expect(codeOf(decide(entry(), snapshot({ availableMargin: dec('18199.95') })))).toBe(
      'INSUFFICIENT_MARGIN',
    );
  });
});

describe('time of day', () => {
  it('entries only inside the entry window: OUTSIDE_ENTRY_WINDOW', () => {
    const window = { entryFrom: '09:30', entryUntil: '14:30' } as const;
    expect(codeOf(decide(entry({ minuteOfDay: 9 * 60 + 30 }), snapshot(), window))).toBe('APPROVED');
    expect(codeOf(decide(entry({ minuteOfDay: 9 * 60 + 29 }), snapshot(), window))).toBe(
      'OUTSIDE_ENTRY_WINDOW',
    );
    expect(codeOf(decide(entry({ minuteOfDay: 14 * 60 + 31 }), snapshot(), window))).toBe(
      'OUTSIDE_ENTRY_WINDOW',
    );
  });

  it('no entries after the 15:15 square-off, nor within the configured minutes before it: NEAR_SQUARE_OFF', () => {
    expect(codeOf(decide(entry({ minuteOfDay: 15 * 60 + 15 }), snapshot()))).toBe('APPROVED');
    expect(codeOf(decide(entry({ minuteOfDay: 15 * 60 + 16 }), snapshot()))).toBe('NEAR_SQUARE_OFF');
    const quiet = { noEntryMinutesBeforeSquareOff: 15 };
    expect(codeOf(decide(entry({ minuteOfDay: 15 * 60 }), snapshot(), quiet))).toBe('APPROVED');
    expect(codeOf(decide(entry({ minuteOfDay: 15 * 60 + 1 }), snapshot(), quiet))).toBe('NEAR_SQUARE_OFF');
  });
});

describe('trading state', () => {
  it('HALTED refuses entries and exits (the kill switch flattens): TRADING_HALTED', () => {
    expect(codeOf(decide(entry(), snapshot({ tradingState: 'HALTED' })))).toBe('TRADING_HALTED');
    const exit = entry({ action: 'EXIT' });
    expect(codeOf(decide(exit, snapshot({ tradingState: 'HALTED', hasOpenPosition: true })))).toBe(
      'TRADING_HALTED',
    );
  });

  it('REDUCING refuses entries but lets exits through: TRADING_REDUCING', () => {
    expect(codeOf(decide(entry(), snapshot({ tradingState: 'REDUCING' })))).toBe('TRADING_REDUCING');
    const exit = entry({ action: 'EXIT' });
    expect(codeOf(decide(exit, snapshot({ tradingState: 'REDUCING', hasOpenPosition: true })))).toBe(
      'APPROVED',
    );
  });
});

describe('exits', () => {
  it('need an open position (NO_OPEN_POSITION) and no exit already working (EXIT_ALREADY_WORKING)', () => {
    const exit = entry({ action: 'EXIT' });
    expect(codeOf(decide(exit, snapshot()))).toBe('NO_OPEN_POSITION');
    expect(codeOf(decide(exit, snapshot({ hasOpenPosition: true, exitPending: true })))).toBe(
      'EXIT_ALREADY_WORKING',
    );
    expect(codeOf(decide(exit, snapshot({ hasOpenPosition: true, tradesToday: 99 })))).toBe('APPROVED');
  });
});

describe('warnings at 80% of a limit', () => {
  it('the 3rd trade of 3 warns (3/3); the 2nd (2/3 = 67%) does not', () => {
    const second = decide(entry(), snapshot({ tradesToday: 1 }));
    expect(second.warnings).toEqual([]);
    const third = decide(entry(), snapshot({ tradesToday: 2 }));
    expect(third.warnings).toEqual([
      expect.objectContaining({ limit: 'maxTradesPerDay', used: '3', limitValue: '3', ratio: 1 }),
    ]);
  });

  it('a ₹20,000 loss against ₹25,000 warns on the daily loss limit', () => {
    const decision = decide(entry(), snapshot({ realizedNetToday: new Decimal(-20000) }));
    expect(decision.warnings).toEqual([expect.objectContaining({ limit: 'dailyLossLimit', ratio: 0.8 })]);
  });
});

describe('limits as configuration', () => {
  it('refuses unknown keys and bad values, naming them; null or off turns a limit off', () => {
    expect(() => parseRiskLimits({ maxTradesPerDy: 2 })).toThrow('unknown risk setting(s) maxTradesPerDy');
    expect(() => parseRiskLimits({ riskPerTrade: '2' })).toThrow('riskPerTrade');
    expect(parseRiskLimits({ dailyLossLimit: 'off' }).dailyLossLimit).toBeNull();
    expect(parseRiskLimits({}, { maxTradesPerDay: '5' }, { maxTradesPerDay: 1 }).maxTradesPerDay).toBe(1);
  });
});
