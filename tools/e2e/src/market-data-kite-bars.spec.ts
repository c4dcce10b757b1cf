import { ticksStream } from '@dalal/contracts';
import { resampleBars } from '@dalal/market';

import { MarketDataRig, TIMEFRAMES, at, kiteTicks, minuteBars } from './market-data-rig';

/**
 * Fake Kite ticker → market-data (KiteFeed, validation, aggregation) → real Redis and real Postgres.
 * The ticks walk each 1-minute bar the way the replay does, so the backtest resampler's bars from the
 * same minutes are what live must produce.
 */
describe('market-data on the fake Kite ticker', () => {
  const rig = new MarketDataRig();

  beforeAll(() => rig.start(), 60_000);
  afterAll(() => rig.stop(), 30_000);

  it('stores and publishes, in every timeframe, the bars the backtest resampler makes from the same ticks', async () => {
    const minutes = minuteBars(30);
    await rig.play(kiteTicks(minutes));
    // The session closes: the service closes the open bars and goes idle until tomorrow.
    rig.nowMs = at('15:30:05');
    await waitForBars(rig, 50);

    for (const timeframe of TIMEFRAMES) {
      expect({ timeframe, bars: await rig.storedBars(timeframe) }).toEqual({
        timeframe,
        bars: resampleBars(minutes, timeframe),
      });
    }
    const published = (await rig.publishedBars()).filter((b) => b.closed);
    expect(published).toHaveLength(50);
    expect(published.find((b) => b.timeframe === '1d')).toMatchObject({
      instrument: 'NIFTY26D0124000CE',
      exchange: 'NFO',
      openTime: new Date(at('09:15')).toISOString(),
      closeTime: new Date(at('15:30')).toISOString(),
      open: minutes[0]!.open.toFixed(2),
      close: minutes[29]!.close.toFixed(2),
    });
    expect(rig.runner.stats).toMatchObject({ ticksIn: 120, ticksPublished: 120, state: 'idle' });
    expect(await rig.bus.length(ticksStream())).toBe(120);
  }, 60_000);
});

async function waitForBars(rig: MarketDataRig, count: number): Promise<void> {
  const deadline = Date.now() + 10_000;
  while ((await rig.publishedBars()).filter((b) => b.closed).length < count) {
    if (Date.now() > deadline) throw new Error(`fewer than ${count} bars published`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
