import { DomainError } from '../errors/domain-error';
import { type OptionInstrument } from '../instruments/instrument';
import { Decimal, ZERO } from '../money/decimal';
import { roundToPaise } from '../money/paise';
import { type TradeDate } from '../time/trade-date';
import { breakdown, type ChargeBreakdown } from './charge-breakdown';
import { STT_EXERCISE } from './charge-rates.data';
import { rowOn } from './rate-on';

export interface Exercise {
  readonly instrument: OptionInstrument;
  /** Long quantity exercised (units). */
  readonly quantity: Decimal;
  /** The exchange's final settlement price of the underlying index. */
  readonly settlementPrice: Decimal;
  readonly expiryDate: TradeDate;
}

/** Intrinsic value per unit at settlement: what an in-the-money option pays; zero out of the money. */
export function intrinsicValue(instrument: OptionInstrument, settlementPrice: Decimal): Decimal {
  const raw =
    instrument.optionType === 'CE'
      ? settlementPrice.minus(instrument.strike)
      : instrument.strike.minus(settlementPrice);
  return Decimal.max(raw, ZERO);
}

/**
 * STT charged to the holder of a long option exercised at expiry: the exercise rate on intrinsic value
 * × quantity, rounded to paise. Only STT is modelled: brokers' exercise brokerage and other levies on
 * physical/cash settlement differ and are not in our reference.
 */
export function chargesForExercise(exercise: Exercise): ChargeBreakdown {
  if (exercise.quantity.lte(0)) {
    throw new DomainError('INVALID_QUANTITY', 'exercised quantity must be positive');
  }
  const value = intrinsicValue(exercise.instrument, exercise.settlementPrice).mul(exercise.quantity);
  const sttRate = new Decimal(rowOn(STT_EXERCISE, exercise.expiryDate, 'STT on exercise').rate);
  return breakdown('INR', value, {
    brokerage: ZERO,
    stt: roundToPaise(value.mul(sttRate)),
    exchangeTxn: ZERO,
    ipft: ZERO,
    sebiFee: ZERO,
    stampDuty: ZERO,
    gst: ZERO,
  });
}
