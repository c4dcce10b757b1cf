import { Controller } from '@nestjs/common';
import { EventPattern, Payload } from '@nestjs/microservices';

import { approvedOrdersStream, type Envelope } from '@dalal/contracts';

import { OrderExecutor } from './execution/order-executor';

/** Approved order requests from risk: acked only after every order of the basket is recorded. */
@Controller()
export class ApprovedOrdersHandler {
  constructor(private readonly executor: OrderExecutor) {}

  @EventPattern(approvedOrdersStream())
  async approved(@Payload() envelope: Envelope<'risk.order-request'>): Promise<void> {
    await this.executor.submit(envelope.payload);
  }
}
