import { existsSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { fixedClock } from '@dalal/market';

import { runCli } from '../cli';

const DATA = join(__dirname, '../../../../../shared/data/nifty-2012-12-1m.csv');
const context = { clock: fixedClock(new Date('2026-02-02T04:00:00Z')) };

describe('dalal backtest', () => {
  const dir = mkdtempSync(join(tmpdir(), 'dalal-backtest-'));

  it('runs ema-mean-reversion on the NIFTY 2012 file with its preset and writes JSON and HTML', () => {
    const json = join(dir, 'out.json');
    const html = join(dir, 'out.html');
    const result = runCli(
      [
        'backtest',
        '--strategy',
        'ema-mean-reversion',
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
      ],
      context,
    );
    expect(result.stderr).toBe('');
    expect(result.exitCode).toBe(0);
    expect(result.stdout).toContain('preset nifty-2012');
    const report = JSON.parse(readFileSync(json, 'utf8'));
    expect(report.params).toMatchObject({
      maxEmaGap: 3.8,
      lotSize: 50,
      preset: 'nifty-2012',
      barLabel: 'end',
    });
    expect(report.trades.length).toBe(report.metrics.trades);
    expect(report.trades[0]).toEqual(
      expect.objectContaining({
        signalTime: expect.any(String),
        entryTime: expect.any(String),
        exitTime: expect.any(String),
        exitReason: expect.any(String),
        grossPnl: expect.any(String),
        charges: expect.any(String),
        netPnl: expect.any(String),
        underlyingAtEntry: expect.any(Number),
        underlyingAtExit: expect.any(Number),
        indicators: expect.objectContaining({ emaFast: expect.any(Number), emaSlow: expect.any(Number) }),
      }),
    );
    expect(report.equity.length).toBe(2500);
    const page = readFileSync(html, 'utf8');
    expect(page).toContain('TradingView Lightweight Charts');
    expect(page).not.toMatch(/<script[^>]+src=/); // nothing to fetch: opens from the file
    expect(page).not.toContain('&lt;br&gt;'); // legs are separated by a line break, not its escaped text
  });

  it('--set overrides strategy parameters and engine settings, --risk the risk limits; unknown keys are refused', () => {
    const ok = runCli(
      [
        'backtest',
        '--strategy',
        'ema-mean-reversion',
        '--data',
        DATA,
        '--instrument',
        'NIFTY',
        '--bar-label',
        'end',
        '--set',
        'takeProfitDistance=12',
        '--risk',
        'maxTradesPerDay=1',
        '--set',
        'iv=0.2',
        '--json',
        join(dir, 'one-a-day.json'),
      ],
      context,
    );
    expect(ok.exitCode).toBe(0);
    expect(ok.stdout).toContain('"takeProfitDistance":12');
    expect(ok.stdout).toContain('"maxTradesPerDay":1');
    expect(ok.stdout).toContain('IV 20.0%');
    // one trade a day over 20 days, and every refused intent in the decisions with its code
    const report = JSON.parse(readFileSync(join(dir, 'one-a-day.json'), 'utf8')) as {
      trades: unknown[];
      decisions: Array<{ code: string | null }>;
    };
    expect(report.trades.length).toBeLessThanOrEqual(20);
    expect(report.decisions.some((decision) => decision.code === 'MAX_TRADES_PER_DAY')).toBe(true);
    const badRisk = runCli(
      [
        'backtest',
        '--strategy',
        'ema-mean-reversion',
        '--data',
        DATA,
        '--instrument',
        'NIFTY',
        '--risk',
        'maxTrades=1',
      ],
      context,
    );
    expect(badRisk.exitCode).toBe(2);
    expect(badRisk.stderr).toContain('unknown risk setting(s) maxTrades');
    const bad = runCli(
      [
        'backtest',
        '--strategy',
        'ema-mean-reversion',
        '--data',
        DATA,
        '--instrument',
        'NIFTY',
        '--set',
        'nope=1',
      ],
      context,
    );
    expect(bad.exitCode).toBe(2);
    expect(bad.stderr).toContain('unknown parameter(s) nope');
  });

  it('bad input names the file, line and problem, and writes nothing', () => {
    const csv = join(dir, 'bad.csv');
    const lines = readFileSync(DATA, 'utf8').split('\n').slice(0, 50);
    lines[30] = lines[30]!.replace(/,([\d.]+),([\d.]+),([\d.]+),/, ',$1,1.00,$3,'); // high below low
    writeFileSync(csv, lines.join('\n'));
    const out = join(dir, 'never.json');
    const before = readdirSync(dir).length;
    const result = runCli(
      ['backtest', '--strategy', 'ema-mean-reversion', '--data', csv, '--instrument', 'NIFTY', '--json', out],
      context,
    );
    expect(result.exitCode).toBe(2);
    expect(result.stderr).toContain(`${csv}:31: high 1 < low`);
    expect(existsSync(out)).toBe(false);
    expect(readdirSync(dir)).toHaveLength(before);
  });

  it('a bad --options premium file is a usage error naming its file and line, and writes nothing', () => {
    const options = join(dir, 'options.csv');
    writeFileSync(
      options,
      'timestamp,expiry,strike,type,open,high,low,close\nyesterday,2012-12-27,5900,CE,1,2,1,1\n',
    );
    const out = join(dir, 'never-options.json');
    const result = runCli(
      [
        'backtest',
        '--strategy',
        'ema-mean-reversion',
        '--data',
        DATA,
        '--instrument',
        'NIFTY',
        '--options',
        options,
        '--json',
        out,
      ],
      context,
    );
    expect(result.exitCode).toBe(2);
    expect(result.stderr).toContain(`error: ${options}:2: bad row "yesterday,2012-12-27,5900,CE,1,2,1,1"`);
    expect(result.stderr).toContain('usage: dalal backtest');
    expect(existsSync(out)).toBe(false);
  });

  it('refuses an unknown strategy and a missing file', () => {
    expect(
      runCli(['backtest', '--strategy', 'nope', '--data', DATA, '--instrument', 'NIFTY'], context).stderr,
    ).toContain('unknown strategy "nope"');
    expect(
      runCli(
        ['backtest', '--strategy', 'ema-mean-reversion', '--data', '/no/such.csv', '--instrument', 'NIFTY'],
        context,
      ).exitCode,
    ).toBe(2);
  });
});
