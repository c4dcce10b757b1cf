import { Controller, Injectable, Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { Ctx, EventPattern, MessagePattern, type MicroserviceOptions, Payload } from '@nestjs/microservices';
import { firstValueFrom } from 'rxjs';

import { BAR, barsStream, createEnvelope, type Envelope } from '@dalal/contracts';
import { barPayload, waitFor } from '@dalal/testing';

import { MemoryStreamStore } from './memory-stream-store';
import { RedisStreamsClient } from './redis-streams.client';
import { RedisStreamsServer } from './redis-streams.server';
import { type MessageContext } from './stream-consumer';
import { StreamPublisher } from './stream-publisher';

@Injectable()
class Received {
  readonly messages: Array<{ envelope: Envelope; context: MessageContext }> = [];
  readonly audited: Array<{ envelope: Envelope; context: MessageContext }> = [];
}

@Controller()
class BarsHandler {
  constructor(private readonly received: Received) {}

  @EventPattern(barsStream(3))
  barClosed(@Payload() envelope: Envelope, @Ctx() context: MessageContext): void {
    this.received.messages.push({ envelope, context });
  }
}

@Controller()
class BarsAuditor {
  constructor(private readonly received: Received) {}

  @EventPattern(barsStream(3))
  audit(@Payload() envelope: Envelope, @Ctx() context: MessageContext): void {
    this.received.audited.push({ envelope, context });
  }
}

@Module({ controllers: [BarsHandler, BarsAuditor], providers: [Received] })
class BarsModule {}

@Controller()
class AsksForReplies {
  @MessagePattern('risk.approved')
  reply(): string {
    return 'no';
  }
}

@Module({ controllers: [AsksForReplies] })
class RequestReplyModule {}

describe('Nest transport over streams', () => {
  it('delivers client.emit(stream, envelope) to every @EventPattern handler of the stream, with its context', async () => {
    const store = new MemoryStreamStore();
    const server = await NestFactory.createMicroservice<MicroserviceOptions>(BarsModule, {
      strategy: new RedisStreamsServer({ store, group: 'strategy-engine', blockMs: 100 }),
      logger: false,
    });
    await server.listen();
    const client = new RedisStreamsClient(new StreamPublisher(store, { source: 'market-data' }));
    const envelope = createEnvelope(BAR, barPayload(5), { source: 'market-data' });

    await firstValueFrom(client.emit(barsStream(3), envelope), { defaultValue: undefined });

    const received = server.get(Received);
    await waitFor(() => received.messages.length === 1 && received.audited.length === 1, 'handled by both');
    expect(received.audited[0]!.envelope.id).toBe(envelope.id);
    expect(received.messages[0]!.envelope).toEqual(envelope);
    expect(received.messages[0]!.context).toMatchObject({ stream: 'md.bars.3', deliveries: 1, attempt: 1 });
    await expect(firstValueFrom(client.send('risk.approved', {}))).rejects.toThrow('carry events only');
    await server.close();
  });

  it('refuses to start with a request/reply handler, since streams carry events', async () => {
    const server = await NestFactory.createMicroservice<MicroserviceOptions>(RequestReplyModule, {
      strategy: new RedisStreamsServer({ store: new MemoryStreamStore(), group: 'g' }),
      logger: false,
    });
    await expect(server.listen()).rejects.toThrow('risk.approved: streams carry events; use @EventPattern');
    await server.close();
  });
});
