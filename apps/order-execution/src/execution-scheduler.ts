import {
  Inject,
  Injectable,
  Logger,
  type OnApplicationBootstrap,
  type OnApplicationShutdown,
} from '@nestjs/common';

import { TradingStateRepository } from '@dalal/persistence';

import { EXECUTION_CONFIG } from './execution.tokens';
import { type OrderExecutionConfig } from './config';
import { OrderExecutor } from './execution/order-executor';
import { Reconciler } from './execution/reconciler';

/**
 * On start, reads the persisted trading state (and refuses to start when it cannot: a process that does
 * not know whether the kill switch is engaged must not take orders), resolves every PENDING_SUBMIT order with the broker before anything is re-sent, then
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
    private readonly states: TradingStateRepository,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    // Runs before the bus consumer starts (Nest calls bootstrap hooks before the microservice listens).
    const state = await this.states.current().catch((err: unknown) => {
      throw new Error(
        `cannot read the persisted trading state, not starting: ${err instanceof Error ? err.message : String(err)}`,
      );
    });
    if (state.state === 'ACTIVE') this.logger.log('trading state ACTIVE');
    else
      this.logger.warn(
        `trading state ${state.state} since ${new Date(state.at).toISOString()} (${state.actor}: ${state.reason})`,
      );
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
