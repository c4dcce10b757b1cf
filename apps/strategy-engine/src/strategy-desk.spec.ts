import { join } from 'node:path';

import { type Alert, type StrategyIntent } from '@dalal/contracts';
import { optionInstrument } from '@dalal/kernel';
import { nextExpiry, type TradingCalendar } from '@dalal/market';

import { type EngineOutput, type SignalStore } from './engine-ports';
import { expiryCalendarFromFile } from './expiry-calendar';
import { type StrategyInstanceRow } from './runner/runner-setup';
import { StrategyDesk } from './strategy-desk';
import { CROSS_UP_CLOSES, FAST_SMA, niftyBars } from './testing/engine-harness';

class RecordedOutput implements EngineOutput {
  readonly intents: StrategyIntent[] = [];
  readonly alerts: Alert[] = [];
  failNext = false;

  async intent(intent: StrategyIntent): Promise<void> {
    if (this.failNext) {
      this.failNext = false;
      throw new Error('bus unavailable');
    }
    this.intents.push(intent);
  }

  async alert(alert: Alert): Promise<void> {
    this.alerts.push(alert);
  }
}

class MemorySignals implements SignalStore {
  readonly saved = new Map<string, StrategyIntent>();
  async save(intent: StrategyIntent): Promise<void> {
    if (!this.saved.has(intent.intentId)) this.saved.set(intent.intentId, intent);
  }
}

const quiet = { log: () => undefined, warn: () => undefined, error: () => undefined };

/** A desk over these enabled instances; `stored` are every instance the database holds. */
function desk(rows: StrategyInstanceRow[], stored: StrategyInstanceRow[] = rows, calendar?: TradingCalendar) {
  const output = new RecordedOutput();
  const signals = new MemorySignals();
  const engine = new StrategyDesk({
    instances: {
      enabled: async () => rows,
      find: async (id) => stored.find((r) => r.id === id) ?? null,
    },
    signals,
    output,
    warmUp: { barsFor: async () => [] },
    log: quiet,
    calendar,
  });
  return { engine, output, signals };
}

const sma = (id: string, extra: Partial<StrategyInstanceRow> = {}): StrategyInstanceRow => ({
  id,
  strategyId: 'sma-crossover',
  underlying: 'NIFTY',
  timeframe: '1m',
  params: FAST_SMA,
  mode: 'paper',
  ...extra,
});

describe('StrategyDesk', () => {
  it('an intent whose publish failed is stored once and sent when the bar is delivered again', async () => {
    const { engine, output, signals } = desk([sma('sma-1')]);
    await engine.start();
    const bars = niftyBars(CROSS_UP_CLOSES);
    for (const bar of bars.slice(0, 4)) await engine.onBar(bar);
    output.failNext = true;
    await expect(engine.onBar(bars[4]!)).rejects.toThrow('bus unavailable');
    expect(output.intents).toHaveLength(0);
    expect(signals.saved.size).toBe(1);

    await engine.onBar(bars[4]!); // the bus consumer's retry of the same message
    expect(output.intents.map((i) => i.action)).toEqual(['ENTER']);
    expect([...signals.saved.keys()]).toEqual([output.intents[0]!.intentId]);
  });

  it('an instance that cannot be built is left out with a CRITICAL alert naming the field; the rest start', async () => {
    const { engine, output } = desk([sma('bad', { timeframe: '2m' }), sma('good')]);
    await engine.start();
    expect(engine.runnerIds).toEqual(['good']);
    expect(output.alerts).toEqual([
      {
        severity: 'CRITICAL',
        code: 'strategy_not_started',
        message: 'strategy bad not started: strategy instance bad: unknown timeframe "2m"',
        details: { strategyId: 'bad' },
      },
    ]);
  });

  it('START_STRATEGY runs a stored instance that was not enabled; SET_MODE live stamps its intents live', async () => {
    const { engine, output } = desk([], [sma('later')]);
    await engine.start();
    expect(engine.runnerIds).toEqual([]);
    await engine.control({ command: 'START_STRATEGY', issuedBy: 'operator', strategyId: 'later' });
    await engine.control({ command: 'SET_MODE', issuedBy: 'operator', mode: 'live' });
    for (const bar of niftyBars(CROSS_UP_CLOSES)) await engine.onBar(bar);
    expect(engine.runnerIds).toEqual(['later']);
    expect(output.intents.map((i) => [i.strategyId, i.mode])).toEqual([['later', 'live']]);
  });

  it('replaying December 2012: expiries dated by the replayed file’s trading days; without them the runner stops', async () => {
    const file = join(__dirname, '..', '..', '..', '..', 'shared', 'data', 'nifty-2012-12-1m.csv');
    const calendar = expiryCalendarFromFile(file);
    const row = sma('sma-2012', { params: { ...FAST_SMA, lotSize: 50 } });
    const bars = niftyBars([5900, 5890, 5880, 5870, 5950], '09:15', '2012-12-03');

    const dated = desk([row], [row], calendar);
    await dated.engine.start();
    for (const bar of bars) await dated.engine.onBar(bar);
    const expiry = nextExpiry('NIFTY', '2012-12-03', { calendar }).date;
    expect(dated.output.intents.map((i) => [i.legs[0]!.instrument, i.legs[0]!.quantity])).toEqual([
      [optionInstrument('NIFTY', { expiry, strike: 5950, optionType: 'CE' }, calendar), 50],
    ]);

    const undated = desk([row]);
    await undated.engine.start();
    for (const bar of bars) await undated.engine.onBar(bar);
    expect(undated.output.intents).toEqual([]);
    expect(undated.output.alerts.map((a) => [a.code, a.details['strategyId']])).toEqual([
      ['strategy_failed', 'sma-2012'],
    ]);
    expect(undated.engine.runnerIds).toEqual([]);
  });
});
