import { Controller, Inject } from '@nestjs/common';
import { EventPattern, Payload } from '@nestjs/microservices';

import { PaperBroker } from '@dalal/brokers';
import { ticksStream, type Envelope } from '@dalal/contracts';

import { PAPER_BROKER } from './execution.tokens';

/** In paper mode the simulated exchange trades against the live (or replayed) ticks on the bus. */
@Controller()
export class PaperPricesHandler {
  constructor(@Inject(PAPER_BROKER) private readonly paper: PaperBroker) {}

  @EventPattern(ticksStream())
  tick(@Payload() envelope: Envelope<'md.tick'>): void {
    const tick = envelope.payload;
    this.paper.onPrice(tick.instrument, Number(tick.ltp), new Date(tick.exchangeTs));
  }
}
