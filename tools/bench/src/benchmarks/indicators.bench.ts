import { performance } from 'node:perf_hooks';

import { Ema, Rsi } from '@dalal/indicators';
import { EMA as RefEma, RSI as RefRsi } from 'trading-signals';

import { type BenchRow } from '../bench-row';

const VALUES = 10_000_000;
/** The reference library allocates per update; a shorter run gives the same rate in less time. */
const REFERENCE_VALUES = 2_000_000;
const ROUNDS = 3;
const EMA_PERIOD = 20;
const RSI_PERIOD = 14;
const TARGET = '≥ 50% of plain loop';

/** A deterministic random walk around 20,000 (mulberry32), so every run sees the same prices. */
function randomWalk(n: number): Float64Array {
  let seed = 0x9e3779b9;
  const next = () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const out = new Float64Array(n);
  let price = 20_000;
  for (let i = 0; i < n; i++) {
    price += (next() - 0.5) * 10;
    out[i] = price;
  }
  return out;
}

/** Best of ROUNDS, in updates per second; `run` returns a checksum so the work cannot be elided. */
function rate(n: number, run: () => number): number {
  let best = 0;
  let sink = 0;
  for (let r = 0; r < ROUNDS; r++) {
    const t0 = performance.now();
    sink += run();
    const seconds = (performance.now() - t0) / 1000;
    best = Math.max(best, n / seconds);
  }
  if (Number.isNaN(sink)) throw new Error('bench checksum is NaN');
  return best;
}

function emaOurs(xs: Float64Array): number {
  const ema = new Ema(EMA_PERIOD);
  let acc = 0;
  for (let i = 0; i < xs.length; i++) acc += ema.update(xs[i]!) ?? 0;
  return acc;
}

/** The same maths as Ema, written inline: the ceiling a class-based indicator can approach. */
function emaPlain(xs: Float64Array): number {
  const alpha = 2 / (EMA_PERIOD + 1);
  let sum = 0;
  let ema = 0;
  let acc = 0;
  for (let i = 0; i < xs.length; i++) {
    const x = xs[i]!;
    if (i < EMA_PERIOD) {
      sum += x;
      if (i === EMA_PERIOD - 1) ema = sum / EMA_PERIOD;
      else continue;
    } else {
      ema += alpha * (x - ema);
    }
    acc += ema;
  }
  return acc;
}

function emaReference(xs: Float64Array): number {
  const ema = new RefEma(EMA_PERIOD);
  let acc = 0;
  for (let i = 0; i < REFERENCE_VALUES; i++) acc += ema.update(xs[i]!, false) ?? 0;
  return acc;
}

function rsiOurs(xs: Float64Array): number {
  const rsi = new Rsi(RSI_PERIOD);
  let acc = 0;
  for (let i = 0; i < xs.length; i++) acc += rsi.update(xs[i]!) ?? 0;
  return acc;
}

/** Wilder RSI with the TA-Lib seed, inline. */
function rsiPlain(xs: Float64Array): number {
  const n = RSI_PERIOD;
  let gainSum = 0;
  let lossSum = 0;
  let avgGain = 0;
  let avgLoss = 0;
  let acc = 0;
  for (let i = 1; i < xs.length; i++) {
    const change = xs[i]! - xs[i - 1]!;
    const gain = change > 0 ? change : 0;
    const loss = change < 0 ? -change : 0;
    if (i < n) {
      gainSum += gain;
      lossSum += loss;
      continue;
    }
    if (i === n) {
      avgGain = (gainSum + gain) / n;
      avgLoss = (lossSum + loss) / n;
    } else {
      avgGain = (avgGain * (n - 1) + gain) / n;
      avgLoss = (avgLoss * (n - 1) + loss) / n;
    }
    const total = avgGain + avgLoss;
    acc += total === 0 ? 50 : (100 * avgGain) / total;
  }
  return acc;
}

function rsiReference(xs: Float64Array): number {
  const rsi = new RefRsi(RSI_PERIOD);
  let acc = 0;
  for (let i = 0; i < REFERENCE_VALUES; i++) acc += rsi.update(xs[i]!, false) ?? 0;
  return acc;
}

/** Streaming EMA(20) and RSI(14) over 10M synthetic prices: ours vs a plain loop vs trading-signals. */
export async function indicatorsBenchmark(): Promise<BenchRow[]> {
  const xs = randomWalk(VALUES);
  const rows: BenchRow[] = [];
  const cases: Array<
    [string, (xs: Float64Array) => number, (xs: Float64Array) => number, (xs: Float64Array) => number]
  > = [
    [`EMA(${EMA_PERIOD})`, emaPlain, emaOurs, emaReference],
    [`RSI(${RSI_PERIOD})`, rsiPlain, rsiOurs, rsiReference],
  ];
  for (const [name, plain, ours, reference] of cases) {
    // Warm every path up before timing so the JIT has compiled each loop.
    plain(xs.subarray(0, 100_000));
    ours(xs.subarray(0, 100_000));
    const plainRate = rate(VALUES, () => plain(xs));
    const oursRate = rate(VALUES, () => ours(xs));
    const referenceRate = rate(REFERENCE_VALUES, () => reference(xs));
    rows.push(
      {
        benchmark: 'indicators',
        metric: `${name} plain Float64Array loop`,
        value: plainRate,
        unit: 'updates/s',
      },
      {
        benchmark: 'indicators',
        metric: `${name} @dalal/indicators streaming`,
        value: oursRate,
        unit: 'updates/s',
        baseline: plainRate,
        target: TARGET,
      },
      {
        benchmark: 'indicators',
        metric: `${name} trading-signals streaming`,
        value: referenceRate,
        unit: 'updates/s',
        baseline: plainRate,
      },
    );
  }
  return Promise.resolve(rows);
}
