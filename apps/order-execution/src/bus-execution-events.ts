import { Inject, Injectable } from '@nestjs/common';

import { StreamPublisher } from '@dalal/bus';
import {
  ALERT,
  FILL,
  ORDER_EVENT,
  POSITION_UPDATE,
  alertsStream,
  fillsStream,
  orderEventsStream,
  positionsStream,
  type Alert,
  type Fill,
  type OrderEvent,
  type PositionUpdate,
} from '@dalal/contracts';
import { orders, reconciliationMismatches } from '@dalal/observability';

import { type OrderExecutionConfig } from './config';
import { type ExecutionEvents } from './execution/execution-events';
import { EXECUTION_CONFIG } from './execution.tokens';

/** Execution's news on the bus: order events, fills, positions and alerts, each on its stream. */
@Injectable()
export class BusExecutionEvents implements ExecutionEvents {
  constructor(
    private readonly publisher: StreamPublisher,
    @Inject(EXECUTION_CONFIG) private readonly config: Pick<OrderExecutionConfig, 'ORDER_BROKER'>,
  ) {
    reconciliationMismatches.inc({ broker: config.ORDER_BROKER }, 0); // from 0, so the first one is an increase
  }

  async orderEvent(event: OrderEvent): Promise<void> {
    await this.publisher.publish(orderEventsStream(), ORDER_EVENT, event);
    orders.inc({ broker: this.config.ORDER_BROKER, status: event.state });
  }

  async fill(fill: Fill): Promise<void> {
    await this.publisher.publish(fillsStream(), FILL, fill);
  }

  async position(update: PositionUpdate): Promise<void> {
    await this.publisher.publish(positionsStream(), POSITION_UPDATE, update);
  }

  async alert(alert: Alert): Promise<void> {
    await this.publisher.publish(alertsStream(), ALERT, alert);
    if (alert.code === 'reconciliation_mismatch')
      reconciliationMismatches.inc({ broker: this.config.ORDER_BROKER });
  }
}
