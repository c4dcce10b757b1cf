import { type Bar } from '@dalal/contracts';

/** A valid closed 1-minute NIFTY bar whose close carries `n`, so tests can check order. */
export function barPayload(n: number): Bar {
  const open = new Date(Date.UTC(2026, 11, 1, 3, 45) + n * 60_000);
  return {
    instrument: 'NIFTY 50',
    exchange: 'NSE',
    timeframe: '1m',
    openTime: open.toISOString(),
    closeTime: new Date(open.getTime() + 60_000).toISOString(),
    open: '24000.00',
    high: '24010.00',
    low: '23990.00',
    close: `${24000 + n}.00`,
    volume: 0,
    closed: true,
  };
}
