import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { parseArgs } from 'node:util';

import {
  isBacktestError,
  parseBarsCsv,
  renderHtmlReport,
  runBacktest,
  signalStats,
  type BacktestResult,
  type SignalStats,
} from '@dalal/backtest';
import {
  CALENDAR_YEARS,
  calendarFromTradingDays,
  istDate,
  isTimeframe,
  parseUnderlying,
  underlyingSpec,
  type TradingCalendar,
} from '@dalal/market';
import { OptionPriceTable, isSimulatorError, type BarLabel } from '@dalal/simulator';
import { RiskError, parseRiskLimits } from '@dalal/risk';
import {
  HOURLY_ZONES,
  ZONE_SIGNALS,
  isStrategyError,
  strategyDefinition,
  strategyPreset,
} from '@dalal/strategies';
import { SingleBar } from 'cli-progress';

import { readPositiveNumber } from '../arguments';
import { EXIT_FAILURE, EXIT_OK, EXIT_USAGE, UsageError, type Command, type CommandResult } from '../command';

export const BACKTEST_USAGE =
  'dalal backtest --strategy ID --data CSV --instrument NIFTY|BANKNIFTY|SENSEX [--timeframe 3m] [--bar-label start|end] [--capital N] [--preset NAME] [--set key=value …] [--risk key=value …] [--options CSV] [--json out.json] [--html out.html]';

/** `--set` keys the engine takes; every other key is a strategy parameter. */
const ENGINE_KEYS = ['lotSize', 'iv', 'riskFreeRate', 'slippageTicks'] as const;
type EngineKey = (typeof ENGINE_KEYS)[number];
const DEFAULT_CAPITAL = 500_000;
const PROGRESS_MIN_BARS = 200_000;

function readSets(values: readonly string[], flag = '--set'): Record<string, string> {
  const sets: Record<string, string> = {};
  for (const item of values) {
    const at = item.indexOf('=');
    if (at <= 0) throw new UsageError(`${flag} needs key=value, got "${item}"`);
    sets[item.slice(0, at).trim()] = item.slice(at + 1).trim();
  }
  return sets;
}

const CHART_BUNDLE = join('lightweight-charts', 'dist', 'lightweight-charts.standalone.production.js');

/** The package's exports map hides its standalone bundle from require.resolve, so look it up by path. */
function chartLibrary(): string {
  for (const base of require.resolve.paths('lightweight-charts') ?? []) {
    const path = join(base, CHART_BUNDLE);
    if (existsSync(path)) return readFileSync(path, 'utf8');
  }
  throw new Error(`cannot find ${CHART_BUNDLE} in node_modules`);
}

/** Writes beside the target, then renames: a failed run never leaves a half-written report. */
function writeAtomically(files: ReadonlyArray<[string, string]>): void {
  const temps = files.map(([path, text]) => {
    // Named after its target: the JSON and the HTML are often written within the same millisecond.
    const temp = join(dirname(path), `.${basename(path)}.${process.pid}.tmp`);
    writeFileSync(temp, text);
    return [temp, path] as const;
  });
  for (const [temp, path] of temps) renameSync(temp, path);
}

function summary(
  result: BacktestResult,
  params: Record<string, unknown>,
  written: string[],
  signals?: Readonly<Record<string, SignalStats>>,
): string {
  const m = result.metrics;
  const pct = (x: number) => `${(x * 100).toFixed(1)}%`;
  const lines = [
    `${result.strategyId} on ${result.underlying} ${result.timeframe}: ${result.sourceBars} source bars → ${result.strategyBars} strategy bars`,
    `params: ${JSON.stringify(params)}`,
    `trades ${m.trades} (won ${m.wins}, lost ${m.losses}, win rate ${pct(m.winRate)})`,
    `gross ₹${m.grossPnl}  charges ₹${m.charges}  net ₹${m.netPnl}  (${m.returnPct.toFixed(2)}% on ₹${result.capital})`,
    `avg win ₹${m.averageWin.toFixed(2)}  avg loss ₹${m.averageLoss.toFixed(2)}  profit factor ${m.profitFactor?.toFixed(2) ?? '—'}  expectancy ₹${m.expectancy.toFixed(2)}`,
    `max drawdown ₹${m.maxDrawdown.toFixed(2)} (${m.maxDrawdownPct.toFixed(2)}% of peak)  sharpe ${m.sharpe?.toFixed(2) ?? '—'}  sortino ${m.sortino?.toFixed(2) ?? '—'}  exposure ${pct(m.exposure)}`,
    ...Object.entries(signals ?? {})
      .filter(([, s]) => s.active || s.trades > 0)
      .map(
        ([id, s]) =>
          `${id}: fired ${s.fired} (refused ${s.refused}), trades ${s.trades}, win rate ${s.winRate === null ? '—' : pct(s.winRate)}, net ₹${s.netPnl}, avg ₹${s.averagePnl ?? '—'}, MAE ₹${s.maxAdverseExcursion ?? '—'}`,
      ),
    ...result.notes.map((note) => `note: ${note}`),
    ...written.map((path) => `wrote ${path}`),
  ];
  return `${lines.join('\n')}\n`;
}

/** Runs a strategy over a CSV of bars and writes the JSON and HTML reports. */
export const backtestCommand: Command = (args): CommandResult => {
  try {
    const { values, positionals } = parseArgs({
      args: [...args],
      allowPositionals: true,
      strict: true,
      options: {
        strategy: { type: 'string' },
        data: { type: 'string' },
        instrument: { type: 'string' },
        timeframe: { type: 'string' },
        'bar-label': { type: 'string' },
        capital: { type: 'string' },
        preset: { type: 'string' },
        set: { type: 'string', multiple: true },
        risk: { type: 'string', multiple: true },
        options: { type: 'string' },
        json: { type: 'string' },
        html: { type: 'string' },
      },
    });
    if (positionals.length > 0) throw new UsageError(`unexpected argument "${positionals[0] ?? ''}"`);
    if (!values.strategy) throw new UsageError('missing --strategy');
    if (!values.data) throw new UsageError('missing --data');
    if (!values.instrument) throw new UsageError('missing --instrument');
    const underlying = parseUnderlying(values.instrument);
    const barLabel = (values['bar-label'] ?? 'start') as BarLabel;
    if (barLabel !== 'start' && barLabel !== 'end')
      throw new UsageError(`--bar-label must be start or end, got "${barLabel}"`);
    const capital =
      values.capital === undefined ? DEFAULT_CAPITAL : readPositiveNumber(values.capital, '--capital');
    if (values.timeframe !== undefined && !isTimeframe(values.timeframe)) {
      throw new UsageError(`unknown --timeframe "${values.timeframe}"`);
    }

    const definition = strategyDefinition(values.strategy);
    const presetId =
      values.preset ??
      Object.values(definition.presets).find((preset) => preset.instrument === underlying)?.id;
    const preset = presetId === undefined ? undefined : strategyPreset(definition, presetId);
    const sets = readSets(values.set ?? []);
    // The same limits the risk manager applies: the strategy's own defaults, then --risk (docs/risk.md).
    const risk = parseRiskLimits(definition.riskDefaults, readSets(values.risk ?? [], '--risk'), {
      capital,
    });
    const engine: Partial<Record<EngineKey, number>> = {};
    const strategySets: Record<string, string> = {};
    for (const [key, value] of Object.entries(sets)) {
      if ((ENGINE_KEYS as readonly string[]).includes(key))
        engine[key as EngineKey] = readPositiveNumber(value, key);
      else strategySets[key] = value;
    }
    if (values.timeframe !== undefined) strategySets['timeframe'] = values.timeframe;
    const strategy = definition.create(preset?.params ?? {}, strategySets);

    const text = readFileSync(values.data, 'utf8');
    const bars = parseBarsCsv(text, { file: values.data, barLabel });
    const notes: string[] = [];
    if (preset) notes.push(`preset ${preset.id}: ${preset.description}`);
    else notes.push(`no preset for ${underlying}: the strategy's default (SENSEX-level) parameters apply`);

    const days = [...new Set(bars.map((bar) => istDate(new Date(bar.time))))];
    const exchange = underlyingSpec(underlying).exchange;
    const known = new Set(CALENDAR_YEARS.map((year) => year.year));
    let calendar: TradingCalendar | undefined;
    if (!days.every((day) => known.has(Number(day.slice(0, 4))))) {
      const derived = calendarFromTradingDays(exchange, days);
      calendar = derived.calendar;
      notes.push(
        `no holiday file for ${derived.firstDay.slice(0, 4)}: trading days come from the data (${days.length} days; weekdays without bars taken as holidays: ${derived.missingWeekdays.join(', ') || 'none'}; after ${derived.lastDay} every weekday is assumed open)`,
      );
    }
    const lotSize = engine.lotSize ?? preset?.lotSize;
    if (lotSize !== undefined)
      notes.push(
        `lot size ${lotSize} (${engine.lotSize !== undefined ? '--set lotSize' : `preset ${preset?.id}`}), not the dated table`,
      );

    const premiums = values.options
      ? new OptionPriceTable(readFileSync(values.options, 'utf8'), values.options, barLabel)
      : undefined;
    const progress =
      process.stderr.isTTY && bars.length >= PROGRESS_MIN_BARS
        ? new SingleBar({
            stream: process.stderr,
            format: 'backtest [{bar}] {percentage}% {value}/{total} bars',
          })
        : undefined;
    progress?.start(bars.length, 0);
    let result: BacktestResult;
    try {
      result = runBacktest({
        strategy,
        bars,
        underlying,
        capital,
        lotSize,
        volatility: engine.iv,
        riskFreeRate: engine.riskFreeRate,
        slippageTicks: engine.slippageTicks,
        calendar,
        premiums,
        risk,
        onProgress: progress ? (done) => progress.update(done) : undefined,
      });
    } finally {
      progress?.stop();
    }
    const report: BacktestResult = { ...result, notes: [...notes, ...result.notes] };
    const params = {
      risk,
      ...strategy.params,
      capital,
      lotSize: report.lotSize,
      iv: engine.iv ?? 0.15,
      riskFreeRate: engine.riskFreeRate ?? 0.065,
      slippageTicks: engine.slippageTicks ?? 1,
      barLabel,
      preset: preset?.id ?? null,
    };

    // The S1–S8 strategy's per-signal statistics (docs/strategies/hourly-zones.md).
    const signals =
      report.strategyId === HOURLY_ZONES
        ? signalStats(report, ZONE_SIGNALS, strategy.params['signals'] as readonly string[])
        : undefined;

    const files: Array<[string, string]> = [];
    if (values.json) {
      const { bars: _bars, ...rest } = report;
      files.push([
        values.json,
        `${JSON.stringify({ params, ...rest, ...(signals && { signals }) }, null, 2)}\n`,
      ]);
    }
    if (values.html) {
      files.push([
        values.html,
        renderHtmlReport(report, {
          chartLibrary: chartLibrary(),
          title: `${report.strategyId} · ${underlying} · ${values.data.split('/').pop() ?? ''}`,
          params,
          signals,
        }),
      ]);
    }
    writeAtomically(files);
    return {
      exitCode: EXIT_OK,
      stdout: summary(
        report,
        params,
        files.map(([path]) => path),
        signals,
      ),
      stderr: '',
    };
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    const usage =
      error instanceof UsageError ||
      isBacktestError(error) ||
      isSimulatorError(error) ||
      isStrategyError(error) ||
      error instanceof RiskError ||
      (typeof error === 'object' &&
        error !== null &&
        'code' in error &&
        String((error as { code: unknown }).code).startsWith('ERR_PARSE_ARGS'));
    if (usage)
      return { exitCode: EXIT_USAGE, stdout: '', stderr: `error: ${message}\nusage: ${BACKTEST_USAGE}\n` };
    if (
      typeof error === 'object' &&
      error !== null &&
      'code' in error &&
      (error as { code: unknown }).code === 'ENOENT'
    ) {
      return { exitCode: EXIT_USAGE, stdout: '', stderr: `error: ${message}\n` };
    }
    return {
      exitCode: EXIT_FAILURE,
      stdout: '',
      stderr: `error: ${error instanceof Error ? (error.stack ?? message) : message}\n`,
    };
  }
};
