import { Controller } from '@nestjs/common';
import { EventPattern, Payload } from '@nestjs/microservices';

import {
  alertsStream,
  barsStream,
  controlStream,
  fillsStream,
  intentsStream,
  orderEventsStream,
  pnlStream,
  positionsStream,
  ticksStream,
  type Envelope,
} from '@dalal/contracts';
import { AlertsAuditRepository } from '@dalal/persistence';

import { LastPrices } from '../read/last-prices';
import { LiveFeed } from './live-feed';

/**
 * The gateway's consumer group on the streams a trader watches: each message is pushed to the
 * WebSocket clients subscribed to its channel. Alerts are also recorded (idempotent on the message id)
 * so the dashboard can list and acknowledge them; ticks keep the last prices that mark positions.
 */
@Controller()
export class BusToLiveHandler {
  constructor(
    private readonly feed: LiveFeed,
    private readonly prices: LastPrices,
    private readonly alerts: AlertsAuditRepository,
  ) {}

  @EventPattern(ticksStream())
  tick(@Payload() envelope: Envelope<'md.tick'>): void {
    const tick = envelope.payload;
    this.prices.update(tick);
    this.push(`ticks:${tick.exchange}:${tick.instrument}`, envelope);
  }

  @EventPattern(barsStream())
  bar(@Payload() envelope: Envelope<'md.bar'>): void {
    const bar = envelope.payload;
    this.push(`bars:${bar.exchange}:${bar.instrument}:${bar.timeframe}`, envelope);
  }

  @EventPattern(orderEventsStream())
  orderEvent(@Payload() envelope: Envelope<'order.event'>): void {
    this.push('orders', envelope);
  }

  @EventPattern(fillsStream())
  fill(@Payload() envelope: Envelope<'order.fill'>): void {
    this.push('fills', envelope);
  }

  @EventPattern(positionsStream())
  position(@Payload() envelope: Envelope<'position.update'>): void {
    this.push('positions', envelope);
  }

  @EventPattern(pnlStream())
  pnl(@Payload() envelope: Envelope<'pnl.snapshot'>): void {
    this.push('pnl', envelope);
  }

  @EventPattern(intentsStream())
  signal(@Payload() envelope: Envelope<'strategy.intent'>): void {
    this.push('signals', envelope);
  }

  @EventPattern(controlStream())
  control(@Payload() envelope: Envelope<'control.command'>): void {
    this.push('control', envelope);
  }

  @EventPattern(alertsStream())
  async alert(@Payload() envelope: Envelope<'alert'>): Promise<void> {
    await this.alerts.recordAlert(envelope.payload, envelope.ts, envelope.id);
    this.push('alerts', envelope);
  }

  private push(channel: string, envelope: Envelope): void {
    this.feed.publish({ channel, messageType: envelope.type, ts: envelope.ts, data: envelope.payload });
  }
}
