import { SlidingWindowLimiter } from './sliding-window-limiter';

describe('sliding window limiter', () => {
  it('admits at most the limit in any window, in arrival order', async () => {
    const limiter = new SlidingWindowLimiter([{ limit: 3, windowMs: 100 }], 10);
    const admitted: Array<[number, number]> = [];
    const t0 = Date.now();
    await Promise.all(
      Array.from({ length: 7 }, (_, i) => limiter.acquire().then(() => admitted.push([i, Date.now() - t0]))),
    );
    expect(admitted.map(([i]) => i)).toEqual([0, 1, 2, 3, 4, 5, 6]);
    for (let i = 3; i < admitted.length; i++) {
      expect(admitted[i]![1] - admitted[i - 3]![1]).toBeGreaterThanOrEqual(100);
    }
  });

  it('honours the tightest of several windows', async () => {
    const limiter = new SlidingWindowLimiter(
      [
        { limit: 10, windowMs: 50 },
        { limit: 2, windowMs: 150 },
      ],
      0,
    );
    const t0 = Date.now();
    for (let i = 0; i < 3; i++) await limiter.acquire();
    expect(Date.now() - t0).toBeGreaterThanOrEqual(140);
  });
});
