/**
 * The id of the `index`-th intent a strategy instance made on the bar closing at `barEnd`: the same in a
 * backtest and live, so the two can be compared intent by intent and a replayed bar never makes a new id.
 */
export function intentIdFor(strategyId: string, barEnd: number, index: number): string {
  return `${strategyId.slice(0, 40)}-${barEnd.toString(36)}-${index}`;
}
