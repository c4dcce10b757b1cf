import {
  Injectable,
  type OnApplicationBootstrap,
  type OnApplicationShutdown,
  Optional,
} from '@nestjs/common';

import { ReadinessChecks } from '@dalal/runtime';

import { MarketDataRunner } from './market-data-runner';

/** Starts the market-data loop with the application and stops it (feed closed, queue drained) on shutdown. */
@Injectable()
export class MarketDataService implements OnApplicationBootstrap, OnApplicationShutdown {
  constructor(
    readonly runner: MarketDataRunner,
    @Optional() readiness?: ReadinessChecks,
  ) {
    readiness?.register('feed', () => runner.feedFreshness());
  }

  async onApplicationBootstrap(): Promise<void> {
    await this.runner.start();
  }

  async onApplicationShutdown(): Promise<void> {
    await this.runner.stop();
  }
}
