import {
  type Bar as BarMessage,
  type Fill,
  type OrderEvent,
  type OrderRequest,
  type StrategyIntent,
} from '@dalal/contracts';
import { lotSizeOn, tradeDate } from '@dalal/domain';
import { intentIdFor, resolveEntry, resolveExit, type ResolvedIntent } from '@dalal/kernel';
import {
  istDate,
  istMinuteOfDay,
  nextExpiry,
  underlyingSpec,
  type Bar,
  type IsoDate,
  type TradingCalendar,
} from '@dalal/market';
import { indexUnderlyingOf } from '@dalal/simulator';
import {
  type Intent,
  type OpenPositionView,
  type OptionQuoteRequest,
  type PositionView,
  type StrategyContext,
} from '@dalal/strategies';

import { StrategyEngineError } from '../strategy-engine-error';
import { RunnerBook } from './runner-book';
import { type RunnerSetup } from './runner-setup';
import { strategyIntentOf } from './strategy-intent-of';

export interface RunnerOptions {
  /** Dates expiries; default the bundled exchange calendar. */
  readonly calendar?: TradingCalendar;
}

/** What a bar made: the contract intents to publish, and the ones the runner held back and why. */
export interface BarOutcome {
  readonly intents: readonly StrategyIntent[];
  readonly skipped: ReadonlyArray<{ readonly intentId: string; readonly why: string }>;
}

const NOTHING: BarOutcome = { intents: [], skipped: [] };

/**
 * One strategy instance, run the way the backtester runs it: closed bars of its underlying and timeframe
 * in time order → `Strategy.onBar` with a PositionView from its own book → intents resolved by
 * @dalal/kernel with the backtester's ids. Pure: no bus, no database, no clock (time is the bar's).
 */
export class StrategyRunner {
  readonly book = new RunnerBook();
  private lastOpen = Number.NEGATIVE_INFINITY;
  private lastClose = 0;
  private day: IsoDate = '';
  private expiry: IsoDate | null = null;
  /** New entries are held back (kill switch); exits still go. */
  halted = false;
  /** The mode its intents carry: the instance's, until SET_MODE changes it. */
  mode: 'paper' | 'live';

  constructor(
    readonly setup: RunnerSetup,
    private readonly options: RunnerOptions = {},
  ) {
    this.mode = setup.mode;
  }

  get id(): string {
    return this.setup.instanceId;
  }

  /** True for a closed bar of this runner's underlying index and timeframe. */
  wants(bar: BarMessage): boolean {
    return (
      bar.closed &&
      bar.timeframe === this.setup.timeframe &&
      bar.exchange === underlyingSpec(this.setup.underlying).exchange &&
      indexUnderlyingOf(bar.instrument) === this.setup.underlying
    );
  }

  /**
   * A stored bar before going live: the strategy sees it flat and its intents are dropped, so its
   * indicators stand where the backtest's stand when the first live bar comes.
   */
  warmUp(bar: BarMessage): void {
    const market = this.accept(bar);
    if (market === null) return;
    this.strategyOnBar(market, Date.parse(bar.closeTime), { open: null, pending: false, entriesToday: 0 });
  }

  /** A live closed bar: the intents the strategy made on it, resolved; a replayed bar makes none. */
  onBar(bar: BarMessage): BarOutcome {
    const market = this.accept(bar);
    if (market === null) return NOTHING;
    const barEnd = Date.parse(bar.closeTime);
    this.book.bar();
    const made = this.strategyOnBar(market, barEnd, this.view(market, barEnd));
    const intents: StrategyIntent[] = [];
    const skipped: Array<{ intentId: string; why: string }> = [];
    const ids = (index: number) => ({
      intentId: intentIdFor(this.id, barEnd, index),
      barTime: market.time,
      at: barEnd,
      minuteOfDay: istMinuteOfDay(barEnd),
    });
    made.forEach((intent, index) => {
      const id = ids(index);
      const resolved = this.resolve(intent, id);
      if (typeof resolved === 'string') skipped.push({ intentId: id.intentId, why: resolved });
      else intents.push(strategyIntentOf(resolved, this.mode));
    });
    return { intents, skipped };
  }

  approved(request: OrderRequest): void {
    this.book.approved(request, this.fillContext());
  }

  rejected(intentId: string): void {
    this.book.rejected(intentId);
  }

  orderEvent(event: OrderEvent): boolean {
    return this.book.orderEvent(event, this.fillContext());
  }

  fill(fill: Fill): boolean {
    return this.book.fill(fill, this.fillContext());
  }

  private fillContext() {
    return { underlying: this.lastClose, date: this.day };
  }

  /** The bar as the strategy reads it; null for a bar already seen (a redelivery or warm-up overlap). */
  private accept(bar: BarMessage): Bar | null {
    if (!this.wants(bar)) {
      throw new StrategyEngineError(
        'BAD_BAR',
        `${this.id} runs ${this.setup.underlying} ${this.setup.timeframe}, got ${bar.exchange}:${bar.instrument} ${bar.timeframe}`,
      );
    }
    const time = Date.parse(bar.openTime);
    if (time <= this.lastOpen) return null;
    this.lastOpen = time;
    const market: Bar = {
      time,
      open: Number(bar.open),
      high: Number(bar.high),
      low: Number(bar.low),
      close: Number(bar.close),
      volume: bar.volume,
    };
    const day = istDate(new Date(time));
    if (day !== this.day) {
      this.day = day;
      this.expiry = null;
    }
    this.lastClose = market.close;
    return market;
  }

  private strategyOnBar(bar: Bar, barEnd: number, view: PositionView): readonly Intent[] {
    try {
      return this.setup.strategy.onBar(bar, view, this.context(bar, barEnd));
    } catch (err) {
      throw new StrategyEngineError(
        'STRATEGY_FAILED',
        `${this.id} (${this.setup.strategy.id}) failed on the bar of ${new Date(bar.time).toISOString()}: ${err instanceof Error ? err.message : String(err)}`,
      );
    }
  }

  private currentExpiry(): IsoDate {
    this.expiry ??= nextExpiry(this.setup.underlying, this.day, { calendar: this.options.calendar }).date;
    return this.expiry;
  }

  private lotSize(expiry: IsoDate): number {
    if (this.setup.lotSize !== undefined) return this.setup.lotSize;
    return lotSizeOn(this.setup.underlying, tradeDate(this.day), tradeDate(expiry));
  }

  /** The backtester's context (libs/backtest engine.ts), field for field. */
  private context(bar: Bar, barEnd: number): StrategyContext {
    const premiums = this.setup.premiums;
    // Getters, as in the backtester: a strategy that never asks for the expiry or lot size never makes
    // the calendar or the lot table answer (an old replay may lie outside both).
    const expiry = () => this.currentExpiry();
    const lotSize = () => this.lotSize(this.currentExpiry());
    return {
      underlying: this.setup.underlying,
      now: barEnd,
      date: this.day,
      minuteOfDay: istMinuteOfDay(barEnd),
      get lotSize() {
        return lotSize();
      },
      strikeInterval: underlyingSpec(this.setup.underlying).strikeInterval,
      get currentExpiry() {
        return expiry();
      },
      premium: (option: OptionQuoteRequest) => premiums.closePrice(option, bar, barEnd),
    };
  }

  private view(bar: Bar, barEnd: number): PositionView {
    const trade = this.book.trade;
    let open: OpenPositionView | null = null;
    if (trade !== null && trade.phase !== 'ENTERING') {
      const held = this.book.held();
      let entryPremium = 0;
      let currentPremium = 0;
      for (const { leg, entryPrice } of held) {
        const sign = leg.side === 'BUY' ? 1 : -1;
        entryPremium += sign * entryPrice;
        currentPremium += sign * this.setup.premiums.closePrice(leg, bar, barEnd);
      }
      open = {
        tag: trade.tag,
        legs: held.map(({ leg, quantity, entryPrice }) => ({
          optionType: leg.optionType,
          strike: leg.strike,
          expiry: leg.expiry,
          side: leg.side,
          role: leg.role,
          lots: quantity / trade.lotSize,
          quantity,
          entryPrice,
        })),
        entryTime: trade.entryTime,
        barsHeld: trade.barsHeld,
        entryUnderlying: trade.entryUnderlying,
        entryPremium,
        currentPremium,
      };
    }
    return { open, pending: this.book.pending, entriesToday: this.book.entriesToday(this.day) };
  }

  /** The intent resolved for the bus and booked as pending, or why it is not sent. */
  private resolve(
    intent: Intent,
    ids: { intentId: string; barTime: number; at: number; minuteOfDay: number },
  ): ResolvedIntent | string {
    const env = { strategyId: this.id, underlying: this.setup.underlying, calendar: this.options.calendar };
    if (intent.kind === 'ENTER') {
      if (this.halted) return 'kill switch engaged: no new entries';
      if (this.book.trade !== null) return 'a trade is already open or pending';
      const first = intent.legs[0];
      if (first === undefined) return 'entry without legs';
      const lotSize = this.lotSize(first.expiry);
      const resolved = resolveEntry(intent, { ...env, lotSize }, ids);
      this.book.entered(resolved.tradeId, resolved.tag, lotSize, resolved.legs);
      return resolved;
    }
    const trade = this.book.trade;
    if (trade === null || trade.phase !== 'OPEN') return 'no open position to exit';
    const held = this.book.held().map(({ leg, quantity }) => ({
      ...leg,
      quantity,
      lots: quantity / trade.lotSize,
    }));
    const resolved = resolveExit(
      { tradeId: trade.tradeId, tag: trade.tag, lotSize: trade.lotSize, legs: held },
      { reason: intent.reason, indicators: intent.indicators },
      env,
      ids,
    );
    this.book.exiting(resolved.intentId);
    return resolved;
  }
}
