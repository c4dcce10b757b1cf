import { z } from 'zod';

import { brokerIdSchema, tradingModeSchema } from '../trading-enums';

export const CONTROL_COMMAND = 'control.command';

const issuedBy = z.string().min(1);

/** Operator commands every service reads in its own consumer group. */
export const controlCommandSchema = z.discriminatedUnion('command', [
  z.object({ command: z.literal('KILL_SWITCH'), issuedBy, reason: z.string().min(1) }),
  z.object({ command: z.literal('REARM'), issuedBy }),
  z.object({ command: z.literal('START_STRATEGY'), issuedBy, strategyId: z.string().min(1) }),
  z.object({ command: z.literal('STOP_STRATEGY'), issuedBy, strategyId: z.string().min(1) }),
  z.object({ command: z.literal('SET_MODE'), issuedBy, mode: tradingModeSchema }),
  /** A new broker session is stored (encrypted) in Postgres; the bus carries only its reference. */
  z.object({
    command: z.literal('BROKER_SESSION_RENEWED'),
    issuedBy,
    broker: brokerIdSchema,
    sessionId: z.string().min(1),
  }),
  z.object({ command: z.literal('ACK_RECONCILIATION'), issuedBy, alertId: z.string().min(1) }),
]);
export type ControlCommand = z.infer<typeof controlCommandSchema>;
