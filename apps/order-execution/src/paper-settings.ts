import { readFileSync } from 'node:fs';

import { z } from 'zod';

import { PaperBroker, parseOhlcvCsv, type PaperBrokerOptions } from '@dalal/brokers';
import { calendarFromTradingDays, istDate, type TradingCalendar } from '@dalal/market';
import {
  BlackScholesPremiums,
  OptionQuotes,
  bundledExpiryCalendars,
  type ExpiryCalendars,
} from '@dalal/simulator';

/**
 * The paper broker's settings, with `dalal backtest`'s defaults (`--set iv=0.15 riskFreeRate=0.065
 * slippageTicks=1`, ₹0.05 ticks): with the same settings a paper fill is the backtest's fill.
 */
export const paperSettingsShape = {
  /** Slippage on market and triggered-stop fills, in ticks (the backtester's `slippageTicks`). */
  PAPER_SLIPPAGE_TICKS: z.coerce.number().nonnegative().default(1),
  PAPER_TICK_SIZE: z.coerce.number().positive().default(0.05),
  /** Black-Scholes volatility of options priced from their index (the backtester's `iv`). */
  PAPER_IV: z.coerce.number().positive().default(0.15),
  /** Risk-free rate of the same model (the backtester's `riskFreeRate`). */
  PAPER_RISK_FREE_RATE: z.coerce.number().nonnegative().default(0.065),
  /**
   * An OHLCV CSV whose trading days date option expiries, for replays of years the bundled exchange
   * calendar lacks (the backtester derives its calendar from its data the same way).
   */
  PAPER_EXPIRY_CALENDAR_FILE: z.preprocess(
    (value) => (value === '' ? undefined : value),
    z.string().min(1).optional(),
  ),
  /** Replaced by PAPER_SLIPPAGE_TICKS; refused rather than silently ignored. */
  PAPER_SLIPPAGE: z.preprocess(
    (value) => (value === '' ? undefined : value),
    z.undefined({ error: 'was replaced by PAPER_SLIPPAGE_TICKS (slippage in ticks, as in backtests)' }),
  ),
};

/** The paper settings alone (the service config includes them). */
export const paperSettingsSchema = z.object(paperSettingsShape);
export type PaperSettings = z.output<typeof paperSettingsSchema>;

/** The expiry calendars: given (tests, embedded), from PAPER_EXPIRY_CALENDAR_FILE, else the bundled ones. */
export function paperExpiryCalendars(settings: PaperSettings, calendar?: TradingCalendar): ExpiryCalendars {
  if (calendar) return () => calendar;
  const file = settings.PAPER_EXPIRY_CALENDAR_FILE;
  if (!file) return bundledExpiryCalendars;
  const days = [
    ...new Set(parseOhlcvCsv(readFileSync(file, 'utf8')).map((row) => istDate(new Date(row.atMs)))),
  ];
  const fromData = calendarFromTradingDays('NSE', days).calendar;
  return () => fromData;
}

/** The paper broker of order-execution: the backtester's exchange and premium model on bus ticks. */
export function createPaperBroker(
  settings: PaperSettings,
  calendarOf: ExpiryCalendars,
  options: Omit<PaperBrokerOptions, 'slippage' | 'tickSize' | 'optionQuotes'>,
): PaperBroker {
  return new PaperBroker({
    ...options,
    slippage: settings.PAPER_SLIPPAGE_TICKS * settings.PAPER_TICK_SIZE,
    tickSize: settings.PAPER_TICK_SIZE,
    optionQuotes: new OptionQuotes({
      premiums: new BlackScholesPremiums({
        volatility: settings.PAPER_IV,
        rate: settings.PAPER_RISK_FREE_RATE,
      }),
      calendarOf,
    }),
  });
}
