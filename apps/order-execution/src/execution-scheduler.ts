import {
  Inject,
  Injectable,
  Logger,
  type OnApplicationBootstrap,
  type OnApplicationShutdown,
} from '@nestjs/common';

import { EXECUTION_CONFIG } from './execution.tokens';
import { type OrderExecutionConfig } from './config';
import { OrderExecutor } from './execution/order-executor';
import { Reconciler } from './execution/reconciler';

/**
 * On start, resolves every PENDING_SUBMIT order with the broker before anything is re-sent, then
 * reconciles; afterwards polls the broker for order updates and reconciles on a timer.
 */
@Injectable()
export class ExecutionScheduler implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(ExecutionScheduler.name);
  private timers: NodeJS.Timeout[] = [];

  constructor(
    private readonly executor: OrderExecutor,
    private readonly reconciler: Reconciler,
    @Inject(EXECUTION_CONFIG) private readonly config: OrderExecutionConfig,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    await this.run('start-up sync', () => this.executor.sync());
    await this.run('start-up reconciliation', () => this.reconciler.reconcile());
    this.timers = [
      setInterval(() => void this.run('sync', () => this.executor.sync()), this.config.EXECUTION_SYNC_MS),
      setInterval(
        () => void this.run('reconciliation', () => this.reconciler.reconcile()),
        this.config.RECONCILE_EVERY_MS,
      ),
    ];
  }

  onApplicationShutdown(): void {
    for (const timer of this.timers) clearInterval(timer);
  }

  /** A failed round is logged and retried on the next tick; broker failures also raise alerts. */
  private async run(what: string, work: () => Promise<unknown>): Promise<void> {
    try {
      await work();
    } catch (err) {
      this.logger.error(`${what} failed: ${(err as Error).message}`);
    }
  }
}
