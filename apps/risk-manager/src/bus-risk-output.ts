import { Injectable } from '@nestjs/common';

import { StreamPublisher } from '@dalal/bus';
import {
  ALERT,
  ORDER_REQUEST,
  RISK_REJECTION,
  alertsStream,
  approvedOrdersStream,
  riskRejectionsStream,
  type Alert,
  type OrderRequest,
  type RiskRejection,
} from '@dalal/contracts';

import { type RiskOutput } from './risk-output';

/** Approved order requests, rejections and alerts, each on its stream. */
@Injectable()
export class BusRiskOutput implements RiskOutput {
  constructor(private readonly publisher: StreamPublisher) {}

  async approved(request: OrderRequest): Promise<void> {
    await this.publisher.publish(approvedOrdersStream(), ORDER_REQUEST, request);
  }

  async rejected(rejection: RiskRejection): Promise<void> {
    await this.publisher.publish(riskRejectionsStream(), RISK_REJECTION, rejection);
  }

  async alert(alert: Alert): Promise<void> {
    await this.publisher.publish(alertsStream(), ALERT, alert);
  }
}
