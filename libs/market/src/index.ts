export { MarketError, isMarketError, type MarketErrorCode } from './errors/market-error';

export {
  Weekdays,
  addDays,
  daysBetween,
  daysInMonth,
  formatIsoDate,
  fromEpochDay,
  isIsoDate,
  isWeekend,
  lastWeekdayOfMonth,
  parseIsoDate,
  toEpochDay,
  weekdayName,
  weekdayOf,
  type DateParts,
  type IsoDate,
  type Weekday,
} from './time/local-date';
export {
  IST_OFFSET_MINUTES,
  fromIst,
  istDate,
  parseIstTime,
  toIst,
  type IstDateTime,
  type IstTime,
} from './time/ist';
export { fixedClock, systemClock, type Clock } from './time/clock';

export { EXCHANGES, isExchange, type Exchange } from './calendar/exchange';
export { type CalendarYear, type Holiday, type SpecialSession } from './calendar/calendar-year';
export {
  CALENDAR_YEARS,
  NORMAL_HOURS,
  createTradingCalendar,
  tradingCalendar,
  type Session,
  type TradingCalendar,
  type TradingDayOptions,
} from './calendar/trading-calendar';
export { calendarFromTradingDays, type CalendarFromData } from './calendar/calendar-from-data';

export {
  UNDERLYINGS,
  isUnderlying,
  parseUnderlying,
  underlyingSpec,
  type Underlying,
  type UnderlyingSpec,
} from './expiry/underlying';
export { EXPIRY_RULES, expiryRuleOn, type ExpiryRule } from './expiry/expiry-rules';
export {
  expiries,
  isExpiry,
  isMonthlyExpiry,
  monthlyExpiry,
  nextExpiry,
  weeklyExpiries,
  type Expiry,
  type ExpiryKind,
  type ExpiryCalendarOptions,
  type NextExpiryOptions,
} from './expiry/expiries';

export {
  decodeTradingSymbol,
  formatTradingSymbol,
  futureSymbol,
  optionSymbol,
  parseTradingSymbol,
  type ContractType,
  type ParsedContract,
  type SymbolParts,
} from './symbols/trading-symbol';

export { OPTION_TYPES, isOptionType, type OptionType } from './options/option-type';
export { inverseNormalCdf, normalCdf, normalPdf } from './options/normal-distribution';
export {
  blackScholes,
  blackScholesPrice,
  priceBounds,
  type BlackScholesInput,
  type Greeks,
} from './options/black-scholes';
export {
  impliedVolatility,
  type ImpliedVolatilityInput,
  type ImpliedVolatilityOptions,
} from './options/implied-volatility';
export {
  atmStrike,
  roundToStrike,
  strikeAtOffset,
  strikeByDelta,
  strikesAround,
  type Moneyness,
  type StrikeByDelta,
  type StrikeByDeltaInput,
} from './options/option-chain';
export { timeToExpiryYears } from './options/time-to-expiry';

export {
  TIMEFRAMES,
  isTimeframe,
  parseTimeframe,
  timeframeMinutes,
  type Bar,
  type Timeframe,
} from './bars/bar';
export { BarError, isBarError, type BarErrorCode } from './bars/bar-error';
export {
  SESSION_CLOSE_MINUTE,
  SESSION_OPEN_MINUTE,
  bucketOf,
  bucketOfMinutes,
  istMidnight,
  istMinuteOfDay,
  type Bucket,
} from './bars/session-buckets';
export { BarAggregator, resampleBars } from './bars/bar-aggregator';
export {
  TickAggregator,
  aggregateTicks,
  type PriceBar,
  type PriceTick,
  type TickAggregatorCounts,
  type TickAggregatorOptions,
  type TickBar,
} from './bars/tick-aggregator';
