import {
  type Bar,
  type ControlCommand,
  type Fill,
  type OrderEvent,
  type OrderRequest,
  type RiskRejection,
  type StrategyIntent,
} from '@dalal/contracts';
import { type TradingCalendar } from '@dalal/market';
import { type StrategyDefinition } from '@dalal/strategies';

import { type EngineOutput, type InstanceSource, type SignalStore, type WarmUpBars } from './engine-ports';
import { runnerSetup } from './runner/runner-setup';
import { StrategyRunner } from './runner/strategy-runner';
import { StrategyEngineError } from './strategy-engine-error';

export interface DeskLog {
  log(message: string): void;
  warn(message: string): void;
  error(message: string): void;
}

export interface StrategyDeskOptions {
  readonly instances: InstanceSource;
  readonly signals: SignalStore;
  readonly output: EngineOutput;
  readonly warmUp: WarmUpBars;
  readonly log: DeskLog;
  readonly calendar?: TradingCalendar;
  /** Runs only instances this says are this engine's (its shards); default all. */
  readonly owns?: (underlying: string) => boolean;
  /** Whether the persisted trading state is HALTED at start-up: no entries until a REARM. */
  readonly haltedAtStart?: () => Promise<boolean>;
  /** The strategies instances may name; default @dalal/strategies' registry. */
  readonly definitions?: Readonly<Record<string, StrategyDefinition>>;
}

interface Running {
  readonly runner: StrategyRunner;
  /** Intents of a bar whose publishing failed: sent first when the bar (or the next) comes again. */
  unsent: StrategyIntent[];
}

const message = (err: unknown): string => (err instanceof Error ? err.message : String(err));

/**
 * The strategy engine's core: one isolated runner per configured instance. A runner whose strategy throws
 * is stopped and a CRITICAL alert names it; the others go on. Every intent is stored as a signal before
 * it is published, and a failed publish is sent again on the redelivered bar.
 */
export class StrategyDesk {
  private readonly running = new Map<string, Running>();
  private halted = false;
  private mode: 'paper' | 'live' | undefined;

  constructor(private readonly o: StrategyDeskOptions) {}

  /** Ids of the running instances. */
  get runnerIds(): string[] {
    return [...this.running.keys()];
  }

  /** Loads the enabled instances and warms each up; one that cannot start is reported and left out. */
  async start(): Promise<void> {
    // Read before any runner exists, so a kill switch engaged while the engine was down holds from the
    // first bar; failing to read it fails the start rather than trading blind.
    if (await this.o.haltedAtStart?.()) {
      this.halted = true;
      this.o.log.warn('trading state is HALTED: no new entries until a REARM');
    }
    for (const row of await this.o.instances.enabled()) {
      if (this.o.owns && !this.o.owns(row.underlying)) continue;
      await this.launch(row.id, () => Promise.resolve(row));
    }
  }

  async onBar(bar: Bar): Promise<void> {
    if (!bar.closed) return;
    for (const [id, entry] of [...this.running]) {
      if (!entry.runner.wants(bar)) continue;
      try {
        const outcome = entry.runner.onBar(bar);
        entry.unsent.push(...outcome.intents);
        for (const skipped of outcome.skipped)
          this.o.log.log(`${id}: intent ${skipped.intentId} not sent: ${skipped.why}`);
      } catch (err) {
        await this.fail(id, err);
        continue;
      }
      await this.flush(entry);
    }
  }

  approved(request: OrderRequest): void {
    this.running.get(request.strategyId)?.runner.approved(request);
  }

  rejected(rejection: RiskRejection): void {
    this.running.get(rejection.strategyId)?.runner.rejected(rejection.intentId);
  }

  /** Order events carry no strategy id: each runner looks for the order among its trade's. */
  orderEvent(event: OrderEvent): void {
    for (const { runner } of this.running.values()) if (runner.orderEvent(event)) return;
  }

  fill(fill: Fill): void {
    this.running.get(fill.strategyId)?.runner.fill(fill);
  }

  async control(command: ControlCommand): Promise<void> {
    switch (command.command) {
      case 'START_STRATEGY':
        if (this.running.has(command.strategyId)) return;
        await this.launch(command.strategyId, () => this.o.instances.find(command.strategyId));
        return;
      case 'STOP_STRATEGY':
        if (this.running.delete(command.strategyId))
          this.o.log.log(`${command.strategyId} stopped by ${command.issuedBy}`);
        return;
      case 'SET_MODE':
        if (command.mode === 'backtest') {
          this.o.log.warn(
            `SET_MODE backtest from ${command.issuedBy} ignored: the engine runs paper or live`,
          );
          return;
        }
        this.mode = command.mode;
        for (const { runner } of this.running.values()) runner.mode = command.mode;
        this.o.log.log(`intents now in ${command.mode} mode (${command.issuedBy})`);
        return;
      case 'KILL_SWITCH':
        this.halted = true;
        for (const { runner } of this.running.values()) runner.halted = true;
        this.o.log.warn(`kill switch by ${command.issuedBy}: ${command.reason}; no new entries`);
        return;
      case 'REARM':
        this.halted = false;
        for (const { runner } of this.running.values()) runner.halted = false;
        this.o.log.log(`re-armed by ${command.issuedBy}: entries allowed again`);
        return;
      default:
        return;
    }
  }

  private async launch(id: string, row: () => Promise<Parameters<typeof runnerSetup>[0] | null>) {
    try {
      const found = await row();
      if (found === null) throw new StrategyEngineError('BAD_INSTANCE', `no strategy instance ${id}`);
      const runner = new StrategyRunner(runnerSetup(found, this.o.definitions), {
        calendar: this.o.calendar,
      });
      if (this.mode !== undefined) runner.mode = this.mode;
      runner.halted = this.halted;
      const bars = await this.o.warmUp.barsFor(runner.setup);
      for (const bar of bars) runner.warmUp(bar);
      this.running.set(id, { runner, unsent: [] });
      this.o.log.log(
        `${id}: ${runner.setup.strategy.id} on ${runner.setup.underlying} ${runner.setup.timeframe}, warmed up on ${bars.length} bars`,
      );
    } catch (err) {
      this.running.delete(id);
      await this.o.output.alert({
        severity: 'CRITICAL',
        code: 'strategy_not_started',
        message: `strategy ${id} not started: ${message(err)}`,
        details: { strategyId: id },
      });
      this.o.log.error(`strategy ${id} not started: ${message(err)}`);
    }
  }

  private async fail(id: string, err: unknown): Promise<void> {
    this.running.delete(id);
    this.o.log.error(`strategy ${id} stopped: ${message(err)}`);
    await this.o.output.alert({
      severity: 'CRITICAL',
      code: 'strategy_failed',
      message: `strategy ${id} stopped: ${message(err)}`,
      details: { strategyId: id },
    });
  }

  /** Stores, then publishes, the runner's unsent intents; a failure leaves the rest for the redelivery. */
  private async flush(entry: Running): Promise<void> {
    while (entry.unsent.length > 0) {
      const intent = entry.unsent[0]!;
      await this.o.signals.save(intent);
      await this.o.output.intent(intent);
      entry.unsent.shift();
    }
  }
}
