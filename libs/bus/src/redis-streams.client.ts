import { ClientProxy, type ReadPacket, type WritePacket } from '@nestjs/microservices';

import { type Envelope } from '@dalal/contracts';

import { BusError } from './bus-error';
import { type StreamPublisher } from './stream-publisher';

/**
 * Nest ClientProxy over Redis Streams: `client.emit(stream, envelope)` appends the envelope.
 * Streams carry events only; request/reply (`send`) is refused.
 */
export class RedisStreamsClient extends ClientProxy {
  constructor(private readonly publisher: StreamPublisher) {
    super();
  }

  async connect(): Promise<void> {}

  async close(): Promise<void> {}

  protected async dispatchEvent<T = unknown>(packet: ReadPacket<Envelope>): Promise<T> {
    await this.publisher.publishEnvelope(packet.pattern as string, packet.data);
    return undefined as T;
  }

  protected publish(_packet: ReadPacket, callback: (packet: WritePacket) => void): () => void {
    callback({
      err: new BusError('REQUEST_REPLY_UNSUPPORTED', 'Redis Streams carry events only; use emit()'),
      isDisposed: true,
    });
    return () => undefined;
  }

  unwrap<T>(): T {
    return this.publisher as T;
  }
}
