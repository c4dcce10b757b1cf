import { type Exchange } from './exchange';
import { type IstTime } from '../time/ist';
import { type IsoDate } from '../time/local-date';

export interface Holiday {
  readonly date: IsoDate;
  readonly name: string;
}

/** A dated session outside the normal rules (Muhurat trading, a budget-day weekend session). */
export interface SpecialSession {
  readonly date: IsoDate;
  readonly name: string;
  readonly exchanges: readonly Exchange[];
  readonly open: IstTime;
  readonly close: IstTime;
  readonly preOpen?: { readonly start: IstTime; readonly end: IstTime };
  /**
   * Whether the exchange treats the day as a full trading day, e.g. for moving an expiry. Muhurat is a
   * token hour on a holiday, so it is not; a budget-day session is.
   */
  readonly countsAsTradingDay: boolean;
  readonly source: string;
}

/** One year of exchange calendar data. Each year lives in its own file so updates are one-file diffs. */
export interface CalendarYear {
  readonly year: number;
  readonly holidays: Readonly<Record<Exchange, readonly Holiday[]>>;
  readonly specialSessions: readonly SpecialSession[];
  readonly sources: readonly string[];
}
