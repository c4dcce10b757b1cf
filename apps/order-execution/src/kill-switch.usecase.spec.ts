import { CONTROL_COMMAND, type ControlCommand, type Envelope } from '@dalal/contracts';
import { FakeKiteServer } from '@dalal/fakes';
import { type PrismaService } from '@dalal/persistence';

import { KillSwitch } from './kill-switch.usecase';
import { executionAgainstFakeKite, freshDatabase, request } from './testing/execution-harness';

const CE = 'NIFTY26D0825000CE';

function control(id: string, payload: ControlCommand, ts: Date): Envelope<'control.command'> {
  return {
    id,
    type: CONTROL_COMMAND,
    v: 1,
    ts: ts.toISOString(),
    correlationId: id,
    source: 'test',
    payload,
  };
}

describe('the kill switch use case, on Postgres against the fake Kite server', () => {
  let database: { prisma: PrismaService; drop: () => Promise<void> };
  let fake: FakeKiteServer;
  let world: Awaited<ReturnType<typeof executionAgainstFakeKite>>;
  let killSwitch: KillSwitch;

  beforeEach(async () => {
    database = await freshDatabase();
    fake = new FakeKiteServer();
    await fake.start();
    fake.setPrice('NFO', CE, 100);
    world = await executionAgainstFakeKite(database.prisma, fake);
    killSwitch = new KillSwitch(world.executor, world.gate, world.states, world.events);
  });

  afterEach(async () => {
    await fake.stop();
    await database.drop();
  });

  const resting = (clientOrderId: string) =>
    request({
      intentId: clientOrderId,
      legs: [{ clientOrderId, leg: { ...request().legs[0]!.leg, quantity: 65, price: '90.00' } }],
    });

  it('a command nobody persisted is persisted; the same command from both consumers flattens once', async () => {
    await world.executor.submit(resting('REST'));
    const kill = control(
      'm-1',
      { command: 'KILL_SWITCH', issuedBy: 'script', reason: 'no db write' },
      new Date(),
    );

    await Promise.all([killSwitch.engage(kill), killSwitch.engage(kill)]);

    expect(await world.states.history()).toMatchObject([
      { state: 'HALTED', actor: 'script', reason: 'no db write' },
    ]);
    expect(fake.requests.filter((r) => r.method === 'DELETE')).toHaveLength(1);
    expect((await world.repository.findOrder('REST'))!.state).toBe('CANCELLED');
  });

  it('a kill switch superseded by a later re-arm (a replay) neither halts nor flattens', async () => {
    const t0 = Date.now() - 60_000;
    await world.states.change({ state: 'HALTED', actor: 'ops', reason: 'old kill', at: t0 });
    await world.states.rearm({ actor: 'ops', reason: 'all clear', at: t0 + 10_000 });
    await world.executor.submit(resting('REST'));

    await killSwitch.engage(
      control('m-old', { command: 'KILL_SWITCH', issuedBy: 'ops', reason: 'old kill' }, new Date(t0 + 1)),
    );

    expect((await world.states.current()).state).toBe('ACTIVE');
    expect(fake.requests.filter((r) => r.method === 'DELETE')).toHaveLength(0);
    await world.executor.submit(resting('AFTER'));
    expect(fake.ordersTagged('AFTER')).toHaveLength(1);
  });

  it('a kill switch while already HALTED (a redelivery after a crash mid-flatten) flattens again', async () => {
    await world.executor.submit(resting('REST'));
    // Persisted before the crash; the restarted process has no local halt and the order is still open.
    await world.states.change({ state: 'HALTED', actor: 'ops', reason: 'first', at: new Date() });

    await killSwitch.engage(
      control('m-2', { command: 'KILL_SWITCH', issuedBy: 'ops', reason: 'first' }, new Date()),
    );

    expect(world.gate.haltedLocally).toBe(true);
    expect((await world.repository.findOrder('REST'))!.state).toBe('CANCELLED');
    expect(await world.states.history()).toHaveLength(1); // no second row for the same halt
  });

  it('REARM on the bus lifts the local halt only', async () => {
    await killSwitch.engage(
      control('m-3', { command: 'KILL_SWITCH', issuedBy: 'ops', reason: 'x' }, new Date()),
    );
    await killSwitch.rearmed(control('m-4', { command: 'REARM', issuedBy: 'someone' }, new Date()));
    expect(world.gate.haltedLocally).toBe(false);
    await world.executor.submit(resting('STILL'));
    expect((await world.repository.findOrder('STILL'))!.state).toBe('REJECTED');
    expect(fake.ordersTagged('STILL')).toHaveLength(0);
  });
});
