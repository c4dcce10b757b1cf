import { type TradingState } from '@dalal/risk';

import { TradingStateGate, type TradingStateReader } from './trading-state-gate';

class StoredStates implements TradingStateReader {
  reads = 0;
  failure: Error | undefined;
  constructor(public state: TradingState) {}
  async effective() {
    this.reads += 1;
    if (this.failure) throw this.failure;
    return { state: this.state, actor: 'ops', reason: 'broker outage' };
  }
}

describe('the trading state gate', () => {
  it('reads the persisted state on every ask: a halt written by another process is obeyed at once', async () => {
    const stored = new StoredStates('ACTIVE');
    const gate = new TradingStateGate(stored);
    expect(await gate.refusal('emr', 'ENTER')).toBeUndefined();
    stored.state = 'HALTED';
    expect(await gate.refusal('emr', 'ENTER')).toBe(
      'trading is HALTED (kill switch): only cancels and flattening (ops: broker outage)',
    );
    expect(await gate.refusal('emr', 'EXIT')).toMatch(/HALTED/);
    expect(stored.reads).toBe(3);
  });

  it('REDUCING lets exits out and refuses entries', async () => {
    const gate = new TradingStateGate(new StoredStates('REDUCING'));
    expect(await gate.refusal('emr', 'ENTER')).toMatch(/REDUCING/);
    expect(await gate.refusal('emr', 'EXIT')).toBeUndefined();
  });

  it('fails closed: a state it cannot read refuses entries and exits alike', async () => {
    const stored = new StoredStates('ACTIVE');
    stored.failure = new Error('connection refused');
    const gate = new TradingStateGate(stored);
    expect(await gate.refusal('emr', 'ENTER')).toBe(
      'trading state unreadable, nothing is sent: connection refused',
    );
    expect(await gate.refusal('emr', 'EXIT')).toMatch(/unreadable/);
  });

  it('the kill switch’s flattening always goes out, without a read a database hiccup could fail', async () => {
    const stored = new StoredStates('HALTED');
    stored.failure = new Error('connection refused');
    const gate = new TradingStateGate(stored);
    gate.halt('ops pressed it');
    expect(await gate.refusal('emr', 'FLATTEN')).toBeUndefined();
    expect(stored.reads).toBe(0);
  });

  it('a KILL_SWITCH command halts the process before the database says so; REARM lifts only that', async () => {
    const stored = new StoredStates('ACTIVE');
    const gate = new TradingStateGate(stored);
    gate.halt('ops pressed it');
    expect(await gate.refusal('emr', 'EXIT')).toBe('kill switch engaged: ops pressed it');
    gate.liftLocalHalt();
    expect(await gate.refusal('emr', 'ENTER')).toBeUndefined();

    stored.state = 'HALTED';
    gate.halt('again');
    gate.liftLocalHalt();
    expect(await gate.refusal('emr', 'ENTER')).toMatch(/HALTED/);
  });
});
