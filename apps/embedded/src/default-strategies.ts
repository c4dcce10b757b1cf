import { type PrismaService } from '@dalal/persistence';

/**
 * What `npm start` trades when nothing is configured yet: ema-mean-reversion on the replayed NIFTY,
 * 3-minute bars, paper. The engine picks the strategy's preset for NIFTY (`nifty-2012`, the level of the
 * shipped data); lot 50 was NIFTY's lot in 2012, which the dated lot table does not reach.
 * Nothing is added once any strategy instance exists, so a trader's own configuration is never touched.
 */
export async function seedDefaultStrategies(prisma: PrismaService, now: Date = new Date()): Promise<boolean> {
  if ((await prisma.strategyInstance.count()) > 0) return false;
  await prisma.strategyInstance.create({
    data: {
      id: 'ema-mean-reversion',
      strategyId: 'ema-mean-reversion',
      underlying: 'NIFTY',
      timeframe: '3m',
      params: { lotSize: 50 },
      mode: 'paper',
      enabled: true,
      updatedAt: now,
    },
  });
  return true;
}
