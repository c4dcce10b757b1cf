import {
  Decimal,
  ZERO,
  applyFillToPosition,
  chargesForFill,
  dec,
  indexOption,
  lotSizeOn,
  tradeDate,
  FLAT_POSITION,
  type IndianBroker,
  type OptionInstrument,
  type Position,
} from '@dalal/domain';
import {
  BarAggregator,
  istMidnight,
  istMinuteOfDay,
  nextExpiry,
  timeframeMinutes,
  underlyingSpec,
  fromEpochDay,
  type Bar,
  type IsoDate,
  type TradingCalendar,
  type Underlying,
} from '@dalal/market';
import {
  BlackScholesPremiums,
  SimulatedExchange,
  earliestOptionRatesDate,
  type OptionKey,
  type PremiumSource,
  type SimFill,
} from '@dalal/simulator';
import {
  type EnterIntent,
  type IndicatorValues,
  type Intent,
  type OpenLegView,
  type OpenPositionView,
  type OptionQuoteRequest,
  type PositionView,
  type Strategy,
  type StrategyContext,
} from '@dalal/strategies';

import { intentIdFor, resolveEntry, type ResolvedLeg } from '@dalal/kernel';
import {
  StrategyRisk,
  parseRiskLimits,
  type RiskIntent,
  type RiskLimits,
  type RiskReason,
} from '@dalal/risk';

import { BacktestError } from './backtest-error';
import { computeMetrics, type BacktestMetrics } from './metrics';

export interface BacktestConfig {
  readonly strategy: Strategy;
  /** Source bars (start-labelled, strictly increasing); resampled to the strategy's timeframe. */
  readonly bars: readonly Bar[];
  readonly sourceMinutes?: number;
  readonly underlying: Underlying;
  readonly capital: number;
  /**
   * Risk limits (@dalal/risk), the same the risk manager applies live; default the account defaults.
   * Their `capital` is replaced by `capital` above.
   */
  readonly risk?: RiskLimits;
  /** Contract lot size; default from @dalal/domain's dated table (which starts in 2024). */
  readonly lotSize?: number;
  /** Black-Scholes volatility when no option prices are given (default 0.15). */
  readonly volatility?: number;
  readonly riskFreeRate?: number;
  /** Slippage on market fills, in ticks of ₹0.05 (default 1). */
  readonly slippageTicks?: number;
  readonly broker?: IndianBroker;
  /** Calendar for expiries; default the bundled exchange calendar. */
  readonly calendar?: TradingCalendar;
  readonly premiums?: PremiumSource;
  /** Keep strategy bars for the price chart (default true). */
  readonly keepBars?: boolean;
  readonly onProgress?: (done: number, total: number) => void;
}

export interface TradeLeg {
  readonly symbol: string;
  readonly optionType: 'CE' | 'PE';
  readonly strike: number;
  readonly expiry: IsoDate;
  readonly side: 'BUY' | 'SELL';
  readonly quantity: number;
  readonly entryPrice: number;
  readonly exitPrice: number;
}

export interface BacktestTrade {
  readonly id: number;
  readonly tag: string;
  readonly lots: number;
  readonly quantity: number;
  /** Start of the bar whose close fired the entry. */
  readonly signalTime: string;
  readonly entryTime: string;
  readonly exitSignalTime: string | null;
  readonly exitTime: string;
  readonly entryReason: string;
  readonly exitReason: string;
  readonly legs: readonly TradeLeg[];
  readonly grossPnl: string;
  readonly charges: string;
  readonly netPnl: string;
  readonly underlyingAtEntry: number;
  readonly underlyingAtExit: number;
  readonly indicators: IndicatorValues;
  readonly exitIndicators: IndicatorValues;
}

export interface Decision {
  /** Start of the bar whose close produced the intent. */
  readonly time: number;
  readonly kind: Intent['kind'];
  readonly reason: string;
  readonly indicators: IndicatorValues;
  readonly rejected: string | null;
  /** The risk rule that refused it (docs/risk.md), or null when it went through. */
  readonly code: RiskReason | null;
  /** The intent's id, the same the strategy engine gives it live. */
  readonly intentId: string;
  /** Lots a set risk allowed (an entry), or null. */
  readonly lots: number | null;
}

export interface EquityPoint {
  /** Bar end (epoch ms). */
  readonly time: number;
  readonly equity: number;
}

export interface BacktestResult {
  readonly strategyId: string;
  readonly timeframe: string;
  readonly underlying: Underlying;
  readonly capital: number;
  readonly lotSize: number | null;
  readonly sourceBars: number;
  readonly strategyBars: number;
  readonly trades: readonly BacktestTrade[];
  readonly decisions: readonly Decision[];
  readonly equity: readonly EquityPoint[];
  readonly bars: readonly Bar[];
  readonly metrics: BacktestMetrics;
  readonly premiumModel: string;
  /** Assumptions the numbers rest on (charge dates, derived calendars, lot sizes). */
  readonly notes: readonly string[];
}

const TICK = 0.05;
const MS_PER_DAY = 86_400_000;
const IST_OFFSET_MS = 330 * 60_000;

interface LegState {
  readonly key: OptionKey;
  readonly side: 'BUY' | 'SELL';
  readonly lots: number;
  readonly quantity: number;
  readonly instrument: OptionInstrument;
  /** The instrument as risk and the order model name it. */
  readonly symbol: string;
  readonly id: string;
  position: Position;
  entryPrice: number;
  exitPrice: number;
  entryFilled: boolean;
  exitFilled: boolean;
}

interface TradeState {
  readonly id: number;
  /** The entry intent's id: the trade's id in the risk book, as live. */
  readonly tradeId: string;
  readonly intent: EnterIntent;
  readonly signalTime: number;
  readonly legs: LegState[];
  entryTime: number;
  entryUnderlying: number;
  barsHeld: number;
  open: boolean;
  exiting: boolean;
  exitSignalTime: number | null;
  exitReason: string;
  exitIndicators: IndicatorValues;
  charges: Decimal;
}

const iso = (ms: number) => new Date(ms).toISOString();
const toDecimal = (price: number) => new Decimal(price.toFixed(2));

/**
 * Runs one strategy over history: source bars in time order → session-aligned strategy bars →
 * strategy → risk checks → SimulatedExchange (orders fill on the next bar) → fills → positions
 * (@dalal/domain, Decimal) and charges → equity. Numbers stay plain on the per-bar path; Decimal
 * appears only at fills.
 */
export function runBacktest(config: BacktestConfig): BacktestResult {
  const { strategy, bars, underlying, capital } = config;
  if (bars.length === 0) throw new BacktestError('NO_DATA', 'no bars to test');
  if (!(capital > 0)) throw new BacktestError('BAD_CONFIG', `capital must be positive, got ${capital}`);
  const sourceMinutes = config.sourceMinutes ?? 1;
  const sourceMs = sourceMinutes * 60_000;
  const spec = underlyingSpec(underlying);
  const venue = spec.exchange;
  const broker = config.broker ?? 'ZERODHA';
  const premiums =
    config.premiums ??
    new BlackScholesPremiums({ volatility: config.volatility ?? 0.15, rate: config.riskFreeRate ?? 0.065 });
  const exchange = new SimulatedExchange({ slippage: (config.slippageTicks ?? 1) * TICK, tickSize: TICK });
  const aggregator = new BarAggregator(strategy.timeframe, sourceMinutes);
  const strategyMs = timeframeMinutes(strategy.timeframe) * 60_000;
  const earliestRates = earliestOptionRatesDate(broker, venue);
  const notes = new Set<string>();
  const keepBars = config.keepBars ?? true;
  const risk = new StrategyRisk({ ...(config.risk ?? parseRiskLimits()), capital });

  const trades: BacktestTrade[] = [];
  const decisions: Decision[] = [];
  const equity: EquityPoint[] = [];
  const strategyBars: Bar[] = [];
  let strategyBarCount = 0;
  let barsInMarket = 0;

  // Account state, as numbers for the hot path and Decimal for what is reported.
  let realizedNet = ZERO;
  let grossTotal = ZERO;
  let chargesTotal = ZERO;
  let realizedNetNumber = 0;
  let entriesToday = 0;
  let trade: TradeState | null = null;
  let tradeCount = 0;
  let lastSource: Bar = bars[0]!;

  // Calendar facts, cached per IST day.
  let dayMidnight = Number.NaN;
  let dayDate: IsoDate = '';
  let expiryDate: IsoDate | null = null;
  const dateOf = (midnight: number): IsoDate =>
    fromEpochDay(Math.round((midnight + IST_OFFSET_MS) / MS_PER_DAY));
  const currentExpiry = (): IsoDate => {
    if (expiryDate === null) expiryDate = nextExpiry(underlying, dayDate, { calendar: config.calendar }).date;
    return expiryDate;
  };
  let lotSizeCache: number | null = config.lotSize ?? null;
  const lotSizeFor = (date: IsoDate, expiry: IsoDate): number => {
    if (config.lotSize !== undefined) return config.lotSize;
    try {
      const size = lotSizeOn(underlying, tradeDate(date), tradeDate(expiry));
      lotSizeCache = size;
      return size;
    } catch (error) {
      throw new BacktestError(
        'BAD_CONFIG',
        `no ${underlying} lot size on ${date} (${error instanceof Error ? error.message : String(error)}); set one with --set lotSize=N`,
      );
    }
  };

  let barEnd = 0;
  const context: StrategyContext & { minuteOfDay: number; now: number; date: IsoDate } = {
    underlying,
    now: 0,
    date: '',
    minuteOfDay: 0,
    get lotSize() {
      return lotSizeFor(dayDate, currentExpiry());
    },
    strikeInterval: spec.strikeInterval,
    get currentExpiry() {
      return currentExpiry();
    },
    premium: (option: OptionQuoteRequest) => premiums.closePrice(option, lastSource, barEnd),
  };

  const markPremium = (state: TradeState): number => {
    let net = 0;
    for (const leg of state.legs) {
      const price = premiums.closePrice(leg.key, lastSource, barEnd);
      net += leg.side === 'BUY' ? price : -price;
    }
    return net;
  };

  const unrealized = (state: TradeState, atClose: boolean): number => {
    let total = 0;
    for (const leg of state.legs) {
      if (!leg.entryFilled || leg.exitFilled) continue;
      const mark = atClose ? premiums.closePrice(leg.key, lastSource, barEnd) : leg.entryPrice;
      total += (leg.side === 'BUY' ? 1 : -1) * leg.quantity * (mark - leg.entryPrice);
    }
    return total;
  };

  const applyFill = (state: TradeState, leg: LegState, price: number, time: number, exit: boolean): void => {
    const side = exit ? (leg.side === 'BUY' ? 'SELL' : 'BUY') : leg.side;
    const quantity = dec(leg.quantity);
    const decimalPrice = toDecimal(price);
    leg.position = applyFillToPosition(leg.position, { side, quantity, price: decimalPrice });
    const date = dateOf(istMidnight(time));
    const ratesOn = date < earliestRates ? tradeDate(earliestRates) : undefined;
    if (ratesOn)
      notes.add(
        `charges for fills before ${earliestRates} use the ${earliestRates} rates (the earliest @dalal/domain has)`,
      );
    const cost = chargesForFill(
      { instrument: leg.instrument, side, quantity, price: decimalPrice, tradeDate: tradeDate(date) },
      { broker, ratesOn },
    );
    state.charges = state.charges.plus(cost.total);
    risk.book.applyFill({
      tradeId: state.tradeId,
      instrument: leg.symbol,
      side,
      quantity: leg.quantity,
      price: decimalPrice,
      charges: cost.total,
    });
    if (exit) {
      leg.exitPrice = price;
      leg.exitFilled = true;
    } else {
      leg.entryPrice = price;
      leg.entryFilled = true;
    }
  };

  const closeTrade = (state: TradeState, time: number, underlyingAtExit: number): void => {
    let gross = ZERO;
    for (const leg of state.legs) gross = gross.plus(leg.position.realizedPnl);
    const net = gross.minus(state.charges);
    grossTotal = grossTotal.plus(gross);
    chargesTotal = chargesTotal.plus(state.charges);
    realizedNet = realizedNet.plus(net);
    realizedNetNumber = realizedNet.toNumber();
    const first = state.legs[0]!;
    trades.push({
      id: state.id,
      tag: state.intent.tag,
      lots: first.lots,
      quantity: first.quantity,
      signalTime: iso(state.signalTime),
      entryTime: iso(state.entryTime),
      exitSignalTime: state.exitSignalTime === null ? null : iso(state.exitSignalTime),
      exitTime: iso(time),
      entryReason: state.intent.reason,
      exitReason: state.exitReason,
      legs: state.legs.map((leg) => ({
        symbol: leg.instrument.symbol,
        optionType: leg.key.optionType,
        strike: leg.key.strike,
        expiry: leg.key.expiry,
        side: leg.side,
        quantity: leg.quantity,
        entryPrice: leg.entryPrice,
        exitPrice: leg.exitPrice,
      })),
      grossPnl: gross.toFixed(2),
      charges: state.charges.toFixed(2),
      netPnl: net.toFixed(2),
      underlyingAtEntry: state.entryUnderlying,
      underlyingAtExit,
      indicators: state.intent.indicators,
      exitIndicators: state.exitIndicators,
    });
    trade = null;
  };

  /** Fills orders against this source bar (orders from earlier closes only). */
  const processFills = (bar: Bar): void => {
    const state = trade;
    if (!state || !exchange.hasPending) return;
    for (const leg of state.legs) {
      const fills: SimFill[] = exchange.onBar(leg.id, premiums.optionBar(leg.key, bar));
      for (const fill of fills) {
        const exit = fill.orderId.endsWith(':exit');
        applyFill(state, leg, fill.price, fill.time, exit);
      }
    }
    if (!state.open && state.legs.every((leg) => leg.entryFilled)) {
      state.open = true;
      state.entryTime = bar.time;
      state.entryUnderlying = bar.open;
      entriesToday++;
    }
    if (state.exiting && state.legs.every((leg) => leg.exitFilled)) closeTrade(state, bar.time, bar.open);
  };

  const forceClose = (
    state: TradeState,
    reason: string,
    bar: Bar,
    end: number,
    priceOf: (leg: LegState) => number,
  ): void => {
    for (const leg of state.legs) {
      exchange.cancel(`${leg.id}:entry`);
      exchange.cancel(`${leg.id}:exit`);
      if (!leg.entryFilled) continue;
      if (!leg.exitFilled) applyFill(state, leg, priceOf(leg), end, true);
    }
    state.exitReason = reason;
    state.exitSignalTime = null;
    state.exiting = true;
    if (state.open) closeTrade(state, end, bar.close);
    else {
      risk.book.entryAbandoned(state.tradeId);
      trade = null;
    }
  };

  /** Books an entry risk approved: `sized` are its legs with the quantities risk allowed. */
  const submitEntry = (
    intent: EnterIntent,
    tradeId: string,
    sized: readonly ResolvedLeg[],
    sets: number,
    signalTime: number,
  ): void => {
    const lotSize = sized[0]!.lotSize;
    const id = ++tradeCount;
    const legs: LegState[] = sized.map((leg, index) => {
      const instrument = indexOption({
        underlying,
        exchange: spec.derivativesExchange,
        expiry: tradeDate(leg.expiry),
        strike: dec(leg.strike),
        optionType: leg.optionType,
        tradeDate: tradeDate(dayDate),
        lotSize: dec(lotSize),
        freezeQuantity: null,
      });
      return {
        key: { optionType: leg.optionType, strike: leg.strike, expiry: leg.expiry },
        side: leg.side,
        lots: leg.lots * sets,
        quantity: leg.quantity,
        instrument,
        symbol: leg.instrument,
        id: `${id}:${index}`,
        position: FLAT_POSITION,
        entryPrice: 0,
        exitPrice: 0,
        entryFilled: false,
        exitFilled: false,
      };
    });
    trade = {
      id,
      tradeId,
      intent,
      signalTime,
      legs,
      entryTime: 0,
      entryUnderlying: 0,
      barsHeld: 0,
      open: false,
      exiting: false,
      exitSignalTime: null,
      exitReason: '',
      exitIndicators: {},
      charges: ZERO,
    };
    for (const leg of legs) {
      exchange.submit({
        id: `${leg.id}:entry`,
        instrument: leg.id,
        side: leg.side,
        quantity: leg.quantity,
        type: 'MARKET',
      });
    }
  };

  /** Sends the exit of the open trade, which risk approved. */
  const submitExit = (
    state: TradeState,
    reason: string,
    indicators: IndicatorValues,
    signalTime: number,
  ): void => {
    state.exiting = true;
    state.exitReason = reason;
    state.exitIndicators = indicators;
    state.exitSignalTime = signalTime;
    for (const leg of state.legs) {
      exchange.submit({
        id: `${leg.id}:exit`,
        instrument: leg.id,
        side: leg.side === 'BUY' ? 'SELL' : 'BUY',
        quantity: leg.quantity,
        type: 'MARKET',
      });
    }
  };

  /** Risk's verdict on one intent, carried out when approved; returns the decision's record. */
  const decide = (intent: Intent, index: number, bar: Bar): Decision => {
    const intentId = intentIdFor(strategy.id, barEnd, index);
    const ids = { intentId, barTime: bar.time, at: barEnd, minuteOfDay: context.minuteOfDay };
    const record = (code: RiskReason | null, rejected: string | null, lots: number | null): Decision => ({
      time: bar.time,
      kind: intent.kind,
      reason: intent.reason,
      indicators: intent.indicators,
      rejected,
      code,
      intentId,
      lots,
    });
    if (intent.kind === 'ENTER') {
      for (const leg of intent.legs) {
        if (!Number.isInteger(leg.lots) || leg.lots < 1) {
          return record('INVALID_INTENT', `lots must be a whole number ≥ 1, got ${leg.lots}`, null);
        }
      }
      if (intent.legs.length === 0) return record('INVALID_INTENT', 'no legs', null);
      const lotSize = lotSizeFor(dayDate, intent.legs[0]!.expiry);
      const resolved = resolveEntry(
        intent,
        { strategyId: strategy.id, underlying, lotSize, calendar: config.calendar },
        ids,
      );
      const verdict = risk.decide(resolved, 'ACTIVE', intentId);
      if (!verdict.approved) return record(verdict.code, verdict.message, null);
      submitEntry(intent, intentId, verdict.legs as readonly ResolvedLeg[], verdict.sets, bar.time);
      return record(null, null, verdict.sets);
    }
    const state = trade as TradeState | null;
    const exit: RiskIntent = {
      intentId,
      strategyId: strategy.id,
      action: 'EXIT',
      legs: (state?.legs ?? []).map((leg) => ({
        instrument: leg.symbol,
        side: leg.side === 'BUY' ? 'SELL' : 'BUY',
        quantity: leg.quantity,
        lotSize: leg.quantity / leg.lots,
      })),
      sizing: { kind: 'FIXED' },
      at: barEnd,
      minuteOfDay: context.minuteOfDay,
    };
    const verdict = risk.decide(exit, 'ACTIVE', state?.tradeId ?? intentId);
    if (!verdict.approved || state === null) {
      return record(
        verdict.approved ? 'NO_OPEN_POSITION' : verdict.code,
        verdict.approved ? 'no open position to exit' : verdict.message,
        null,
      );
    }
    submitExit(state, intent.reason, intent.indicators, bar.time);
    return record(null, null, null);
  };

  const view = {
    open: null as OpenPositionView | null,
    pending: false,
    entriesToday: 0,
  };

  const onStrategyBar = (bar: Bar): void => {
    strategyBarCount++;
    if (keepBars) strategyBars.push(bar);
    barEnd = Math.min(bar.time + strategyMs, lastSource.time + sourceMs);
    context.now = barEnd;
    context.minuteOfDay = istMinuteOfDay(barEnd);
    context.date = dayDate;
    const state: TradeState | null = trade;
    let openView: OpenPositionView | null = null;
    if (state !== null && state.open) {
      state.barsHeld++;
      barsInMarket++;
      openView = {
        tag: state.intent.tag,
        legs: state.legs.map((leg): OpenLegView => ({
          ...leg.key,
          side: leg.side,
          lots: leg.lots,
          quantity: leg.quantity,
          entryPrice: leg.entryPrice,
        })),
        entryTime: state.entryTime,
        barsHeld: state.barsHeld,
        entryUnderlying: state.entryUnderlying,
        entryPremium: state.legs.reduce(
          (sum, leg) => sum + (leg.side === 'BUY' ? leg.entryPrice : -leg.entryPrice),
          0,
        ),
        currentPremium: markPremium(state),
      };
    }
    view.open = openView;
    view.pending = exchange.hasPending;
    view.entriesToday = entriesToday;
    const positionView: PositionView = view;
    const intents = strategy.onBar(bar, positionView, context);
    for (let index = 0; index < intents.length; index++) decisions.push(decide(intents[index]!, index, bar));
    const open = trade as TradeState | null;
    const openPnl = open !== null && open.open ? unrealized(open, true) : 0;
    // Risk watches the open trade's P&L too (daily loss and drawdown count it), as the risk manager does.
    if (openPnl !== 0) risk.book.markUnrealized(new Decimal(openPnl.toFixed(2)));
    const eq = capital + realizedNetNumber + openPnl;
    equity.push({ time: barEnd, equity: eq });
  };

  const total = bars.length;
  for (let i = 0; i < total; i++) {
    const bar = bars[i]!;
    const midnight = istMidnight(bar.time);
    if (midnight !== dayMidnight) {
      // A new IST day: expired legs settle at intrinsic value on the previous close.
      const state = trade as TradeState | null;
      const newDate = dateOf(midnight);
      if (state !== null && state.legs.some((leg) => leg.key.expiry < newDate)) {
        const spot = lastSource.close;
        forceClose(state, 'expiry', lastSource, lastSource.time + sourceMs, (leg) =>
          Math.max(0, leg.key.optionType === 'CE' ? spot - leg.key.strike : leg.key.strike - spot),
        );
      }
      dayMidnight = midnight;
      dayDate = newDate;
      expiryDate = null;
      entriesToday = 0;
      risk.book.startDay(newDate);
    }
    processFills(bar);
    lastSource = bar;
    const closed = aggregator.push(bar);
    for (let c = 0; c < closed.length; c++) onStrategyBar(closed[c]!);
    if (config.onProgress && (i & 0xffff) === 0) config.onProgress(i, total);
  }
  const partial = aggregator.flush();
  if (partial) onStrategyBar(partial);
  const last = trade as TradeState | null;
  if (last !== null) {
    forceClose(last, 'end_of_data', lastSource, lastSource.time + sourceMs, (leg) =>
      premiums.closePrice(leg.key, lastSource, lastSource.time + sourceMs),
    );
    const lastPoint = equity[equity.length - 1];
    if (lastPoint)
      equity[equity.length - 1] = { time: lastPoint.time, equity: capital + realizedNet.toNumber() };
  }
  config.onProgress?.(total, total);

  const metrics = computeMetrics({
    capital,
    trades,
    equity,
    grossPnl: grossTotal,
    charges: chargesTotal,
    netPnl: realizedNet,
    barsInMarket,
    strategyBars: strategyBarCount,
  });
  if (premiums.kind === 'black-scholes') {
    notes.add(
      `option premiums are Black-Scholes on the underlying (IV ${((config.volatility ?? 0.15) * 100).toFixed(1)}%, rate ${((config.riskFreeRate ?? 0.065) * 100).toFixed(2)}%), not market prices`,
    );
  }
  return {
    strategyId: strategy.id,
    timeframe: strategy.timeframe,
    underlying,
    capital,
    lotSize: lotSizeCache,
    sourceBars: total,
    strategyBars: strategyBarCount,
    trades,
    decisions,
    equity,
    bars: strategyBars,
    metrics,
    premiumModel: premiums.kind,
    notes: [...notes],
  };
}
