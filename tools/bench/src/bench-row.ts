/** One line of the `npm run bench` table; `baseline` and `ratio` when measured against a reference. */
export interface BenchRow {
  benchmark: string;
  metric: string;
  value: number;
  unit: string;
  baseline?: number;
  target?: string;
}

export type Benchmark = () => Promise<BenchRow[]>;

export function percentile(sortedAscending: readonly number[], p: number): number {
  const index = Math.min(sortedAscending.length - 1, Math.ceil((p / 100) * sortedAscending.length) - 1);
  return sortedAscending[Math.max(0, index)]!;
}

export function formatTable(rows: readonly BenchRow[]): string {
  const fmt = (n: number) => (Math.abs(n) >= 100 ? Math.round(n).toLocaleString('en-US') : n.toFixed(3));
  const table = [
    ['benchmark', 'metric', 'value', 'unit', 'baseline', 'ratio', 'target'],
    ...rows.map((r) => [
      r.benchmark,
      r.metric,
      fmt(r.value),
      r.unit,
      r.baseline === undefined ? '' : fmt(r.baseline),
      r.baseline === undefined ? '' : `${((r.value / r.baseline) * 100).toFixed(0)}%`,
      r.target ?? '',
    ]),
  ];
  const widths = table[0]!.map((_, col) => Math.max(...table.map((row) => row[col]!.length)));
  const line = (row: string[]) => `| ${row.map((cell, col) => cell.padEnd(widths[col]!)).join(' | ')} |`;
  return [
    line(table[0]!),
    `|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`,
    ...table.slice(1).map(line),
  ].join('\n');
}
