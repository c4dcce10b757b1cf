import { resampleBars } from '@dalal/market';
import { waitFor } from '@dalal/testing';

import { MarketDataRig, TIMEFRAMES, TOKEN, at, candlesOf, kiteTicks, minuteBars } from './market-data-rig';

/**
 * The fake ticker drops the connection at 09:25:10 and the feed comes back at 09:31. The minutes in
 * between exist only in Kite's historical API (the fake REST server serves them), and the bars must
 * come out as if nothing had happened: no hole, and the same bars the backtest resampler makes.
 */
describe('market-data after a dropped Kite connection', () => {
  const rig = new MarketDataRig();

  beforeAll(() => rig.start(), 60_000);
  afterAll(() => rig.stop(), 30_000);

  it('backfills the missed minutes from the historical API before live ticks resume, leaving no gap', async () => {
    const minutes = minuteBars(30, 17);
    rig.rest.setCandles(TOKEN, candlesOf(minutes));
    const ticks = kiteTicks(minutes);

    await rig.play(ticks.slice(0, 10)); // 09:15 … 09:24
    await rig.play([ticks[10]!.slice(0, 1)]); // 09:25:00, the open of the minute the line drops in
    rig.nowMs = at('09:25:10');
    rig.ticker.dropConnections();
    await waitFor(() => rig.ticker.clientCount === 0, 'dropped');
    rig.nowMs = at('09:31:00'); // the outage lasts until 09:31; the timer must not close bars meanwhile
    await rig.ticker.waitUntil((t) => t.connections === 2 && t.subscriptions().get(TOKEN) === 'full', 10_000);
    await waitFor(() => rig.runner.stats.backfilledCandles === 6, 'backfill of 09:25 … 09:30', 10_000);
    await rig.play(ticks.slice(16)); // live again from 09:31 to 09:44
    rig.nowMs = at('15:30:05');
    await waitFor(
      async () => (await rig.publishedBars()).filter((b) => b.closed).length >= 50,
      'every bar of the morning',
      10_000,
    );

    const oneMinute = await rig.storedBars('1m');
    expect(oneMinute.map((b) => (b.time - at('09:15')) / 60_000)).toEqual([...Array(30).keys()]);
    for (const timeframe of TIMEFRAMES) {
      expect({ timeframe, bars: await rig.storedBars(timeframe) }).toEqual({
        timeframe,
        bars: resampleBars(minutes, timeframe),
      });
    }
    expect(rig.runner.stats.reconnects).toBe(1);
    expect(await rig.alerts()).toEqual(expect.arrayContaining(['feed_disconnected', 'feed_reconnected']));
    expect(rig.rest.requests.filter((r) => r.path.startsWith('/instruments/historical/'))).toHaveLength(1);
  }, 60_000);
});
