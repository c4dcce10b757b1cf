import { Controller } from '@nestjs/common';
import { EventPattern, Payload } from '@nestjs/microservices';

import { barsStream, ticksStream, type Envelope } from '@dalal/contracts';

import { RiskDesk } from './risk-desk';

/**
 * Market time is what the bus says it is (the latest bar close or tick), never this machine's clock: a
 * replay at ×N speed squares off at its replayed 15:15.
 */
@Controller()
export class MarketTimeHandler {
  constructor(private readonly desk: RiskDesk) {}

  @EventPattern(barsStream())
  async bar(@Payload() envelope: Envelope<'md.bar'>): Promise<void> {
    if (envelope.payload.closed) await this.desk.onMarketTime(Date.parse(envelope.payload.closeTime));
  }

  @EventPattern(ticksStream())
  async tick(@Payload() envelope: Envelope<'md.tick'>): Promise<void> {
    await this.desk.onMarketTime(Date.parse(envelope.payload.exchangeTs));
  }
}
