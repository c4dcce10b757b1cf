import { Controller, Logger } from '@nestjs/common';
import { EventPattern, Payload } from '@nestjs/microservices';

import { controlStream, type Envelope } from '@dalal/contracts';

import { RiskDesk } from './risk-desk';

/**
 * The kill switch stops approvals in this process at once, even before (or without) the persisted
 * HALTED; REARM lifts only that local halt — the persisted trading state, read on every decision, decides.
 */
@Controller()
export class RiskControlHandler {
  private readonly logger = new Logger(RiskControlHandler.name);

  constructor(private readonly desk: RiskDesk) {}

  @EventPattern(controlStream())
  command(@Payload() envelope: Envelope<'control.command'>): void {
    const command = envelope.payload;
    if (command.command === 'KILL_SWITCH') {
      this.desk.halt(`${command.issuedBy}: ${command.reason}`);
      this.logger.warn(`kill switch by ${command.issuedBy}: ${command.reason}; no approvals until re-armed`);
    } else if (command.command === 'REARM') {
      this.desk.liftLocalHalt();
      this.logger.log(`REARM from ${command.issuedBy}: approvals follow the persisted trading state again`);
    }
  }
}
