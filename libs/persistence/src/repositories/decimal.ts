import { dec, type Decimal } from '@dalal/domain';

/** Prisma returns its own Decimal copy; the domain computes with @dalal/domain's. Strings bridge them exactly. */
export function toDomainDecimal(value: { toString(): string }): Decimal {
  return dec(value.toString());
}

export function toDomainDecimalOrNull(value: { toString(): string } | null): Decimal | null {
  return value === null ? null : dec(value.toString());
}
