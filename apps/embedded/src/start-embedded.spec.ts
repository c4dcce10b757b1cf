/** @jest-environment ./libs/persistence/src/testing/pglite-environment.js */
import { CONTROL_COMMAND, controlStream } from '@dalal/contracts';
import { StreamPublisher } from '@dalal/bus';
import { ControlCommandsHandler, type Health } from '@dalal/runtime';
import { waitFor } from '@dalal/testing';

import { startEmbedded } from './start-embedded';

jest.mock('@electric-sql/pglite', () => (globalThis as { __dalalPGlite?: unknown }).__dalalPGlite);

describe('embedded mode', () => {
  it('runs the five services on one in-memory bus, each reading control in its own group', async () => {
    const system = await startEmbedded(
      {
        PORT: 24_100 + Math.floor(Math.random() * 150) * 5,
        LOG_LEVEL: 'warn',
        BUS_MAX_LEN: 1000,
        BUS_CLAIM_IDLE_MS: 30_000,
        BUS_MAX_ATTEMPTS: 3,
        BUS_RETRY_DELAY_MS: 100,
      },
      { kind: 'pglite', dataDir: undefined },
      {},
    );
    try {
      const health = await Promise.all(
        system.apps.map(
          async ({ port }) => (await (await fetch(`http://127.0.0.1:${port}/health`)).json()) as Health,
        ),
      );
      expect(health.map((h) => `${h.service}:${h.bus}`)).toEqual([
        'gateway:up',
        'market-data:up',
        'strategy-engine:up',
        'risk-manager:up',
        'order-execution:up',
      ]);
      const loggers = system.apps.map(({ app }) => {
        const handler = app.get(ControlCommandsHandler) as unknown as { logger: { info: () => void } };
        return jest.spyOn(handler.logger, 'info');
      });
      const sent = await new StreamPublisher(system.store, { source: 'test' }).publish(
        controlStream(),
        CONTROL_COMMAND,
        {
          command: 'REARM',
          issuedBy: 'test',
        },
      );
      await waitFor(
        () => loggers.every((spy) => spy.mock.calls.length === 1),
        'every service handled the command',
      );
      for (const spy of loggers) {
        expect(spy).toHaveBeenCalledWith(
          expect.objectContaining({ messageId: sent.id }),
          'control command REARM from test',
        );
      }
    } finally {
      await system.close();
    }
    // Five services and a PGlite migrated from scratch: a minute on a busy 2-core machine.
  }, 180_000);
});
