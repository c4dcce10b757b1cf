import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';

import { chromium, type Browser, type Page } from 'playwright-core';

import { StreamPublisher } from '@dalal/bus';
import { FILL, controlStream, fillsStream, type Fill } from '@dalal/contracts';
import { OrdersRepository } from '@dalal/persistence';
import { waitFor } from '@dalal/testing';

import { startGateway, TEST_ADMIN, type GatewayHarness } from '../testing/gateway-harness';
import { seedBook } from '../testing/seed-book';

const CHROMIUM = '/usr/bin/chromium';

/** 09:15–10:45 IST of NIFTY 50 in 1-minute bars, a deterministic walk, so the chart has a morning on it. */
async function seedMorningBars(gw: GatewayHarness): Promise<void> {
  const instrument = await gw.prisma.instrument.findFirstOrThrow({ where: { symbol: 'NIFTY 50' } });
  await gw.prisma.bar.deleteMany({ where: { instrumentId: instrument.id } });
  let close = 25_000;
  const rows = Array.from({ length: 90 }, (_, i) => {
    const open = close;
    close = Math.round((open + Math.sin(i / 7) * 9 + ((i * 37) % 11) - 5) * 20) / 20;
    const at = Date.parse('2026-12-02T03:45:00Z') + i * 60_000;
    return {
      instrumentId: instrument.id,
      timeframe: '1m',
      openTime: new Date(at),
      closeTime: new Date(at + 60_000),
      open: open.toFixed(2),
      high: (Math.max(open, close) + 3.5).toFixed(2),
      low: (Math.min(open, close) - 3.5).toFixed(2),
      close: close.toFixed(2),
      volume: BigInt(1000 + i),
    };
  });
  await gw.prisma.bar.createMany({ data: rows });
}
/** Screenshots for a person to look at; kept out of git with the rest of out/. */
const SHOTS = join(__dirname, '../../../../out/gateway-dashboard');

// Skipped only when the browser is not installed (apt-get install -y chromium).
const withBrowser = existsSync(CHROMIUM) ? describe : describe.skip;

withBrowser('the dashboard in headless Chromium', () => {
  let gw: GatewayHarness;
  let browser: Browser;
  let orders: OrdersRepository;
  let publisher: StreamPublisher;

  /** What order-execution does on a paper fill: the order, the fill, the position, then the news on the bus. */
  async function paperFill(
    id: string,
    instrument: string,
    side: 'BUY' | 'SELL',
    price: string,
  ): Promise<void> {
    const leg = {
      instrument,
      exchange: 'NFO' as const,
      side,
      quantity: 75,
      orderType: 'MARKET' as const,
      product: 'MIS' as const,
      validity: 'DAY' as const,
      role: 'MAIN' as const,
    };
    const at = gw.clock.now.toISOString();
    await orders.recordOrderSubmitted({
      clientOrderId: id,
      strategyId: 'ema-nifty',
      mode: 'paper',
      broker: 'paper',
      leg,
      at,
    });
    await orders.recordOrderEvent({
      clientOrderId: id,
      state: 'FILLED',
      previousState: 'PENDING_SUBMIT',
      quantity: 75,
      filledQuantity: 75,
      averagePrice: price,
      at,
    });
    const fill: Fill = {
      fillId: `f-${id}`,
      clientOrderId: id,
      strategyId: 'ema-nifty',
      instrument: leg.instrument,
      exchange: 'NFO',
      side,
      quantity: 75,
      price,
      charges: '20',
      filledAt: at,
    };
    await orders.applyFill(fill);
    await publisher.publish(fillsStream(), FILL, fill);
  }

  beforeAll(async () => {
    mkdirSync(SHOTS, { recursive: true });
    // 10:05 IST: the seeded book's bars are on the chart, the market is open.
    gw = await startGateway({ now: new Date('2026-12-02T04:35:00Z') });
    await seedBook(gw.prisma);
    await seedMorningBars(gw);
    orders = new OrdersRepository(gw.prisma);
    publisher = new StreamPublisher(gw.store, { source: 'order-execution' });
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
    });
  }, 60_000);
  afterAll(async () => {
    await browser?.close();
    await gw?.close();
  });

  async function open(width: number, height: number): Promise<Page> {
    const page = await browser.newPage({ viewport: { width, height } });
    const problems: string[] = [];
    page.on('pageerror', (err) => problems.push(err.message));
    page.on('console', (message) => {
      if (message.type() === 'error') problems.push(message.text());
    });
    await page.goto(gw.url);
    await page.fill('input[name=password]', TEST_ADMIN.password);
    await page.click('button[type=submit]');
    await page.waitForSelector('#desk:not([hidden])');
    await page.waitForSelector('#chart canvas');
    expect(problems).toEqual([]);
    return page;
  }

  it('logs in, shows a paper trade as it happens, and flattens the book behind the kill switch', async () => {
    const page = await open(1366, 900);
    await page.waitForSelector('#live.up'); // the WebSocket is subscribed

    await paperFill('dash-1', 'NIFTY26D0825000PE', 'BUY', '80.5');
    const row = page.locator('#positions tbody tr[data-instrument="NIFTY26D0825000PE"]');
    await row.waitFor();
    expect(await row.locator('td').nth(1).textContent()).toBe('75');
    await page.locator('#orders tbody tr', { hasText: 'NIFTY26D0825000PE' }).first().waitFor();
    await page.screenshot({ path: join(SHOTS, 'desktop-1366x900.png'), fullPage: true });

    await page.click('#kill');
    await page.waitForSelector('#kill-dialog[open]');
    await page.screenshot({ path: join(SHOTS, 'kill-switch-confirm-1366x900.png') });
    await page.click('#kill-confirm');
    await page.waitForSelector('#state.HALTED');
    await waitFor(
      async () =>
        (await gw.published(controlStream())).some(
          (e) => (e.payload as { command: string }).command === 'KILL_SWITCH',
        ),
      'KILL_SWITCH on the control stream',
    );
    expect((await gw.prisma.tradingStateChange.findFirstOrThrow({ orderBy: { id: 'desc' } })).state).toBe(
      'HALTED',
    );

    // order-execution answers KILL_SWITCH by flattening every position: the closing fills arrive and the
    // book is flat (the services that do it have their own specs; here their fills are replayed). Fifteen
    // minutes later by the server's clock: the page's access token has expired meanwhile.
    gw.clock.now = new Date('2026-12-02T04:50:00Z');
    await paperFill('dash-2', 'NIFTY26D0825000PE', 'SELL', '82');
    await paperFill('dash-3', 'NIFTY26D0825000CE', 'SELL', '118.4');
    await waitFor(async () => (await page.locator('#positions tbody tr').count()) === 0, 'a flat book');
    expect(await page.locator('#login').isHidden()).toBe(true); // the expired access token was refreshed
    await page.screenshot({ path: join(SHOTS, 'desktop-halted-1366x900.png'), fullPage: true });
    await page.close();
  }, 90_000);

  it('fits a phone', async () => {
    const page = await open(390, 844);
    const overflow = await page.evaluate<number>('document.documentElement.scrollWidth - window.innerWidth');
    expect(overflow).toBeLessThanOrEqual(0);
    await page.screenshot({ path: join(SHOTS, 'phone-390x844.png'), fullPage: true });
    await page.close();
  }, 60_000);
});
