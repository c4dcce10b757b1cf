import { Injectable, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';

import { MarketDataRunner } from './market-data-runner';

/** Starts the market-data loop with the application and stops it (feed closed, queue drained) on shutdown. */
@Injectable()
export class MarketDataService implements OnApplicationBootstrap, OnApplicationShutdown {
  constructor(readonly runner: MarketDataRunner) {}

  async onApplicationBootstrap(): Promise<void> {
    await this.runner.start();
  }

  async onApplicationShutdown(): Promise<void> {
    await this.runner.stop();
  }
}
