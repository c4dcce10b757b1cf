import { DomainError } from '../errors/domain-error';
import { instrumentKey } from '../instruments/instrument';
import { type ChargeBreakdown, sumBreakdowns } from './charge-breakdown';
import { type ChargeableFill, type ChargeOptions, chargesForFill } from './charges-for-fill';

export interface RoundTripCharges {
  readonly entry: ChargeBreakdown;
  readonly exit: ChargeBreakdown;
  /** Component-wise sum of both legs. */
  readonly total: ChargeBreakdown;
}

/** Costs of opening and closing a trade: two executed orders in the same instrument on opposite sides. */
export function chargesForRoundTrip(
  trip: { readonly entry: ChargeableFill; readonly exit: ChargeableFill },
  options: ChargeOptions,
): RoundTripCharges {
  if (instrumentKey(trip.entry.instrument) !== instrumentKey(trip.exit.instrument)) {
    throw new DomainError('INSTRUMENT_MISMATCH', 'a round trip enters and exits the same instrument', {
      entry: instrumentKey(trip.entry.instrument),
      exit: instrumentKey(trip.exit.instrument),
    });
  }
  if (trip.entry.side === trip.exit.side) {
    throw new DomainError('INVALID_FILL', `a round trip needs opposite sides, got ${trip.entry.side} twice`);
  }
  const entry = chargesForFill(trip.entry, options);
  const exit = chargesForFill(trip.exit, options);
  return { entry, exit, total: sumBreakdowns(entry.currency, [entry, exit]) };
}
