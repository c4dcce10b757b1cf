import { DEFAULT_BACKOFF, backoffDelay } from './backoff';

describe('reconnect backoff', () => {
  const mid = () => 0.5;

  it('doubles from 1 s and holds at 60 s without jitter', () => {
    const delays = Array.from({ length: 9 }, (_, i) => backoffDelay(i + 1, DEFAULT_BACKOFF, mid));
    expect(delays).toEqual([1000, 2000, 4000, 8000, 16000, 32000, 60000, 60000, 60000]);
  });

  it('jitter spreads each delay ±25 % but never below 1 s or above 60 s', () => {
    expect(backoffDelay(3, DEFAULT_BACKOFF, () => 0)).toBe(3000);
    expect(backoffDelay(3, DEFAULT_BACKOFF, () => 0.999999)).toBe(5000);
    expect(backoffDelay(1, DEFAULT_BACKOFF, () => 0)).toBe(1000);
    expect(backoffDelay(20, DEFAULT_BACKOFF, () => 0.999999)).toBe(60000);
    expect(backoffDelay(20, DEFAULT_BACKOFF, () => 0)).toBe(45000);
  });

  it('test-sized policies work the same way', () => {
    const policy = { initialMs: 10, maxMs: 40, factor: 2, jitter: 0 };
    expect([1, 2, 3, 4].map((a) => backoffDelay(a, policy, Math.random))).toEqual([10, 20, 40, 40]);
  });
});
