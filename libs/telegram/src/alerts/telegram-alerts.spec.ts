import { RedisStreamStore } from '@dalal/bus';
import {
  ALERT,
  alertsStream,
  createEnvelope,
  deadLetterStream,
  FILL,
  fillsStream,
  type Alert,
  type Fill,
} from '@dalal/contracts';
import { FakeBotApiServer, telegramVisibleText, type FakeTelegramUser } from '@dalal/fakes';
import { fromIst } from '@dalal/market';
import {
  AlertsAuditRepository,
  DecisionsRepository,
  OrdersRepository,
  type PrismaService,
} from '@dalal/persistence';
import { RedisServerProcess, waitFor } from '@dalal/testing';
import Redis from 'ioredis';

import { TelegramBot } from '../bot/telegram-bot';
import { openPostgresTestDatabase } from '../testing/postgres-test-database';
import { RepositoryTradingDesk } from '../testing/repository-trading-desk';

const OWNER: FakeTelegramUser = { id: 111_111_111, is_bot: false, first_name: 'Asha' };
const PARTNER: FakeTelegramUser = { id: 222_222_222, is_bot: false, first_name: 'Ravi' };
const CE = 'NIFTY26D0825000CE';
const TODAY = '2026-12-02';

const alert = (n: number): Alert => ({
  severity: 'WARNING',
  code: 'feed_stale',
  message: `alert number ${n}`,
  details: { n },
});

describe('alerts and fills pushed to Telegram from the bus', () => {
  const redis = new RedisServerProcess(41_000 + Math.floor(Math.random() * 2000));
  let publisher: RedisStreamStore;
  /** A plain client for XPENDING: what the feed has taken and not yet acked. */
  let inspector: Redis;
  let db: { prisma: PrismaService; drop: () => Promise<void> };
  let fake: FakeBotApiServer;
  let apiRoot: string;
  const clock = { now: () => fromIst(TODAY, '10:20') };
  const errors: Array<{ message: string; details?: Record<string, unknown> }> = [];
  const logger = {
    info: () => undefined,
    warn: () => undefined,
    error: (message: string, details?: Record<string, unknown>) => void errors.push({ message, details }),
  };
  const running: TelegramBot[] = [];

  async function startBot(
    allowedUserIds: number[],
    feed: { claimIdleMs?: number } = {},
  ): Promise<{ bot: TelegramBot; store: RedisStreamStore }> {
    const store = new RedisStreamStore(redis.url);
    const bot = new TelegramBot({
      settings: { token: fake.token, apiRoot, allowedUserIds, commandsPerMinute: 20 },
      desk: new RepositoryTradingDesk({ prisma: db.prisma, clock }),
      audit: new AlertsAuditRepository(db.prisma),
      clock,
      logger,
      botInfo: fake.me,
      store,
      pollTimeoutSeconds: 1,
      outbox: { minIntervalMs: 5 },
      feed: { blockMs: 200, ...feed },
    });
    await bot.start();
    running.push(bot);
    return { bot, store };
  }

  async function stopBot(handle: { bot: TelegramBot; store: RedisStreamStore }): Promise<void> {
    await handle.bot.stop();
    await handle.store.close();
    running.splice(running.indexOf(handle.bot), 1);
  }

  const publish = (stream: string, envelope: unknown) => publisher.append(stream, JSON.stringify(envelope));
  const publishAlert = (a: Alert) => publish(alertsStream(), createEnvelope(ALERT, a, { source: 'spec' }));
  const shownTo = (user: FakeTelegramUser) => fake.sentTo(user.id).map((m) => telegramVisibleText(m.text));
  const pendingFor = async (stream: string) => {
    const reply = (await inspector.xpending(stream, 'telegram')) as [number, ...unknown[]];
    return reply[0];
  };

  beforeAll(async () => {
    await redis.start();
    publisher = new RedisStreamStore(redis.url);
    inspector = new Redis(redis.url);
    db = await openPostgresTestDatabase();
    fake = new FakeBotApiServer();
    apiRoot = await fake.start();
  }, 60_000);

  beforeEach(() => {
    fake.sent.length = 0;
    fake.calls.length = 0;
    errors.length = 0;
  });

  afterEach(async () => {
    for (const bot of [...running]) await bot.stop();
    running.length = 0;
  });

  afterAll(async () => {
    await fake?.stop();
    await publisher?.close();
    await db?.drop();
    await inspector?.quit();
    await redis.kill();
  });

  it('a bus alert reaches every allowed user, formatted, and is acked only once sent', async () => {
    const handle = await startBot([OWNER.id, PARTNER.id]);
    await publishAlert({
      severity: 'CRITICAL',
      code: 'reconciliation_mismatch',
      message: 'positions differ from kite: NIFTY26D0825000CE: ours 65, broker 0',
      details: { mismatches: 1, orders: 0 },
    });
    await waitFor(() => fake.sentTo(PARTNER.id).length === 1, 'the alert at both users');
    const expected =
      '🚨 Reconciliation mismatch · 10:20:00 IST\npositions differ from kite: NIFTY26D0825000CE: ours 65, broker 0\nmismatches: 1\norders: 0';
    expect(shownTo(OWNER)[0]!.replace(/ · \d\d:\d\d:\d\d IST/, ' · 10:20:00 IST')).toBe(expected);
    expect(fake.sentTo(OWNER.id)[0]!.parse_mode).toBe('HTML');
    await waitFor(async () => (await pendingFor(alertsStream())) === 0, 'the ack');
    await stopBot(handle);
  });

  it('a fill becomes a trade alert with the rule and indicators the strategy recorded', async () => {
    const decisions = new DecisionsRepository(db.prisma);
    await decisions.recordIntent({
      intentId: 'intent-fill',
      strategyId: 'ema-mean-reversion',
      mode: 'paper',
      action: 'ENTER',
      legs: [
        {
          instrument: CE,
          exchange: 'NFO',
          side: 'BUY',
          quantity: 65,
          orderType: 'LIMIT',
          product: 'NRML',
          validity: 'DAY',
          price: '120.50',
          role: 'MAIN',
        },
      ],
      reason: 'ce_entry',
      indicators: { ema10: 24_498.2, rsi: 61.4 },
      barTime: fromIst(TODAY, '10:12').toISOString(),
    });
    await new OrdersRepository(db.prisma).recordOrderSubmitted({
      clientOrderId: 'coid-fill',
      intentId: 'intent-fill',
      strategyId: 'ema-mean-reversion',
      mode: 'paper',
      broker: 'paper',
      leg: {
        instrument: CE,
        exchange: 'NFO',
        side: 'BUY',
        quantity: 65,
        orderType: 'LIMIT',
        product: 'NRML',
        validity: 'DAY',
        price: '120.50',
        role: 'MAIN',
      },
      at: fromIst(TODAY, '10:12:02'),
    });
    const handle = await startBot([OWNER.id]);
    const fill: Fill = {
      fillId: 'fill-1',
      clientOrderId: 'coid-fill',
      strategyId: 'ema-mean-reversion',
      instrument: CE,
      exchange: 'NFO',
      side: 'BUY',
      quantity: 65,
      price: '120.50',
      charges: '21.40',
      filledAt: fromIst(TODAY, '10:12:03').toISOString(),
    };
    await publish(fillsStream(), createEnvelope(FILL, fill, { source: 'spec' }));
    await waitFor(() => fake.sentTo(OWNER.id).length === 1, 'the trade alert');
    expect(shownTo(OWNER)[0]).toBe(
      [
        '🟢 Trade entered',
        'NIFTY 25000 CE · 8 Dec 2026 expiry',
        'BUY 65 @ ₹120.50 · 10:12:03 IST',
        `${CE} NFO · ema-mean-reversion`,
        'Rule: ce_entry',
        'ema10 24,498.2 · rsi 61.4',
        'Charges: ₹21.40',
      ].join('\n'),
    );
    // A clean stop lets the request Telegram already answered finish, so nothing is sent twice.
    await stopBot(handle);
    expect(await pendingFor(fillsStream())).toBe(0);
  });

  it('a burst of 20 alerts through a run of 429s: every alert arrives once, in order, after each retry_after', async () => {
    fake.failNext(6, {
      method: 'sendMessage',
      errorCode: 429,
      description: 'Too Many Requests: retry after 1',
      retryAfter: 1,
    });
    const handle = await startBot([OWNER.id, PARTNER.id]);
    for (let n = 1; n <= 20; n++) await publishAlert(alert(n));
    await waitFor(() => fake.sentTo(PARTNER.id).length === 20, 'all 20 alerts at both users', 30_000);

    const numbers = (user: FakeTelegramUser) =>
      shownTo(user).map((t) => Number(/alert number (\d+)/.exec(t)?.[1]));
    const oneToTwenty = Array.from({ length: 20 }, (_, i) => i + 1);
    expect(numbers(OWNER)).toEqual(oneToTwenty);
    expect(numbers(PARTNER)).toEqual(oneToTwenty);

    const sends = fake.calls.filter((c) => c.method === 'sendMessage');
    expect(sends.filter((c) => c.status === 429)).toHaveLength(6);
    sends.forEach((call, i) => {
      const next = sends[i + 1];
      if (call.status === 429 && next) expect(next.at - call.at).toBeGreaterThanOrEqual(990);
    });
    await waitFor(async () => (await pendingFor(alertsStream())) === 0, 'every alert acked');
    await stopBot(handle);
  }, 40_000);

  it('an alert Telegram has not taken when the gateway stops waits in Redis and goes out after the restart', async () => {
    fake.failNext(1, {
      method: 'sendMessage',
      errorCode: 429,
      description: 'Too Many Requests',
      retryAfter: 30,
    });
    const first = await startBot([OWNER.id], { claimIdleMs: 300 });
    await publishAlert(alert(101));
    await waitFor(() => fake.calls.some((c) => c.status === 429), 'the 429');
    const stopping = Date.now();
    await stopBot(first);
    expect(Date.now() - stopping).toBeLessThan(5000);
    expect(fake.sentTo(OWNER.id)).toHaveLength(0);
    expect(await pendingFor(alertsStream())).toBe(1);

    const second = await startBot([OWNER.id], { claimIdleMs: 300 });
    await waitFor(() => fake.sentTo(OWNER.id).length === 1, 'the alert after the restart', 10_000);
    expect(shownTo(OWNER)[0]).toContain('alert number 101');
    await waitFor(async () => (await pendingFor(alertsStream())) === 0, 'the ack after the restart');
    await stopBot(second);
  }, 30_000);

  it('a user who blocked the bot does not hold up the others, and is logged as undeliverable', async () => {
    fake.blockedChats.add(PARTNER.id);
    const handle = await startBot([PARTNER.id, OWNER.id]);
    await publishAlert(alert(201));
    await publishAlert(alert(202));
    await waitFor(() => fake.sentTo(OWNER.id).length === 2, 'both alerts at the owner');
    expect(errors.filter((e) => e.message === 'telegram chat cannot receive alerts')).toHaveLength(2);
    expect(errors[0]!.details).toMatchObject({
      chatId: PARTNER.id,
      reason: 'Forbidden: bot was blocked by the user',
    });
    fake.blockedChats.delete(PARTNER.id);
    await stopBot(handle);
  });

  it('a malformed message is dead-lettered with its reason and the next alert still goes out', async () => {
    const handle = await startBot([OWNER.id]);
    await publisher.append(alertsStream(), '{"not":"an envelope"}');
    await publishAlert(alert(301));
    await waitFor(() => fake.sentTo(OWNER.id).length === 1, 'the valid alert');
    const letters = await publisher.range(deadLetterStream(alertsStream()));
    expect(JSON.parse(letters.at(-1)!.data!)).toMatchObject({ group: 'telegram', reason: 'invalid' });
    await stopBot(handle);
  });
});
