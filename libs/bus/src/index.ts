export { BusError, type BusErrorCode } from './bus-error';
export { BusModule, STREAM_STORE, type BusModuleOptions } from './bus.module';
export { MemoryStreamStore } from './memory-stream-store';
export { RedisStreamStore } from './redis-stream-store';
export { RedisStreamsClient } from './redis-streams.client';
export { RedisStreamsServer, STREAMS_TRANSPORT, type StreamsServerOptions } from './redis-streams.server';
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
