import { Controller } from '@nestjs/common';
import { EventPattern, Payload } from '@nestjs/microservices';

import { intentsStream, type Envelope } from '@dalal/contracts';

import { RiskDesk } from './risk-desk';

/** Strategy intents: acked only after the verdict is stored and published. */
@Controller()
export class IntentsHandler {
  constructor(private readonly desk: RiskDesk) {}

  @EventPattern(intentsStream())
  async intent(@Payload() envelope: Envelope<'strategy.intent'>): Promise<void> {
    await this.desk.onIntent(envelope.payload, envelope.id);
  }
}
