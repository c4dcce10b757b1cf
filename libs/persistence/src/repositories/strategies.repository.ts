import { createHash } from 'node:crypto';

import { Injectable } from '@nestjs/common';

import { type Decimal } from '@dalal/domain';

import { type Prisma, type TradingMode } from '../generated/prisma/client';
import { PrismaService } from '../prisma.service';

export interface SessionStart {
  id: string;
  mode: TradingMode;
  strategyId?: string;
  parameterSetId?: number;
  broker?: string;
  startedAt: Date | string;
}

export interface SessionSummary {
  endedAt: Date | string;
  realizedPnl: Decimal | string;
  charges: Decimal | string;
  netPnl: Decimal | string;
  tradeCount: number;
  summary?: Prisma.InputJsonValue;
}

/** Canonical JSON (keys sorted) so equal parameter sets hash equally whatever their key order. */
function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : 1));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonical(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

@Injectable()
export class StrategiesRepository {
  constructor(private readonly prisma: PrismaService) {}

  async saveStrategy(strategy: { id: string; name: string; description?: string }): Promise<void> {
    await this.prisma.strategy.upsert({
      where: { id: strategy.id },
      create: { id: strategy.id, name: strategy.name, description: strategy.description ?? null },
      update: { name: strategy.name, description: strategy.description ?? null },
    });
  }

  /** Stores a parameter set as the next version, or returns the version that already holds these values. */
  async saveParameterSet(
    strategyId: string,
    params: Prisma.InputJsonObject,
  ): Promise<{ id: number; version: number; created: boolean }> {
    const hash = createHash('sha256').update(canonical(params)).digest('hex');
    return this.prisma.$transaction(async (tx) => {
      const existing = await tx.strategyParameterSet.findUnique({
        where: { strategyId_hash: { strategyId, hash } },
      });
      if (existing) return { id: existing.id, version: existing.version, created: false };
      const last = await tx.strategyParameterSet.findFirst({
        where: { strategyId },
        orderBy: { version: 'desc' },
      });
      const row = await tx.strategyParameterSet.create({
        data: { strategyId, version: (last?.version ?? 0) + 1, hash, params },
      });
      return { id: row.id, version: row.version, created: true };
    });
  }

  async startSession(session: SessionStart): Promise<void> {
    await this.prisma.tradingSession.upsert({
      where: { id: session.id },
      create: {
        id: session.id,
        mode: session.mode,
        strategyId: session.strategyId ?? null,
        parameterSetId: session.parameterSetId ?? null,
        broker: session.broker ?? null,
        startedAt: new Date(session.startedAt),
      },
      update: {},
    });
  }

  async endSession(id: string, result: SessionSummary): Promise<void> {
    await this.prisma.tradingSession.update({
      where: { id },
      data: {
        endedAt: new Date(result.endedAt),
        realizedPnl: result.realizedPnl.toString(),
        charges: result.charges.toString(),
        netPnl: result.netPnl.toString(),
        tradeCount: result.tradeCount,
        summary: result.summary ?? undefined,
      },
    });
  }
}
