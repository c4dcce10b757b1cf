import { type Bar, type IsoDate, type OptionType, type Timeframe, type Underlying } from '@dalal/market';

export type LegSide = 'BUY' | 'SELL';

/**
 * One option leg a strategy wants. `lots` is the leg's share of one set: a risk-sized entry (see
 * `EnterIntent.stopRisk`) gets as many sets as risk allows, a fixed one exactly these lots. HEDGE legs
 * (bought wings) go first on entry and last on exit.
 */
export interface OptionLeg {
  readonly optionType: OptionType;
  readonly strike: number;
  readonly expiry: IsoDate;
  readonly side: LegSide;
  readonly lots: number;
  readonly role?: 'MAIN' | 'HEDGE';
}

/** Indicator values (and other numbers) that made a decision, reported with every intent. */
export type IndicatorValues = Readonly<Record<string, number>>;

export interface EnterIntent {
  readonly kind: 'ENTER';
  /** Short label of the position kind, e.g. `CE`, `PE`, `IRON_CONDOR`; echoed back in the view. */
  readonly tag: string;
  readonly legs: readonly OptionLeg[];
  readonly reason: string;
  readonly indicators: IndicatorValues;
  /**
   * Premium points a unit of one set loses if the strategy's stop is hit (a bought option: its whole
   * premium; a credit spread: the wing width less the credit). Given, risk sizes the entry from equity;
   * absent, the legs' lots are taken as they are. Strategies say what and where the stop is; risk says
   * how much and whether.
   */
  readonly stopRisk?: number;
}

export interface ExitIntent {
  readonly kind: 'EXIT';
  /** Why: `stop_loss`, `ema_cross`, `take_profit`, `time`, `square_off`, … */
  readonly reason: string;
  readonly indicators: IndicatorValues;
}

export type Intent = EnterIntent | ExitIntent;

/** A leg of the open position as filled. */
export interface OpenLegView extends OptionLeg {
  readonly quantity: number;
  readonly entryPrice: number;
}

export interface OpenPositionView {
  readonly tag: string;
  readonly legs: readonly OpenLegView[];
  /** Fill instant of the entry (epoch ms). */
  readonly entryTime: number;
  /** Closed strategy bars since the entry filled, counting the bar the fill happened in. */
  readonly barsHeld: number;
  readonly entryUnderlying: number;
  /** Net premium per unit at entry: positive paid (debit), negative received (credit). */
  readonly entryPremium: number;
  /** Net premium per unit now, at this bar's close, same sign convention. */
  readonly currentPremium: number;
}

/**
 * What a strategy may know about its own book: read-only, built by whoever runs it (the backtester or
 * the strategy engine) from real fills. Sizing, P&L limits and losing streaks are risk's (@dalal/risk).
 */
export interface PositionView {
  readonly open: OpenPositionView | null;
  /** An order from an earlier intent has not filled yet; strategies should not stack intents. */
  readonly pending: boolean;
  /** Entries filled today (IST session). Daily limits are risk's; this is for a strategy's own rules. */
  readonly entriesToday: number;
}

export interface OptionQuoteRequest {
  readonly optionType: OptionType;
  readonly strike: number;
  readonly expiry: IsoDate;
}

/** Everything outside the bar a strategy may use. Time comes from here, never from a clock. */
export interface StrategyContext {
  readonly underlying: Underlying;
  /** The instant the bar closed (epoch ms): "now" for the strategy. */
  readonly now: number;
  /** IST date of the bar. */
  readonly date: IsoDate;
  /** IST minutes after midnight of `now` (a 09:15–09:18 bar closes at 558). */
  readonly minuteOfDay: number;
  readonly lotSize: number;
  /** Gap between listed strikes. */
  readonly strikeInterval: number;
  /** The nearest expiry on or after `date` (weekly where the index has weeklies, else monthly). */
  readonly currentExpiry: IsoDate;
  /** Estimated premium of an option at this bar's close (model or market data). */
  premium(option: OptionQuoteRequest): number;
}

/**
 * The one strategy interface, for backtest, paper and live. `onBar` gets each closed bar of the
 * strategy's timeframe in time order and returns intents; decisions made on a bar's close are filled
 * by the caller no earlier than the next bar's open. Implementations keep indicator state but do no
 * I/O and read no clock, so the same bars, views and context give the same intents.
 */
export interface Strategy {
  readonly id: string;
  readonly timeframe: Timeframe;
  onBar(bar: Bar, position: PositionView, context: StrategyContext): readonly Intent[];
}

export const NO_INTENTS: readonly Intent[] = Object.freeze([]);
