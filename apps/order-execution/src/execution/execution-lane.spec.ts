import { ExecutionLane } from './execution-lane';

function gate(): { promise: Promise<void>; open: () => void } {
  let open!: () => void;
  const promise = new Promise<void>((resolve) => (open = resolve));
  return { promise, open };
}

describe('the execution lane', () => {
  it('runs jobs one at a time, in the order they came', async () => {
    const lane = new ExecutionLane();
    const log: string[] = [];
    const first = gate();
    const a = lane.enqueue(async () => {
      log.push('a start');
      await first.promise;
      log.push('a end');
    });
    const b = lane.enqueue(async () => void log.push('b'));
    expect(lane.depth).toBe(1);
    first.open();
    await Promise.all([a, b]);
    expect(log).toEqual(['a start', 'a end', 'b']);
  });

  it('the kill switch goes next: after the job in progress, before everything queued, which is refused', async () => {
    const lane = new ExecutionLane();
    const log: string[] = [];
    const inProgress = gate();
    const running = lane.enqueue(async () => {
      log.push('running');
      await inProgress.promise;
      log.push('running done');
    });
    const queued = [1, 2, 3].map((n) =>
      lane.enqueue(
        async () => void log.push(`sent ${n}`),
        async (reason) => void log.push(`refused ${n}: ${reason}`),
      ),
    );
    const sync = lane.enqueue(async () => void log.push('sync'));

    expect(lane.refuseQueued('kill switch engaged: ops')).toBe(3);
    const flatten = lane.jumpQueue(async () => void log.push('flatten'));
    inProgress.open();
    await Promise.all([running, flatten, sync, ...queued]);

    expect(log).toEqual([
      'running',
      'running done',
      'flatten',
      'refused 1: kill switch engaged: ops',
      'refused 2: kill switch engaged: ops',
      'refused 3: kill switch engaged: ops',
      'sync',
    ]);
  });

  it('work queued after the kill runs normally (its own checks refuse it if still halted)', async () => {
    const lane = new ExecutionLane();
    const log: string[] = [];
    lane.refuseQueued('nothing queued');
    await lane.enqueue(
      async () => void log.push('sent'),
      async () => void log.push('refused'),
    );
    expect(log).toEqual(['sent']);
  });

  it('a failing job fails its own caller and the lane goes on', async () => {
    const lane = new ExecutionLane();
    const failing = lane.enqueue(async () => {
      throw new Error('broker exploded');
    });
    const next = lane.enqueue(async () => undefined);
    await expect(failing).rejects.toThrow('broker exploded');
    await expect(next).resolves.toBeUndefined();
  });
});
