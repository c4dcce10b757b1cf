import { Injectable } from '@nestjs/common';

/**
 * What a WebSocket client can subscribe to. Market channels are per instrument (`ticks:NSE:NIFTY 50`,
 * `bars:NSE:NIFTY 50:1m`); the others are the whole book's (`orders`, `positions`, `pnl`, `signals`,
 * `alerts`, `control`).
 */
export type LiveChannel = string;

export interface LiveEvent {
  channel: LiveChannel;
  /** The message type of the bus envelope (`md.tick`, `order.event`, …). */
  messageType: string;
  /** Envelope time (UTC ISO): clients measure delivery latency against it. */
  ts: string;
  data: unknown;
}

export type LiveListener = (event: LiveEvent, frame: string) => void;

export const BOOK_CHANNELS = ['orders', 'fills', 'positions', 'pnl', 'signals', 'alerts', 'control'] as const;

/**
 * The gateway's in-process fan-out: bus handlers publish, WebSocket sessions listen. A frame is
 * serialised once per event, not once per client.
 */
@Injectable()
export class LiveFeed {
  private readonly listeners = new Set<LiveListener>();

  publish(event: LiveEvent): void {
    if (this.listeners.size === 0) return;
    const frame = JSON.stringify({ type: 'event', ...event });
    for (const listener of this.listeners) listener(event, frame);
  }

  listen(listener: LiveListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
}
