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

  it('counts a released request from its answer: a slow answer holds the window open longer', async () => {
    let clock = 0;
    const limiter = new SlidingWindowLimiter([{ limit: 1, windowMs: 100 }], 0, () => clock);
    const release = await limiter.acquire(); // sent at 0
    clock = 80;
    release(); // answered at 80: the broker may have counted it as late as 80
    clock = 100; // 100 after sending, but only 20 after the answer
    let admitted = false;
    const next = limiter.acquire().then(() => (admitted = true));
    await new Promise((resolve) => setTimeout(resolve, 5));
    expect(admitted).toBe(false);
    clock = 180;
    await next;
    expect(admitted).toBe(true);
  });
});
