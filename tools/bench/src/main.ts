import { formatTable, type Benchmark, type BenchRow } from './bench-row';
import { backtestBenchmark } from './benchmarks/backtest.bench';
import { busBenchmark } from './benchmarks/bus.bench';
import { executionBenchmark } from './benchmarks/execution.bench';
import { feedsBenchmark } from './benchmarks/feeds.bench';
import { gatewayBenchmark } from './benchmarks/gateway.bench';
import { indicatorsBenchmark } from './benchmarks/indicators.bench';
import { killSwitchBenchmark } from './benchmarks/kill-switch.bench';
import { paperOptionsBenchmark } from './benchmarks/paper-options.bench';
import { persistenceBenchmark } from './benchmarks/persistence.bench';
import { riskBenchmark } from './benchmarks/risk.bench';

/** Every benchmark of the repo; each prints its figures into one table. */
const benchmarks: Array<[string, Benchmark]> = [
  ['bus', busBenchmark],
  ['backtest', backtestBenchmark],
  ['risk', riskBenchmark],
  ['indicators', indicatorsBenchmark],
  ['feeds', feedsBenchmark],
  ['persistence', persistenceBenchmark],
  ['execution', executionBenchmark],
  ['kill-switch', killSwitchBenchmark],
  ['paper-options', paperOptionsBenchmark],
  ['gateway', gatewayBenchmark],
];

async function main(): Promise<void> {
  const only = process.argv[2];
  const rows: BenchRow[] = [];
  for (const [name, run] of benchmarks) {
    if (only && only !== name) continue;
    process.stderr.write(`running ${name}…\n`);
    rows.push(...(await run()));
  }
  process.stdout.write(`${formatTable(rows)}\n`);
}

main().catch((err: Error) => {
  process.stderr.write(`bench failed: ${err.stack ?? err.message}\n`);
  process.exit(1);
});
