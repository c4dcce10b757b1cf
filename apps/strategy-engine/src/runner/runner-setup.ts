import { type Timeframe, type Underlying, isTimeframe, parseUnderlying } from '@dalal/market';
import { BlackScholesPremiums, type PremiumSource } from '@dalal/simulator';
import {
  STRATEGIES,
  type Strategy,
  type StrategyDefinition,
  strategyDefinition,
  strategyPreset,
} from '@dalal/strategies';

import { StrategyEngineError } from '../strategy-engine-error';

/** A configured strategy run as stored in `strategy_instances`. */
export interface StrategyInstanceRow {
  readonly id: string;
  readonly strategyId: string;
  readonly underlying: string;
  readonly timeframe: string;
  readonly params: unknown;
  readonly mode: 'backtest' | 'paper' | 'live';
}

/** What a runner is built from: the instance, checked, and the strategy its parameters make. */
export interface RunnerSetup {
  readonly instanceId: string;
  readonly underlying: Underlying;
  readonly timeframe: Timeframe;
  readonly mode: 'paper' | 'live';
  readonly strategy: Strategy;
  /** Contract lot size from `lotSize` or the preset, instead of the dated table; else undefined. */
  readonly lotSize: number | undefined;
  readonly premiums: PremiumSource;
}

/**
 * Keys of `params` that set the engine rather than the strategy, the same `dalal backtest --set` takes
 * (slippage is the broker's business live, so it is accepted and ignored here).
 */
const ENGINE_KEYS = ['lotSize', 'iv', 'riskFreeRate', 'slippageTicks'] as const;
/** Names a preset of the definition; without it the preset for the underlying applies, as in the CLI. */
const PRESET_KEY = 'preset';

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

function positiveNumber(instanceId: string, key: string, value: unknown): number {
  const n = typeof value === 'string' ? Number(value) : value;
  if (typeof n !== 'number' || !Number.isFinite(n) || n <= 0) {
    throw new StrategyEngineError(
      'BAD_INSTANCE',
      `strategy instance ${instanceId}: params.${key} must be a positive number, got ${JSON.stringify(value)}`,
    );
  }
  return n;
}

/**
 * Builds the strategy of an instance exactly as `dalal backtest` builds it for the same strategy,
 * instrument, timeframe and settings (preset for the underlying unless `preset` names another, the
 * instance's params as overrides), so the live run and the backtest start from the same strategy.
 */
export function runnerSetup(
  row: StrategyInstanceRow,
  definitions: Readonly<Record<string, StrategyDefinition>> = STRATEGIES,
): RunnerSetup {
  const fail = (message: string): never => {
    throw new StrategyEngineError('BAD_INSTANCE', `strategy instance ${row.id}: ${message}`);
  };
  if (row.mode === 'backtest') fail('mode backtest is not run by the strategy engine');
  let underlying: Underlying;
  try {
    underlying = parseUnderlying(row.underlying);
  } catch (err) {
    return fail(`underlying: ${err instanceof Error ? err.message : String(err)}`);
  }
  if (!isTimeframe(row.timeframe)) return fail(`unknown timeframe "${row.timeframe}"`);
  const timeframe = row.timeframe;
  if (!isRecord(row.params)) return fail('params must be a JSON object');
  const engine: Partial<Record<(typeof ENGINE_KEYS)[number], number>> = {};
  const overrides: Record<string, unknown> = {};
  let presetId: string | undefined;
  for (const [key, value] of Object.entries(row.params)) {
    if ((ENGINE_KEYS as readonly string[]).includes(key)) {
      engine[key as (typeof ENGINE_KEYS)[number]] = positiveNumber(row.id, key, value);
    } else if (key === PRESET_KEY) {
      if (typeof value !== 'string') fail('params.preset must be a preset name');
      presetId = value as string;
    } else overrides[key] = value;
  }
  overrides['timeframe'] = timeframe;
  let strategy: Strategy;
  let lotSize = engine.lotSize;
  try {
    const definition =
      definitions === STRATEGIES ? strategyDefinition(row.strategyId) : definitions[row.strategyId];
    if (definition === undefined) return fail(`unknown strategy "${row.strategyId}"`);
    const id =
      presetId ?? Object.values(definition.presets).find((preset) => preset.instrument === underlying)?.id;
    const preset = id === undefined ? undefined : strategyPreset(definition, id);
    lotSize ??= preset?.lotSize;
    strategy = definition.create(preset?.params ?? {}, overrides);
  } catch (err) {
    return fail(err instanceof Error ? err.message : String(err));
  }
  if (strategy.timeframe !== timeframe) fail(`strategy runs on ${strategy.timeframe}, not ${timeframe}`);
  return {
    instanceId: row.id,
    underlying,
    timeframe,
    mode: row.mode as 'paper' | 'live',
    strategy,
    lotSize,
    // The backtester's default model, so the premiums a strategy sees live equal the backtest's.
    premiums: new BlackScholesPremiums({
      volatility: engine.iv ?? 0.15,
      rate: engine.riskFreeRate ?? 0.065,
    }),
  };
}
