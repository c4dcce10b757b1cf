import { Injectable } from '@nestjs/common';

import { type Bar as BarMessage } from '@dalal/contracts';
import { type Decimal } from '@dalal/domain';

import { PrismaService } from '../prisma.service';
import { toDomainDecimal } from './decimal';

export interface BarRecord {
  instrumentId: number;
  timeframe: string;
  openTime: Date | string;
  closeTime: Date | string;
  open: Decimal | string;
  high: Decimal | string;
  low: Decimal | string;
  close: Decimal | string;
  volume: number | bigint;
}

export interface StoredBar {
  instrumentId: number;
  timeframe: string;
  openTime: Date;
  closeTime: Date;
  open: Decimal;
  high: Decimal;
  low: Decimal;
  close: Decimal;
  volume: bigint;
}

/** Rows per statement: large enough to amortize the round trip, small enough to keep memory flat. */
const CHUNK = 20_000;

// One statement per chunk with nine array parameters, whatever the row count: no 65,535-parameter limit
// and no per-row SQL text, which is what makes bulk loads through Prisma close to raw speed.
const INSERT_BARS = `
INSERT INTO bars (instrument_id, timeframe, open_time, close_time, open, high, low, close, volume)
SELECT * FROM unnest($1::int[], $2::varchar[], $3::timestamptz[], $4::timestamptz[],
                     $5::numeric[], $6::numeric[], $7::numeric[], $8::numeric[], $9::bigint[])
ON CONFLICT (instrument_id, timeframe, open_time) DO NOTHING`;

const iso = (t: Date | string) => (typeof t === 'string' ? t : t.toISOString());

@Injectable()
export class BarsRepository {
  constructor(private readonly prisma: PrismaService) {}

  /** Inserts bars, skipping any already stored (same instrument, timeframe, open time); returns rows added. */
  async saveBars(bars: readonly BarRecord[]): Promise<number> {
    let inserted = 0;
    for (let start = 0; start < bars.length; start += CHUNK) {
      const chunk = bars.slice(start, start + CHUNK);
      inserted += await this.prisma.$executeRawUnsafe(
        INSERT_BARS,
        chunk.map((b) => b.instrumentId),
        chunk.map((b) => b.timeframe),
        chunk.map((b) => iso(b.openTime)),
        chunk.map((b) => iso(b.closeTime)),
        chunk.map((b) => b.open.toString()),
        chunk.map((b) => b.high.toString()),
        chunk.map((b) => b.low.toString()),
        chunk.map((b) => b.close.toString()),
        chunk.map((b) => b.volume.toString()),
      );
    }
    return inserted;
  }

  /** Closed bars from the bus, for an instrument already resolved to its id. */
  async saveBarMessages(instrumentId: number, bars: readonly BarMessage[]): Promise<number> {
    return this.saveBars(bars.filter((b) => b.closed).map((b) => ({ ...b, instrumentId })));
  }

  /** Bars with open time in [from, to), oldest first. */
  async findBars(instrumentId: number, timeframe: string, from: Date, to: Date): Promise<StoredBar[]> {
    const rows = await this.prisma.bar.findMany({
      where: { instrumentId, timeframe, openTime: { gte: from, lt: to } },
      orderBy: { openTime: 'asc' },
    });
    return rows.map((r) => ({
      instrumentId: r.instrumentId,
      timeframe: r.timeframe,
      openTime: r.openTime,
      closeTime: r.closeTime,
      open: toDomainDecimal(r.open),
      high: toDomainDecimal(r.high),
      low: toDomainDecimal(r.low),
      close: toDomainDecimal(r.close),
      volume: r.volume,
    }));
  }
}
