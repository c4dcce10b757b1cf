export { BusError, type BusErrorCode } from './bus-error';
export { MemoryStreamStore } from './memory-stream-store';
export { RedisStreamStore } from './redis-stream-store';
export {
  StreamConsumer,
  type ConsumerLogger,
  type ConsumerStats,
  type DeadLetter,
  type MessageContext,
  type StreamConsumerOptions,
  type StreamHandler,
} from './stream-consumer';
export { DEFAULT_MAX_LEN, StreamPublisher, type PublisherOptions } from './stream-publisher';
export {
  compareStreamIds,
  type PendingEntry,
  type ReadRequest,
  type StreamBatch,
  type StreamEntry,
  type StreamStore,
} from './stream-store';
