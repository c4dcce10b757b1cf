import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import { calendarFromTradingDays, istDate } from '@dalal/market';
import { parseRiskLimits } from '@dalal/risk';
import { strategyDefinition, strategyPreset } from '@dalal/strategies';

import { parseBarsCsv } from './csv-bars';
import { runBacktest } from './engine';

const FILE = join(__dirname, '../../../../shared/data/nifty-2012-12-1m.csv');
const NIFTY = parseBarsCsv(readFileSync(FILE, 'utf8'), { file: FILE, barLabel: 'end' });
const calendar = calendarFromTradingDays('NSE', [
  ...new Set(NIFTY.map((b) => istDate(new Date(b.time)))),
]).calendar;

/** Each strategy's exit reasons as its doc lists them, plus the engine's own. */
const EXITS: Record<string, readonly string[]> = {
  'rsi-reversion': ['stop_loss', 'midline', 'square_off'],
  'bollinger-breakout': ['middle_band', 'square_off'],
  scalper: ['stop_loss', 'target', 'time', 'square_off'],
  'short-straddle': ['stop_loss', 'square_off'],
  'credit-spread': ['stop_loss', 'take_profit', 'trend_reversal', 'expiry_day'],
  'iron-condor': ['stop_loss', 'take_profit', 'expiry_day'],
};
const ENGINE_EXITS = ['expiry', 'end_of_data'];

describe.each(Object.keys(EXITS))(
  '%s over NIFTY Dec 2012 (nifty-2012 preset, Black-Scholes premiums)',
  (id) => {
    const definition = strategyDefinition(id);
    const preset = strategyPreset(definition, 'nifty-2012');
    const result = runBacktest({
      strategy: definition.create(preset.params),
      bars: NIFTY,
      underlying: 'NIFTY',
      capital: 500_000,
      lotSize: preset.lotSize,
      calendar,
      risk: parseRiskLimits(definition.riskDefaults),
    });

    it('trades end to end: every intent accepted, every exit one of its documented reasons', () => {
      expect(result.trades.length).toBeGreaterThan(0);
      expect(result.decisions.filter((decision) => decision.rejected !== null)).toEqual([]);
      for (const trade of result.trades) expect([...EXITS[id]!, ...ENGINE_EXITS]).toContain(trade.exitReason);
    });

    it('books add up: net = gross − charges per trade, final equity = capital + net', () => {
      for (const trade of result.trades) {
        expect(Number(trade.netPnl)).toBeCloseTo(Number(trade.grossPnl) - Number(trade.charges), 2);
        expect(Date.parse(trade.entryTime)).toBeGreaterThan(Date.parse(trade.signalTime));
      }
      expect(result.metrics.finalEquity).toBeCloseTo(500_000 + Number(result.metrics.netPnl), 2);
    });

    it('is deterministic: a second run gives the same trades', () => {
      const again = runBacktest({
        strategy: definition.create(preset.params),
        bars: NIFTY,
        underlying: 'NIFTY',
        capital: 500_000,
        lotSize: preset.lotSize,
        calendar,
        risk: parseRiskLimits(definition.riskDefaults),
      });
      expect(again.trades).toEqual(result.trades);
    });
  },
);
