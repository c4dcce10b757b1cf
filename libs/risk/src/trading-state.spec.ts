import { dec } from '@dalal/domain';

import {
  isTradingState,
  rearmRefusal,
  strictestTradingState,
  tradingStateChangeRefusal,
  tradingStateRefusal,
} from './trading-state';

describe('trading state', () => {
  it('ACTIVE lets entries, exits and flattening through', () => {
    expect(tradingStateRefusal('ACTIVE', 'ENTER')).toBeUndefined();
    expect(tradingStateRefusal('ACTIVE', 'EXIT')).toBeUndefined();
    expect(tradingStateRefusal('ACTIVE', 'FLATTEN')).toBeUndefined();
  });

  it('REDUCING refuses entries and lets exits through', () => {
    expect(tradingStateRefusal('REDUCING', 'ENTER')).toMatch(/exits only/);
    expect(tradingStateRefusal('REDUCING', 'EXIT')).toBeUndefined();
    expect(tradingStateRefusal('REDUCING', 'FLATTEN')).toBeUndefined();
  });

  it('HALTED refuses entries and strategy exits; only the kill switch flattening goes out', () => {
    expect(tradingStateRefusal('HALTED', 'ENTER')).toMatch(/HALTED/);
    expect(tradingStateRefusal('HALTED', 'EXIT')).toMatch(/HALTED/);
    expect(tradingStateRefusal('HALTED', 'FLATTEN')).toBeUndefined();
  });
});

describe('the strictest state in force', () => {
  it('an account halt wins over an ACTIVE strategy, a halted strategy wins over an ACTIVE account', () => {
    expect(strictestTradingState('HALTED', 'ACTIVE')).toBe('HALTED');
    expect(strictestTradingState('ACTIVE', 'HALTED')).toBe('HALTED');
    expect(strictestTradingState('REDUCING', 'ACTIVE')).toBe('REDUCING');
    expect(strictestTradingState('REDUCING', 'HALTED')).toBe('HALTED');
    expect(strictestTradingState('ACTIVE', 'ACTIVE')).toBe('ACTIVE');
    expect(strictestTradingState()).toBe('ACTIVE');
  });
});

describe('changing the trading state', () => {
  it('an automatic writer cannot lift a kill switch, not even to REDUCING', () => {
    expect(tradingStateChangeRefusal('HALTED', 'REDUCING', { rearm: false })).toMatch(/explicit re-arm/);
    expect(tradingStateChangeRefusal('HALTED', 'ACTIVE', { rearm: false })).toMatch(/explicit re-arm/);
  });

  it('a re-arm leaves HALTED; engaging again while HALTED is allowed (audited twice)', () => {
    expect(tradingStateChangeRefusal('HALTED', 'ACTIVE', { rearm: true })).toBeUndefined();
    expect(tradingStateChangeRefusal('HALTED', 'REDUCING', { rearm: true })).toBeUndefined();
    expect(tradingStateChangeRefusal('HALTED', 'HALTED', { rearm: false })).toBeUndefined();
  });

  it('a re-arm never halts and has nothing to do on an ACTIVE account', () => {
    expect(tradingStateChangeRefusal('REDUCING', 'HALTED', { rearm: true })).toMatch(/cannot set HALTED/);
    expect(tradingStateChangeRefusal('ACTIVE', 'ACTIVE', { rearm: true })).toMatch(/already ACTIVE/);
  });

  it('the kill switch and the daily loss rule may tighten from anywhere; REDUCING may relax to ACTIVE', () => {
    expect(tradingStateChangeRefusal('ACTIVE', 'HALTED', { rearm: false })).toBeUndefined();
    expect(tradingStateChangeRefusal('REDUCING', 'HALTED', { rearm: false })).toBeUndefined();
    expect(tradingStateChangeRefusal('ACTIVE', 'REDUCING', { rearm: false })).toBeUndefined();
    expect(tradingStateChangeRefusal('REDUCING', 'ACTIVE', { rearm: false })).toBeUndefined();
  });
});

describe('re-arming after the kill switch', () => {
  const open = [
    { instrument: 'NIFTY2622425000CE', quantity: dec('-75') },
    { instrument: 'NIFTY2622425000PE', quantity: dec('0') },
  ];

  it('is refused while a position from before the kill is open, naming it', () => {
    const refusal = rearmRefusal({ state: 'HALTED', openPositions: open, force: false });
    expect(refusal).toMatch(/1 position\(s\)/);
    expect(refusal).toMatch(/NIFTY2622425000CE -75/);
    expect(refusal).not.toMatch(/PE/);
  });

  it('goes through with force, or when every position is flat', () => {
    expect(rearmRefusal({ state: 'HALTED', openPositions: open, force: true })).toBeUndefined();
    expect(
      rearmRefusal({
        state: 'HALTED',
        openPositions: [{ instrument: 'X', quantity: dec('0') }],
        force: false,
      }),
    ).toBeUndefined();
    expect(rearmRefusal({ state: 'REDUCING', openPositions: [], force: false })).toBeUndefined();
  });

  it('is refused on an account that is already ACTIVE', () => {
    expect(rearmRefusal({ state: 'ACTIVE', openPositions: [], force: true })).toMatch(/already ACTIVE/);
  });
});

describe('reading a stored state', () => {
  it('knows the three states and nothing else', () => {
    expect(isTradingState('HALTED')).toBe(true);
    expect(isTradingState('halted')).toBe(false);
    expect(isTradingState(undefined)).toBe(false);
  });
});
