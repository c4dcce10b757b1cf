import { type Fill, type OrderEvent, type OrderRequest, type StrategyIntent } from '@dalal/contracts';
import { BlackScholesPremiums } from '@dalal/simulator';
import {
  NO_INTENTS,
  type Intent,
  type PositionView,
  type Strategy,
  type StrategyContext,
} from '@dalal/strategies';

import { niftyBars } from '../testing/engine-harness';
import { StrategyRunner } from './strategy-runner';

const LOT = 75;

/** Says on its n-th bar (1-based) what the script says, and keeps every view it was shown. */
class ScriptedStrategy implements Strategy {
  readonly id = 'scripted';
  readonly timeframe = '1m' as const;
  readonly views: PositionView[] = [];
  private seen = 0;

  constructor(private readonly script: Record<number, (context: StrategyContext) => Intent[]>) {}

  onBar(_bar: unknown, position: PositionView, context: StrategyContext): readonly Intent[] {
    this.seen++;
    // A copy: the runner may reuse nothing, but the spec must see the view as it was on this bar.
    this.views.push(JSON.parse(JSON.stringify(position)) as PositionView);
    return this.script[this.seen]?.(context) ?? NO_INTENTS;
  }
}

const buyCe =
  (stopRisk?: number) =>
  (context: StrategyContext): Intent[] => [
    {
      kind: 'ENTER',
      tag: 'CE',
      legs: [{ optionType: 'CE', strike: 24000, expiry: context.currentExpiry, side: 'BUY', lots: 1 }],
      reason: 'ce_entry',
      indicators: { ema10: 23990.5 },
      ...(stopRisk === undefined ? {} : { stopRisk }),
    },
  ];
const exit = (): Intent[] => [{ kind: 'EXIT', reason: 'stop_loss', indicators: { ema10: 23950 } }];

function runnerWith(script: Record<number, (context: StrategyContext) => Intent[]>) {
  const strategy = new ScriptedStrategy(script);
  const runner = new StrategyRunner({
    instanceId: 'ema-1',
    underlying: 'NIFTY',
    timeframe: '1m',
    mode: 'paper',
    strategy,
    lotSize: LOT,
    premiums: new BlackScholesPremiums({ volatility: 0.15, rate: 0.065 }),
  });
  return { runner, strategy };
}

const bars = niftyBars([24000, 24010, 24020, 24030, 24040, 24050, 24060, 24070]);

function approve(intent: StrategyIntent, sets: number): OrderRequest {
  return {
    intentId: intent.intentId,
    strategyId: intent.strategyId,
    mode: 'paper',
    broker: 'paper',
    action: intent.action,
    legs: intent.legs.map((leg, i) => ({
      clientOrderId: `c${i}`,
      leg: { ...leg, quantity: leg.quantity * sets },
    })),
  };
}

function fill(intent: StrategyIntent, quantity: number, price: string, at: string): Fill {
  const leg = intent.legs[0]!;
  return {
    fillId: `${intent.intentId}-${quantity}-${price}`,
    clientOrderId: 'c0',
    intentId: intent.intentId,
    strategyId: intent.strategyId,
    instrument: leg.instrument,
    exchange: leg.exchange,
    side: leg.side,
    quantity,
    price,
    charges: '0',
    filledAt: at,
  };
}

describe('StrategyRunner', () => {
  it('a CE entry is pending until approved and filled, then open at the average fill; the exit sells what is held and leaves it flat', () => {
    const { runner, strategy } = runnerWith({ 1: buyCe(), 5: exit });
    const [entry] = runner.onBar(bars[0]!).intents;
    expect(entry).toMatchObject({ action: 'ENTER', tag: 'CE', sizing: { kind: 'FIXED' }, lotSize: LOT });
    expect(entry!.legs[0]).toMatchObject({ side: 'BUY', quantity: LOT, role: 'MAIN', exchange: 'NFO' });

    runner.onBar(bars[1]!); // no approval yet
    runner.approved(approve(entry!, 2)); // risk allowed two sets: 150
    runner.fill(fill(entry!, 100, '101.00', bars[2]!.openTime));
    runner.onBar(bars[2]!); // 100 of 150 filled: still pending
    runner.fill(fill(entry!, 50, '104.00', bars[3]!.openTime));
    runner.onBar(bars[3]!);
    const [exitIntent] = runner.onBar(bars[4]!).intents;
    runner.fill({ ...fill(exitIntent!, 150, '90.00', bars[5]!.openTime), side: 'SELL' });
    runner.onBar(bars[5]!);

    const views = strategy.views;
    expect(views.slice(0, 3).map((v) => [v.pending, v.open === null])).toEqual([
      [false, true],
      [true, true],
      [true, true],
    ]);
    expect(views[3]).toMatchObject({
      pending: false,
      entriesToday: 1,
      open: {
        tag: 'CE',
        barsHeld: 1,
        entryTime: Date.parse(bars[3]!.openTime),
        entryPremium: 102, // (100 × 101 + 50 × 104) ÷ 150
        legs: [{ optionType: 'CE', strike: 24000, side: 'BUY', quantity: 150, lots: 2, entryPrice: 102 }],
      },
    });
    expect(views[4]!.open?.barsHeld).toBe(2);
    expect(exitIntent).toMatchObject({
      action: 'EXIT',
      tradeId: entry!.intentId,
      reason: 'stop_loss',
      sizing: { kind: 'FIXED' },
      legs: [{ instrument: entry!.legs[0]!.instrument, side: 'SELL', quantity: 150 }],
    });
    expect(views[5]).toEqual({ open: null, pending: false, entriesToday: 1 });
  });

  it('an entry risk rejected leaves the runner flat, and the next entry goes', () => {
    const { runner, strategy } = runnerWith({ 1: buyCe(), 3: buyCe() });
    const [entry] = runner.onBar(bars[0]!).intents;
    runner.rejected(entry!.intentId);
    runner.onBar(bars[1]!);
    const second = runner.onBar(bars[2]!).intents;
    expect(strategy.views[1]).toEqual({ open: null, pending: false, entriesToday: 0 });
    expect(second.map((i) => i.action)).toEqual(['ENTER']);
  });

  it('with a stop risk the entry is risk-sized: ₹ a set = stop risk × units a set, as a decimal string', () => {
    const { runner } = runnerWith({ 1: buyCe(42.35) });
    const [entry] = runner.onBar(bars[0]!).intents;
    expect(entry!.sizing).toEqual({ kind: 'RISK', riskPerSet: '3176.25' }); // 42.35 × 75
  });

  it('the kill switch holds a new entry back but lets the exit of an open trade go', () => {
    const { runner } = runnerWith({ 1: buyCe(), 3: buyCe(), 4: exit });
    const [entry] = runner.onBar(bars[0]!).intents;
    runner.approved(approve(entry!, 1));
    runner.fill(fill(entry!, LOT, '100.00', bars[1]!.openTime));
    runner.onBar(bars[1]!);
    runner.halted = true;
    expect(runner.onBar(bars[2]!)).toEqual({
      intents: [],
      skipped: [
        {
          intentId: expect.stringMatching(/^ema-1-/) as string,
          why: expect.stringMatching(/kill switch/) as string,
        },
      ],
    });
    expect(runner.onBar(bars[3]!).intents.map((i) => [i.action, i.legs[0]!.quantity])).toEqual([
      ['EXIT', LOT],
    ]);
  });

  it('a bar seen twice (a redelivery) decides nothing the second time', () => {
    const { runner, strategy } = runnerWith({ 1: buyCe(), 2: buyCe() });
    expect(runner.onBar(bars[0]!).intents).toHaveLength(1);
    runner.rejected(runner.book.trade!.tradeId);
    expect(runner.onBar(bars[0]!).intents).toHaveLength(0);
    expect(strategy.views).toHaveLength(1);
  });

  it('an exit with nothing open is not sent', () => {
    const { runner } = runnerWith({ 1: exit });
    expect(runner.onBar(bars[0]!)).toEqual({
      intents: [],
      skipped: [{ intentId: expect.any(String) as string, why: 'no open position to exit' }],
    });
  });

  it('an entry the broker rejects outright leaves the runner flat, free to enter again', () => {
    const { runner, strategy } = runnerWith({ 1: buyCe(), 3: buyCe() });
    const [entry] = runner.onBar(bars[0]!).intents;
    runner.approved(approve(entry!, 1));
    expect(runner.orderEvent(ended('c0', 'REJECTED', LOT, 0))).toBe(true);
    runner.onBar(bars[1]!);
    expect(strategy.views[1]).toEqual({ open: null, pending: false, entriesToday: 0 });
    expect(runner.onBar(bars[2]!).intents.map((i) => i.action)).toEqual(['ENTER']);
  });

  it('an entry cancelled half filled is open for what filled; an exit the broker rejects leaves it open to exit again', () => {
    const { runner, strategy } = runnerWith({ 1: buyCe(), 3: exit, 5: exit });
    const [entry] = runner.onBar(bars[0]!).intents;
    runner.approved(approve(entry!, 2));
    runner.fill(fill(entry!, LOT, '100.00', bars[1]!.openTime));
    runner.orderEvent(ended('c0', 'CANCELLED', 2 * LOT, LOT));
    runner.onBar(bars[1]!);
    const [exitIntent] = runner.onBar(bars[2]!).intents;
    expect(exitIntent!.legs.map((l) => [l.side, l.quantity])).toEqual([['SELL', LOT]]);
    runner.approved({
      ...approve(exitIntent!, 1),
      legs: [{ clientOrderId: 'x0', leg: exitIntent!.legs[0]! }],
    });
    runner.orderEvent(ended('x0', 'REJECTED', LOT, 0));
    runner.onBar(bars[3]!);
    expect(strategy.views[3]).toMatchObject({ pending: false, open: { legs: [{ quantity: LOT }] } });
    expect(runner.onBar(bars[4]!).intents.map((i) => i.action)).toEqual(['EXIT']);
  });

  it('the risk manager’s 15:15 square-off (an intent of its own) closes the runner’s trade', () => {
    const { runner, strategy } = runnerWith({ 1: buyCe() });
    const [entry] = runner.onBar(bars[0]!).intents;
    runner.approved(approve(entry!, 1));
    runner.fill(fill(entry!, LOT, '100.00', bars[1]!.openTime));
    runner.onBar(bars[1]!);
    expect(strategy.views[1]!.open).not.toBeNull();
    const squareOff = {
      ...fill(entry!, LOT, '95.00', bars[2]!.openTime),
      intentId: 'square-off-1',
      side: 'SELL' as const,
    };
    expect(runner.fill(squareOff)).toBe(true);
    runner.onBar(bars[2]!);
    expect(strategy.views[2]).toEqual({ open: null, pending: false, entriesToday: 1 });
  });
});

function ended(
  clientOrderId: string,
  state: 'REJECTED' | 'CANCELLED',
  quantity: number,
  filled: number,
): OrderEvent {
  return {
    clientOrderId,
    state,
    quantity,
    filledQuantity: filled,
    reason: 'RMS: margin exceeds',
    at: bars[1]!.openTime,
  };
}
