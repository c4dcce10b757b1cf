import { Controller, Inject, Logger } from '@nestjs/common';
import { EventPattern, Payload } from '@nestjs/microservices';

import { controlStream, type Envelope } from '@dalal/contracts';
import { TradingStateRepository } from '@dalal/persistence';

import { BusExecutionEvents } from './bus-execution-events';
import { EXECUTION_BROKER } from './execution.tokens';
import { OrderExecutor } from './execution/order-executor';
import { TradingGuard } from './execution/trading-guard';
import { TradingStateGate } from './execution/trading-state-gate';
import { SessionKiteBroker } from './session-kite-broker';

/** The kill switch, re-arming, reconciliation acknowledgements and new broker logins. */
@Controller()
export class ExecutionControlHandler {
  private readonly logger = new Logger(ExecutionControlHandler.name);

  constructor(
    private readonly executor: OrderExecutor,
    private readonly guard: TradingGuard,
    private readonly gate: TradingStateGate,
    private readonly states: TradingStateRepository,
    private readonly events: BusExecutionEvents,
    @Inject(EXECUTION_BROKER) private readonly broker: unknown,
  ) {}

  @EventPattern(controlStream())
  async command(@Payload() envelope: Envelope<'control.command'>): Promise<void> {
    const command = envelope.payload;
    switch (command.command) {
      case 'KILL_SWITCH':
        // Nothing new leaves this process from here on, whatever the database says or how long it takes.
        this.gate.halt(command.reason);
        await this.persistHalt(command.issuedBy, command.reason, envelope.ts);
        this.logger.warn(`kill switch by ${command.issuedBy}: ${command.reason}; cancelling and flattening`);
        await this.executor.flattenAll(command.reason);
        return;
      case 'REARM':
        await this.rearmed(command.issuedBy);
        return;
      case 'ACK_RECONCILIATION':
        this.guard.acknowledgeMismatch();
        return;
      case 'BROKER_SESSION_RENEWED':
        if (this.broker instanceof SessionKiteBroker && command.broker === 'kite') this.broker.reload();
        return;
      default:
        return;
    }
  }

  /**
   * The gateway writes HALTED before it publishes; a publisher that did not (an older tool, a script)
   * still gets a persisted halt here, so a restart cannot come back armed. A failed write is raised, not
   * waited on: the flattening must not depend on the database answering.
   */
  private async persistHalt(actor: string, reason: string, at: string): Promise<void> {
    try {
      const current = await this.states.current();
      if (current.state === 'HALTED') return;
      await this.states.change({ state: 'HALTED', actor, reason, at });
    } catch (err) {
      await this.events.alert({
        severity: 'CRITICAL',
        code: 'trading_state_write_failed',
        message: `kill switch by ${actor} could not be persisted (${
          err instanceof Error ? err.message : String(err)
        }); this process is halted in memory and flattening`,
        details: { actor },
      });
    }
  }

  /**
   * REARM on the bus lifts only this process's own halt: the persisted state decides, and only the
   * audited re-arm (TradingStateRepository.rearm, via REST, Telegram or the CLI) sets it back to ACTIVE.
   */
  private async rearmed(actor: string): Promise<void> {
    this.gate.liftLocalHalt();
    const current = await this.states.current();
    if (current.state === 'HALTED')
      this.logger.warn(
        `REARM from ${actor} but the persisted trading state is still HALTED (${current.actor}: ${current.reason}); orders stay refused until it is re-armed through the gateway or \`dalal rearm\``,
      );
    else this.logger.log(`re-armed by ${actor}; trading state ${current.state}`);
  }
}
