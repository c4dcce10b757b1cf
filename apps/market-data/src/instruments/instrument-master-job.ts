import { type OnApplicationShutdown, type OnModuleInit } from '@nestjs/common';

import { fromIst, istDate } from '@dalal/market';

import { type InstrumentLoadReport, type InstrumentMaster } from './instrument-master';

export interface InstrumentMasterJobOptions {
  /** IST `HH:MM` of the daily load, before the open (Kite publishes the dump around 08:30). */
  readonly loadAt: string;
  /** How often the job looks at the clock. */
  readonly timerMs: number;
  /** After a failed daily load, wait this long before trying again. */
  readonly retryMs: number;
  readonly now: () => Date;
}

/**
 * Runs the instrument master at start-up (before the feed connects: Nest runs module init before
 * application bootstrap) and once a day at `loadAt` IST. A start-up load before `loadAt` does not
 * count as the day's load, since the dump may still be yesterday's. Time is injected.
 */
export class InstrumentMasterJob implements OnModuleInit, OnApplicationShutdown {
  private timer: NodeJS.Timeout | undefined;
  private loadedFor: string | undefined;
  private retryAt = Number.NEGATIVE_INFINITY;
  private running: Promise<InstrumentLoadReport> | undefined;

  constructor(
    private readonly master: InstrumentMaster,
    private readonly options: InstrumentMasterJobOptions,
  ) {}

  async onModuleInit(): Promise<void> {
    await this.run();
    this.timer = setInterval(() => void this.tick(), this.options.timerMs);
  }

  onApplicationShutdown(): void {
    clearInterval(this.timer);
  }

  /** One timer round: loads when today's load time has passed and today has no load yet. Public for tests. */
  async tick(): Promise<InstrumentLoadReport | null> {
    const now = this.options.now();
    const today = istDate(now);
    if (this.loadedFor === today || this.running) return null;
    if (now.getTime() < fromIst(today, this.options.loadAt).getTime()) return null;
    if (now.getTime() < this.retryAt) return null;
    return this.run();
  }

  private async run(): Promise<InstrumentLoadReport> {
    const now = this.options.now();
    const today = istDate(now);
    const afterLoadTime = now.getTime() >= fromIst(today, this.options.loadAt).getTime();
    this.running = this.master.load();
    try {
      const report = await this.running;
      if (report.ok && afterLoadTime) this.loadedFor = today;
      if (!report.ok) this.retryAt = now.getTime() + this.options.retryMs;
      return report;
    } finally {
      this.running = undefined;
    }
  }
}
