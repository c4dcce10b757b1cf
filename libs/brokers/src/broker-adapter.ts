import { type Decimal, type OrderStatus } from '@dalal/domain';

export type BrokerExchange = 'NSE' | 'NFO' | 'BSE' | 'BFO' | 'BINANCE';
export type BrokerSide = 'BUY' | 'SELL';
export type BrokerOrderType = 'MARKET' | 'LIMIT' | 'SL' | 'SL-M';
export type BrokerProduct = 'MIS' | 'NRML' | 'CNC';

export interface PlaceOrder {
  /** Our id, sent as the broker's tag / client order id so the order can be found again after a crash. */
  clientOrderId: string;
  instrument: string;
  exchange: BrokerExchange;
  side: BrokerSide;
  quantity: number;
  orderType: BrokerOrderType;
  product: BrokerProduct;
  validity: 'DAY' | 'IOC';
  price?: Decimal;
  triggerPrice?: Decimal;
}

export interface ModifyOrder {
  quantity?: number;
  price?: Decimal;
  triggerPrice?: Decimal;
  orderType?: BrokerOrderType;
}

/** The broker's view of an order, in our terms: states are those of our order state machine. */
export type BrokerOrderStatus = OrderStatus;

export interface BrokerOrder {
  brokerOrderId: string;
  clientOrderId?: string;
  instrument: string;
  exchange: string;
  side: BrokerSide;
  orderType: BrokerOrderType;
  quantity: number;
  filledQuantity: number;
  price?: Decimal;
  triggerPrice?: Decimal;
  averagePrice: Decimal;
  status: BrokerOrderStatus;
  statusMessage?: string;
  /** UTC ISO time the broker stamped on the order. */
  placedAt?: string;
}

export interface BrokerTrade {
  tradeId: string;
  brokerOrderId: string;
  instrument: string;
  exchange: string;
  side: BrokerSide;
  quantity: number;
  price: Decimal;
  filledAt: string;
}

export interface BrokerPosition {
  instrument: string;
  exchange: string;
  product: string;
  /** Signed: positive long, negative short. */
  netQuantity: number;
  averagePrice: Decimal;
  lastPrice: Decimal;
  realized: Decimal;
  unrealized: Decimal;
}

export interface BrokerHolding {
  instrument: string;
  exchange: string;
  quantity: number;
  averagePrice: Decimal;
  lastPrice: Decimal;
}

export interface BrokerMargins {
  /** Cash and collateral available for new positions. */
  available: Decimal;
  utilised: Decimal;
  net: Decimal;
}

export interface BrokerQuote {
  instrument: string;
  exchange: string;
  lastPrice: Decimal;
}

export interface BrokerCandle {
  /** UTC ISO open time. */
  time: string;
  open: Decimal;
  high: Decimal;
  low: Decimal;
  close: Decimal;
  volume: number;
  openInterest?: number;
}

export interface BrokerInstrument {
  token: number;
  instrument: string;
  name: string;
  exchange: string;
  segment: string;
  instrumentType: string;
  expiry?: string;
  strike: Decimal;
  tickSize: Decimal;
  lotSize: number;
}

export type CandleInterval = 'minute' | '3minute' | '5minute' | '15minute' | '60minute' | 'day';

/**
 * One interface for every broker. Adapters translate to and from the broker's wire format and classify
 * every failure as a BrokerError; broker-specific types never leave the adapter.
 */
export interface BrokerAdapter {
  readonly broker: string;
  placeOrder(order: PlaceOrder): Promise<{ brokerOrderId: string }>;
  modifyOrder(brokerOrderId: string, changes: ModifyOrder): Promise<void>;
  cancelOrder(brokerOrderId: string): Promise<void>;
  getOrder(brokerOrderId: string): Promise<BrokerOrder>;
  getOrders(): Promise<BrokerOrder[]>;
  getTrades(): Promise<BrokerTrade[]>;
  getPositions(): Promise<BrokerPosition[]>;
  getHoldings(): Promise<BrokerHolding[]>;
  getMargins(): Promise<BrokerMargins>;
  getQuotes(instruments: ReadonlyArray<{ exchange: string; instrument: string }>): Promise<BrokerQuote[]>;
  getCandles(token: number, interval: CandleInterval, from: Date, to: Date): Promise<BrokerCandle[]>;
  getInstruments(exchange?: string): Promise<BrokerInstrument[]>;
}
