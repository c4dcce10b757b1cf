import { tradingStateRefusal } from './trading-state';

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
