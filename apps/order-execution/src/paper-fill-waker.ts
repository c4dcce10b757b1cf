import { Inject, Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';

import { PaperBroker } from '@dalal/brokers';

import { OrderExecutor } from './execution/order-executor';
import { PAPER_BROKER } from './execution.tokens';

/**
 * In paper mode a fill is read, stored and published at once rather than at the next poll — the
 * simulated exchange's postback. Strategies then see their position on the next bar, as in a backtest.
 */
@Injectable()
export class PaperFillWaker implements OnApplicationBootstrap {
  private readonly logger = new Logger(PaperFillWaker.name);

  constructor(
    @Inject(PAPER_BROKER) private readonly paper: PaperBroker,
    private readonly executor: OrderExecutor,
  ) {}

  onApplicationBootstrap(): void {
    this.paper.onTrade(() => {
      this.executor.sync().catch((err: unknown) => {
        // The poll retries on its timer and raises the broker alerts; this only says the early read failed.
        this.logger.warn(
          `sync after a paper fill failed: ${err instanceof Error ? err.message : String(err)}`,
        );
      });
    });
  }
}
