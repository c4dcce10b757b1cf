import { type StrategyIntent } from '@dalal/contracts';
import { type PrismaService } from '@dalal/persistence';

import { type SignalStore } from './engine-ports';

/** Signals in Postgres, one row per intent id: a redelivered bar saves nothing twice. */
export class PrismaSignalStore implements SignalStore {
  constructor(private readonly prisma: PrismaService) {}

  async save(intent: StrategyIntent): Promise<void> {
    await this.prisma.signal.createMany({
      data: [
        {
          intentId: intent.intentId,
          strategyId: intent.strategyId,
          mode: intent.mode,
          action: intent.action,
          rule: intent.reason,
          indicators: intent.indicators,
          legs: intent.legs,
          barTime: new Date(intent.barTime),
        },
      ],
      skipDuplicates: true,
    });
  }
}
