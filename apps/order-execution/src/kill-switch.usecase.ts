import { Inject, Injectable, Logger } from '@nestjs/common';

import { type Envelope } from '@dalal/contracts';
import { TradingStateRepository } from '@dalal/persistence';

import { BusExecutionEvents } from './bus-execution-events';
import { type ExecutionEvents } from './execution/execution-events';
import { OrderExecutor } from './execution/order-executor';
import { TradingStateGate } from './execution/trading-state-gate';

/** Envelope ids remembered so the fast and the durable path flatten once per command. */
const REMEMBERED = 256;

/**
 * KILL_SWITCH and REARM as order-execution obeys them. Two consumers deliver the same command (the
 * dedicated KillSwitchListener, which does not wait behind a batch of approved orders, and the service's
 * control handler, which also sees commands published while the process was down); the first to arrive
 * acts, the second finds the envelope id done.
 */
@Injectable()
export class KillSwitch {
  private readonly logger = new Logger(KillSwitch.name);
  private readonly done = new Set<string>();

  constructor(
    private readonly executor: OrderExecutor,
    private readonly gate: TradingStateGate,
    private readonly states: TradingStateRepository,
    @Inject(BusExecutionEvents) private readonly events: Pick<ExecutionEvents, 'alert'>,
  ) {}

  async engage(envelope: Envelope<'control.command'>): Promise<void> {
    const command = envelope.payload;
    if (command.command !== 'KILL_SWITCH' || this.remembered(envelope.id)) return;
    const { issuedBy, reason } = command;
    const current = await this.states.current().catch((err: unknown) => {
      void this.alertWriteFailure(issuedBy, err);
      return undefined;
    });
    // A re-arm recorded after this command was issued supersedes it: a redelivered or replayed old kill
    // switch must not halt a desk that has since been re-armed.
    if (current && current.state !== 'HALTED' && current.at > Date.parse(envelope.ts)) {
      this.logger.warn(
        `kill switch from ${issuedBy} at ${envelope.ts} ignored: superseded by ${current.state} (${current.actor}) at ${new Date(current.at).toISOString()}`,
      );
      return;
    }
    // Nothing new leaves this process from here on, whatever the database says or how long it takes.
    this.gate.halt(reason);
    if (current && current.state !== 'HALTED') await this.persistHalt(issuedBy, reason, envelope.ts);
    this.logger.warn(`kill switch by ${issuedBy}: ${reason}; cancelling and flattening`);
    await this.executor.flattenAll(reason);
  }

  /**
   * REARM on the bus lifts only this process's own halt: the persisted state decides, and only the
   * audited re-arm (TradingStateRepository.rearm, via REST, Telegram or the CLI) sets it back to ACTIVE.
   */
  async rearmed(envelope: Envelope<'control.command'>): Promise<void> {
    if (envelope.payload.command !== 'REARM' || this.remembered(envelope.id)) return;
    const actor = envelope.payload.issuedBy;
    this.gate.liftLocalHalt();
    const current = await this.states.current();
    if (current.state === 'HALTED')
      this.logger.warn(
        `REARM from ${actor} but the persisted trading state is still HALTED (${current.actor}: ${current.reason}); orders stay refused until it is re-armed through the gateway or \`dalal rearm\``,
      );
    else this.logger.log(`re-armed by ${actor}; trading state ${current.state}`);
  }

  /**
   * The gateway writes HALTED before it publishes; a publisher that did not (an older tool, a script)
   * still gets a persisted halt here, so a restart cannot come back armed. A failed write is raised, not
   * waited on: the flattening must not depend on the database answering.
   */
  private async persistHalt(actor: string, reason: string, at: string): Promise<void> {
    try {
      await this.states.change({ state: 'HALTED', actor, reason, at });
    } catch (err) {
      await this.alertWriteFailure(actor, err);
    }
  }

  private async alertWriteFailure(actor: string, err: unknown): Promise<void> {
    await this.events.alert({
      severity: 'CRITICAL',
      code: 'trading_state_write_failed',
      message: `kill switch by ${actor} could not be read or persisted (${
        err instanceof Error ? err.message : String(err)
      }); this process is halted in memory and flattening`,
      details: { actor },
    });
  }

  private remembered(id: string): boolean {
    if (this.done.has(id)) return true;
    this.done.add(id);
    if (this.done.size > REMEMBERED) this.done.delete(this.done.values().next().value!);
    return false;
  }
}
