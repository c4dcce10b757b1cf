import { type DynamicModule, Module } from '@nestjs/common';

import { RedisStreamsClient } from './redis-streams.client';
import { StreamPublisher } from './stream-publisher';
import { type StreamStore } from './stream-store';

export const STREAM_STORE = Symbol('STREAM_STORE');

export interface BusModuleOptions {
  store: StreamStore;
  /** This service's name, written as `source` into every envelope it publishes. */
  source: string;
  maxLen?: number;
}

/** Provides the stream store, the envelope publisher and the Nest client to a service's modules. */
@Module({})
export class BusModule {
  static forRoot({ store, source, maxLen }: BusModuleOptions): DynamicModule {
    return {
      module: BusModule,
      global: true,
      providers: [
        { provide: STREAM_STORE, useValue: store },
        { provide: StreamPublisher, useValue: new StreamPublisher(store, { source, maxLen }) },
        {
          provide: RedisStreamsClient,
          useFactory: (publisher: StreamPublisher) => new RedisStreamsClient(publisher),
          inject: [StreamPublisher],
        },
      ],
      exports: [STREAM_STORE, StreamPublisher, RedisStreamsClient],
    };
  }
}
