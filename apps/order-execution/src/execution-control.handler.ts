import { Controller, Inject, Logger } from '@nestjs/common';
import { EventPattern, Payload } from '@nestjs/microservices';

import { controlStream, type Envelope } from '@dalal/contracts';

import { EXECUTION_BROKER } from './execution.tokens';
import { OrderExecutor } from './execution/order-executor';
import { TradingGuard } from './execution/trading-guard';
import { SessionKiteBroker } from './session-kite-broker';

/** The kill switch, re-arming, reconciliation acknowledgements and new broker logins. */
@Controller()
export class ExecutionControlHandler {
  private readonly logger = new Logger(ExecutionControlHandler.name);

  constructor(
    private readonly executor: OrderExecutor,
    private readonly guard: TradingGuard,
    @Inject(EXECUTION_BROKER) private readonly broker: unknown,
  ) {}

  @EventPattern(controlStream())
  async command(@Payload() envelope: Envelope<'control.command'>): Promise<void> {
    const command = envelope.payload;
    switch (command.command) {
      case 'KILL_SWITCH':
        this.guard.engageKillSwitch(command.reason);
        this.logger.warn(`kill switch by ${command.issuedBy}: ${command.reason}; cancelling and flattening`);
        await this.executor.flattenAll(command.reason);
        return;
      case 'REARM':
        this.guard.rearm();
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
}
