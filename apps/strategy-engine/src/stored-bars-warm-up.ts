import { type Bar } from '@dalal/contracts';
import { type BarsRepository, type PrismaService } from '@dalal/persistence';
import { underlyingSpec } from '@dalal/market';
import { indexUnderlyingOf } from '@dalal/simulator';

import { type WarmUpBars } from './engine-ports';
import { type RunnerSetup } from './runner/runner-setup';

const DAY_MS = 86_400_000;

/**
 * The stored closed bars of a runner's index (under any name the feeds give it, e.g. "NIFTY 50") and
 * timeframe from `days` before now: what market-data stored before publishing, so the strategy's
 * indicators stand where they would had it been running all along.
 */
export class StoredBarsWarmUp implements WarmUpBars {
  constructor(
    private readonly prisma: PrismaService,
    private readonly bars: BarsRepository,
    private readonly days: number,
    private readonly now: () => Date,
  ) {}

  async barsFor(setup: RunnerSetup): Promise<Bar[]> {
    if (this.days === 0) return [];
    const exchange = underlyingSpec(setup.underlying).exchange;
    const instruments = (await this.prisma.instrument.findMany({ where: { exchange } })).filter(
      (i) => indexUnderlyingOf(i.symbol) === setup.underlying,
    );
    const to = this.now();
    const from = new Date(to.getTime() - this.days * DAY_MS);
    const out: Bar[] = [];
    for (const instrument of instruments) {
      for (const bar of await this.bars.findBars(instrument.id, setup.timeframe, from, to)) {
        // Only bars already closed by now: a bar still forming has no business in the warm-up.
        if (bar.closeTime.getTime() > to.getTime()) continue;
        out.push({
          instrument: instrument.symbol,
          exchange,
          timeframe: setup.timeframe as Bar['timeframe'],
          openTime: bar.openTime.toISOString(),
          closeTime: bar.closeTime.toISOString(),
          open: bar.open.toString(),
          high: bar.high.toString(),
          low: bar.low.toString(),
          close: bar.close.toString(),
          volume: Number(bar.volume),
          closed: true,
        });
      }
    }
    return out.sort((a, b) => Date.parse(a.openTime) - Date.parse(b.openTime));
  }
}
