import { type CustomTransportStrategy, Server } from '@nestjs/microservices';
import { isObservable, lastValueFrom } from 'rxjs';

import { BusError } from './bus-error';
import { StreamConsumer, type StreamConsumerOptions, type StreamHandler } from './stream-consumer';
import { type StreamStore } from './stream-store';

export const STREAMS_TRANSPORT = Symbol('redis-streams');

export type StreamsServerOptions = Omit<StreamConsumerOptions, 'handlers' | 'store'> & { store: StreamStore };

/**
 * Nest microservice transport over Redis Streams: every `@EventPattern(stream)` handler of the app reads
 * that stream in the app's consumer group, receiving the validated envelope and a MessageContext.
 */
export class RedisStreamsServer extends Server implements CustomTransportStrategy {
  override readonly transportId = STREAMS_TRANSPORT;
  private consumer: StreamConsumer | undefined;

  constructor(private readonly options: StreamsServerOptions) {
    super();
  }

  async listen(callback: (...optionalParams: unknown[]) => void): Promise<void> {
    try {
      const handlers = new Map<string, StreamHandler>();
      for (const [pattern, handler] of this.messageHandlers) {
        if (!handler.isEventHandler) {
          throw new BusError('NOT_AN_EVENT_HANDLER', `${pattern}: streams carry events; use @EventPattern`);
        }
        // Nest chains further handlers of the same stream itself (forkJoin over `next`): one call runs all.
        handlers.set(pattern, async (envelope, context) => {
          const result: unknown = await handler(envelope, context);
          if (isObservable(result)) await lastValueFrom(result, { defaultValue: undefined });
        });
      }
      if (handlers.size > 0) {
        this.consumer = new StreamConsumer({ ...this.options, handlers });
        await this.consumer.start();
      }
      callback();
    } catch (err) {
      callback(err);
    }
  }

  /** Drains the batch in hand before the app's connections close. */
  async close(): Promise<void> {
    await this.consumer?.stop();
  }

  get stats() {
    return this.consumer?.stats;
  }

  on(): never {
    throw new Error('RedisStreamsServer has no events to listen to');
  }

  unwrap<T>(): T {
    return this.options.store as T;
  }
}
