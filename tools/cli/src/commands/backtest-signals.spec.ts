import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { fixedClock } from '@dalal/market';

import { runCli } from '../cli';

const DATA = join(__dirname, '../../../../../shared/data/nifty-2012-12-1m.csv');
const context = { clock: fixedClock(new Date('2026-02-02T04:00:00Z')) };
const SIGNALS = ['S1', 'S2', 'S3', 'S4', 'S5', 'S6', 'S7', 'S8'];

function backtest(dir: string, ...extra: string[]) {
  const json = join(dir, 'out.json');
  const html = join(dir, 'out.html');
  const result = runCli(
    [
      'backtest',
      '--strategy',
      'hourly-zones',
      '--data',
      DATA,
      '--instrument',
      'NIFTY',
      '--bar-label',
      'end',
      '--json',
      json,
      '--html',
      html,
      ...extra,
    ],
    context,
  );
  return { result, json, html };
}

describe('dalal backtest --strategy hourly-zones: per-signal statistics', () => {
  it('writes a signals object keyed S1…S8 to the JSON, a signals table to the HTML and a line per signal', () => {
    const { result, json, html } = backtest(mkdtempSync(join(tmpdir(), 'dalal-signals-')));
    expect(result.stderr).toBe('');
    expect(result.exitCode).toBe(0);
    const report = JSON.parse(readFileSync(json, 'utf8'));
    expect(report.params).toMatchObject({ preset: 'nifty-2012', lotSize: 50, signals: SIGNALS });
    expect(Object.keys(report.signals)).toEqual(SIGNALS);
    const stats = Object.values(report.signals) as Array<{ trades: number; netPnl: string }>;
    expect(stats.reduce((sum, s) => sum + s.trades, 0)).toBe(report.trades.length);
    expect(stats.reduce((sum, s) => sum + Number(s.netPnl), 0)).toBeCloseTo(Number(report.metrics.netPnl), 2);
    for (const trade of report.trades) expect(report.signals[trade.tag]).toBeDefined();

    const page = readFileSync(html, 'utf8');
    expect(page).toContain('<table id="signals">');
    for (const id of SIGNALS) expect(page).toMatch(new RegExp(`<tr><td>${id}</td>`));
    for (const id of SIGNALS) expect(result.stdout).toMatch(new RegExp(`^${id}: fired \\d+`, 'm'));
  });

  it('--set signals=S5 trades S5 only; the other signals are reported off with nothing fired', () => {
    const { result, json, html } = backtest(
      mkdtempSync(join(tmpdir(), 'dalal-signals-')),
      '--set',
      'signals=S5',
    );
    expect(result.exitCode).toBe(0);
    const report = JSON.parse(readFileSync(json, 'utf8'));
    expect(report.trades.length).toBeGreaterThan(0);
    expect(report.trades.every((trade: { tag: string }) => trade.tag === 'S5')).toBe(true);
    expect(report.signals.S5).toMatchObject({ active: true, trades: report.trades.length });
    for (const id of SIGNALS.filter((s) => s !== 'S5')) {
      expect(report.signals[id]).toMatchObject({ active: false, fired: 0, trades: 0 });
    }
    expect(readFileSync(html, 'utf8')).toContain('<tr class="inactive"><td>S1 (off)</td>');
    expect(result.stdout).not.toMatch(/^S1: /m);
  });

  it('other strategies get no signals object', () => {
    const dir = mkdtempSync(join(tmpdir(), 'dalal-signals-'));
    const json = join(dir, 'out.json');
    const result = runCli(
      [
        'backtest',
        '--strategy',
        'credit-spread',
        '--data',
        DATA,
        '--instrument',
        'NIFTY',
        '--bar-label',
        'end',
        '--json',
        json,
      ],
      context,
    );
    expect(result.exitCode).toBe(0);
    expect(JSON.parse(readFileSync(json, 'utf8'))).not.toHaveProperty('signals');
  });
});
