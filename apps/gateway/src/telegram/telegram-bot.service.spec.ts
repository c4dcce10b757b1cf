import {
  ALERT,
  alertsStream,
  controlStream,
  createEnvelope,
  intentsStream,
  type ControlCommand,
  type StrategyIntent,
} from '@dalal/contracts';
import {
  FakeBotApiServer,
  telegramVisibleText,
  type FakeSentMessage,
  type FakeTelegramUser,
} from '@dalal/fakes';
import { waitFor } from '@dalal/testing';

import { startGateway, type GatewayHarness } from '../testing/gateway-harness';
import { seedBook, type SeededBook } from '../testing/seed-book';
import { TelegramBotService } from './telegram-bot.service';

const OWNER: FakeTelegramUser = {
  id: 424_242_424,
  is_bot: false,
  first_name: 'Asha',
  username: 'asha_trades',
};

describe('the Telegram bot inside the gateway process', () => {
  let fake: FakeBotApiServer;
  let gw: GatewayHarness;
  let book: SeededBook;
  const saved = { ...process.env };

  beforeAll(async () => {
    fake = new FakeBotApiServer();
    const apiRoot = await fake.start();
    process.env['TELEGRAM_BOT_TOKEN'] = fake.token;
    process.env['TELEGRAM_ALLOWED_USER_IDS'] = String(OWNER.id);
    process.env['TELEGRAM_API_ROOT'] = apiRoot;
    gw = await startGateway({ env: { KITE_API_KEY: 'kite_app_key', KITE_API_SECRET: 'kite_app_secret' } });
    book = await seedBook(gw.prisma);
    // The bot starts in the background; deleteWebhook is the last call before its first long poll.
    await waitFor(() => fake.calls.some((c) => c.method === 'deleteWebhook'), 'the bot to poll', 15_000);
  }, 90_000);

  afterAll(async () => {
    await gw?.close();
    await fake?.stop();
    for (const key of ['TELEGRAM_BOT_TOKEN', 'TELEGRAM_ALLOWED_USER_IDS', 'TELEGRAM_API_ROOT'])
      if (saved[key] === undefined) delete process.env[key];
      else process.env[key] = saved[key];
  });

  async function askRaw(text: string): Promise<FakeSentMessage> {
    const before = fake.sentTo(OWNER.id).length;
    fake.userSends(OWNER, text);
    await waitFor(() => fake.sentTo(OWNER.id).length > before, `an answer to ${text}`, 10_000);
    return fake.sentTo(OWNER.id)[before]!;
  }
  const ask = async (text: string) => telegramVisibleText((await askRaw(text)).text);
  const controls = async () => (await gw.published(controlStream())).map((e) => e.payload as ControlCommand);
  const auditOf = (action: string) => gw.prisma.auditLog.findMany({ where: { action } });

  it('asks Telegram who it is (getMe) and lists its commands', () => {
    expect(fake.calls.find((c) => c.method === 'getMe')?.status).toBe(200);
    expect(fake.calls.find((c) => c.method === 'setMyCommands')?.status).toBe(200);
  });

  it('/positions and /status read the gateway’s own services', async () => {
    expect(await ask('/positions')).toContain(`#${book.positionId} NIFTY26D0825000CE NFO\nLONG 75 @ ₹120.05`);
    expect(await ask('/positions')).toContain('P&L – open (no price yet) · ₹0.00 booked');
    const status = await ask('/status');
    expect(status).toContain('Dalal · PAPER');
    // One definition of today's P&L: the same figure as /pnl day (the seeded daily row: 300 − 21.43).
    expect(status).toContain("Today's P&L: +₹278.57");
    expect(await ask('/pnl')).toContain('Net: +₹278.57');
    expect(status).toContain('Strategies running: ema-nifty');
    expect(status).toContain('Open positions: 1');
  });

  it('/health shows the gateway’s services, the Kite session, the bus lag per hop, disk and memory', async () => {
    const health = await ask('/health');
    expect(health).toMatch(/^Health\n🟢 bus\n🟢 database\n🟢 gateway\n/);
    expect(health).toContain('🟢 broker kite session valid until 3 Dec 2026 06:00 IST');
    expect(health).toMatch(/🟢 alerts → telegram: 0 pending/);
    expect(health).toMatch(/🟢 disk [\d.]+ [GM]B free of [\d.]+ [GM]B\n🟢 memory [\d.]+ [GM]B RSS/);
  });

  it('/login gives the gateway’s Kite login link, with its one-time state', async () => {
    const reply = await askRaw('/login');
    expect(reply.text).toMatch(
      /<a href="https:\/\/kite\.zerodha\.com\/connect\/login\?v=3&amp;api_key=kite_app_key&amp;redirect_params=state%3D[\w-]+">/,
    );
  });

  it('/stop goes through the steering service: REDUCING, STOP_STRATEGY on the bus, an audit row naming the Telegram user', async () => {
    expect(await ask('/stop')).toBe('⏸ New entries stopped (REDUCING); exits continue.');
    const state = await gw.prisma.tradingStateChange.findFirstOrThrow({ orderBy: { id: 'desc' } });
    expect(state).toMatchObject({ state: 'REDUCING', actor: `telegram:${OWNER.id}` });
    expect(await controls()).toContainEqual({
      command: 'STOP_STRATEGY',
      issuedBy: `telegram:${OWNER.id}`,
      strategyId: 'ema-nifty',
    });
    expect(await auditOf('trading.stop')).toEqual([
      expect.objectContaining({ actor: `telegram:${OWNER.id}`, userAgent: 'telegram @asha_trades' }),
    ]);
  });

  it('/exit <#> publishes the same EXIT intent as the REST route', async () => {
    expect(await ask(`/exit ${book.positionId}`)).toBe(
      '✅ Exit sent for NIFTY26D0825000CE (75): a market order through risk.',
    );
    const intents = (await gw.published(intentsStream())).map((e) => e.payload as StrategyIntent);
    expect(intents.at(-1)).toMatchObject({
      strategyId: 'ema-nifty',
      action: 'EXIT',
      legs: [expect.objectContaining({ side: 'SELL', quantity: 75, orderType: 'MARKET' })],
    });
    expect(await ask('/exit 99999')).toBe('⚠️ no position 99999');
  });

  it('/kill, once confirmed, writes HALTED, announces KILL_SWITCH and audits the engage', async () => {
    const question = await askRaw('/kill');
    const yes = (question.reply_markup as { inline_keyboard: Array<Array<{ callback_data: string }>> })
      .inline_keyboard[0]![0]!.callback_data;
    expect((await controls()).some((c) => c.command === 'KILL_SWITCH')).toBe(false);
    fake.userPresses(OWNER, question, yes);
    await waitFor(() => question.history.length > 1, 'the kill switch answer', 10_000);
    expect(question.text).toBe(
      '🛑 Kill switch engaged: trading HALTED; open orders are being cancelled and positions flattened.',
    );
    expect(await controls()).toContainEqual(
      expect.objectContaining({ command: 'KILL_SWITCH', issuedBy: `telegram:${OWNER.id}` }),
    );
    expect(await auditOf('kill_switch.engage')).toHaveLength(1);
  });

  it('pushes an alert published on the bus to the owner', async () => {
    const before = fake.sentTo(OWNER.id).length;
    await gw.store.append(
      alertsStream(),
      JSON.stringify(
        createEnvelope(
          ALERT,
          {
            severity: 'CRITICAL',
            code: 'service_down',
            message: 'risk-manager stopped answering',
            details: {},
          },
          { source: 'spec' },
        ),
      ),
    );
    await waitFor(() => fake.sentTo(OWNER.id).length > before, 'the alert', 10_000);
    expect(telegramVisibleText(fake.sentTo(OWNER.id).at(-1)!.text)).toMatch(
      /^🚨 Service down · \d\d:\d\d:\d\d IST\nrisk-manager stopped answering$/,
    );
  });
});

describe('the gateway without TELEGRAM_BOT_TOKEN', () => {
  it('runs no bot', () => {
    const service = new TelegramBotService(
      {},
      ...([
        undefined,
        undefined,
        undefined,
        undefined,
        undefined,
        undefined,
        undefined,
        undefined,
      ] as unknown as [never, never, never, never, never, never, never, never]),
    );
    service.onApplicationBootstrap();
    expect(service.running).toBeUndefined();
  });

  it('refuses to start with a token but no allowed user, naming the variable', () => {
    expect(
      () =>
        new TelegramBotService(
          { TELEGRAM_BOT_TOKEN: '123456789:AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA' },
          ...([
            undefined,
            undefined,
            undefined,
            undefined,
            undefined,
            undefined,
            undefined,
            undefined,
          ] as unknown as [never, never, never, never, never, never, never, never]),
        ),
    ).toThrow(/TELEGRAM_ALLOWED_USER_IDS must list at least one numeric user id/);
  });
});
