import { randomBytes } from 'node:crypto';

import { Client } from 'pg';

import { type Alert } from '@dalal/contracts';
import { FakeKiteServer, kiteFixtureText } from '@dalal/fakes';
import { fromIst } from '@dalal/market';
import { InstrumentsRepository, openDatabase, type PrismaService } from '@dalal/persistence';

import { InstrumentMaster, KiteInstrumentsDownload, indexUnderlying } from './instrument-master';
import { InstrumentMasterJob } from './instrument-master-job';

const POSTGRES = process.env['TEST_DATABASE_URL'] ?? 'postgres://postgres@127.0.0.1:5432/test';

async function admin(sql: string): Promise<void> {
  const client = new Client({ connectionString: POSTGRES });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

const HEADER = kiteFixtureText('instruments_all.csv').split('\n')[0]!;

describe('instrument master', () => {
  const dbName = `dalal_md_instr_${randomBytes(5).toString('hex')}`;
  let prisma: PrismaService;
  let kite: FakeKiteServer;
  const alerts: Alert[] = [];
  let now = fromIst('2017-11-20', '08:45');

  beforeAll(async () => {
    await admin(`CREATE DATABASE ${dbName}`);
    const url = new URL(POSTGRES);
    url.pathname = `/${dbName}`;
    prisma = await openDatabase({ kind: 'postgres', url: url.toString() });
    kite = new FakeKiteServer();
    await kite.start();
  });

  afterAll(async () => {
    await kite?.stop();
    await prisma?.close();
    await admin(`DROP DATABASE IF EXISTS ${dbName} WITH (FORCE)`);
  });

  const master = () =>
    new InstrumentMaster({
      prisma,
      source: new KiteInstrumentsDownload({
        apiKey: kite.apiKey,
        root: kite.url,
        accessToken: async () => kite.accessToken,
      }),
      now: () => now,
      alert: async (alert) => void alerts.push(alert),
    });

  const counts = async () => ({
    instruments: await prisma.instrument.count(),
    specs: await prisma.instrumentSpec.count(),
  });

  it('names the index of a row by its name, or by the tradingsymbol root when the name is empty', () => {
    const row = (tradingsymbol: string, name = '') =>
      ({ tradingsymbol, name }) as Parameters<typeof indexUnderlying>[0];
    expect(indexUnderlying(row('BANKNIFTY18JAN23500CE'))).toBe('BANKNIFTY');
    expect(indexUnderlying(row('NIFTY25DECFUT'))).toBe('NIFTY');
    expect(indexUnderlying(row('NIFTYNXT5025DEC70000CE'))).toBe('NIFTYNXT50');
    expect(indexUnderlying(row('SENSEX25D1185000CE', 'SENSEX'))).toBe('SENSEX');
    expect(indexUnderlying(row('INDIACEM17DEC220PE'))).toBeNull();
    expect(indexUnderlying(row('NIFTYBEES', ''))).toBeNull();
    expect(indexUnderlying(row('RELIANCE25DECFUT', 'RELIANCE'))).toBeNull();
  });

  it('loads the index options of the fake Kite dump with their lot, tick, expiry and strike', async () => {
    const report = await master().load();
    expect(report).toMatchObject({ ok: true, date: '2017-11-20', downloaded: 99, selected: 12, created: 12 });
    expect(report.specsRecorded).toBe(12);
    // Stock options (ADANIPORTS, INDIACEM, INDIANB) and cash rows are not index derivatives.
    expect(await counts()).toEqual({ instruments: 12, specs: 12 });

    const row = await prisma.instrument.findUniqueOrThrow({
      where: { exchange_symbol: { exchange: 'NFO', symbol: 'BANKNIFTY18JAN23500CE' } },
    });
    expect(row).toMatchObject({
      kind: 'INDEX_OPTION',
      underlying: 'BANKNIFTY',
      optionType: 'CE',
      brokerTokens: { kite: '12073986' },
    });
    expect(row.expiry?.toISOString().slice(0, 10)).toBe('2018-01-25');
    expect(row.strike?.toString()).toBe('23500');
    const spec = await new InstrumentsRepository(prisma).specOn(row.id, '2017-11-20');
    expect(spec?.effectiveFrom).toBe('2017-11-20');
    expect(spec?.lotSize.toString()).toBe('40');
    expect(spec?.tickSize.toString()).toBe('0.05');
    expect(alerts).toEqual([]);
  });

  it('a second run (next day, same dump) adds nothing', async () => {
    now = fromIst('2017-11-21', '08:45');
    const report = await master().load();
    expect(report).toMatchObject({ ok: true, selected: 12, created: 0, updated: 0, specsRecorded: 0 });
    expect(await counts()).toEqual({ instruments: 12, specs: 12 });
  });

  it('a failed download raises an alert and keeps yesterday’s rows', async () => {
    now = fromIst('2017-11-22', '08:45');
    kite.failNext(1, 503, 'NetworkException', 'Kite is down', '/instruments');
    const loader = master();
    const report = await loader.load();
    expect(report.ok).toBe(false);
    expect(alerts).toHaveLength(1);
    expect(alerts[0]).toMatchObject({ severity: 'CRITICAL', code: 'instruments_load_failed' });
    expect(alerts[0]!.message).toMatch(/503/);
    expect(await counts()).toEqual({ instruments: 12, specs: 12 });
    // The option chain still finds yesterday's contracts (from the table, tokens included).
    const chain = await loader.chainInstruments('BANKNIFTY', '2017-11-22');
    expect(chain).toHaveLength(12);
    expect(chain.find((r) => r.tradingsymbol === 'BANKNIFTY18JAN23500CE')).toMatchObject({
      instrumentToken: 12073986,
      expiry: '2018-01-25',
      strike: '23500',
      instrumentType: 'CE',
      name: 'BANKNIFTY',
    });
    alerts.length = 0;
  });

  it('stores futures and BFO options, dates a changed lot size, and fills in rows first seen on the feed', async () => {
    now = fromIst('2025-12-01', '08:45');
    const repo = new InstrumentsRepository(prisma);
    // A bar for this contract arrived before the master knew it: no token, no contract fields.
    const seenId = await repo.ensureInstrument({
      exchange: 'NFO',
      symbol: 'NIFTY25DECFUT',
      kind: 'INDEX_FUTURE',
    });
    const dump = (lot: number) =>
      [
        HEADER,
        `13238786,51714,NIFTY25DECFUT,NIFTY,26000.5,2025-12-30,0,0.1,${lot},FUT,NFO-FUT,NFO`,
        `283396357,1107017,SENSEX25D0485000CE,SENSEX,310.2,2025-12-04,85000,0.05,20,CE,BFO-OPT,BFO`,
        `12345,678,RELIANCE25DECFUT,RELIANCE,1500,2025-12-30,0,0.1,500,FUT,NFO-FUT,NFO`,
        `256265,1001,NIFTY 50,NIFTY 50,26000,,0,0,0,EQ,INDICES,NSE`,
      ].join('\n');
    let lot = 75;
    const loader = new InstrumentMaster({
      prisma,
      source: { download: async () => dump(lot) },
      now: () => now,
      alert: async (alert) => void alerts.push(alert),
    });
    expect(await loader.load()).toMatchObject({
      ok: true,
      selected: 2,
      created: 1,
      updated: 1,
      specsRecorded: 2,
    });
    const fut = await prisma.instrument.findUniqueOrThrow({ where: { id: seenId } });
    expect(fut).toMatchObject({ underlying: 'NIFTY', strike: null, brokerTokens: { kite: '13238786' } });
    expect(fut.expiry?.toISOString().slice(0, 10)).toBe('2025-12-30');
    const sensex = await prisma.instrument.findUniqueOrThrow({
      where: { exchange_symbol: { exchange: 'BFO', symbol: 'SENSEX25D0485000CE' } },
    });
    expect(sensex).toMatchObject({ kind: 'INDEX_OPTION', underlying: 'SENSEX', optionType: 'CE' });
    expect((await repo.specOn(sensex.id, '2025-12-01'))?.lotSize.toString()).toBe('20');

    // The exchange revises the lot: the new value is dated, the old one stays for earlier days.
    now = fromIst('2025-12-02', '08:45');
    lot = 65;
    expect(await loader.load()).toMatchObject({ ok: true, created: 0, updated: 0, specsRecorded: 1 });
    expect((await repo.specOn(seenId, '2025-12-01'))?.lotSize.toString()).toBe('75');
    expect((await repo.specOn(seenId, '2025-12-02'))?.lotSize.toString()).toBe('65');
    expect(await loader.load()).toMatchObject({ ok: true, created: 0, updated: 0, specsRecorded: 0 });
    expect(alerts).toEqual([]);
  });
});

describe('instrument master job', () => {
  function job(start: string) {
    let now = fromIst('2025-12-01', start);
    const loads: string[] = [];
    let fail = false;
    const master = {
      load: async () => {
        loads.push(now.toISOString());
        return { ok: !fail, date: '', downloaded: 0, selected: 0, created: 0, updated: 0, specsRecorded: 0 };
      },
    } as unknown as InstrumentMaster;
    const j = new InstrumentMasterJob(master, {
      loadAt: '08:45',
      timerMs: 1_000,
      retryMs: 600_000,
      now: () => now,
    });
    return {
      job: j,
      loads,
      at: (date: string, time: string) => (now = fromIst(date, time)),
      failing: (f: boolean) => (fail = f),
    };
  }

  it('loads at start-up, again at 08:45 when started earlier, then once a day', async () => {
    const t = job('07:00');
    await t.job.onModuleInit();
    t.job.onApplicationShutdown();
    expect(t.loads).toHaveLength(1);
    t.at('2025-12-01', '08:44');
    expect(await t.job.tick()).toBeNull();
    t.at('2025-12-01', '08:45');
    expect(await t.job.tick()).toMatchObject({ ok: true });
    t.at('2025-12-01', '15:00');
    expect(await t.job.tick()).toBeNull();
    t.at('2025-12-02', '08:45:01');
    expect(await t.job.tick()).toMatchObject({ ok: true });
    expect(t.loads).toHaveLength(3);
  });

  it('a start-up after 08:45 counts as the day’s load; a failed load is retried after the retry delay', async () => {
    const t = job('10:00');
    await t.job.onModuleInit();
    t.job.onApplicationShutdown();
    t.at('2025-12-01', '11:00');
    expect(await t.job.tick()).toBeNull();
    t.failing(true);
    t.at('2025-12-02', '08:45');
    expect(await t.job.tick()).toMatchObject({ ok: false });
    t.at('2025-12-02', '08:50');
    expect(await t.job.tick()).toBeNull();
    t.failing(false);
    t.at('2025-12-02', '08:55');
    expect(await t.job.tick()).toMatchObject({ ok: true });
    expect(t.loads).toHaveLength(3);
  });
});
