/** @jest-environment ./libs/persistence/src/testing/pglite-environment.js */
import { openDatabase } from '../database/open-database';
import {
  openTestDatabase,
  type PGliteGlobal,
  type TestDatabase,
  type TestDatabaseKind,
} from '../testing/test-database';
import { TradingStateRepository } from './trading-state.repository';

jest.mock('@electric-sql/pglite', () => (globalThis as PGliteGlobal).__dalalPGlite);

const T0 = Date.parse('2026-02-10T04:00:00Z');

describe.each<TestDatabaseKind>(['postgres', 'pglite'])('trading state repository on %s', (kind) => {
  let db: TestDatabase;
  let states: TradingStateRepository;

  beforeAll(async () => {
    db = await openTestDatabase(kind);
    states = new TradingStateRepository(db.prisma);
  }, 60_000);

  afterAll(async () => {
    await db?.drop();
  });

  it('a scope never written is ACTIVE (the default, with no row behind it)', async () => {
    expect(await states.current('never-written')).toMatchObject({
      id: null,
      scope: 'never-written',
      state: 'ACTIVE',
    });
  });

  it('engaging the kill switch records who, when and why, and it is the state in force', async () => {
    const { previous, current } = await states.change({
      scope: 'engage',
      state: 'HALTED',
      actor: 'ops@desk',
      reason: 'broker outage',
      at: T0,
    });
    expect(previous.state).toBe('ACTIVE');
    expect(current).toMatchObject({
      scope: 'engage',
      state: 'HALTED',
      actor: 'ops@desk',
      reason: 'broker outage',
      at: T0,
    });
    expect(current.id).toMatch(/^\d+$/);
    expect(await states.current('engage')).toEqual(current);
  });

  it('an automatic writer cannot lift HALTED, and its refused change leaves no row', async () => {
    await states.change({ scope: 'lift', state: 'HALTED', actor: 'ops', reason: 'kill', at: T0 });
    await expect(
      states.change({
        scope: 'lift',
        state: 'REDUCING',
        actor: 'risk-manager',
        reason: 'daily loss',
        at: T0 + 1,
      }),
    ).rejects.toMatchObject({ code: 'TRADING_STATE_REFUSED', details: { from: 'HALTED', to: 'REDUCING' } });
    await expect(
      states.change({ scope: 'lift', state: 'ACTIVE', actor: 'risk-manager', reason: 'new day', at: T0 + 2 }),
    ).rejects.toMatchObject({ code: 'TRADING_STATE_REFUSED' });
    expect((await states.current('lift')).state).toBe('HALTED');
    expect(await states.history({ scope: 'lift' })).toHaveLength(1);
  });

  it('an explicit re-arm leaves HALTED and both steps stay in the history, newest first', async () => {
    await states.change({ scope: 'rearm', state: 'HALTED', actor: 'ops', reason: 'kill', at: T0 });
    await states.change({
      scope: 'rearm',
      state: 'HALTED',
      actor: 'telegram:42',
      reason: 'pressed again',
      at: T0 + 5,
    });
    const { current } = await states.change({
      scope: 'rearm',
      state: 'ACTIVE',
      actor: 'ops',
      reason: 're-arm after review',
      at: T0 + 10,
      rearm: true,
    });
    expect(current.state).toBe('ACTIVE');
    const history = await states.history({ scope: 'rearm' });
    expect(history.map((h) => [h.state, h.actor])).toEqual([
      ['ACTIVE', 'ops'],
      ['HALTED', 'telegram:42'],
      ['HALTED', 'ops'],
    ]);
    expect((await states.history({ limit: 2 })).length).toBe(2);
  });

  it('a re-arm of an ACTIVE scope is refused', async () => {
    await expect(
      states.change({ scope: 'idle', state: 'ACTIVE', actor: 'ops', reason: 'why not', at: T0, rearm: true }),
    ).rejects.toMatchObject({
      code: 'TRADING_STATE_REFUSED',
      message: expect.stringMatching(/already ACTIVE/),
    });
  });

  it('concurrent writers: a kill switch racing the daily-loss rule always ends HALTED', async () => {
    for (let round = 0; round < 5; round++) {
      const scope = `race-${round}`;
      const results = await Promise.allSettled([
        states.change({ scope, state: 'REDUCING', actor: 'risk-manager', reason: 'daily loss', at: T0 }),
        states.change({ scope, state: 'HALTED', actor: 'ops', reason: 'kill', at: T0 }),
        states.change({ scope, state: 'REDUCING', actor: 'risk-manager', reason: 'daily loss', at: T0 }),
      ]);
      expect(results[1].status).toBe('fulfilled');
      expect((await states.current(scope)).state).toBe('HALTED');
    }
  });

  it('a strategy is governed by the strictest of its own state and the account', async () => {
    // Strategy ids distinct from the other tests; the account scope is shared, so set it explicitly here.
    await states.change({
      scope: 'strat-halted',
      state: 'HALTED',
      actor: 'ops',
      reason: 'bad fills',
      at: T0,
    });
    const accountActive = await states.current();
    expect(accountActive.state).toBe('ACTIVE');
    expect(await states.effective('strat-halted')).toMatchObject({ scope: 'strat-halted', state: 'HALTED' });
    expect((await states.effective('strat-free')).scope).toBe('ACCOUNT');

    await states.change({ state: 'HALTED', actor: 'ops', reason: 'account kill', at: T0 });
    expect(await states.effective('strat-free')).toMatchObject({
      scope: 'ACCOUNT',
      state: 'HALTED',
      reason: 'account kill',
    });
    await states.change({ state: 'ACTIVE', actor: 'ops', reason: 'rearm', at: T0 + 1, rearm: true });
    expect(await states.effective('strat-halted')).toMatchObject({ scope: 'strat-halted', state: 'HALTED' });

    // The newest row of each scope counts, not the first: a re-armed strategy is governed by the account.
    await states.change({
      scope: 'strat-halted',
      state: 'REDUCING',
      actor: 'ops',
      reason: 'ease',
      at: T0 + 2,
      rearm: true,
    });
    expect(await states.effective('strat-halted')).toMatchObject({
      scope: 'strat-halted',
      state: 'REDUCING',
      reason: 'ease',
    });
    await states.change({
      scope: 'strat-halted',
      state: 'ACTIVE',
      actor: 'ops',
      reason: 'clear',
      at: T0 + 3,
    });
    expect(await states.effective('strat-halted')).toMatchObject({
      scope: 'ACCOUNT',
      state: 'ACTIVE',
      id: expect.any(String),
    });
  });

  it('bad input is refused with the field named', async () => {
    const ok = { state: 'HALTED', actor: 'ops', reason: 'kill', at: T0 } as const;
    await expect(states.change({ ...ok, actor: '' })).rejects.toMatchObject({
      code: 'INVALID_INPUT',
      details: { field: 'actor' },
    });
    await expect(states.change({ ...ok, reason: ' ' })).rejects.toMatchObject({
      details: { field: 'reason' },
    });
    await expect(states.change({ ...ok, at: 'yesterday' })).rejects.toMatchObject({
      details: { field: 'at' },
    });
    await expect(states.change({ ...ok, scope: 'x'.repeat(65) })).rejects.toMatchObject({
      details: { field: 'scope' },
    });
    await expect(states.change({ ...ok, state: 'STOPPED' as unknown as 'HALTED' })).rejects.toMatchObject({
      details: { field: 'state' },
    });
    await expect(states.history({ limit: 0 })).rejects.toMatchObject({ details: { field: 'limit' } });
  });

  describe('re-arm', () => {
    async function openPosition(
      strategyId: string,
      instrument: string,
      netQuantity: string,
      mode: 'paper' | 'live',
    ) {
      await db.prisma.position.create({
        data: {
          mode,
          strategyId,
          exchange: 'NFO',
          instrument,
          netQuantity,
          openCost: '0',
          realizedPnl: '0',
          updatedAt: new Date(T0),
        },
      });
    }

    it('is refused while a position from before the kill is open, then goes through when forced, saying so', async () => {
      await states.change({ scope: 'strat-open', state: 'HALTED', actor: 'ops', reason: 'kill', at: T0 });
      await openPosition('strat-open', 'NIFTY26D0825000CE', '-65', 'live');
      await openPosition('strat-open', 'NIFTY26D0825000PE', '0', 'live');
      await openPosition('someone-else', 'NIFTY26D0825500CE', '65', 'live');

      await expect(
        states.rearm({ scope: 'strat-open', actor: 'ops', reason: 'back on', at: T0 + 1 }),
      ).rejects.toMatchObject({
        code: 'TRADING_STATE_REFUSED',
        message: expect.stringMatching(/1 position\(s\).*NIFTY26D0825000CE -65/),
        details: { openPositions: 1 },
      });
      expect((await states.current('strat-open')).state).toBe('HALTED');

      const forced = await states.rearm({
        scope: 'strat-open',
        actor: 'ops',
        reason: 'back on',
        at: T0 + 2,
        force: true,
      });
      expect(forced.current).toMatchObject({
        state: 'ACTIVE',
        actor: 'ops',
        reason: 'back on (forced with 1 open position(s))',
      });
      expect(forced.openPositions.map((p) => [p.instrument, p.netQuantity.toString()])).toEqual([
        ['NIFTY26D0825000CE', '-65'],
      ]);
    });

    it('counts every strategy for the account, and only the given mode when asked', async () => {
      await states.change({ scope: 'ACCOUNT', state: 'HALTED', actor: 'ops', reason: 'kill', at: T0 });
      await openPosition('paper-only', 'NIFTY26D0826000CE', '130', 'paper');
      const liveOnly = states.rearm({ actor: 'ops', reason: 'live flat', at: T0 + 1, mode: 'live' });
      // 'strat-open' and 'someone-else' hold live positions from the test above.
      await expect(liveOnly).rejects.toMatchObject({ details: { openPositions: 2 } });
      await expect(states.rearm({ actor: 'ops', reason: 'all', at: T0 + 1 })).rejects.toMatchObject({
        details: { openPositions: 3 },
      });
      const { current } = await states.rearm({
        actor: 'ops',
        reason: 'all',
        at: T0 + 2,
        force: true,
        to: 'REDUCING',
      });
      expect(current.state).toBe('REDUCING');
    });

    it('on a flat book re-arms with the reason as given; twice is refused (already ACTIVE)', async () => {
      await states.change({ scope: 'strat-flat', state: 'HALTED', actor: 'ops', reason: 'kill', at: T0 });
      const { previous, current } = await states.rearm({
        scope: 'strat-flat',
        actor: 'cli:ops',
        reason: 'checked',
        at: T0 + 1,
      });
      expect(previous.state).toBe('HALTED');
      expect(current).toMatchObject({ state: 'ACTIVE', actor: 'cli:ops', reason: 'checked' });
      await expect(
        states.rearm({ scope: 'strat-flat', actor: 'cli:ops', reason: 'again', at: T0 + 2 }),
      ).rejects.toMatchObject({
        code: 'TRADING_STATE_REFUSED',
        message: expect.stringMatching(/already ACTIVE/),
      });
    });
  });

  it('the history is append-only in the database itself', async () => {
    await states.change({ scope: 'frozen', state: 'HALTED', actor: 'ops', reason: 'kill', at: T0 });
    await expect(
      db.prisma.$executeRawUnsafe(`UPDATE trading_state_changes SET state = 'ACTIVE'`),
    ).rejects.toThrow(/append-only/);
    await expect(db.prisma.$executeRawUnsafe(`DELETE FROM trading_state_changes`)).rejects.toThrow(
      /append-only/,
    );
  });

  if (kind === 'postgres') {
    it('a new process (a fresh connection) reads the state back', async () => {
      await states.change({
        scope: 'restart',
        state: 'HALTED',
        actor: 'ops',
        reason: 'before restart',
        at: T0,
      });
      const other = await openDatabase({ kind: 'postgres', url: db.url! });
      try {
        expect(await new TradingStateRepository(other).current('restart')).toMatchObject({
          state: 'HALTED',
          reason: 'before restart',
        });
      } finally {
        await other.close();
      }
    });
  }
});
