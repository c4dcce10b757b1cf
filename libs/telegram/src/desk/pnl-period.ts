import { type PnlPeriod } from './trading-desk';

const DAY_MS = 86_400_000;

/**
 * The IST trading dates a `/pnl` period covers, up to and including `today` (YYYY-MM-DD): the day
 * itself, the week from its Monday, or the month from its 1st.
 */
export function pnlPeriodRange(period: PnlPeriod, today: string): { from: string; to: string } {
  if (period === 'day') return { from: today, to: today };
  if (period === 'month') return { from: `${today.slice(0, 8)}01`, to: today };
  const date = new Date(`${today}T00:00:00Z`);
  const sinceMonday = (date.getUTCDay() + 6) % 7;
  return { from: new Date(date.getTime() - sinceMonday * DAY_MS).toISOString().slice(0, 10), to: today };
}
