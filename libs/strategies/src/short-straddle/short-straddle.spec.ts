import { SHORT_STRADDLE_PRESETS, ShortStraddle, type ShortStraddleInput } from './short-straddle';
import { type PositionView, type StrategyContext } from '../strategy';
import { barAt, context, flatView, openView } from '../testing';

const AT_0920 = 9 * 60 + 20;

function decide(
  view: PositionView = flatView(),
  ctx: StrategyContext = context(AT_0920),
  params: ShortStraddleInput = {},
  close = 80_040,
) {
  return new ShortStraddle(params).onBar(barAt('09:19', { open: close, close }), view, ctx);
}

/** A straddle sold for ₹200 (net −200) whose legs now cost `combined` to buy back. */
const straddle = (combined: number) =>
  openView('STRADDLE', 3, { entryPremium: -200, currentPremium: -combined });

describe('short-straddle entry', () => {
  it('at 09:20 sells the ATM call and put, same strike and expiry, one lot each', () => {
    const premium = ({ optionType }: { optionType: string }) => (optionType === 'CE' ? 310 : 290);
    const [intent] = decide(flatView(), context(AT_0920, { premium }));
    expect(intent).toMatchObject({
      kind: 'ENTER',
      tag: 'STRADDLE',
      legs: [
        { optionType: 'CE', strike: 80_000, expiry: '2026-02-05', side: 'SELL', lots: 1 },
        { optionType: 'PE', strike: 80_000, expiry: '2026-02-05', side: 'SELL', lots: 1 },
      ],
      indicators: { strike: 80_000, callPremium: 310, putPremium: 290, credit: 600 },
    });
    // ATM is the close on the strike grid: 80,060 rounds up to 80,100
    expect(decide(flatView(), context(AT_0920), {}, 80_060)[0]).toMatchObject({
      legs: [{ strike: 80_100 }, { strike: 80_100 }],
    });
  });

  it('not before 09:20 and not after 14:30 (a late bar still enters inside the window)', () => {
    expect(decide(flatView(), context(AT_0920 - 1))).toEqual([]);
    expect(decide(flatView(), context(14 * 60 + 30))[0]).toMatchObject({ kind: 'ENTER' });
    expect(decide(flatView(), context(14 * 60 + 31))).toEqual([]);
  });

  it('once a day, and never while an order is working', () => {
    expect(decide(flatView({ entriesToday: 1 }))).toEqual([]);
    expect(decide(flatView({ pending: true }))).toEqual([]);
    expect(decide(flatView({ entriesToday: 1 }), context(AT_0920), { maxEntriesPerDay: 2 })[0]).toMatchObject(
      {
        kind: 'ENTER',
      },
    );
  });
});

describe('short-straddle exits', () => {
  it('combined-premium stop: both legs bought back once they cost 25% more than the credit', () => {
    expect(decide(straddle(250))[0]).toMatchObject({
      kind: 'EXIT',
      reason: 'stop_loss',
      indicators: { credit: 200, combined: 250, stopAt: 250 },
    });
    expect(decide(straddle(249.95))).toEqual([]);
    expect(decide(straddle(219.95), context(AT_0920), { stopLossPct: 10 })).toEqual([]);
    expect(decide(straddle(220), context(AT_0920), { stopLossPct: 10 })[0]).toMatchObject({
      reason: 'stop_loss',
    });
  });

  it('the stop is on the pair: one leg doubling while the other collapses is no stop', () => {
    // call 100 → 180, put 100 → 60: combined 240 < 250
    expect(decide(straddle(240))).toEqual([]);
  });

  it('square_off at 15:15; holding never sells a second straddle', () => {
    expect(decide(straddle(200), context(15 * 60 + 14))).toEqual([]);
    expect(decide(straddle(200), context(15 * 60 + 15))[0]).toMatchObject({ reason: 'square_off' });
    expect(decide(straddle(150), context(AT_0920))).toEqual([]);
  });
});

describe('short-straddle parameters', () => {
  it('defaults, --set strings, and refusals', () => {
    expect(new ShortStraddle().params).toMatchObject({
      timeframe: '1m',
      entryAt: '09:20',
      lastEntryAt: '14:30',
      stopLossPct: 25,
      lots: 1,
      maxEntriesPerDay: 1,
      squareOffAt: '15:15',
    });
    expect(new ShortStraddle({}, { stopLossPct: '30' }).params.stopLossPct).toBe(30);
    expect(() => new ShortStraddle({ entryAt: '15:00' })).toThrow('entryAt must not be after lastEntryAt');
    expect(() => new ShortStraddle({}, { stop: '30' })).toThrow('unknown parameter(s) stop');
    expect(SHORT_STRADDLE_PRESETS['nifty-2012']).toMatchObject({ instrument: 'NIFTY', lotSize: 50 });
  });
});
