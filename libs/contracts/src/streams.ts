/**
 * Every stream name of the system, built by functions so that no call site spells a stream by hand.
 * A family may be sharded ("md.bars.3"); the family decides which message type the stream carries.
 */
export type StreamFamily =
  | 'md.ticks'
  | 'md.bars'
  | 'strategy.intents'
  | 'risk.approved'
  | 'risk.rejections'
  | 'orders.events'
  | 'orders.fills'
  | 'positions.updates'
  | 'pnl.snapshots'
  | 'control'
  | 'alerts';

const sharded = (family: StreamFamily, shard?: number): string =>
  shard === undefined ? family : `${family}.${shard}`;

export const ticksStream = (shard?: number): string => sharded('md.ticks', shard);
export const barsStream = (shard?: number): string => sharded('md.bars', shard);
export const intentsStream = (): string => 'strategy.intents';
export const approvedOrdersStream = (): string => 'risk.approved';
export const riskRejectionsStream = (): string => 'risk.rejections';
export const orderEventsStream = (): string => 'orders.events';
export const fillsStream = (): string => 'orders.fills';
export const positionsStream = (): string => 'positions.updates';
export const pnlStream = (): string => 'pnl.snapshots';
export const controlStream = (): string => 'control';
export const alertsStream = (): string => 'alerts';

const DEAD_LETTER_PREFIX = 'dlq.';

/** Where a message that cannot be handled goes, with the reason: `dlq.<stream>`. */
export const deadLetterStream = (stream: string): string => `${DEAD_LETTER_PREFIX}${stream}`;

export const isDeadLetterStream = (stream: string): boolean => stream.startsWith(DEAD_LETTER_PREFIX);

const families: readonly StreamFamily[] = [
  'md.ticks',
  'md.bars',
  'strategy.intents',
  'risk.approved',
  'risk.rejections',
  'orders.events',
  'orders.fills',
  'positions.updates',
  'pnl.snapshots',
  'control',
  'alerts',
];

/** The family of a (possibly sharded) stream name, or undefined for a name outside the catalogue. */
export function streamFamily(stream: string): StreamFamily | undefined {
  const shardless = /^(.*)\.\d+$/.exec(stream)?.[1] ?? stream;
  return families.find((family) => family === shardless);
}
