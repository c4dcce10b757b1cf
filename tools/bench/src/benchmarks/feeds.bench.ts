import { type BenchRow } from '../bench-row';

/** Feed parsing throughput; filled in with the Kite parser figures. */
export async function feedsBenchmark(): Promise<BenchRow[]> {
  return [];
}
