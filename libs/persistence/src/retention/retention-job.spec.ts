/** @jest-environment ./libs/persistence/src/testing/pglite-environment.js */
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';

import { BarsRepository } from '../repositories/bars.repository';
import { InstrumentsRepository } from '../repositories/instruments.repository';
import { OrdersRepository } from '../repositories/orders.repository';
import {
  openTestDatabase,
  type PGliteGlobal,
  type TestDatabase,
  type TestDatabaseKind,
} from '../testing/test-database';
import { retentionPolicyFromEnv, runRetention } from './retention-job';

jest.mock('@electric-sql/pglite', () => (globalThis as PGliteGlobal).__dalalPGlite);

const now = new Date('2026-02-10T12:00:00Z');

function readArchive(file: string): Array<Record<string, unknown>> {
  return gunzipSync(readFileSync(file))
    .toString('utf8')
    .trim()
    .split('\n')
    .map((line) => JSON.parse(line) as Record<string, unknown>);
}

describe.each<TestDatabaseKind>(['postgres', 'pglite'])('retention on %s', (kind) => {
  let db: TestDatabase;

  beforeAll(async () => {
    db = await openTestDatabase(kind);
  }, 60_000);

  afterAll(async () => {
    await db?.drop();
  });

  it('archives old bars, order events and alerts to gzip JSONL and deletes only those', async () => {
    const instrumentId = await new InstrumentsRepository(db.prisma).ensureInstrument({
      exchange: 'NSE',
      symbol: 'NIFTY 50',
      kind: 'INDEX',
    });
    const bar = (openTime: string) => ({
      instrumentId,
      timeframe: '1d',
      openTime,
      closeTime: openTime,
      open: '100',
      high: '110',
      low: '90',
      close: '105.5',
      volume: 0,
    });
    await new BarsRepository(db.prisma).saveBars([
      bar('2023-01-02T03:45:00Z'),
      bar('2023-01-03T03:45:00Z'),
      bar('2026-02-09T03:45:00Z'),
    ]);
    const orders = new OrdersRepository(db.prisma);
    const leg = {
      instrument: 'X',
      exchange: 'NFO',
      side: 'BUY',
      quantity: 1,
      orderType: 'MARKET',
      product: 'MIS',
      validity: 'DAY',
      role: 'MAIN',
    } as const;
    await orders.recordOrderSubmitted({
      clientOrderId: 'old',
      strategyId: 's',
      mode: 'paper',
      broker: 'paper',
      leg,
      at: '2024-01-01T04:00:00Z',
    });
    await orders.recordOrderSubmitted({
      clientOrderId: 'new',
      strategyId: 's',
      mode: 'paper',
      broker: 'paper',
      leg,
      at: '2026-02-10T04:00:00Z',
    });
    await db.prisma.alert.create({
      data: { severity: 'INFO', code: 'old', message: 'm', raisedAt: new Date('2024-01-01T00:00:00Z') },
    });

    const archiveDir = mkdtempSync(join(tmpdir(), 'dalal-archive-'));
    const results = await runRetention(
      db.prisma,
      { barsOlderThanDays: 365, eventsOlderThanDays: 365, archiveDir },
      now,
    );
    expect(results.map((r) => [r.table, r.rows])).toEqual([
      ['bars', 2],
      ['order_events', 1],
      ['alerts', 1],
    ]);
    const barsArchive = readArchive(results[0]!.file!);
    expect(barsArchive.map((r) => r['open_time'])).toEqual([
      expect.stringMatching(/^2023-01-02/),
      expect.stringMatching(/^2023-01-03/),
    ]);
    expect(barsArchive[0]!['close']).toBe(105.5);
    expect(readArchive(results[1]!.file!)[0]).toMatchObject({
      client_order_id: 'old',
      state: 'PENDING_SUBMIT',
    });

    expect(await db.prisma.bar.count()).toBe(1);
    expect(await db.prisma.orderEvent.count()).toBe(1);
    expect(await db.prisma.alert.count()).toBe(0);
    // Outside the job the append-only guard still holds.
    await expect(db.prisma.orderEvent.deleteMany({})).rejects.toThrow(/append-only/);

    const rerun = await runRetention(
      db.prisma,
      { barsOlderThanDays: 365, eventsOlderThanDays: 365, archiveDir },
      now,
    );
    expect(rerun.map((r) => [r.rows, r.file])).toEqual([
      [0, null],
      [0, null],
      [0, null],
    ]);
  });
});

describe('retention policy from the environment', () => {
  it('defaults to two years of bars and 400 days of events under DATA_DIR/archive, and refuses nonsense', () => {
    expect(retentionPolicyFromEnv({ DATA_DIR: '/srv/dalal' })).toEqual({
      barsOlderThanDays: 730,
      eventsOlderThanDays: 400,
      archiveDir: '/srv/dalal/archive',
    });
    expect(
      retentionPolicyFromEnv({ RETENTION_BARS_DAYS: '90', RETENTION_ARCHIVE_DIR: '/mnt/cold' }),
    ).toMatchObject({
      barsOlderThanDays: 90,
      archiveDir: '/mnt/cold',
    });
    expect(() => retentionPolicyFromEnv({ RETENTION_EVENTS_DAYS: '0' })).toThrow(/RETENTION_EVENTS_DAYS/);
  });
});
