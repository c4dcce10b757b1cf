import {
  BOLLINGER_BREAKOUT,
  BOLLINGER_BREAKOUT_PRESETS,
  BollingerBreakout,
} from './bollinger-breakout/bollinger-breakout';
import { CREDIT_SPREAD, CREDIT_SPREAD_PRESETS, CreditSpread } from './credit-spread/credit-spread';
import { EMA_MEAN_REVERSION, EmaMeanReversion } from './ema-mean-reversion/ema-mean-reversion';
import {
  EMA_MEAN_REVERSION_PRESETS,
  type StrategyPreset,
} from './ema-mean-reversion/ema-mean-reversion.presets';
import { HOURLY_ZONES, HourlyZones } from './hourly-zones/hourly-zones';
import { HOURLY_ZONES_PRESETS } from './hourly-zones/hourly-zones.presets';
import { IRON_CONDOR, IRON_CONDOR_PRESETS, IronCondor } from './iron-condor/iron-condor';
import { RSI_REVERSION, RSI_REVERSION_PRESETS, RsiReversion } from './rsi-reversion/rsi-reversion';
import { SCALPER, SCALPER_PRESETS, Scalper } from './scalper/scalper';
import { SHORT_STRADDLE, SHORT_STRADDLE_PRESETS, ShortStraddle } from './short-straddle/short-straddle';
import { SMA_CROSSOVER, SmaCrossover } from './sma-crossover/sma-crossover';
import { type Strategy } from './strategy';
import { StrategyError } from './strategy-error';

export interface StrategyDefinition {
  readonly id: string;
  readonly description: string;
  readonly presets: Readonly<Record<string, StrategyPreset<Readonly<Record<string, unknown>>>>>;
  /**
   * Risk settings (keys of @dalal/risk's limits) this strategy was designed and tested with, applied
   * before the account's and the run's own settings; empty means the account defaults.
   */
  readonly riskDefaults: Readonly<Record<string, unknown>>;
  /** Builds a fresh instance (own indicator state) from a preset's params and `--set` overrides. */
  create(
    params?: Readonly<Record<string, unknown>>,
    overrides?: Readonly<Record<string, unknown>>,
  ): Strategy & {
    readonly params: Readonly<Record<string, unknown>>;
  };
}

/**
 * These strategies carry their own entry caps (entries a day, trades an hour, entry windows) and were
 * tested without the account's daily loss, trade-count and losing-streak limits: those start switched off
 * for them, and an account or a run may switch them on.
 */
const OWN_ENTRY_RULES = { maxTradesPerDay: null, dailyLossLimit: null, lossStreakToHalve: null } as const;

export const STRATEGIES: Readonly<Record<string, StrategyDefinition>> = {
  [EMA_MEAN_REVERSION]: {
    id: EMA_MEAN_REVERSION,
    description: 'buy CE/PE on a candle back at EMA10 in a tight EMA10/EMA20 trend (SENSEX defaults)',
    presets: EMA_MEAN_REVERSION_PRESETS,
    riskDefaults: {},
    create: (params, overrides) => new EmaMeanReversion(params, overrides),
  },
  [SMA_CROSSOVER]: {
    id: SMA_CROSSOVER,
    description:
      'buy an ATM CE when the fast SMA crosses above the slow one, a PE when below; exit on the opposite cross',
    presets: {},
    riskDefaults: OWN_ENTRY_RULES,
    create: (params, overrides) => new SmaCrossover(params, overrides),
  },
  [RSI_REVERSION]: {
    id: RSI_REVERSION,
    description:
      'buy an ATM CE when RSI climbs back out of oversold, a PE when it falls back out of overbought; exit at the midline',
    presets: RSI_REVERSION_PRESETS,
    riskDefaults: OWN_ENTRY_RULES,
    create: (params, overrides) => new RsiReversion(params, overrides),
  },
  [BOLLINGER_BREAKOUT]: {
    id: BOLLINGER_BREAKOUT,
    description:
      'buy an ATM CE on the first close above the upper Bollinger band, a PE below the lower; exit through the middle band',
    presets: BOLLINGER_BREAKOUT_PRESETS,
    riskDefaults: OWN_ENTRY_RULES,
    create: (params, overrides) => new BollingerBreakout(params, overrides),
  },
  [SCALPER]: {
    id: SCALPER,
    description:
      '1-minute momentum scalps in ATM options: fixed target and stop in premium ticks, time stop, trades-per-hour cap',
    presets: SCALPER_PRESETS,
    riskDefaults: OWN_ENTRY_RULES,
    create: (params, overrides) => new Scalper(params, overrides),
  },
  [SHORT_STRADDLE]: {
    id: SHORT_STRADDLE,
    description:
      'sell the ATM CE and PE at 09:20; buy both back on a combined-premium stop (+25% of the credit) or at 15:15',
    presets: SHORT_STRADDLE_PRESETS,
    riskDefaults: OWN_ENTRY_RULES,
    create: (params, overrides) => new ShortStraddle(params, overrides),
  },
  [CREDIT_SPREAD]: {
    id: CREDIT_SPREAD,
    description:
      'with the SuperTrend: bull put spread in an up-trend, bear call in a down-trend; short strike by delta, fixed-width wing',
    presets: CREDIT_SPREAD_PRESETS,
    riskDefaults: OWN_ENTRY_RULES,
    create: (params, overrides) => new CreditSpread(params, overrides),
  },
  [IRON_CONDOR]: {
    id: IRON_CONDOR,
    description:
      'sell ~0.16-delta CE and PE with wings N strikes out when IV rank ≥ 30 and the trend is weak; exit at half the credit, 2× credit loss or on expiry day',
    presets: IRON_CONDOR_PRESETS,
    riskDefaults: OWN_ENTRY_RULES,
    create: (params, overrides) => new IronCondor(params, overrides),
  },
  [HOURLY_ZONES]: {
    id: HOURLY_ZONES,
    description:
      'the users’ NIFTY S1–S8: hourly-close signals against last week’s range, zones and the week’s first hour; sells a hedged put (bullish) or call (bearish), stop on an hourly close',
    presets: HOURLY_ZONES_PRESETS,
    // The users' limits: 3 positions at once, ₹50,000 daily loss; no trade-count or streak rules.
    riskDefaults: { ...OWN_ENTRY_RULES, maxOpenPositions: 3, dailyLossLimit: 50_000 },
    create: (params, overrides) => new HourlyZones(params, overrides),
  },
};

export function strategyDefinition(id: string): StrategyDefinition {
  const definition = STRATEGIES[id];
  if (!definition) {
    throw new StrategyError(
      'UNKNOWN_STRATEGY',
      `unknown strategy "${id}" (known: ${Object.keys(STRATEGIES).join(', ')})`,
    );
  }
  return definition;
}

export function strategyPreset(
  definition: StrategyDefinition,
  presetId: string,
): StrategyPreset<Readonly<Record<string, unknown>>> {
  const preset = definition.presets[presetId];
  if (!preset) {
    throw new StrategyError(
      'UNKNOWN_PRESET',
      `${definition.id} has no preset "${presetId}" (known: ${Object.keys(definition.presets).join(', ')})`,
    );
  }
  return preset;
}
