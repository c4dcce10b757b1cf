import {
  NORMAL_HOURS,
  blackScholesPrice,
  fromIst,
  type Bar,
  type IsoDate,
  type OptionType,
} from '@dalal/market';

import { type SimBar } from './simulated-exchange';
import { SimulatorError } from './simulator-error';

/** Whether a file's timestamps label the start or the end of each bar. */
export type BarLabel = 'start' | 'end';

export interface OptionKey {
  readonly optionType: OptionType;
  readonly strike: number;
  readonly expiry: IsoDate;
}

/** Where option premiums come from: a model on the underlying, or recorded option prices. */
export interface PremiumSource {
  readonly kind: 'black-scholes' | 'data';
  /** The option's bar over the same interval as `underlying` (whose `time` is the bar start). */
  optionBar(option: OptionKey, underlying: Bar): SimBar;
  /** The premium at the end of `underlying`'s bar (its close). */
  closePrice(option: OptionKey, underlying: Bar, barEnd: number): number;
}

const MS_PER_YEAR = 365 * 86_400_000;

export interface BlackScholesPremiumOptions {
  readonly volatility: number;
  readonly rate: number;
}

/**
 * Premiums priced with Black-Scholes from the underlying, the strike, the time to the real expiry
 * (15:30 IST on the expiry day) and one configured volatility. A call's premium rises with the spot and a
 * put's falls, so the option bar's high and low come from the underlying's high and low.
 */
export class BlackScholesPremiums implements PremiumSource {
  readonly kind = 'black-scholes';
  private readonly expiryClose = new Map<IsoDate, number>();

  constructor(private readonly options: BlackScholesPremiumOptions) {}

  price(option: OptionKey, spot: number, time: number): number {
    let close = this.expiryClose.get(option.expiry);
    if (close === undefined) {
      close = fromIst(option.expiry, NORMAL_HOURS.close).getTime();
      this.expiryClose.set(option.expiry, close);
    }
    const timeToExpiry = Math.max(close - time, 0) / MS_PER_YEAR;
    return blackScholesPrice({
      type: option.optionType,
      spot,
      strike: option.strike,
      timeToExpiry,
      rate: this.options.rate,
      volatility: this.options.volatility,
    });
  }

  optionBar(option: OptionKey, bar: Bar): SimBar {
    const t = bar.time;
    const atHigh = this.price(option, bar.high, t);
    const atLow = this.price(option, bar.low, t);
    const call = option.optionType === 'CE';
    return {
      time: t,
      open: this.price(option, bar.open, t),
      high: call ? atHigh : atLow,
      low: call ? atLow : atHigh,
      close: this.price(option, bar.close, t),
    };
  }

  closePrice(option: OptionKey, bar: Bar, barEnd: number): number {
    return this.price(option, bar.close, barEnd);
  }
}

const keyOf = (option: OptionKey): string => `${option.expiry}|${option.strike}|${option.optionType}`;

/**
 * Recorded option premiums: CSV `timestamp,expiry,strike,type,open,high,low,close` (type CE/PE, expiry
 * YYYY-MM-DD). A bar the backtest needs but the file lacks is an error, not a guess.
 */
export class OptionPriceTable implements PremiumSource {
  readonly kind = 'data';
  private readonly series = new Map<string, Map<number, SimBar>>();

  constructor(
    text: string,
    private readonly file: string,
    barLabel: BarLabel,
  ) {
    const lines = text.split(/\r?\n/);
    const header = (lines[0] ?? '').split(',').map((h) => h.trim().toLowerCase());
    const need = ['timestamp', 'expiry', 'strike', 'type', 'open', 'high', 'low', 'close'];
    const missing = need.filter((c) => !header.includes(c));
    if (missing.length)
      throw new SimulatorError('BAD_INPUT', `${file}:1: missing column(s) ${missing.join(', ')}`);
    const at = Object.fromEntries(need.map((c) => [c, header.indexOf(c)])) as Record<string, number>;
    const shift = barLabel === 'end' ? 60_000 : 0;
    for (let i = 1; i < lines.length; i++) {
      const raw = lines[i]!;
      if (raw.trim() === '') continue;
      const cells = raw.split(',').map((c) => c.trim());
      const get = (c: string) => cells[at[c]!] ?? '';
      const time = Date.parse(get('timestamp'));
      const nums = ['strike', 'open', 'high', 'low', 'close'].map((c) => Number(get(c)));
      const type = get('type').toUpperCase();
      if (
        !Number.isFinite(time) ||
        nums.some((n) => !Number.isFinite(n)) ||
        (type !== 'CE' && type !== 'PE')
      ) {
        throw new SimulatorError('BAD_INPUT', `${file}:${i + 1}: bad row "${raw}"`);
      }
      const [strike, open, high, low, close] = nums as [number, number, number, number, number];
      if (high < low) throw new SimulatorError('BAD_INPUT', `${file}:${i + 1}: high ${high} < low ${low}`);
      const key = keyOf({ optionType: type, strike, expiry: get('expiry') });
      let bars = this.series.get(key);
      if (!bars) this.series.set(key, (bars = new Map()));
      bars.set(time - shift, { time: time - shift, open, high, low, close });
    }
  }

  optionBar(option: OptionKey, underlying: Bar): SimBar {
    const bar = this.series.get(keyOf(option))?.get(underlying.time);
    if (!bar) {
      throw new SimulatorError(
        'NO_PREMIUM',
        `${this.file}: no ${option.expiry} ${option.strike} ${option.optionType} bar at ${new Date(underlying.time).toISOString()}`,
      );
    }
    return bar;
  }

  closePrice(option: OptionKey, underlying: Bar): number {
    return this.optionBar(option, underlying).close;
  }
}
