import { type Bar } from '@dalal/market';
import { type BarLabel } from '@dalal/simulator';

import { BacktestError } from './backtest-error';

export interface ParseBarsOptions {
  /** Named in errors. */
  readonly file: string;
  /** Whether a row's timestamp is its bar's first minute (`start`) or the minute it ends (`end`). */
  readonly barLabel: BarLabel;
  /** Length of each row's bar in minutes (1 for one-minute data). */
  readonly barMinutes?: number;
}

const REQUIRED = ['timestamp', 'open', 'high', 'low', 'close'] as const;
// ISO 8601 with an explicit offset: a timestamp without one is ambiguous between UTC and IST.
const ISO_WITH_OFFSET = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/;

/**
 * Parses `timestamp,open,high,low,close[,volume]` text into start-labelled bars. Every problem is an
 * error naming the file, the line and what is wrong; nothing is returned unless the whole file is good.
 */
export function parseBarsCsv(text: string, options: ParseBarsOptions): Bar[] {
  const shiftMs = options.barLabel === 'end' ? (options.barMinutes ?? 1) * 60_000 : 0;
  const fail = (line: number, problem: string): never => {
    throw new BacktestError('BAD_INPUT', `${options.file}:${line}: ${problem}`);
  };
  const lines = text.split(/\r?\n/);
  const header = (lines[0] ?? '').split(',').map((h) => h.trim().toLowerCase());
  const missing = REQUIRED.filter((column) => !header.includes(column));
  if (missing.length > 0) fail(1, `missing column(s) ${missing.join(', ')} (header: "${lines[0] ?? ''}")`);
  const col = (name: string) => header.indexOf(name);
  const [iTime, iOpen, iHigh, iLow, iClose, iVolume] = [
    col('timestamp'),
    col('open'),
    col('high'),
    col('low'),
    col('close'),
    col('volume'),
  ];
  const bars: Bar[] = [];
  let previous = Number.NEGATIVE_INFINITY;
  for (let index = 1; index < lines.length; index++) {
    const raw = lines[index]!;
    if (raw.trim() === '') continue;
    const line = index + 1;
    const cells = raw.split(',');
    if (cells.length < header.length) fail(line, `expected ${header.length} columns, got ${cells.length}`);
    const stamp = cells[iTime]!.trim();
    const ms = ISO_WITH_OFFSET.test(stamp) ? Date.parse(stamp) : Number.NaN;
    if (!Number.isFinite(ms)) fail(line, `unparsable timestamp "${stamp}" (need ISO 8601 with an offset)`);
    const number = (i: number, name: string): number => {
      const cell = (cells[i] ?? '').trim();
      const value = cell === '' ? Number.NaN : Number(cell);
      if (!Number.isFinite(value)) fail(line, `${name} "${cell}" is not a number`);
      return value;
    };
    const open = number(iOpen, 'open');
    const high = number(iHigh, 'high');
    const low = number(iLow, 'low');
    const close = number(iClose, 'close');
    const volume = iVolume >= 0 ? number(iVolume, 'volume') : 0;
    if (high < low) fail(line, `high ${high} < low ${low}`);
    if (high < Math.max(open, close) || low > Math.min(open, close)) {
      fail(line, `open/close outside the high–low range (o=${open} h=${high} l=${low} c=${close})`);
    }
    if (ms <= previous) fail(line, `timestamp ${stamp} is not after the previous row`);
    previous = ms;
    bars.push({ time: ms - shiftMs, open, high, low, close, volume });
  }
  if (bars.length === 0) throw new BacktestError('NO_DATA', `${options.file}: no bars`);
  return bars;
}
