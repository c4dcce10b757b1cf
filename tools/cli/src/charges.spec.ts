import { chargesForRoundTrip, dec, indexOption, tradeDate } from '@dalal/domain';
import { fixedClock, fromIst } from '@dalal/market';

import { runCli } from './cli';

const context = { clock: fixedClock(fromIst('2026-03-02', '11:00')) };
const run = (...argv: string[]) => runCli(argv, context);

describe('dalal charges', () => {
  it('prices a NIFTY option round trip with the domain charges model (Zerodha, before the April 2026 STT rise)', () => {
    const result = run(
      'charges',
      '--exchange',
      'NSE',
      '--buy',
      '100',
      '--sell',
      '120',
      '--qty',
      '75',
      '--json',
    );
    expect(result.exitCode).toBe(0);
    const out = JSON.parse(result.stdout);

    const day = tradeDate('2026-03-02');
    const instrument = indexOption({
      underlying: 'NIFTY',
      exchange: 'NFO',
      expiry: tradeDate('2026-03-02'),
      strike: dec(25_000),
      optionType: 'PE',
      tradeDate: day,
      lotSize: dec(1),
    });
    const expected = chargesForRoundTrip(
      {
        entry: { instrument, side: 'BUY', quantity: dec(75), price: dec(100), tradeDate: day },
        exit: { instrument, side: 'SELL', quantity: dec(75), price: dec(120), tradeDate: day },
      },
      { broker: 'ZERODHA' },
    );
    expect(out).toMatchObject({
      exchange: 'NSE',
      broker: 'ZERODHA',
      date: '2026-03-02',
      grossPnl: '1500.00',
    });
    expect(out.total.total).toBe(expected.total.total.toFixed(2));
    expect(out.entry.stt).toBe('0.00');
    expect(out.netPnl).toBe(dec(1500).minus(expected.total.total).toFixed(2));
  });

  it('charges sell-side STT at the higher rate from 1 April 2026', () => {
    const stt = (date: string) =>
      JSON.parse(
        run(
          'charges',
          '--exchange',
          'NSE',
          '--buy',
          '100',
          '--sell',
          '100',
          '--qty',
          '100',
          '--date',
          date,
          '--json',
        ).stdout,
      ).exit.stt;
    expect(Number(stt('2026-04-06'))).toBeGreaterThan(Number(stt('2026-03-30')));
  });

  it('prints a per-leg table in text mode', () => {
    const { stdout } = run(
      'charges',
      '--exchange',
      'bse',
      '--buy',
      '50',
      '--sell',
      '40',
      '--qty',
      '20',
      '--broker',
      'angelone',
    );
    expect(stdout).toMatch(/^BSE index option, ANGEL_ONE, 2026-03-02/);
    expect(stdout).toMatch(/\nbrokerage\s/);
    expect(stdout).toMatch(/gross P&L -200\.00/);
  });

  it.each([
    [['charges', '--buy', '1', '--sell', '2', '--qty', '1'], /missing --exchange/],
    [['charges', '--exchange', 'MCX', '--buy', '1', '--sell', '2', '--qty', '1'], /NSE or BSE/],
    [
      ['charges', '--exchange', 'NSE', '--buy', 'x', '--sell', '2', '--qty', '1'],
      /--buy must be a positive number/,
    ],
    [['charges', '--exchange', 'NSE', '--buy', '1', '--sell', '2', '--qty', '1.5'], /whole number/],
    [
      ['charges', '--exchange', 'NSE', '--buy', '1', '--sell', '2', '--qty', '1', '--broker', 'upstox'],
      /zerodha or angelone/,
    ],
  ])('rejects %j with exit code 2', (argv, message) => {
    const result = run(...argv);
    expect(result.exitCode).toBe(2);
    expect(result.stderr).toMatch(message);
  });
});
