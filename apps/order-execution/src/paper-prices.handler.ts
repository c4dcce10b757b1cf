import { Controller, Inject } from '@nestjs/common';
import { EventPattern, Payload } from '@nestjs/microservices';

import { PaperBroker } from '@dalal/brokers';
import { ticksStream, type Envelope } from '@dalal/contracts';
import { dec } from '@dalal/domain';

import { PAPER_BROKER } from './execution.tokens';

/**
 * In paper mode the simulated exchange trades against the live (or replayed) ticks on the bus; index
 * ticks also price the index's options (see PaperBroker). The price stays a Decimal from the wire on.
 */
@Controller()
export class PaperPricesHandler {
  constructor(@Inject(PAPER_BROKER) private readonly paper: PaperBroker) {}

  @EventPattern(ticksStream())
  tick(@Payload() envelope: Envelope<'md.tick'>): void {
    const tick = envelope.payload;
    this.paper.onPrice(tick.instrument, dec(tick.ltp), new Date(tick.exchangeTs));
  }
}
