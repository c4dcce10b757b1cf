import { Controller, Inject } from '@nestjs/common';
import { EventPattern, Payload } from '@nestjs/microservices';

import { controlStream, type Envelope } from '@dalal/contracts';

import { EXECUTION_BROKER } from './execution.tokens';
import { TradingGuard } from './execution/trading-guard';
import { KillSwitch } from './kill-switch.usecase';
import { SessionKiteBroker } from './session-kite-broker';

/**
 * The kill switch, re-arming, reconciliation acknowledgements and new broker logins, in the service's
 * own consumer group: it sees every command, including those published while the process was down.
 * KillSwitchListener delivers KILL_SWITCH and REARM earlier; KillSwitch acts once per command.
 */
@Controller()
export class ExecutionControlHandler {
  constructor(
    private readonly killSwitch: KillSwitch,
    private readonly guard: TradingGuard,
    @Inject(EXECUTION_BROKER) private readonly broker: unknown,
  ) {}

  @EventPattern(controlStream())
  async command(@Payload() envelope: Envelope<'control.command'>): Promise<void> {
    const command = envelope.payload;
    switch (command.command) {
      case 'KILL_SWITCH':
        await this.killSwitch.engage(envelope);
        return;
      case 'REARM':
        await this.killSwitch.rearmed(envelope);
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
