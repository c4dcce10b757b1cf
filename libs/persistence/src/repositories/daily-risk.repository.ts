import { Injectable } from '@nestjs/common';

import { type Decimal } from '@dalal/domain';

import { type TradingMode } from '../generated/prisma/client';
import { PrismaService } from '../prisma.service';
import { toDomainDecimal } from './decimal';

export interface DailyPnlRecord {
  /** YYYY-MM-DD in Asia/Kolkata. */
  tradeDate: string;
  mode: TradingMode;
  /** A strategy id, or "ACCOUNT". */
  scope: string;
  realizedPnl: Decimal | string;
  unrealizedPnl: Decimal | string;
  charges: Decimal | string;
  tradeCount: number;
  at: Date | string;
}

const day = (ymd: string) => new Date(`${ymd}T00:00:00Z`);

/** Daily P&L snapshots and the risk counters that must survive a restart mid-session. */
@Injectable()
export class DailyRiskRepository {
  constructor(private readonly prisma: PrismaService) {}

  /** The latest figures for the day replace the previous ones (snapshots are absolute, not deltas). */
  async recordDailyPnl(record: DailyPnlRecord): Promise<void> {
    const values = {
      realizedPnl: record.realizedPnl.toString(),
      unrealizedPnl: record.unrealizedPnl.toString(),
      charges: record.charges.toString(),
      tradeCount: record.tradeCount,
      updatedAt: new Date(record.at),
    };
    await this.prisma.dailyPnl.upsert({
      where: {
        tradeDate_mode_scope: { tradeDate: day(record.tradeDate), mode: record.mode, scope: record.scope },
      },
      create: { tradeDate: day(record.tradeDate), mode: record.mode, scope: record.scope, ...values },
      update: values,
    });
  }

  /** Adds `by` to a named counter of the day and returns the new value (atomic in the database). */
  async incrementCounter(
    key: { tradeDate: string; mode: TradingMode; scope: string; name: string },
    by: Decimal | string | number,
    at: Date | string,
  ): Promise<Decimal> {
    const where = { tradeDate: day(key.tradeDate), mode: key.mode, scope: key.scope, name: key.name };
    const row = await this.prisma.riskCounter.upsert({
      where: { tradeDate_mode_scope_name: where },
      create: { ...where, value: by.toString(), updatedAt: new Date(at) },
      update: { value: { increment: by.toString() }, updatedAt: new Date(at) },
    });
    return toDomainDecimal(row.value);
  }

  async counters(tradeDate: string, mode: TradingMode, scope: string): Promise<Record<string, Decimal>> {
    const rows = await this.prisma.riskCounter.findMany({
      where: { tradeDate: day(tradeDate), mode, scope },
    });
    return Object.fromEntries(rows.map((r) => [r.name, toDomainDecimal(r.value)]));
  }
}
