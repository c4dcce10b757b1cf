import { type Fill } from '@dalal/contracts';
import { dec } from '@dalal/domain';
import { telegramVisibleText } from '@dalal/fakes';
import { fromIst } from '@dalal/market';

import { formatAlertMessage } from './alert-message';
import { formatTradeMessage } from './trade-message';

const at = fromIst('2026-12-02', '10:15:03');

const fill = (side: 'BUY' | 'SELL', price: string, time: string): Fill => ({
  fillId: `f-${side}`,
  clientOrderId: `c-${side}`,
  strategyId: 'ema-mean-reversion',
  instrument: 'NIFTY26D0825000CE',
  exchange: 'NFO',
  side,
  quantity: 65,
  price,
  charges: '21.40',
  filledAt: fromIst('2026-12-02', time).toISOString(),
});

/** What the phone shows; also proves Telegram would accept the HTML. */
const shown = (html: string) => telegramVisibleText(html);

describe('trade alerts, read as the trader reads them', () => {
  it('a CE entry names strike and expiry, side, price, IST time, stop, the rule and its indicators', () => {
    const text = formatTradeMessage(fill('BUY', '120.5', '10:15:03'), {
      action: 'ENTER',
      rule: 'ce_entry',
      indicators: { rsi: 61.374, ema10: 24498.2 },
      stop: dec('96.4'),
    });
    expect(shown(text)).toBe(
      [
        '🟢 Trade entered',
        'NIFTY 25000 CE · 8 Dec 2026 expiry',
        'BUY 65 @ ₹120.50 · 10:15:03 IST',
        'NIFTY26D0825000CE NFO · ema-mean-reversion',
        'Stop: ₹96.40',
        'Rule: ce_entry',
        'ema10 24,498.2 · rsi 61.37',
        'Charges: ₹21.40',
      ].join('\n'),
    );
  });

  it('an exit shows the P&L in Indian grouping, a loss with its own mark', () => {
    const win = formatTradeMessage(fill('SELL', '2045.75', '14:02:10'), {
      action: 'EXIT',
      rule: 'target',
      indicators: {},
      realizedPnl: dec('123456.5'),
    });
    expect(shown(win)).toContain('✅ Trade exited');
    expect(shown(win)).toContain('SELL 65 @ ₹2,045.75 · 14:02:10 IST');
    expect(shown(win)).toContain('P&L: +₹1,23,456.50');
    const loss = formatTradeMessage(fill('SELL', '80', '14:02:10'), {
      action: 'EXIT',
      rule: 'stop_loss',
      indicators: {},
      realizedPnl: dec('-2632.5'),
    });
    expect(shown(loss).split('\n')[0]).toBe('🔻 Trade exited');
    expect(shown(loss)).toContain('P&L: -₹2,632.50');
  });

  it('a fill the desk cannot explain is still reported, as a fill', () => {
    expect(shown(formatTradeMessage(fill('BUY', '120.5', '10:15:03'), null))).toBe(
      '🔔 Order filled\nNIFTY 25000 CE · 8 Dec 2026 expiry\nBUY 65 @ ₹120.50 · 10:15:03 IST\nNIFTY26D0825000CE NFO · ema-mean-reversion\nCharges: ₹21.40',
    );
  });

  it('a Binance fill is priced in its quote asset, not in rupees', () => {
    const btc: Fill = {
      ...fill('BUY', '43000.10', '03:00:00'),
      instrument: 'BTCUSDT',
      exchange: 'BINANCE',
      quantity: 1,
      charges: '0.043',
    };
    expect(shown(formatTradeMessage(btc, null))).toBe(
      '🔔 Order filled\nBTCUSDT\nBUY 1 @ 43000.1 USDT · 03:00:00 IST\nBTCUSDT BINANCE · ema-mean-reversion\nCharges: 0.043 USDT',
    );
  });
});

describe('bus alerts, read as the trader reads them', () => {
  it('a risk warning at 80% (as risk-manager raises it) shows the limit, the amount used and the share', () => {
    const text = formatAlertMessage(
      {
        severity: 'WARNING',
        code: 'risk_limit_warning',
        message: 'ema-nifty: dailyLossLimit at 80% (8000 of 10000)',
        details: {
          strategyId: 'ema-nifty',
          limit: 'dailyLossLimit',
          used: '8000',
          limitValue: '10000',
          ratio: 0.8,
        },
      },
      at,
    );
    expect(shown(text)).toBe(
      '⚠️ Risk limit at 80% · 10:15:03 IST\nema-nifty: dailyLossLimit at 80% (8000 of 10000)\nLimit: dailyLossLimit\nUsed: ₹8,000.00 of ₹10,000.00 (80%)',
    );
    const count = formatAlertMessage(
      {
        severity: 'WARNING',
        code: 'risk_limit_warning',
        message: 'ema-nifty: maxTradesPerDay at 80% (4 of 5)',
        details: {
          strategyId: 'ema-nifty',
          limit: 'maxTradesPerDay',
          used: '4',
          limitValue: '5',
          ratio: 0.8,
        },
      },
      at,
    );
    expect(shown(count)).toContain('Used: 4 of 5 (80%)');
  });

  it('the daily loss limit hit shows the loss against the limit in rupees', () => {
    const text = formatAlertMessage(
      {
        severity: 'CRITICAL',
        code: 'daily_loss_limit',
        message: 'ema-nifty: daily loss ₹10250 reached the ₹10000 limit: exits only for the rest of the day',
        details: { strategyId: 'ema-nifty', loss: '10250', limit: '10000' },
      },
      at,
    );
    expect(shown(text)).toBe(
      '🚨 Daily loss limit hit · 10:15:03 IST\nema-nifty: daily loss ₹10250 reached the ₹10000 limit: exits only for the rest of the day\nLoss: ₹10,250.00 of ₹10,000.00',
    );
  });

  it('the end-of-day summary gives trades, wins, losses, P&L, win rate and max drawdown', () => {
    const text = formatAlertMessage(
      {
        severity: 'INFO',
        code: 'risk_day_summary',
        message: 'day closed',
        details: {
          date: '2026-12-02',
          trades: 8,
          wins: 5,
          losses: 3,
          netPnl: '1245000.5',
          maxDrawdown: '-32000',
        },
      },
      fromIst('2026-12-02', '15:35'),
    );
    expect(shown(text)).toBe(
      [
        'ℹ️ End of day · 15:35:00 IST',
        '2 Dec 2026',
        'Net P&L: +₹12,45,000.50',
        'Trades: 8 · wins 5 · losses 3',
        'Win rate: 63%',
        'Max drawdown: ₹32,000.00',
      ].join('\n'),
    );
  });

  it('a token expiry says when, in IST, and what to do', () => {
    const text = formatAlertMessage(
      {
        severity: 'CRITICAL',
        code: 'broker_token_expired',
        message: 'kite access token rejected',
        details: { broker: 'kite', expiresAt: '2026-12-02T00:30:00.000Z' },
      },
      at,
    );
    expect(shown(text)).toBe(
      '🚨 Broker token expired · 10:15:03 IST\nkite access token rejected\nExpired: 2 Dec 2026 06:00 IST\nSend /login for a fresh Kite login link.',
    );
  });

  it('any other code keeps its sentence and details, with instants in IST and the producer’s text escaped', () => {
    const text = formatAlertMessage(
      {
        severity: 'WARNING',
        code: 'feed_stale',
        message: 'kite feed silent for 45 s during market hours <check network & broker>',
        details: { feed: 'kite', silentSeconds: 45, lastTickAt: '2026-12-02T04:44:18.000Z' },
      },
      at,
    );
    expect(shown(text)).toBe(
      [
        '⚠️ Market data feed stale · 10:15:03 IST',
        'kite feed silent for 45 s during market hours <check network & broker>',
        'feed: kite',
        'silentSeconds: 45',
        'lastTickAt: 2 Dec 2026 10:14 IST',
      ].join('\n'),
    );
    const unknown = formatAlertMessage(
      { severity: 'CRITICAL', code: 'brand_new_code', message: 'something new', details: { pnl: '-1500' } },
      at,
    );
    expect(shown(unknown)).toBe('🚨 brand_new_code · 10:15:03 IST\nsomething new\npnl: -₹1,500.00');
  });

  it('every listed alert of the issue has a headline of its own', () => {
    const codes = [
      'risk_limit_warning',
      'risk_limit_hit',
      'kill_switch_engaged',
      'broker_token_expired',
      'broker_token_expiring',
      'reconciliation_mismatch',
      'feed_stale',
      'message_dead_lettered',
      'service_down',
      'risk_day_summary',
      'daily_loss_limit',
    ];
    for (const code of codes) {
      const head = shown(formatAlertMessage({ severity: 'INFO', code, message: 'm', details: {} }, at)).split(
        '\n',
      )[0]!;
      expect(head).not.toContain(code);
    }
  });
});
