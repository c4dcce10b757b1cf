import { DomainError } from '../errors/domain-error';
import { type Instrument } from '../instruments/instrument';
import { Decimal, ZERO } from '../money/decimal';
import { roundToPaise } from '../money/paise';
import { type OrderSide } from '../orders/order-terms';
import { type TradeDate } from '../time/trade-date';
import { breakdown, type ChargeBreakdown } from './charge-breakdown';
import {
  BINANCE_SPOT_FEE,
  BROKERAGE,
  type ChargeVenue,
  EXCHANGE_TXN,
  GST,
  type IndianBroker,
  IPFT,
  SEBI_FEE,
  STAMP_DUTY_BUY,
  STT_SELL,
} from './charge-rates.data';
import { rowOn } from './rate-on';

export type Broker = IndianBroker | 'BINANCE';

/**
 * One executed order. Brokerage is per executed order, so an order that filled in several trades is
 * charged once: pass its total quantity and average price, not each trade.
 */
export interface ChargeableFill {
  readonly instrument: Instrument;
  readonly side: OrderSide;
  readonly quantity: Decimal;
  readonly price: Decimal;
  /** The trading day (IST for NSE/BSE); selects the rates in force. */
  readonly tradeDate: TradeDate;
}

export interface ChargeOptions {
  readonly broker: Broker;
  /**
   * Price the fill with the rates of another day — e.g. a backtest over 2012 data that should pay
   * today's costs. Defaults to the fill's trade date.
   */
  readonly ratesOn?: TradeDate;
  /** Binance only: maker or taker fee. Defaults to TAKER (the dearer side, when in doubt). */
  readonly liquidity?: 'MAKER' | 'TAKER';
}

/** Binance reports commissions to 8 decimals. */
const CRYPTO_FEE_DP = 8;

function rate(
  rows: readonly { effectiveFrom: string; rate: string }[],
  date: TradeDate,
  what: string,
): Decimal {
  return new Decimal(rowOn(rows, date, what).rate);
}

function chargesForBinance(fill: ChargeableFill, options: ChargeOptions, date: TradeDate): ChargeBreakdown {
  const turnover = fill.price.mul(fill.quantity);
  const row = rowOn(BINANCE_SPOT_FEE, date, 'Binance spot fee');
  const feeRate = new Decimal(options.liquidity === 'MAKER' ? row.maker : row.taker);
  return breakdown(fill.instrument.currency, turnover, {
    brokerage: turnover.mul(feeRate).toDecimalPlaces(CRYPTO_FEE_DP, Decimal.ROUND_HALF_UP),
    stt: ZERO,
    exchangeTxn: ZERO,
    ipft: ZERO,
    sebiFee: ZERO,
    stampDuty: ZERO,
    gst: ZERO,
  });
}

/**
 * What one executed order costs, component by component. Each component is rounded to paise
 * (half-up) on its own, and GST is 18% of the already-rounded brokerage + exchange + IPFT + SEBI
 * components, rounded again — so the breakdown adds up exactly. See docs/charges.md for every rate.
 */
export function chargesForFill(fill: ChargeableFill, options: ChargeOptions): ChargeBreakdown {
  if (fill.quantity.lte(0) || fill.price.lt(0)) {
    throw new DomainError('INVALID_FILL', 'charges need a positive quantity and a non-negative price');
  }
  const date = options.ratesOn ?? fill.tradeDate;
  const { instrument } = fill;

  if (options.broker === 'BINANCE') {
    if (instrument.kind !== 'CRYPTO_SPOT') {
      throw new DomainError(
        'INSTRUMENT_MISMATCH',
        `Binance cannot trade ${instrument.kind} ${instrument.symbol}`,
      );
    }
    return chargesForBinance(fill, options, date);
  }
  if (instrument.kind !== 'OPTION' && instrument.kind !== 'FUTURE') {
    throw new DomainError(
      'INSTRUMENT_MISMATCH',
      `charges are modelled for index options and futures only, not ${instrument.kind} ${instrument.symbol}`,
    );
  }

  const kind = instrument.kind;
  const venue: ChargeVenue = instrument.exchange === 'NFO' ? 'NSE' : 'BSE';
  const turnover = fill.price.mul(fill.quantity);
  const isBuy = fill.side === 'BUY';

  const brokerageRow = rowOn(BROKERAGE[options.broker][kind], date, `${options.broker} ${kind} brokerage`);
  const flat = new Decimal(brokerageRow.flat);
  const brokerage = roundToPaise(
    brokerageRow.percentCap === null ? flat : Decimal.min(flat, turnover.mul(brokerageRow.percentCap)),
  );
  const stt = isBuy ? ZERO : roundToPaise(turnover.mul(rate(STT_SELL[kind], date, `STT ${kind}`)));
  const exchangeTxn = roundToPaise(
    turnover.mul(rate(EXCHANGE_TXN[venue][kind], date, `${venue} ${kind} txn`)),
  );
  const ipft = roundToPaise(turnover.mul(rate(IPFT[venue][kind], date, `${venue} ${kind} IPFT`)));
  const sebiFee = roundToPaise(turnover.mul(rate(SEBI_FEE, date, 'SEBI fee')));
  const stampDuty = isBuy
    ? roundToPaise(turnover.mul(rate(STAMP_DUTY_BUY[kind], date, `stamp ${kind}`)))
    : ZERO;
  const gst = roundToPaise(
    brokerage
      .plus(exchangeTxn)
      .plus(ipft)
      .plus(sebiFee)
      .mul(rate(GST, date, 'GST')),
  );

  return breakdown('INR', turnover, { brokerage, stt, exchangeTxn, ipft, sebiFee, stampDuty, gst });
}
