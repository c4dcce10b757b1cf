import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { fixedClock } from '@dalal/market';
import { chromium } from 'playwright-core';

import { runCli } from '../cli';

const CHROMIUM = '/usr/bin/chromium';
const DATA = join(__dirname, '../../../../../shared/data/nifty-2012-12-1m.csv');
// Skipped only when the browser is not installed (apt-get install -y chromium).
const withBrowser = existsSync(CHROMIUM) ? describe : describe.skip;

withBrowser('backtest HTML report in headless Chromium', () => {
  it('renders the price, equity and drawdown charts from the file with no console errors', async () => {
    const html = join(mkdtempSync(join(tmpdir(), 'dalal-report-')), 'report.html');
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
        '--html',
        html,
      ],
      { clock: fixedClock(new Date('2026-02-02T04:00:00Z')) },
    );
    expect(result.exitCode).toBe(0);
    const browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
    });
    try {
      const page = await browser.newPage({ viewport: { width: 1280, height: 1000 } });
      const errors: string[] = [];
      page.on('console', (message) => {
        if (message.type() === 'error') errors.push(message.text());
      });
      page.on('pageerror', (error) => errors.push(String(error)));
      await page.goto(`file://${html}`);
      await page.waitForSelector('body[data-charts=ready]', { timeout: 15_000 });
      for (const id of ['price', 'equity', 'drawdown']) {
        expect(await page.locator(`#${id} canvas`).count()).toBeGreaterThan(0);
        const box = await page.locator(`#${id} canvas`).first().boundingBox();
        expect(box!.width).toBeGreaterThan(100);
      }
      expect(await page.locator('#trades tr').count()).toBeGreaterThan(10);
      expect(errors).toEqual([]);
    } finally {
      await browser.close();
    }
  }, 60_000);
});
