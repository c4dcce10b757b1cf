import { IST_OFFSET_MINUTES } from '@dalal/market';

const DAY_MS = 86_400_000;
const OFFSET_MS = IST_OFFSET_MINUTES * 60_000;

/** The IST calendar day of an instant, `YYYY-MM-DD`. */
export function istDay(at: Date): string {
  return new Date(at.getTime() + OFFSET_MS).toISOString().slice(0, 10);
}

/** The UTC instants [from, to) of one IST calendar day. */
export function istDayRange(day: string): { from: Date; to: Date } {
  const from = new Date(Date.parse(`${day}T00:00:00Z`) - OFFSET_MS);
  return { from, to: new Date(from.getTime() + DAY_MS) };
}
