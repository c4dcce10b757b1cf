import { randomBytes } from 'node:crypto';

import { Client } from 'pg';

import { RedisStreamStore } from '@dalal/bus';
import { controlStream } from '@dalal/contracts';
import { fixedClock, fromIst } from '@dalal/market';
import { openDatabase, type PrismaService, TradingStateRepository } from '@dalal/persistence';
import { RedisServerProcess } from '@dalal/testing';

import { runCliAsync } from '../cli';

const context = { clock: fixedClock(fromIst('2026-03-25', '10:00')) };
const POSTGRES = process.env['TEST_DATABASE_URL'] ?? 'postgres://postgres@127.0.0.1:5432/test';

async function admin(sql: string): Promise<void> {
  const client = new Client({ connectionString: POSTGRES });
  await client.connect();
  await client.query(sql).finally(() => client.end());
}

describe('dalal kill-switch and dalal rearm on Postgres and Redis', () => {
  const redis = new RedisServerProcess(19_400 + Math.floor(Math.random() * 500));
  const dbName = `dalal_cli_kill_${randomBytes(6).toString('hex')}`;
  let database: { url: string };
  let prisma: PrismaService;
  let bus: RedisStreamStore;
  let env: NodeJS.ProcessEnv;
  const run = (...argv: string[]) => runCliAsync(argv, context, env);

  beforeAll(async () => {
    await redis.start();
    await admin(`CREATE DATABASE ${dbName}`);
    const url = new URL(POSTGRES);
    url.pathname = `/${dbName}`;
    database = { url: url.toString() };
    prisma = await openDatabase({ kind: 'postgres', url: database.url });
    bus = new RedisStreamStore(redis.url);
    env = { DATABASE_URL: database.url, REDIS_URL: redis.url, USER: 'asha' };
  }, 60_000);

  afterAll(async () => {
    await bus.close();
    await prisma.close();
    await admin(`DROP DATABASE IF EXISTS ${dbName} WITH (FORCE)`);
    await redis.kill();
  });

  const controlCommands = async () =>
    (await bus.range(controlStream())).map((e) => (JSON.parse(e.data!) as { payload: unknown }).payload);

  it('refuses to engage without a reason, naming the flag (exit 2, nothing written or sent)', async () => {
    const result = await run('kill-switch');
    expect(result.exitCode).toBe(2);
    expect(result.stderr).toMatch(/--reason is required/);
    expect((await new TradingStateRepository(prisma).current()).state).toBe('ACTIVE');
    expect(await controlCommands()).toEqual([]);
  });

  it('engages: HALTED written with who, when and why, audited, then KILL_SWITCH published', async () => {
    const result = await run('kill-switch', '--reason', 'broker outage', '--json');
    expect(result.exitCode).toBe(0);
    const out = JSON.parse(result.stdout) as { current: { state: string; actor: string; at: number } };
    expect(out.current).toMatchObject({ state: 'HALTED', actor: 'cli:asha' });
    expect(out.current.at).toBe(fromIst('2026-03-25', '10:00').getTime());
    expect(await new TradingStateRepository(prisma).current()).toMatchObject({
      state: 'HALTED',
      reason: 'broker outage',
    });
    expect(await prisma.auditLog.findMany({ where: { action: 'kill_switch.engage' } })).toMatchObject([
      { actor: 'cli:asha', target: 'ACCOUNT' },
    ]);
    expect(await controlCommands()).toEqual([
      { command: 'KILL_SWITCH', issuedBy: 'cli:asha', reason: 'broker outage' },
    ]);
  });

  it('re-arm is refused while a position from before the kill is open, and goes through with --force', async () => {
    await prisma.position.create({
      data: {
        mode: 'live',
        strategyId: 'ema-mean-reversion',
        exchange: 'NFO',
        instrument: 'NIFTY26D0825000CE',
        netQuantity: '65',
        openCost: '6500',
        realizedPnl: '0',
        updatedAt: new Date(),
      },
    });
    const refused = await run('rearm', '--reason', 'outage over');
    expect(refused.exitCode).toBe(1);
    expect(refused.stderr).toBe(
      'refused: 1 position(s) from before the kill switch are still open (NIFTY26D0825000CE +65): flatten them or re-arm with force\n',
    );
    expect((await new TradingStateRepository(prisma).current()).state).toBe('HALTED');

    const forced = await run('rearm', '--reason', 'outage over', '--force', '--actor', 'ops-lead');
    expect(forced.exitCode).toBe(0);
    expect(forced.stdout).toBe(
      'ACTIVE ACCOUNT (was HALTED) by ops-lead: outage over (forced with 1 open position(s))\n',
    );
    expect(await prisma.auditLog.findMany({ where: { action: 'kill_switch.rearm' } })).toMatchObject([
      { actor: 'ops-lead', details: { force: true, openPositions: 1 } },
    ]);
    expect((await controlCommands()).at(-1)).toEqual({ command: 'REARM', issuedBy: 'ops-lead' });
  });

  it('prints the state in force and its history', async () => {
    const result = await run('kill-switch', '--status');
    expect(result.exitCode).toBe(0);
    expect(result.stdout.split('\n').slice(0, 4)).toEqual([
      'state in force: 2026-03-25T04:30:00.000Z  ACCOUNT  ACTIVE    ops-lead: outage over (forced with 1 open position(s))',
      'recent changes:',
      '2026-03-25T04:30:00.000Z  ACCOUNT  ACTIVE    ops-lead: outage over (forced with 1 open position(s))',
      '2026-03-25T04:30:00.000Z  ACCOUNT  HALTED    cli:asha: broker outage',
    ]);
  });

  it('says which address is missing instead of guessing one', async () => {
    const result = await runCliAsync(['kill-switch', '--reason', 'x'], context, {
      DATABASE_URL: database.url,
    });
    expect(result.exitCode).toBe(2);
    expect(result.stderr).toMatch(/REDIS_URL must be set/);
  });
});
