import {
  createEnvelope,
  messageCatalog,
  streamFamily,
  type Envelope,
  type MessageType,
  type PayloadOf,
} from '@dalal/contracts';
import { countBusMessages, currentCorrelationId, currentTraceparent } from '@dalal/observability';

import { BusError } from './bus-error';
import { type StreamStore } from './stream-store';

export interface PublisherOptions {
  /** The service name written into every envelope. */
  source: string;
  /** Streams are trimmed to about this many entries (MAXLEN ~). */
  maxLen?: number;
  now?: () => number;
}

export const DEFAULT_MAX_LEN = 100_000;

/** Wraps payloads in envelopes and appends them; the correlation id follows the message being handled. */
export class StreamPublisher {
  private readonly maxLen: number;

  constructor(
    private readonly store: StreamStore,
    private readonly options: PublisherOptions,
  ) {
    this.maxLen = options.maxLen ?? DEFAULT_MAX_LEN;
  }

  async publish<T extends MessageType>(
    stream: string,
    type: T,
    payload: PayloadOf<T>,
    correlationId?: string,
  ): Promise<Envelope<T>> {
    assertStreamCarries(stream, type);
    const envelope = this.envelope(type, payload, correlationId);
    await this.store.append(stream, JSON.stringify(envelope), this.maxLen);
    countBusMessages(stream, 'published');
    return envelope;
  }

  /** Appends many messages to one stream in a single round trip. */
  async publishMany<T extends MessageType>(
    stream: string,
    type: T,
    payloads: readonly PayloadOf<T>[],
  ): Promise<void> {
    assertStreamCarries(stream, type);
    const items = payloads.map((payload) => ({ stream, data: JSON.stringify(this.envelope(type, payload)) }));
    await this.store.appendMany(items, this.maxLen);
    countBusMessages(stream, 'published', items.length);
  }

  /** Appends an envelope built elsewhere (for instance relayed by the Nest client). */
  async publishEnvelope(stream: string, envelope: Envelope): Promise<void> {
    assertStreamCarries(stream, envelope.type);
    await this.store.append(stream, JSON.stringify(envelope), this.maxLen);
    countBusMessages(stream, 'published');
  }

  private envelope<T extends MessageType>(
    type: T,
    payload: PayloadOf<T>,
    correlationId?: string,
  ): Envelope<T> {
    return createEnvelope(type, payload, {
      source: this.options.source,
      correlationId: correlationId ?? currentCorrelationId(),
      now: this.options.now?.(),
      traceparent: currentTraceparent(),
    });
  }
}

function assertStreamCarries(stream: string, type: MessageType): void {
  const family = streamFamily(stream);
  if (family !== messageCatalog[type]?.family) {
    throw new BusError('WRONG_STREAM', `stream ${stream} does not carry ${type} messages`);
  }
}
