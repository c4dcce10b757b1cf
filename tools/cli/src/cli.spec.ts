import { fixedClock, fromIst } from '@dalal/market';

import { runCli } from './cli';

// Wednesday 25 March 2026, 10:00 IST: the week whose NIFTY monthly moves off the Mahavir Jayanti Tuesday.
const context = { clock: fixedClock(fromIst('2026-03-25', '10:00')) };
const run = (...argv: string[]) => runCli(argv, context);

describe('dalal expiry', () => {
  it('gives the holiday-shifted NIFTY monthly (Mon 30 Mar 2026) for a date in that week', () => {
    const result = run('expiry', 'NIFTY', '--on', '2026-03-25', '--json');
    expect(result.exitCode).toBe(0);
    expect(JSON.parse(result.stdout)).toEqual({
      underlying: 'NIFTY',
      on: '2026-03-25',
      expiry: '2026-03-30',
      weekday: 'Mon',
      kind: 'monthly',
      scheduled: '2026-03-31',
      shiftedFor: 'Shri Mahavir Jayanti',
    });
  });

  it('explains the shift in text output', () => {
    expect(run('expiry', 'NIFTY', '--on', '2026-03-02').stdout).toBe(
      'Mon 2026-03-02  NIFTY weekly expiry (moved from Tue 2026-03-03: Holi)\n',
    );
  });

  it('uses today in IST when --on is missing', () => {
    expect(JSON.parse(run('expiry', 'SENSEX', '--json').stdout)).toMatchObject({
      on: '2026-03-25',
      expiry: '2026-03-25',
    });
  });

  it('skips to the monthly with --monthly, and accepts a lower-case underlying', () => {
    expect(
      JSON.parse(run('expiry', 'banknifty', '--on', '2026-11-01', '--monthly', '--json').stdout),
    ).toMatchObject({
      underlying: 'BANKNIFTY',
      expiry: '2026-11-23',
      shiftedFor: 'Prakash Gurpurb Sri Guru Nanak Dev',
    });
  });

  it.each([
    [['expiry'], /missing <UNDERLYING>/],
    [['expiry', 'FOO'], /unknown underlying "FOO"/],
    [['expiry', 'NIFTY', '--on', '2026-02-30'], /--on must be a YYYY-MM-DD date/],
    [['expiry', 'NIFTY', '--on', '2030-01-01'], /no data for 2030/],
    [['expiry', 'NIFTY', '--frobnicate'], /Unknown option/],
    [['expiry', 'NIFTY', 'extra'], /unexpected argument "extra"/],
  ])('rejects %j with exit code 2', (argv, message) => {
    const result = run(...argv);
    expect(result.exitCode).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr).toMatch(message);
    expect(result.stderr).toMatch(/usage: dalal expiry/);
  });
});

describe('dalal symbol', () => {
  it('writes a weekly NIFTY symbol', () => {
    expect(run('symbol', 'NIFTY', '2026-12-08', '25000', 'CE')).toEqual({
      exitCode: 0,
      stdout: 'NIFTY26D0825000CE\n',
      stderr: '',
    });
  });

  it('writes the holiday-shifted month-end expiry in the monthly form, with details in JSON', () => {
    expect(JSON.parse(run('symbol', 'NIFTY', '2026-03-30', '22500', 'pe', '--json').stdout)).toEqual({
      symbol: 'NIFTY26MAR22500PE',
      exchange: 'NFO',
      underlying: 'NIFTY',
      expiry: '2026-03-30',
      strike: 22500,
      type: 'PE',
      form: 'monthly',
    });
  });

  it('writes BFO SENSEX symbols', () => {
    expect(run('symbol', 'SENSEX', '2025-10-09', '81000', 'CE').stdout).toBe('SENSEX25O0981000CE\n');
  });

  it.each([
    [['symbol', 'NIFTY', '2026-03-31', '22500', 'PE'], /2026-03-31 is not a NIFTY expiry/],
    [['symbol', 'NIFTY', '2026-03-30', 'abc', 'PE'], /STRIKE must be a positive number/],
    [['symbol', 'NIFTY', '2026-03-30', '22500', 'XX'], /CE or PE/],
    [['symbol', 'NIFTY', '2026-03-30', '22500'], /missing <CE\|PE>/],
  ])('rejects %j with exit code 2', (argv, message) => {
    const result = run(...argv);
    expect(result.exitCode).toBe(2);
    expect(result.stderr).toMatch(message);
  });
});

describe('dalal dispatch', () => {
  it('prints help and exits 0 for --help, exits 2 for no or unknown command', () => {
    expect(run('--help')).toMatchObject({ exitCode: 0, stdout: expect.stringContaining('dalal expiry') });
    expect(run()).toMatchObject({ exitCode: 2, stderr: expect.stringContaining('usage:') });
    expect(run('frobnicate')).toMatchObject({
      exitCode: 2,
      stderr: expect.stringContaining('unknown command'),
    });
  });
});
