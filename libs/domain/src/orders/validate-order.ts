import { type Instrument } from '../instruments/instrument';
import { type Decimal } from '../money/decimal';
import { isOnTickGrid } from '../money/tick';
import { type OrderSide, type OrderType, type Product, type Validity } from './order-terms';
import { sliceQuantity } from './slice-quantity';

/** What a caller wants to send, before it becomes an `Order`. */
export interface OrderRequest {
  readonly side: OrderSide;
  readonly type: OrderType;
  readonly product: Product;
  readonly validity: Validity;
  readonly quantity: Decimal;
  /** Limit price: required for LIMIT and SL, forbidden for MARKET and SL-M. */
  readonly price: Decimal | null;
  /** Stop trigger: required for SL and SL-M, forbidden for MARKET and LIMIT. */
  readonly triggerPrice: Decimal | null;
}

export type OrderIssueCode =
  | 'QUANTITY_NOT_POSITIVE'
  | 'QUANTITY_NOT_LOT_MULTIPLE'
  | 'PRICE_REQUIRED'
  | 'PRICE_NOT_ALLOWED'
  | 'PRICE_NOT_POSITIVE'
  | 'PRICE_OFF_TICK'
  | 'TRIGGER_REQUIRED'
  | 'TRIGGER_NOT_ALLOWED'
  | 'TRIGGER_NOT_POSITIVE'
  | 'TRIGGER_OFF_TICK'
  | 'TRIGGER_WRONG_SIDE_OF_PRICE'
  | 'PRODUCT_NOT_ALLOWED'
  | 'FREEZE_BELOW_LOT';

export interface OrderIssue {
  readonly code: OrderIssueCode;
  readonly message: string;
}

export type OrderValidation =
  | {
      readonly ok: true;
      /** Above the exchange freeze quantity: send `slices` as separate orders instead. */
      readonly needsSlicing: boolean;
      /** `[quantity]` when no slicing is needed. */
      readonly slices: readonly Decimal[];
    }
  | { readonly ok: false; readonly issues: readonly OrderIssue[] };

const PRICED: ReadonlySet<OrderType> = new Set<OrderType>(['LIMIT', 'SL']);
const TRIGGERED: ReadonlySet<OrderType> = new Set<OrderType>(['SL', 'SL-M']);

/** Derivatives carry forward as NRML or square off as MIS; spot crypto is delivery only (CNC). */
const PRODUCTS: Record<Instrument['kind'], readonly Product[]> = {
  OPTION: ['MIS', 'NRML'],
  FUTURE: ['MIS', 'NRML'],
  EQUITY: ['MIS', 'CNC'],
  CRYPTO_SPOT: ['CNC'],
};

function checkPrice(
  label: 'PRICE' | 'TRIGGER',
  value: Decimal | null,
  required: boolean,
  instrument: Instrument,
  type: OrderType,
): OrderIssue[] {
  const name = label === 'PRICE' ? 'price' : 'trigger price';
  if (required && value === null) {
    return [{ code: `${label}_REQUIRED`, message: `${type} order needs a ${name}` }];
  }
  if (!required && value !== null) {
    return [{ code: `${label}_NOT_ALLOWED`, message: `${type} order must not carry a ${name}` }];
  }
  if (value === null) return [];
  if (value.lte(0)) {
    return [{ code: `${label}_NOT_POSITIVE`, message: `${name} must be positive, got ${value.toString()}` }];
  }
  if (!isOnTickGrid(value, instrument.tickSize)) {
    return [
      {
        code: `${label}_OFF_TICK`,
        message: `${name} ${value.toString()} is not a multiple of the tick ${instrument.tickSize.toString()}`,
      },
    ];
  }
  return [];
}

/**
 * Check an order against its instrument before it goes anywhere near a broker. Returns every problem at
 * once (a human fixing a ticket wants the full list), or the slices to send when the quantity is above
 * the freeze limit.
 */
export function validateOrder(order: OrderRequest, instrument: Instrument): OrderValidation {
  const issues: OrderIssue[] = [];
  const lot = instrument.lotSize;

  if (order.quantity.lte(0)) {
    issues.push({
      code: 'QUANTITY_NOT_POSITIVE',
      message: `quantity must be positive, got ${order.quantity.toString()}`,
    });
  } else if (!order.quantity.mod(lot).isZero()) {
    issues.push({
      code: 'QUANTITY_NOT_LOT_MULTIPLE',
      message: `quantity ${order.quantity.toString()} is not a multiple of the lot size ${lot.toString()}`,
    });
  }

  issues.push(...checkPrice('PRICE', order.price, PRICED.has(order.type), instrument, order.type));
  issues.push(
    ...checkPrice('TRIGGER', order.triggerPrice, TRIGGERED.has(order.type), instrument, order.type),
  );

  // A stop-loss limit must be able to fill once triggered: a buy stop triggers at or below its limit,
  // a sell stop at or above it (the rule Kite enforces).
  if (order.type === 'SL' && order.price !== null && order.triggerPrice !== null) {
    const wrongSide =
      order.side === 'BUY' ? order.triggerPrice.gt(order.price) : order.triggerPrice.lt(order.price);
    if (wrongSide) {
      issues.push({
        code: 'TRIGGER_WRONG_SIDE_OF_PRICE',
        message: `${order.side} SL trigger ${order.triggerPrice.toString()} must be ${
          order.side === 'BUY' ? 'at or below' : 'at or above'
        } the limit price ${order.price.toString()}`,
      });
    }
  }

  if (!PRODUCTS[instrument.kind].includes(order.product)) {
    issues.push({
      code: 'PRODUCT_NOT_ALLOWED',
      message: `product ${order.product} is not allowed for ${instrument.kind} (use ${PRODUCTS[instrument.kind].join(' or ')})`,
    });
  }

  const freeze = instrument.freezeQuantity;
  if (freeze !== null && freeze.lt(lot)) {
    issues.push({
      code: 'FREEZE_BELOW_LOT',
      message: `freeze quantity ${freeze.toString()} is below one lot of ${lot.toString()}`,
    });
  }

  if (issues.length > 0) return { ok: false, issues };

  if (freeze !== null && order.quantity.gt(freeze)) {
    return { ok: true, needsSlicing: true, slices: sliceQuantity(order.quantity, freeze, lot) };
  }
  return { ok: true, needsSlicing: false, slices: [order.quantity] };
}
