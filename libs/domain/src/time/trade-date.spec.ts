import { tradeDate } from './trade-date';

describe('tradeDate', () => {
  it.each(['2025-10-28', '2024-02-29', '2026-04-01'])('accepts the trading day %s', (text) => {
    expect(tradeDate(text)).toBe(text);
  });

  it.each(['2025-02-29', '2025-13-01', '2025-04-31', '28-10-2025', '2025-10-28T09:15:00Z', ''])(
    'refuses %s',
    (text) => {
      expect(() => tradeDate(text)).toThrow(expect.objectContaining({ code: 'INVALID_DATE' }));
    },
  );
});
