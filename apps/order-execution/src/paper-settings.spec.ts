import { writeFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { dec } from '@dalal/domain';
import { fromIst } from '@dalal/market';
import { BlackScholesPremiums, bundledExpiryCalendars } from '@dalal/simulator';

import { orderExecutionConfigSchema } from './config';
import { createPaperBroker, paperExpiryCalendars, paperSettingsSchema } from './paper-settings';

const ENV = { REDIS_URL: 'redis://127.0.0.1:6379' };
const order = {
  clientOrderId: 'C1',
  instrument: 'NIFTY12DEC5900CE',
  exchange: 'NFO',
  side: 'BUY',
  quantity: 50,
  orderType: 'MARKET',
  product: 'MIS',
  validity: 'DAY',
} as const;

describe('order-execution paper settings', () => {
  it('default to dalal backtest’s model: 1 tick of ₹0.05 slippage, IV 15%, rate 6.5%', () => {
    expect(orderExecutionConfigSchema.parse(ENV)).toMatchObject({
      PAPER_SLIPPAGE_TICKS: 1,
      PAPER_TICK_SIZE: 0.05,
      PAPER_IV: 0.15,
      PAPER_RISK_FREE_RATE: 0.065,
    });
  });

  it('read numbers from the environment and refuse bad ones by name', () => {
    expect(
      paperSettingsSchema.parse({ PAPER_SLIPPAGE_TICKS: '2', PAPER_IV: '0.2', PAPER_RISK_FREE_RATE: '0.07' }),
    ).toMatchObject({ PAPER_SLIPPAGE_TICKS: 2, PAPER_IV: 0.2, PAPER_RISK_FREE_RATE: 0.07 });
    const bad = orderExecutionConfigSchema.safeParse({ ...ENV, PAPER_IV: '-1', PAPER_SLIPPAGE_TICKS: 'x' });
    expect(bad.success).toBe(false);
    expect(bad.error!.issues.map((issue) => issue.path.join('.')).sort()).toEqual([
      'PAPER_IV',
      'PAPER_SLIPPAGE_TICKS',
    ]);
  });

  it('refuse the old PAPER_SLIPPAGE (price units) instead of ignoring it; an empty one is unset', () => {
    const old = orderExecutionConfigSchema.safeParse({ ...ENV, PAPER_SLIPPAGE: '0.05' });
    expect(old.error!.issues).toEqual([
      expect.objectContaining({
        path: ['PAPER_SLIPPAGE'],
        message: 'was replaced by PAPER_SLIPPAGE_TICKS (slippage in ticks, as in backtests)',
      }),
    ]);
    expect(orderExecutionConfigSchema.safeParse({ ...ENV, PAPER_SLIPPAGE: '' }).success).toBe(true);
  });

  it('slippage in ticks times the tick size, and the configured model, make the paper fill', async () => {
    const settings = paperSettingsSchema.parse({ PAPER_SLIPPAGE_TICKS: '3', PAPER_IV: '0.2' });
    const expiry = paperExpiryCalendars(settings, undefined);
    const calendarFile = join(mkdtempSync(join(tmpdir(), 'paper-')), 'days.csv');
    writeFileSync(
      calendarFile,
      'timestamp,open,high,low,close,volume\n2012-12-03T09:16:00+05:30,1,1,1,1,0\n2012-12-27T09:16:00+05:30,1,1,1,1,0\n',
    );
    expect(expiry).toBe(bundledExpiryCalendars);
    const fromFile = paperExpiryCalendars({ ...settings, PAPER_EXPIRY_CALENDAR_FILE: calendarFile });
    const broker = createPaperBroker(settings, fromFile, {});
    const at = fromIst('2012-12-03', '09:20');
    broker.onPrice('NIFTY 50', dec('5900'), at);
    await broker.placeOrder(order);
    const model = new BlackScholesPremiums({ volatility: 0.2, rate: 0.065 }).price(
      { optionType: 'CE', strike: 5900, expiry: '2012-12-27' },
      5900,
      at.getTime(),
    );
    const [trade] = await broker.getTrades();
    expect(trade!.price.toNumber()).toBeCloseTo(Math.round((model + 0.15) / 0.05) * 0.05, 8);
  });

  it('without a calendar for the replayed year, an old option order is refused by name', async () => {
    const broker = createPaperBroker(paperSettingsSchema.parse({}), bundledExpiryCalendars, {});
    await expect(broker.placeOrder(order)).rejects.toThrow(/cannot price NIFTY12DEC5900CE/);
  });
});
