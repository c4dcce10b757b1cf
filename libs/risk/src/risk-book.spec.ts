import { dec } from '@dalal/domain';

import { RiskBook } from './risk-book';
import { StrategyRisk } from './strategy-risk';
import { parseRiskLimits } from './risk-limits';
import { type RiskIntent } from './risk-intent';

const fill = (tradeId: string, side: 'BUY' | 'SELL', price: string, charges = '20') => ({
  tradeId,
  instrument: 'NIFTY26D0825000CE',
  side,
  quantity: 75,
  price: dec(price),
  charges: dec(charges),
});

describe('RiskBook: the strategy’s risk state from its own decisions and fills', () => {
  it('a losing round trip books net P&L after charges, the streak and equity', () => {
    const book = new RiskBook(dec('500000'));
    book.startDay('2026-12-02');
    book.entryApproved('t1');
    expect(book.snapshot('ACTIVE')).toMatchObject({
      tradesToday: 1,
      openPositions: 1,
      hasOpenPosition: false,
    });
    book.applyFill(fill('t1', 'BUY', '100'));
    expect(book.snapshot('ACTIVE').hasOpenPosition).toBe(true);
    const closed = book.applyFill(fill('t1', 'SELL', '90'));
    expect(closed?.net.toString()).toBe('-790'); // 75 × −10 − 2 × 20
    const after = book.snapshot('ACTIVE');
    expect(after).toMatchObject({ openPositions: 0, consecutiveLosses: 1 });
    expect(after.realizedNetToday.toString()).toBe('-790');
    expect(after.equity.toString()).toBe('499210');
  });

  it('a win resets the losing streak; a new day resets the daily counters but not equity or the streak', () => {
    const book = new RiskBook(dec('500000'));
    book.startDay('2026-12-02');
    for (const [id, exit] of [
      ['a', '90'],
      ['b', '95'],
    ] as const) {
      book.entryApproved(id);
      book.applyFill(fill(id, 'BUY', '100'));
      book.applyFill(fill(id, 'SELL', exit));
    }
    expect(book.snapshot('ACTIVE').consecutiveLosses).toBe(2);
    book.startDay('2026-12-03');
    const next = book.snapshot('ACTIVE');
    expect(next).toMatchObject({ tradesToday: 0, consecutiveLosses: 2 });
    expect(next.realizedNetToday.toString()).toBe('0');
    book.entryApproved('c');
    book.applyFill(fill('c', 'BUY', '100'));
    book.applyFill(fill('c', 'SELL', '120'));
    expect(book.snapshot('ACTIVE').consecutiveLosses).toBe(0);
  });

  it('an entry that never fills frees its slot; the day’s peak follows realized + unrealized', () => {
    const book = new RiskBook(dec('500000'));
    book.startDay('2026-12-02');
    book.entryApproved('x');
    book.entryAbandoned('x');
    expect(book.snapshot('ACTIVE')).toMatchObject({ openPositions: 0, tradesToday: 1 });
    book.entryApproved('y');
    book.applyFill(fill('y', 'BUY', '100'));
    book.markUnrealized(dec('3000'));
    book.markUnrealized(dec('-500'));
    const snap = book.snapshot('ACTIVE');
    expect(snap.peakPnlToday.toString()).toBe('3000');
    expect(snap.unrealized.toString()).toBe('-500');
  });

  it('survives a restart: the persisted state carries today’s trades, P&L, peak and streak', () => {
    const book = new RiskBook(dec('500000'));
    book.startDay('2026-12-02');
    book.entryApproved('t1');
    book.applyFill(fill('t1', 'BUY', '100'));
    book.applyFill(fill('t1', 'SELL', '90'));
    const restored = RiskBook.fromState(JSON.parse(JSON.stringify(book.toState())));
    expect(restored.snapshot('ACTIVE')).toMatchObject({ tradesToday: 1, consecutiveLosses: 1 });
    expect(restored.snapshot('ACTIVE').realizedNetToday.toString()).toBe('-790');
    expect(restored.equity.toString()).toBe('499210');
  });
});

describe('StrategyRisk: the one door intents go through', () => {
  const intent = (id: string, at: number): RiskIntent => ({
    intentId: id,
    strategyId: 'ema',
    action: 'ENTER',
    legs: [{ instrument: 'NIFTY26D0825000CE', side: 'BUY', quantity: 75, lotSize: 75 }],
    sizing: { kind: 'FIXED' },
    at,
    minuteOfDay: 600,
  });
  const T = Date.parse('2026-12-02T04:30:00Z');

  it('books an approval at once, so the next intent sees the slot taken', () => {
    const risk = new StrategyRisk(parseRiskLimits({ duplicateWindowSeconds: 0 }));
    expect(risk.decide(intent('a', T), 'ACTIVE', 'a').approved).toBe(true);
    expect(risk.decide(intent('b', T + 180_000), 'ACTIVE', 'b')).toMatchObject({
      code: 'MAX_OPEN_POSITIONS',
    });
  });

  it('suppresses a redelivered intent and the same entry repeated within the window: DUPLICATE_INTENT', () => {
    const risk = new StrategyRisk(parseRiskLimits({ maxOpenPositions: 5 }));
    expect(risk.decide(intent('a', T), 'ACTIVE', 'a').approved).toBe(true);
    expect(risk.decide(intent('a', T), 'ACTIVE', 'a')).toMatchObject({ code: 'DUPLICATE_INTENT' });
    expect(risk.decide(intent('b', T + 59_000), 'ACTIVE', 'b')).toMatchObject({ code: 'DUPLICATE_INTENT' });
    expect(risk.decide(intent('c', T + 60_000), 'ACTIVE', 'c').approved).toBe(true);
  });
});
