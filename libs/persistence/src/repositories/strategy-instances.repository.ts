import { Injectable } from '@nestjs/common';

import { type Prisma } from '../generated/prisma/client';
import { PrismaService } from '../prisma.service';

export interface StrategyInstanceChange {
  enabled?: boolean;
  /** The full, validated parameter set that replaces the stored one. */
  params?: Prisma.InputJsonObject;
  at: Date;
}

export interface StrategyInstanceRecord {
  id: string;
  strategyId: string;
  underlying: string;
  timeframe: string;
  params: Prisma.JsonValue;
  mode: string;
  enabled: boolean;
  updatedAt: Date;
}

/** Operator changes to a configured strategy run: enable, disable, new parameters. */
@Injectable()
export class StrategyInstancesRepository {
  constructor(private readonly prisma: PrismaService) {}

  async find(id: string): Promise<StrategyInstanceRecord | null> {
    return this.prisma.strategyInstance.findUnique({ where: { id } });
  }

  /** Returns the instance after the change, or null when there is no instance with this id. */
  async change(id: string, change: StrategyInstanceChange): Promise<StrategyInstanceRecord | null> {
    const { count } = await this.prisma.strategyInstance.updateMany({
      where: { id },
      data: {
        ...(change.enabled === undefined ? {} : { enabled: change.enabled }),
        ...(change.params === undefined ? {} : { params: change.params }),
        updatedAt: change.at,
      },
    });
    return count === 0 ? null : this.find(id);
  }
}
