import { Injectable } from '@nestjs/common';

import { type Decimal } from '@dalal/domain';

import { PrismaService } from '../prisma.service';
import { toDomainDecimal, toDomainDecimalOrNull } from './decimal';

export interface InstrumentRecord {
  exchange: string;
  symbol: string;
  kind: string;
  underlying?: string;
  expiry?: string;
  strike?: Decimal | string;
  optionType?: 'CE' | 'PE';
  brokerTokens?: Record<string, string>;
}

export interface InstrumentSpecRecord {
  /** YYYY-MM-DD, the trading day the values start to apply. */
  effectiveFrom: string;
  lotSize: Decimal | string;
  tickSize: Decimal | string;
  freezeQuantity?: Decimal | string;
  source?: string;
}

export interface InstrumentSpecOn {
  effectiveFrom: string;
  lotSize: Decimal;
  tickSize: Decimal;
  freezeQuantity: Decimal | null;
}

const day = (ymd: string) => new Date(`${ymd}T00:00:00Z`);

@Injectable()
export class InstrumentsRepository {
  private readonly ids = new Map<string, number>();

  constructor(private readonly prisma: PrismaService) {}

  /** The instrument's id, creating the row on first sight (cached: ids never change). */
  async ensureInstrument(instrument: InstrumentRecord): Promise<number> {
    const cacheKey = `${instrument.exchange}:${instrument.symbol}`;
    const cached = this.ids.get(cacheKey);
    if (cached !== undefined) return cached;
    const row = await this.prisma.instrument.upsert({
      where: { exchange_symbol: { exchange: instrument.exchange, symbol: instrument.symbol } },
      create: {
        exchange: instrument.exchange,
        symbol: instrument.symbol,
        kind: instrument.kind,
        underlying: instrument.underlying ?? null,
        expiry: instrument.expiry ? day(instrument.expiry) : null,
        strike: instrument.strike?.toString() ?? null,
        optionType: instrument.optionType ?? null,
        brokerTokens: instrument.brokerTokens ?? {},
      },
      update: {},
      select: { id: true },
    });
    this.ids.set(cacheKey, row.id);
    return row.id;
  }

  /** Records lot/tick/freeze values from a date on; re-recording the same date replaces them. */
  async recordSpec(instrumentId: number, spec: InstrumentSpecRecord): Promise<void> {
    const values = {
      lotSize: spec.lotSize.toString(),
      tickSize: spec.tickSize.toString(),
      freezeQuantity: spec.freezeQuantity?.toString() ?? null,
      source: spec.source ?? null,
    };
    await this.prisma.instrumentSpec.upsert({
      where: { instrumentId_effectiveFrom: { instrumentId, effectiveFrom: day(spec.effectiveFrom) } },
      create: { instrumentId, effectiveFrom: day(spec.effectiveFrom), ...values },
      update: values,
    });
  }

  /** The values in force on `date` (YYYY-MM-DD): the latest row effective on or before it. */
  async specOn(instrumentId: number, date: string): Promise<InstrumentSpecOn | null> {
    const row = await this.prisma.instrumentSpec.findFirst({
      where: { instrumentId, effectiveFrom: { lte: day(date) } },
      orderBy: { effectiveFrom: 'desc' },
    });
    if (!row) return null;
    return {
      effectiveFrom: row.effectiveFrom.toISOString().slice(0, 10),
      lotSize: toDomainDecimal(row.lotSize),
      tickSize: toDomainDecimal(row.tickSize),
      freezeQuantity: toDomainDecimalOrNull(row.freezeQuantity),
    };
  }
}
