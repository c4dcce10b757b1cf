import { readFileSync } from 'node:fs';
import { join } from 'node:path';

/** One 1-minute bar of the shared NSE data, as plain numbers (test-only helper, not exported). */
export interface TestBar {
  time: number;
  open: number;
  high: number;
  low: number;
  close: number;
  volume: number;
}

const NIFTY_CSV = join(__dirname, '../../../../../shared/data/nifty-2012-12-1m.csv');

let cache: TestBar[] | undefined;

/** The 7,500 NIFTY bars of December 2012 (see shared/data/README.md). */
export function niftyBars(): TestBar[] {
  if (cache) return cache;
  const lines = readFileSync(NIFTY_CSV, 'utf8').trim().split('\n').slice(1);
  cache = lines.map((line) => {
    const [ts, open, high, low, close, volume] = line.split(',');
    return {
      time: Date.parse(ts!),
      open: Number(open),
      high: Number(high),
      low: Number(low),
      close: Number(close),
      volume: Number(volume),
    };
  });
  return cache;
}

export function niftyCloses(): number[] {
  return niftyBars().map((b) => b.close);
}

/** |a − b| ≤ tol · max(1, |b|): relative for large values, absolute near zero. */
export function expectClose(actual: number | undefined, expected: number, tol = 1e-9): void {
  if (actual === undefined || !(Math.abs(actual - expected) <= tol * Math.max(1, Math.abs(expected)))) {
    throw new Error(`expected ${actual} ≈ ${expected} (tol ${tol})`);
  }
}
