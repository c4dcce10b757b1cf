import { type Alert, type Fill, type OrderEvent, type PositionUpdate } from '@dalal/contracts';

/** What the execution service tells the rest of the system; published on the bus by the app. */
export interface ExecutionEvents {
  orderEvent(event: OrderEvent): Promise<void>;
  fill(fill: Fill): Promise<void>;
  position(update: PositionUpdate): Promise<void>;
  alert(alert: Alert): Promise<void>;
}
