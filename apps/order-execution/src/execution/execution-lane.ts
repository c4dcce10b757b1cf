interface Job {
  run: () => Promise<void>;
  /** Present on work that may be refused instead of run (order submissions); syncs have none. */
  refuse?: (reason: string) => Promise<void>;
  refusedBecause?: string;
  settle: { resolve: () => void; reject: (err: unknown) => void };
}

/**
 * One job at a time, as an explicit queue rather than a promise chain, so the kill switch can see what
 * is waiting: it turns every queued submission into its refusal and puts its own work at the front.
 * The job in progress is never interrupted (a broker call in flight cannot be taken back); it notices
 * the kill itself, because the trading state is checked before every child order.
 */
export class ExecutionLane {
  private readonly queue: Job[] = [];
  private running = false;

  /** Jobs waiting, not counting the one in progress. */
  get depth(): number {
    return this.queue.length;
  }

  /** Runs `run` after everything already queued; `refuse` replaces it if the kill switch comes first. */
  enqueue(run: () => Promise<void>, refuse?: (reason: string) => Promise<void>): Promise<void> {
    return this.add(run, refuse, 'back');
  }

  /** Runs `run` next: after the job in progress, before anything queued. */
  jumpQueue(run: () => Promise<void>): Promise<void> {
    return this.add(run, undefined, 'front');
  }

  /**
   * Every queued job that can be refused will be, with `reason`, when its turn comes (its caller's
   * promise then settles once the refusal is recorded). Returns how many were.
   */
  refuseQueued(reason: string): number {
    let refused = 0;
    for (const job of this.queue) {
      if (job.refuse === undefined || job.refusedBecause !== undefined) continue;
      job.refusedBecause = reason;
      refused += 1;
    }
    return refused;
  }

  private add(
    run: () => Promise<void>,
    refuse: ((reason: string) => Promise<void>) | undefined,
    where: 'front' | 'back',
  ): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      const job: Job = { run, refuse, settle: { resolve, reject } };
      if (where === 'front') this.queue.unshift(job);
      else this.queue.push(job);
      void this.drain();
    });
  }

  private async drain(): Promise<void> {
    if (this.running) return;
    this.running = true;
    try {
      for (let job = this.queue.shift(); job !== undefined; job = this.queue.shift()) {
        try {
          if (job.refusedBecause !== undefined && job.refuse !== undefined)
            await job.refuse(job.refusedBecause);
          else await job.run();
          job.settle.resolve();
        } catch (err) {
          // The caller gets its own failure; the lane goes on with the next job.
          job.settle.reject(err);
        }
      }
    } finally {
      this.running = false;
    }
  }
}
