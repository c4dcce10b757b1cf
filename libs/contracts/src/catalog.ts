import { type z } from 'zod';

import { ALERT, alertSchema } from './messages/alert';
import { BAR, barSchema } from './messages/bar';
import { CONTROL_COMMAND, controlCommandSchema } from './messages/control-command';
import { FILL, fillSchema } from './messages/fill';
import { ORDER_EVENT, orderEventSchema } from './messages/order-event';
import { ORDER_REQUEST, orderRequestSchema } from './messages/order-request';
import { PNL_SNAPSHOT, pnlSnapshotSchema } from './messages/pnl-snapshot';
import { POSITION_UPDATE, positionUpdateSchema } from './messages/position-update';
import { RISK_REJECTION, riskRejectionSchema } from './messages/risk-rejection';
import { STRATEGY_INTENT, strategyIntentSchema } from './messages/strategy-intent';
import { TICK, tickSchema } from './messages/tick';
import { type StreamFamily } from './streams';

/** The one table that ties a message type to its payload schema, its version and the stream family it rides. */
export const messageCatalog = {
  [TICK]: { v: 1, family: 'md.ticks', payload: tickSchema },
  [BAR]: { v: 1, family: 'md.bars', payload: barSchema },
  [STRATEGY_INTENT]: { v: 1, family: 'strategy.intents', payload: strategyIntentSchema },
  [ORDER_REQUEST]: { v: 1, family: 'risk.approved', payload: orderRequestSchema },
  [RISK_REJECTION]: { v: 1, family: 'risk.rejections', payload: riskRejectionSchema },
  [ORDER_EVENT]: { v: 1, family: 'orders.events', payload: orderEventSchema },
  [FILL]: { v: 1, family: 'orders.fills', payload: fillSchema },
  [POSITION_UPDATE]: { v: 1, family: 'positions.updates', payload: positionUpdateSchema },
  [PNL_SNAPSHOT]: { v: 1, family: 'pnl.snapshots', payload: pnlSnapshotSchema },
  [CONTROL_COMMAND]: { v: 1, family: 'control', payload: controlCommandSchema },
  [ALERT]: { v: 1, family: 'alerts', payload: alertSchema },
} as const satisfies Record<string, { v: number; family: StreamFamily; payload: z.ZodType }>;

export type MessageType = keyof typeof messageCatalog;
export type PayloadOf<T extends MessageType> = z.output<(typeof messageCatalog)[T]['payload']>;

export const messageTypes = Object.keys(messageCatalog) as MessageType[];

export function messageTypeForFamily(family: StreamFamily): MessageType {
  const type = messageTypes.find((t) => messageCatalog[t].family === family);
  if (!type) throw new Error(`no message type rides stream family ${family}`);
  return type;
}
