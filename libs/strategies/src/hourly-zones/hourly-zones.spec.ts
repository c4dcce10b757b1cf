import { HourlyZones } from './hourly-zones';
import { HOURLY_ZONES_PRESETS } from './hourly-zones.presets';
import {
  EXPIRY,
  PREVIOUS_WEEK,
  QUIET_FIRST_BAR,
  contextOf,
  hour,
  lastIntents,
  onlyEntry,
} from './hourly-zones.testing';
import { STRATEGIES } from '../registry';
import { type OpenLegView, type PositionView } from '../strategy';
import { StrategyError } from '../strategy-error';
import { flatView, openView } from '../testing';

/** S4 fires on this hour (close 25,080 above the first bar's 25,060 high); its stop is 24,940. */
const S4_BREAKOUT = hour('10:15', { open: 25_020, high: 25_100, low: 25_010, close: 25_080 });
/** S5 fires on this hour (close 24,920 below the first bar's 24,940 low); its stop is 25,060. */
const S5_BREAKDOWN = hour('10:15', { open: 25_020, high: 25_030, low: 24_900, close: 24_920 });

const leg = (overrides: Partial<OpenLegView>): OpenLegView => ({
  optionType: 'PE',
  strike: 24_900,
  expiry: EXPIRY,
  side: 'SELL',
  lots: 1,
  quantity: 75,
  entryPrice: 60,
  ...overrides,
});

/** An open position of `signal` with a credit of 40 (₹ a unit) now worth `currentPremium`. */
const holding = (signal: string, currentPremium = -40, expiry = EXPIRY): PositionView =>
  openView(signal, 1, {
    legs: [leg({ side: 'BUY', strike: 24_700, entryPrice: 20, expiry }), leg({ expiry })],
    entryPremium: -40,
    currentPremium,
  });

/** A strategy that entered `signal` on `entryBars`' last bar, then sees `next` holding `view`. */
function afterEntry(
  entryBars: Parameters<typeof lastIntents>[0],
  next: ReturnType<typeof hour>,
  view: PositionView,
) {
  const strategy = new HourlyZones();
  onlyEntry(lastIntents(entryBars, {}, flatView(), strategy));
  return strategy.onBar(next, view, contextOf(next));
}

describe('hourly-zones stops act only on an hourly close beyond the level', () => {
  it('S4 (stop 24,940): an hour that trades down to 24,900 but closes at 24,960 keeps the position', () => {
    const wick = hour('11:15', { open: 25_000, high: 25_010, low: 24_900, close: 24_960 });
    expect(afterEntry([QUIET_FIRST_BAR, S4_BREAKOUT], wick, holding('S4'))).toEqual([]);
  });

  it('S4: an hourly close at 24,930, below 24,940, exits with stop_loss', () => {
    const close = hour('11:15', { open: 25_000, high: 25_010, low: 24_920, close: 24_930 });
    const intents = afterEntry([QUIET_FIRST_BAR, S4_BREAKOUT], close, holding('S4'));
    expect(intents).toEqual([expect.objectContaining({ kind: 'EXIT', reason: 'stop_loss' })]);
    expect(intents[0]!.indicators['stop']).toBe(24_940);
  });

  it('S4: a close exactly at the stop level is not beyond it', () => {
    const atLevel = hour('11:15', { open: 25_000, high: 25_010, low: 24_900, close: 24_940 });
    expect(afterEntry([QUIET_FIRST_BAR, S4_BREAKOUT], atLevel, holding('S4'))).toEqual([]);
  });

  it('S5 (stop 25,060): an hour spiking to 25,100 that closes at 25,050 keeps the call sold; 25,070 stops it', () => {
    const spike = hour('11:15', { open: 24_950, high: 25_100, low: 24_940, close: 25_050 });
    expect(afterEntry([QUIET_FIRST_BAR, S5_BREAKDOWN], spike, holding('S5'))).toEqual([]);
    const through = hour('11:15', { open: 24_950, high: 25_100, low: 24_940, close: 25_070 });
    expect(afterEntry([QUIET_FIRST_BAR, S5_BREAKDOWN], through, holding('S5'))).toEqual([
      expect.objectContaining({ kind: 'EXIT', reason: 'stop_loss' }),
    ]);
  });

  it('keeps the stop of the entry even after the week turns (next week’s first bar is elsewhere)', () => {
    const strategy = new HourlyZones();
    onlyEntry(lastIntents([QUIET_FIRST_BAR, S4_BREAKOUT], {}, flatView(), strategy));
    // Next Monday's first hour reaches down to 24,900 (a first-bar stop there would be lower), then an
    // hour closes at 24,930: below the S4 entry's own 24,940.
    const nextMonday = hour(
      '09:15',
      { open: 24_970, high: 24_990, low: 24_900, close: 24_960 },
      '2026-02-16',
    );
    expect(strategy.onBar(nextMonday, holding('S4', -40, '2026-02-19'), contextOf(nextMonday))).toEqual([]);
    const below = hour('10:15', { open: 24_960, high: 24_965, low: 24_920, close: 24_930 }, '2026-02-16');
    expect(strategy.onBar(below, holding('S4', -40, '2026-02-19'), contextOf(below))).toEqual([
      expect.objectContaining({ reason: 'stop_loss' }),
    ]);
  });
});

describe('hourly-zones other exits', () => {
  it('on the expiry day the hour closing at 15:15 exits with expiry_day; the 14:15 one does not', () => {
    const expiryDay = '2026-02-12';
    const strategy = new HourlyZones();
    onlyEntry(lastIntents([QUIET_FIRST_BAR, S4_BREAKOUT], {}, flatView(), strategy));
    const at1315 = hour('13:15', { open: 25_100, close: 25_110 }, expiryDay);
    expect(strategy.onBar(at1315, holding('S4'), contextOf(at1315))).toEqual([]);
    const at1415 = hour('14:15', { open: 25_100, close: 25_110 }, expiryDay);
    expect(strategy.onBar(at1415, holding('S4'), contextOf(at1415))).toEqual([
      expect.objectContaining({ kind: 'EXIT', reason: 'expiry_day' }),
    ]);
  });

  it('take_profit once half the 40 credit is in hand (spread bought back at 20), not at 21', () => {
    const calm = hour('11:15', { open: 25_080, high: 25_100, low: 25_070, close: 25_090 });
    expect(afterEntry([QUIET_FIRST_BAR, S4_BREAKOUT], calm, holding('S4', -21))).toEqual([]);
    expect(afterEntry([QUIET_FIRST_BAR, S4_BREAKOUT], calm, holding('S4', -20))).toEqual([
      expect.objectContaining({ kind: 'EXIT', reason: 'take_profit' }),
    ]);
  });

  it('takeProfitPct 0 switches the target off', () => {
    const strategy = new HourlyZones({ takeProfitPct: 0 });
    onlyEntry(lastIntents([QUIET_FIRST_BAR, S4_BREAKOUT], {}, flatView(), strategy));
    const calm = hour('11:15', { open: 25_080, high: 25_100, low: 25_070, close: 25_090 });
    expect(strategy.onBar(calm, holding('S4', -1), contextOf(calm))).toEqual([]);
  });

  it('leaves a position it did not open (another tag) alone', () => {
    const close = hour('11:15', { open: 25_000, high: 25_010, low: 24_920, close: 24_930 });
    expect(afterEntry([QUIET_FIRST_BAR, S4_BREAKOUT], close, holding('MANUAL'))).toEqual([]);
  });
});

describe('hourly-zones entries', () => {
  it('a bullish signal sells a put and buys the hedge 4 strikes lower, hedge first, fixed lots, no stop risk', () => {
    const intent = onlyEntry(lastIntents([QUIET_FIRST_BAR, S4_BREAKOUT], { lots: 3 }));
    expect(intent.legs).toEqual([
      { optionType: 'PE', strike: 24_700, expiry: EXPIRY, side: 'BUY', lots: 3, role: 'HEDGE' },
      { optionType: 'PE', strike: 24_900, expiry: EXPIRY, side: 'SELL', lots: 3, role: 'MAIN' },
    ]);
    // Fixed size: risk takes the legs' lots as they are (see EnterIntent.stopRisk).
    expect(intent.stopRisk).toBeUndefined();
    expect(intent.indicators['credit']).toBeGreaterThan(0);
    expect(intent.indicators['maxLoss']).toBeCloseTo(200 - intent.indicators['credit']!, 9);
    expect(intent.reason).toMatch(/^S4: /);
  });

  it('mainStrikeOffset moves the sold strike further out, the hedge with it', () => {
    const intent = onlyEntry(
      lastIntents([QUIET_FIRST_BAR, S5_BREAKDOWN], { mainStrikeOffset: 2, hedgeStrikes: 1 }),
    );
    expect(intent.legs.map((l) => [l.side, l.strike, l.optionType])).toEqual([
      ['BUY', 25_250, 'CE'],
      ['SELL', 25_200, 'CE'],
    ]);
  });

  it('no entry when the credit does not exceed minCredit', () => {
    expect(lastIntents([QUIET_FIRST_BAR, S4_BREAKOUT], { minCredit: 10_000 })).toEqual([]);
  });

  it('an inactive signal does not fire: with signals S1,S2 the S4 breakout is ignored', () => {
    expect(lastIntents([QUIET_FIRST_BAR, S4_BREAKOUT], { signals: 'S1,S2' })).toEqual([]);
  });

  it('no entry while an order is pending or a position is open', () => {
    expect(lastIntents([QUIET_FIRST_BAR, S4_BREAKOUT], {}, flatView({ pending: true }))).toEqual([]);
    expect(lastIntents([QUIET_FIRST_BAR, S4_BREAKOUT], {}, holding('S2', -35))).toEqual([]);
  });

  it('a signal waits 2 hours after firing: S2 at 10:15 again at 11:15 is skipped, at 12:15 fires', () => {
    const dip = (time: string) => hour(time, { open: 24_750, high: 24_780, low: 24_680, close: 24_760 });
    const strategy = new HourlyZones({ signals: ['S2'] });
    onlyEntry(lastIntents([QUIET_FIRST_BAR, dip('10:15')], {}, flatView(), strategy));
    // The entry was refused (still flat): the signal holds again on the next hours.
    expect(strategy.onBar(dip('11:15'), flatView(), contextOf(dip('11:15')))).toEqual([]);
    expect(onlyEntry(strategy.onBar(dip('12:15'), flatView(), contextOf(dip('12:15')))).tag).toBe('S2');
  });

  it('cooldownMinutes 0 lets the signal fire on consecutive hours', () => {
    const dip = (time: string) => hour(time, { open: 24_750, high: 24_780, low: 24_680, close: 24_760 });
    const strategy = new HourlyZones({ signals: ['S2'], cooldownMinutes: 0 });
    onlyEntry(lastIntents([QUIET_FIRST_BAR, dip('10:15')], {}, flatView(), strategy));
    expect(onlyEntry(strategy.onBar(dip('11:15'), flatView(), contextOf(dip('11:15')))).tag).toBe('S2');
  });

  it('no entry on the expiry day from 15:15: the position would be closed as it fills', () => {
    const strategy = new HourlyZones({ signals: ['S2'], cooldownMinutes: 0 });
    lastIntents([QUIET_FIRST_BAR], {}, flatView(), strategy);
    const dip = (time: string) =>
      hour(time, { open: 24_750, high: 24_780, low: 24_680, close: 24_760 }, EXPIRY);
    expect(onlyEntry(strategy.onBar(dip('13:15'), flatView(), contextOf(dip('13:15')))).tag).toBe('S2');
    expect(strategy.onBar(dip('14:15'), flatView(), contextOf(dip('14:15')))).toEqual([]);
  });
});

describe('hourly-zones parameters', () => {
  it('reads signals from --set text and refuses an unknown or repeated signal, naming the field', () => {
    expect(new HourlyZones({}, { signals: 'S1, S2' }).params.signals).toEqual(['S1', 'S2']);
    expect(new HourlyZones().params.signals).toEqual(['S1', 'S2', 'S3', 'S4', 'S5', 'S6', 'S7', 'S8']);
    expect(() => new HourlyZones({}, { signals: 'S1,S9' })).toThrow(/signals/);
    expect(() => new HourlyZones({}, { signals: 'S1,S1' })).toThrow(/signals: each signal at most once/);
    expect(() => new HourlyZones({}, { signals: '' })).toThrow(StrategyError);
    expect(() => new HourlyZones({}, { lots: '0' })).toThrow(/lots/);
  });

  it('stored parameters (JSON, signals as an array) build the same strategy again', () => {
    const first = new HourlyZones({}, { signals: 'S3,S1', lots: '2' });
    const again = new HourlyZones(JSON.parse(JSON.stringify(first.params)));
    expect(again.params).toEqual(first.params);
    expect(again.params.signals).toEqual(['S3', 'S1']);
  });

  it('only hourly bars: another timeframe is refused', () => {
    expect(() => new HourlyZones({}, { timeframe: '15m' })).toThrow(/timeframe/);
  });

  it('is registered with the users’ risk limits: 3 positions, ₹50,000 daily loss', () => {
    const definition = STRATEGIES['hourly-zones']!;
    expect(definition.riskDefaults).toMatchObject({ maxOpenPositions: 3, dailyLossLimit: 50_000 });
    expect(definition.create({}, { signals: 'S1' }).params['signals']).toEqual(['S1']);
  });

  it('the nifty-2012 preset scales the point thresholds by 5,900 / 25,000 and uses lot 50', () => {
    const preset = HOURLY_ZONES_PRESETS['nifty-2012']!;
    expect(preset.lotSize).toBe(50);
    const params = new HourlyZones(preset.params).params;
    expect(params.zoneMinWidth).toBeCloseTo(50 * 0.236, 0);
    expect(params.s1MinBody).toBeCloseTo(40 * 0.236, 0);
    expect(params.retestTolerance).toBeCloseTo(20 * 0.236, 0);
  });

  it('the nifty preset is the defaults at today’s level and is never picked by instrument', () => {
    const preset = HOURLY_ZONES_PRESETS['nifty']!;
    expect(new HourlyZones(preset.params).params).toEqual(new HourlyZones().params);
    expect(preset.instrument).toBeUndefined();
    expect(preset.lotSize).toBeUndefined();
  });

  it('is deterministic: two instances fed the same bars give the same intents', () => {
    const bars = [...PREVIOUS_WEEK, QUIET_FIRST_BAR, S4_BREAKOUT];
    const run = () => {
      const strategy = new HourlyZones();
      return bars.map((bar) => strategy.onBar(bar, flatView(), contextOf(bar)));
    };
    expect(run()).toEqual(run());
  });
});
