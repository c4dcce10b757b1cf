import { calendarFromTradingDays } from '@dalal/market';
import { type EnterIntent } from '@dalal/strategies';

import { intentIdFor } from './intent-id';
import { optionInstrument, resolveEntry, resolveExit } from './resolve-intent';

const ids = { intentId: 'ema-x-0', barTime: 0, at: 180_000, minuteOfDay: 600 };

describe('resolving a strategy intent for risk and the order model', () => {
  it('a bought CE: the tradingsymbol of a known expiry, units of one lot, stop risk × lot as ₹ a set', () => {
    const intent: EnterIntent = {
      kind: 'ENTER',
      tag: 'CE',
      legs: [{ optionType: 'CE', strike: 25_000, expiry: '2026-12-08', side: 'BUY', lots: 1 }],
      stopRisk: 130.5,
      reason: 'green bar near EMA10',
      indicators: { close: 25_010 },
    };
    const resolved = resolveEntry(intent, { strategyId: 'ema', underlying: 'NIFTY', lotSize: 65 }, ids);
    expect(resolved.legs).toEqual([
      expect.objectContaining({
        instrument: 'NIFTY26D0825000CE',
        exchange: 'NFO',
        quantity: 65,
        role: 'MAIN',
      }),
    ]);
    expect(resolved.sizing).toEqual({ kind: 'RISK', riskPerSet: expect.anything() });
    expect(resolved.sizing.kind === 'RISK' && resolved.sizing.riskPerSet.toString()).toBe('8482.5');
    expect(resolved).toMatchObject({ tradeId: 'ema-x-0', action: 'ENTER', lotSize: 65 });
  });

  it('without a stop risk the entry is FIXED; an exit reverses every leg of the trade', () => {
    const intent: EnterIntent = {
      kind: 'ENTER',
      tag: 'STRADDLE',
      legs: [
        { optionType: 'CE', strike: 25_000, expiry: '2026-12-08', side: 'SELL', lots: 2 },
        { optionType: 'PE', strike: 25_000, expiry: '2026-12-08', side: 'SELL', lots: 2 },
      ],
      reason: '09:20',
      indicators: {},
    };
    const entry = resolveEntry(intent, { strategyId: 's', underlying: 'NIFTY', lotSize: 65 }, ids);
    expect(entry.sizing).toEqual({ kind: 'FIXED' });
    expect(entry.legs.map((leg) => leg.quantity)).toEqual([130, 130]);
    const exit = resolveExit(
      entry,
      { reason: 'square_off', indicators: {} },
      { strategyId: 's' },
      { ...ids, intentId: 'e' },
    );
    expect(exit.legs.map((leg) => leg.side)).toEqual(['BUY', 'BUY']);
    expect(exit).toMatchObject({ action: 'EXIT', tradeId: 'ema-x-0', intentId: 'e' });
  });

  it('history is named with the calendar derived from its data; an unlisted expiry keeps a readable name', () => {
    const { calendar } = calendarFromTradingDays('NSE', ['2012-12-03', '2012-12-27', '2012-12-31']);
    expect(
      optionInstrument('NIFTY', { expiry: '2012-12-27', strike: 5900, optionType: 'CE' }, calendar),
    ).toBe('NIFTY12DEC5900CE');
    expect(
      optionInstrument('NIFTY', { expiry: '2012-12-26', strike: 5900, optionType: 'PE' }, calendar),
    ).toBe('NIFTY 2012-12-26 5900 PE');
  });

  it('intent ids are the same for the same strategy, bar and position in the bar', () => {
    expect(intentIdFor('ema', 1_354_506_300_000, 0)).toBe(intentIdFor('ema', 1_354_506_300_000, 0));
    expect(intentIdFor('ema', 1_354_506_300_000, 1)).not.toBe(intentIdFor('ema', 1_354_506_300_000, 0));
  });
});
