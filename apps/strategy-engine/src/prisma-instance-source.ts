import { type PrismaService } from '@dalal/persistence';

import { type InstanceSource } from './engine-ports';
import { type StrategyInstanceRow } from './runner/runner-setup';

/** The configured strategy runs, from `strategy_instances`. */
export class PrismaInstanceSource implements InstanceSource {
  constructor(private readonly prisma: PrismaService) {}

  async enabled(): Promise<StrategyInstanceRow[]> {
    return this.prisma.strategyInstance.findMany({ where: { enabled: true }, orderBy: { id: 'asc' } });
  }

  async find(id: string): Promise<StrategyInstanceRow | null> {
    return this.prisma.strategyInstance.findUnique({ where: { id } });
  }
}
