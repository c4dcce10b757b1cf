import { Controller } from '@nestjs/common';
import { EventPattern, Payload } from '@nestjs/microservices';
import { PinoLogger } from 'nestjs-pino';

import { controlStream, type ControlCommand, type Envelope } from '@dalal/contracts';

/**
 * Every service reads the control stream in its own consumer group. Here each command is logged with
 * who issued it; services add their own reactions (kill switch, start/stop) in their modules.
 */
@Controller()
export class ControlCommandsHandler {
  constructor(private readonly logger: PinoLogger) {
    logger.setContext(ControlCommandsHandler.name);
  }

  @EventPattern(controlStream())
  received(@Payload() envelope: Envelope<'control.command'>): void {
    const command: ControlCommand = envelope.payload;
    this.logger.info(
      { command, messageId: envelope.id },
      `control command ${command.command} from ${command.issuedBy}`,
    );
  }
}
