/** The vocabulary of an order, shared by requests, the state machine and charges. */
export type OrderSide = 'BUY' | 'SELL';

/** `SL` is a stop-loss limit (trigger + limit price); `SL-M` a stop-loss market (trigger only). */
export type OrderType = 'MARKET' | 'LIMIT' | 'SL' | 'SL-M';

/** MIS intraday, NRML carry-forward derivatives, CNC delivery (cash equity and crypto spot). */
export type Product = 'MIS' | 'NRML' | 'CNC';

export type Validity = 'DAY' | 'IOC';

export function oppositeSide(side: OrderSide): OrderSide {
  return side === 'BUY' ? 'SELL' : 'BUY';
}
