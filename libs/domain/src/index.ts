// The public entry of @dalal/domain: named exports only, nothing deep-imported.

export { DomainError, isDomainError, type DomainErrorCode } from './errors/domain-error';

export { Decimal, dec, parseDecimal, ZERO } from './money/decimal';
export { roundToPaise } from './money/paise';
export { isOnTickGrid, roundToTick, roundToTickPassive, type TickRounding } from './money/tick';
export { formatInr } from './money/format-inr';

export { tradeDate, type TradeDate } from './time/trade-date';

export { INDEX_UNDERLYINGS, isIndexUnderlying, type IndexUnderlying } from './instruments/underlying';
export {
  FREEZE_QUANTITIES,
  LOT_SIZES,
  type FreezeQuantityRow,
  type LotSizeRow,
} from './instruments/contract-specs.data';
export { findFreezeQuantity, freezeQuantityOn, lotSizeOn } from './instruments/contract-specs';
export {
  cryptoSpot,
  indexFuture,
  indexOption,
  instrumentKey,
  type CryptoSpotInstrument,
  type CryptoSpotSpec,
  type EquityInstrument,
  type Exchange,
  type FutureInstrument,
  type IndexFutureSpec,
  type IndexOptionSpec,
  type Instrument,
  type OptionInstrument,
  type OptionType,
  type Segment,
} from './instruments/instrument';

export {
  oppositeSide,
  type OrderSide,
  type OrderType,
  type Product,
  type Validity,
} from './orders/order-terms';
export { sliceQuantity } from './orders/slice-quantity';
export {
  validateOrder,
  type OrderIssue,
  type OrderIssueCode,
  type OrderRequest,
  type OrderValidation,
} from './orders/validate-order';
export { isTerminalStatus, ORDER_STATUSES, type OrderStatus } from './orders/order-status';
export {
  type Fill,
  type OrderAccepted,
  type OrderCancelled,
  type OrderEvent,
  type OrderEventType,
  type OrderFilled,
  type OrderRejected,
} from './orders/order-event';
export {
  applyEvent,
  applyFill,
  canApply,
  isForwardStatusChange,
  createOrder,
  remainingQuantity,
  type NewOrder,
  type Order,
} from './orders/order';

export {
  applyFillToPosition,
  averagePrice,
  FLAT_POSITION,
  markToMarket,
  unrealizedPnl,
  type Position,
  type PositionFill,
  type PositionValuation,
} from './positions/position';
export {
  applyFillToBook,
  EMPTY_BOOK,
  markBookToMarket,
  positionIn,
  type BookEntry,
  type BookFill,
  type BookValuation,
  type PositionBook,
} from './positions/position-book';

export {
  BINANCE_SPOT_FEE,
  BROKERAGE,
  EXCHANGE_TXN,
  GST,
  IPFT,
  SEBI_FEE,
  STAMP_DUTY_BUY,
  STT_EXERCISE,
  STT_SELL,
  type BinanceFeeRow,
  type BrokerageRow,
  type ChargeVenue,
  type DatedRate,
  type DerivativeKind,
  type IndianBroker,
} from './charges/charge-rates.data';
export { sumBreakdowns, type ChargeBreakdown } from './charges/charge-breakdown';
export {
  chargesForFill,
  type Broker,
  type ChargeableFill,
  type ChargeOptions,
} from './charges/charges-for-fill';
export { chargesForRoundTrip, type RoundTripCharges } from './charges/charges-for-round-trip';
export { chargesForExercise, intrinsicValue, type Exercise } from './charges/charges-for-exercise';
