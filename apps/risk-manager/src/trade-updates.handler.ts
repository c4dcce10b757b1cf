import { Controller } from '@nestjs/common';
import { EventPattern, Payload } from '@nestjs/microservices';

import { fillsStream, orderEventsStream, positionsStream, type Envelope } from '@dalal/contracts';

import { RiskDesk } from './risk-desk';

/** What became of approved orders: fills and order states move the books, position marks the open P&L. */
@Controller()
export class TradeUpdatesHandler {
  constructor(private readonly desk: RiskDesk) {}

  @EventPattern(fillsStream())
  async fill(@Payload() envelope: Envelope<'order.fill'>): Promise<void> {
    await this.desk.onFill(envelope.payload);
  }

  @EventPattern(orderEventsStream())
  async orderEvent(@Payload() envelope: Envelope<'order.event'>): Promise<void> {
    await this.desk.onOrderEvent(envelope.payload);
  }

  @EventPattern(positionsStream())
  async position(@Payload() envelope: Envelope<'position.update'>): Promise<void> {
    await this.desk.onPosition(envelope.payload);
  }
}
