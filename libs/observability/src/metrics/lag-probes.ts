/** One consumer group's backlog on one stream: entries not yet delivered plus delivered but not acked. */
export interface ConsumerLag {
  stream: string;
  group: string;
  lag: number;
}

export type LagProbe = () => Promise<readonly ConsumerLag[]>;

const probes = new Set<LagProbe>();

/**
 * Bus consumers register how to measure their lag; the gauge asks them on each scrape, so lag costs a
 * Redis round trip per scrape instead of work on every message. Returns the unregister function.
 */
export function registerLagProbe(probe: LagProbe): () => void {
  probes.add(probe);
  return () => probes.delete(probe);
}

/** Every registered probe's answer; a probe that fails (Redis down) is left out of this scrape. */
export async function measureConsumerLag(): Promise<ConsumerLag[]> {
  const answers = await Promise.allSettled([...probes].map((probe) => probe()));
  return answers.flatMap((answer) => (answer.status === 'fulfilled' ? answer.value : []));
}
