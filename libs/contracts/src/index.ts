export {
  messageCatalog,
  messageTypes,
  messageTypeForFamily,
  type MessageType,
  type PayloadOf,
} from './catalog';
export { decimalString, isoTimestamp, positiveDecimalString, positiveInt } from './decimal-string';
export { contractsMarkdown } from './docs';
export {
  createEnvelope,
  formatIssues,
  parseEnvelope,
  type Envelope,
  type EnvelopeOptions,
  type ParseResult,
} from './envelope';
export { ALERT, alertSchema, type Alert } from './messages/alert';
export { BAR, barSchema, type Bar } from './messages/bar';
export { CONTROL_COMMAND, controlCommandSchema, type ControlCommand } from './messages/control-command';
export { FILL, fillSchema, type Fill } from './messages/fill';
export { ORDER_EVENT, orderEventSchema, type OrderEvent } from './messages/order-event';
export { orderLegSchema, type OrderLeg } from './messages/order-leg';
export { ORDER_REQUEST, orderRequestSchema, type OrderRequest } from './messages/order-request';
export { PNL_SNAPSHOT, pnlSnapshotSchema, type PnlSnapshot } from './messages/pnl-snapshot';
export { POSITION_UPDATE, positionUpdateSchema, type PositionUpdate } from './messages/position-update';
export { RISK_REJECTION, riskRejectionSchema, type RiskRejection } from './messages/risk-rejection';
export { STRATEGY_INTENT, strategyIntentSchema, type StrategyIntent } from './messages/strategy-intent';
export { TICK, tickSchema, type Tick } from './messages/tick';
export {
  alertsStream,
  approvedOrdersStream,
  barsStream,
  controlStream,
  deadLetterStream,
  fillsStream,
  intentsStream,
  isDeadLetterStream,
  orderEventsStream,
  pnlStream,
  positionsStream,
  riskRejectionsStream,
  streamFamily,
  ticksStream,
  type StreamFamily,
} from './streams';
export {
  brokerIdSchema,
  exchangeSchema,
  orderStateSchema,
  orderTypeSchema,
  productSchema,
  sideSchema,
  timeframeSchema,
  tradingModeSchema,
  validitySchema,
} from './trading-enums';
