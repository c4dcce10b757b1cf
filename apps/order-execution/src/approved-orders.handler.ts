import { Controller } from '@nestjs/common';
import { EventPattern, Payload } from '@nestjs/microservices';

import { approvedOrdersStream, type Envelope } from '@dalal/contracts';
import { orderLatency } from '@dalal/observability';

import { OrderExecutor } from './execution/order-executor';

/** Approved order requests from risk: acked only after every order of the basket is recorded. */
@Controller()
export class ApprovedOrdersHandler {
  constructor(private readonly executor: OrderExecutor) {}

  @EventPattern(approvedOrdersStream())
  async approved(@Payload() envelope: Envelope<'risk.order-request'>): Promise<void> {
    // From risk's approval (the envelope's time) to execution taking the request up; the broker round trip
    // that follows is the submitted → acknowledged stage (MeteredBroker).
    orderLatency.observe(
      { stage: 'approved_to_submitted' },
      Math.max(0, Date.now() - Date.parse(envelope.ts)) / 1000,
    );
    await this.executor.submit(envelope.payload);
  }
}
