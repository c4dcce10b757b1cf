import { performance } from 'node:perf_hooks';

import { dec } from '@dalal/domain';
import { StrategyRisk, parseRiskLimits, type RiskIntent } from '@dalal/risk';

import { percentile, type BenchRow } from '../bench-row';

const DECISIONS = 200_000;
const T0 = Date.parse('2026-12-02T04:00:00Z');

/**
 * Risk decisions per second through StrategyRisk (duplicate guard, every rule, sizing in Decimal, the
 * book's bookkeeping), and the p99 of one decision. Half the intents are approved entries whose trades are
 * then filled and closed, so the book is exercised as in a backtest; the rest are refused by a limit.
 */
export async function riskBenchmark(): Promise<BenchRow[]> {
  const risk = new StrategyRisk(parseRiskLimits({ maxTradesPerDay: null, dailyLossLimit: null }));
  const times: number[] = [];
  const price = dec('120.5');
  const charges = dec('21.3');
  const started = performance.now();
  for (let i = 0; i < DECISIONS; i++) {
    const intent: RiskIntent = {
      intentId: `i${i}`,
      strategyId: 'bench',
      action: 'ENTER',
      legs: [
        {
          instrument: `NIFTY26D08${25_000 + (i % 40) * 50}CE`,
          side: 'BUY',
          quantity: 65,
          lotSize: 65,
          price,
        },
      ],
      sizing: { kind: 'RISK', riskPerSet: dec('7832.5') },
      at: T0 + i * 1000,
      minuteOfDay: 600,
    };
    const t = performance.now();
    const verdict = risk.decide(intent, 'ACTIVE', intent.intentId);
    times.push(performance.now() - t);
    if (verdict.approved && i % 2 === 0) {
      const fill = { tradeId: intent.intentId, instrument: intent.legs[0]!.instrument, price, charges };
      risk.book.applyFill({ ...fill, side: 'BUY', quantity: verdict.legs[0]!.quantity });
      risk.book.applyFill({ ...fill, side: 'SELL', quantity: verdict.legs[0]!.quantity });
    }
  }
  const seconds = (performance.now() - started) / 1000;
  times.sort((a, b) => a - b);
  await Promise.resolve();
  return [
    {
      benchmark: 'risk',
      metric: 'risk decisions (pure, with book fills)',
      value: DECISIONS / seconds,
      unit: 'decisions/s',
    },
    { benchmark: 'risk', metric: 'decision p50', value: percentile(times, 50) * 1000, unit: 'µs' },
    { benchmark: 'risk', metric: 'decision p99', value: percentile(times, 99) * 1000, unit: 'µs' },
  ];
}
