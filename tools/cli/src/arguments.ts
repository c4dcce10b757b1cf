import { isIsoDate, parseUnderlying, type IsoDate, type Underlying } from '@dalal/market';

import { UsageError } from './command';

export function requirePositional(positionals: readonly string[], index: number, name: string): string {
  const value = positionals[index];
  if (value === undefined) throw new UsageError(`missing <${name}>`);
  return value;
}

export function rejectExtraPositionals(positionals: readonly string[], expected: number): void {
  if (positionals.length > expected) {
    throw new UsageError(`unexpected argument "${positionals[expected] ?? ''}"`);
  }
}

export function readDate(value: string, name: string): IsoDate {
  if (!isIsoDate(value)) throw new UsageError(`${name} must be a YYYY-MM-DD date, got "${value}"`);
  return value;
}

export function readUnderlying(value: string): Underlying {
  return parseUnderlying(value);
}

export function readPositiveNumber(value: string | undefined, name: string): number {
  const parsed = Number(value);
  if (value === undefined || value.trim() === '' || !Number.isFinite(parsed) || parsed <= 0) {
    throw new UsageError(`${name} must be a positive number, got "${value ?? ''}"`);
  }
  return parsed;
}
