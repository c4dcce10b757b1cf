import { Controller, Module } from '@nestjs/common';
import { EventPattern } from '@nestjs/microservices';

import { MemoryStreamStore, StreamPublisher } from '@dalal/bus';
import { BAR, alertsStream, barsStream, deadLetterStream } from '@dalal/contracts';
import { barPayload, waitFor } from '@dalal/testing';

import { startService, stopService } from './start-service';

@Controller()
class BrokenBarsHandler {
  @EventPattern(barsStream(9))
  bar(): void {
    throw new Error('strategy exploded');
  }
}

@Module({ controllers: [BrokenBarsHandler] })
class BrokenModule {}

describe('a service', () => {
  it('raises an alert when it sets a message aside in the dead-letter stream', async () => {
    const store = new MemoryStreamStore();
    const app = await startService({
      name: 'strategy-engine',
      module: BrokenModule,
      store,
      config: {
        PORT: 24_300 + Math.floor(Math.random() * 500),
        LOG_LEVEL: 'fatal',
        BUS_MAX_LEN: 1000,
        BUS_CLAIM_IDLE_MS: 30_000,
        BUS_MAX_ATTEMPTS: 2,
        BUS_RETRY_DELAY_MS: 10,
      },
    });
    try {
      const sent = await new StreamPublisher(store, { source: 'market-data' }).publish(
        barsStream(9),
        BAR,
        barPayload(1),
      );
      await waitFor(async () => (await store.length(alertsStream())) === 1, 'alert', 10_000);
      const [entry] = await store.range(alertsStream());
      const alert = JSON.parse(entry!.data!);
      expect(alert.payload).toMatchObject({ severity: 'WARNING', code: 'message_dead_lettered' });
      expect(alert.payload.message).toContain('strategy exploded');
      expect(await store.length(deadLetterStream(barsStream(9)))).toBe(1);
      expect(alert.correlationId).not.toBe(sent.correlationId);
    } finally {
      await stopService(app);
    }
  }, 20_000);
});
