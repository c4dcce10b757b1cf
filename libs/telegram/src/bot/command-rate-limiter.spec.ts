import { CommandRateLimiter } from './command-rate-limiter';

describe('per-user command rate limit', () => {
  it('allows the limit within a sliding minute, warns once, then stays quiet until a slot frees', () => {
    const limiter = new CommandRateLimiter(2, 60_000);
    expect(limiter.take(1, 0)).toBe('allowed');
    expect(limiter.take(1, 10_000)).toBe('allowed');
    expect(limiter.take(1, 20_000)).toBe('first_excess');
    expect(limiter.take(1, 30_000)).toBe('excess');
    expect(limiter.take(2, 30_000)).toBe('allowed'); // another user has their own window
    expect(limiter.take(1, 60_001)).toBe('allowed'); // the command at 0 left the window
    expect(limiter.take(1, 60_002)).toBe('first_excess'); // a new warning after a new allowance
  });
});
