import { SmaCrossover } from './sma-crossover';
import { type PositionView } from '../strategy';
import { barAt, context, flatView, openView } from '../testing';

/** fast 2 / slow 3 SMAs over closes; returns the intents of the last bar. */
function run(closes: number[], view: PositionView = flatView(), minute = 600, params = {}) {
  const strategy = new SmaCrossover({ fastPeriod: 2, slowPeriod: 3, ...params });
  let intents: ReturnType<SmaCrossover['onBar']> = [];
  closes.forEach((close, i) => {
    intents = strategy.onBar(
      barAt('10:00', { open: close, close }),
      i === closes.length - 1 ? view : flatView({ pending: true }),
      context(minute),
    );
  });
  return intents;
}

describe('sma-crossover', () => {
  it('fast crossing above slow buys an ATM call on the strike grid', () => {
    // three equal closes, then 80,040: SMA2 80,020 > SMA3 80,013.3 → cross up
    const [intent] = run([80_000, 80_000, 80_000, 80_040]);
    expect(intent).toMatchObject({
      kind: 'ENTER',
      tag: 'CE',
      legs: [{ optionType: 'CE', strike: 80_000, lots: 1, side: 'BUY' }],
    });
  });

  it('fast crossing below slow buys an ATM put', () => {
    expect(run([80_000, 80_000, 80_000, 79_960])[0]).toMatchObject({ tag: 'PE' });
  });

  it('no entry without a fresh cross (fast already above), after 15:00, or while an order is pending', () => {
    expect(run([80_000, 80_000, 80_000, 80_040, 80_080])).toEqual([]);
    expect(run([80_000, 80_000, 80_000, 80_040], flatView(), 15 * 60 + 5)).toEqual([]);
    expect(run([80_000, 80_000, 80_000, 80_040], flatView({ pending: true }))).toEqual([]);
  });

  it('a call exits on the opposite cross, a put likewise; the same-side cross does nothing', () => {
    expect(run([80_000, 80_000, 80_000, 79_960], openView('CE', 3))[0]).toMatchObject({
      kind: 'EXIT',
      reason: 'opposite_cross',
    });
    expect(run([80_000, 80_000, 80_000, 80_040], openView('PE', 3))[0]).toMatchObject({
      reason: 'opposite_cross',
    });
    expect(run([80_000, 80_000, 80_000, 80_040], openView('CE', 3))).toEqual([]);
  });

  it('square_off at 15:15', () => {
    expect(run([80_000, 80_000, 80_000, 80_000], openView('CE', 3), 15 * 60 + 15)[0]).toMatchObject({
      reason: 'square_off',
    });
  });

  it('validates its parameters', () => {
    expect(() => new SmaCrossover({ fastPeriod: 21, slowPeriod: 9 })).toThrow(
      'fastPeriod must be below slowPeriod',
    );
    expect(new SmaCrossover().params).toMatchObject({
      fastPeriod: 9,
      slowPeriod: 21,
      timeframe: '5m',
      lots: 1,
    });
  });
});
