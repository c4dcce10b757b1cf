import { type Fill, type OrderLeg, type StrategyIntent } from '@dalal/contracts';
import {
  FakeBotApiServer,
  telegramVisibleText,
  type FakeSentMessage,
  type FakeTelegramUser,
} from '@dalal/fakes';
import { fromIst } from '@dalal/market';
import {
  AlertsAuditRepository,
  DailyRiskRepository,
  DecisionsRepository,
  OrdersRepository,
  TradingStateRepository,
  type PrismaService,
} from '@dalal/persistence';
import { waitFor } from '@dalal/testing';

import { openPostgresTestDatabase } from '../testing/postgres-test-database';
import { RepositoryTradingDesk } from '../testing/repository-trading-desk';
import { REFUSED_ACTION } from './access-guard';
import { TelegramBot } from './telegram-bot';

const OWNER: FakeTelegramUser = {
  id: 111_111_111,
  is_bot: false,
  first_name: 'Asha',
  username: 'asha_trades',
};
const STRANGER: FakeTelegramUser = { id: 999_000_111, is_bot: false, first_name: 'Mallory' };
const CE = 'NIFTY26D0825000CE';
const PE = 'NIFTY26D0824800PE';
const TODAY = '2026-12-02';

const silentLogger = { info: () => undefined, warn: () => undefined, error: jest.fn() };

const leg = (instrument: string, side: 'BUY' | 'SELL', price: string): OrderLeg => ({
  instrument,
  exchange: 'NFO',
  side,
  quantity: 65,
  orderType: 'LIMIT',
  product: 'NRML',
  validity: 'DAY',
  price,
  role: 'MAIN',
});

const intent = (intentId: string, instrument: string, reason: string, time: string): StrategyIntent => ({
  intentId,
  strategyId: 'ema-mean-reversion',
  mode: 'paper',
  action: 'ENTER',
  legs: [leg(instrument, 'BUY', '120.50')],
  reason,
  indicators: { ema10: 24_498.2, rsi: 61.37 },
  barTime: fromIst(TODAY, time).toISOString(),
});

async function seed(prisma: PrismaService): Promise<void> {
  const decisions = new DecisionsRepository(prisma);
  const orders = new OrdersRepository(prisma);
  await decisions.recordIntent(intent('intent-ce', CE, 'ce_entry', '10:12'));
  await decisions.recordRiskDecision({
    intentId: 'intent-ce',
    strategyId: 'ema-mean-reversion',
    approved: true,
    decidedAt: fromIst(TODAY, '10:12:01'),
  });
  await decisions.recordIntent(intent('intent-pe', PE, 'pe_entry', '10:30'));
  await decisions.recordRiskDecision({
    intentId: 'intent-pe',
    strategyId: 'ema-mean-reversion',
    approved: false,
    rule: 'max_open_positions',
    reason: 'max open positions (1) reached',
    decidedAt: fromIst(TODAY, '10:30:01'),
  });
  await orders.recordOrderSubmitted({
    clientOrderId: 'coid-ce-1',
    intentId: 'intent-ce',
    strategyId: 'ema-mean-reversion',
    mode: 'paper',
    broker: 'paper',
    leg: leg(CE, 'BUY', '120.50'),
    at: fromIst(TODAY, '10:12:02'),
  });
  const fill: Fill = {
    fillId: 'fill-ce-1',
    clientOrderId: 'coid-ce-1',
    strategyId: 'ema-mean-reversion',
    instrument: CE,
    exchange: 'NFO',
    side: 'BUY',
    quantity: 65,
    price: '120.50',
    charges: '21.40',
    filledAt: fromIst(TODAY, '10:12:03').toISOString(),
  };
  await orders.applyFill(fill);
  await orders.recordOrderEvent({
    clientOrderId: 'coid-ce-1',
    state: 'FILLED',
    previousState: 'PENDING_SUBMIT',
    quantity: 65,
    filledQuantity: 65,
    averagePrice: '120.50',
    at: fromIst(TODAY, '10:12:03').toISOString(),
  });
  const risk = new DailyRiskRepository(prisma);
  await risk.recordDailyPnl({
    tradeDate: TODAY,
    mode: 'paper',
    scope: 'ACCOUNT',
    realizedPnl: '125000.50',
    unrealizedPnl: '-300.25',
    charges: '85.10',
    tradeCount: 3,
    at: fromIst(TODAY, '10:40'),
  });
  await risk.recordDailyPnl({
    tradeDate: '2026-11-30',
    mode: 'paper',
    scope: 'ACCOUNT',
    realizedPnl: '-2000',
    unrealizedPnl: '0',
    charges: '40',
    tradeCount: 2,
    at: fromIst('2026-11-30', '15:30'),
  });
  await risk.incrementCounter(
    { tradeDate: TODAY, mode: 'paper', scope: 'ACCOUNT', name: 'ordersSent' },
    34,
    fromIst(TODAY, '10:40'),
  );
}

describe('the Telegram bot on the fake Bot API, reading Postgres', () => {
  let db: { prisma: PrismaService; drop: () => Promise<void> };
  let fake: FakeBotApiServer;
  let bot: TelegramBot;
  let desk: RepositoryTradingDesk;
  let now = fromIst(TODAY, '10:45');
  const clock = { now: () => now };

  beforeAll(async () => {
    db = await openPostgresTestDatabase();
    await seed(db.prisma);
    fake = new FakeBotApiServer();
    const apiRoot = await fake.start();
    desk = new RepositoryTradingDesk({
      prisma: db.prisma,
      clock,
      strategiesRunning: ['ema-mean-reversion'],
      limits: { ordersSent: '40', dailyLoss: '10000' },
      kiteApiKey: 'kite_app_key',
    });
    bot = new TelegramBot({
      settings: { token: fake.token, apiRoot, allowedUserIds: [OWNER.id], commandsPerMinute: 1000 },
      desk,
      audit: new AlertsAuditRepository(db.prisma),
      clock,
      logger: silentLogger,
      botInfo: fake.me,
      pollTimeoutSeconds: 1,
    });
    await bot.start();
  }, 60_000);

  afterAll(async () => {
    await bot?.stop();
    await fake?.stop();
    await db?.drop();
  });

  /** Sends `text` as `user` and returns the bot's answer as the phone shows it. */
  async function ask(user: FakeTelegramUser, text: string): Promise<string> {
    return telegramVisibleText((await askRaw(user, text)).text);
  }

  async function askRaw(user: FakeTelegramUser, text: string): Promise<FakeSentMessage> {
    const before = fake.sentTo(user.id).length;
    fake.userSends(user, text);
    await waitFor(() => fake.sentTo(user.id).length > before, `an answer to ${text}`);
    return fake.sentTo(user.id)[before]!;
  }

  async function press(user: FakeTelegramUser, message: FakeSentMessage, data: string): Promise<void> {
    const edits = message.history.length;
    const answers = fake.callbackAnswers.length;
    fake.userPresses(user, message, data);
    await waitFor(
      () => fake.callbackAnswers.length > answers && message.history.length > edits,
      `the bot to answer the button ${data}`,
    );
  }

  const state = () => new TradingStateRepository(db.prisma).current().then((s) => s.state);
  const buttons = (message: FakeSentMessage) =>
    (message.reply_markup as { inline_keyboard: Array<Array<{ text: string; callback_data: string }>> })
      .inline_keyboard;

  it('/help lists every command', async () => {
    const help = await ask(OWNER, '/help');
    for (const command of [
      '/status',
      '/positions',
      '/pnl',
      '/orders',
      '/signals',
      '/risk',
      '/health',
      '/stop',
      '/start',
      '/kill',
      '/exit',
      '/login',
    ])
      expect(help).toContain(command);
    expect(fake.calls.find((c) => c.method === 'setMyCommands')?.params['commands']).toHaveLength(13);
  });

  it('/status shows mode, market, trading state, strategies, positions and today’s net P&L in ₹', async () => {
    expect(await ask(OWNER, '/status')).toBe(
      [
        'Dalal · PAPER',
        'Market: open',
        'Trading: 🟢 ACTIVE (entries allowed)',
        'Strategies running: ema-mean-reversion',
        'Open positions: 1',
        "Today's P&L: +₹1,24,615.15",
        'as of 10:45:00 IST',
      ].join('\n'),
    );
  });

  it('/positions lists the open CE with its id, side, average price and booked P&L', async () => {
    const [position] = await desk.positions();
    expect(await ask(OWNER, '/positions')).toBe(
      [
        'Open positions (1)',
        `#${position!.id} ${CE} NFO\nLONG 65 @ ₹120.50\nP&L – open (no price yet) · ₹0.00 booked\nema-mean-reversion`,
        'Close one with /exit <#>',
      ].join('\n\n'),
    );
  });

  it('/pnl defaults to today; week and month add up the days; a bad period is named', async () => {
    expect(await ask(OWNER, '/pnl')).toBe(
      'P&L · day · 2 Dec 2026\nNet: +₹1,24,615.15\nRealised: +₹1,25,000.50\nUnrealised: -₹300.25\nCharges: ₹85.10\nTrades: 3',
    );
    expect(await ask(OWNER, '/pnl week')).toContain(
      'P&L · week · 30 Nov 2026 – 2 Dec 2026\nNet: +₹1,22,575.15',
    );
    expect(await ask(OWNER, '/pnl month')).toContain('Net: +₹1,24,615.15');
    expect(await ask(OWNER, '/pnl year')).toBe(
      'Unknown period "year": use /pnl day, /pnl week or /pnl month.',
    );
  });

  it('/orders shows today’s order with its state and IST time', async () => {
    expect(await ask(OWNER, '/orders')).toBe(
      `Orders today (1)\n\n🟩 BUY 65 ${CE} @ ₹120.50\nFILLED · 10:12:03 IST`,
    );
  });

  it('/signals shows the latest signals with rule, indicators and risk’s verdict', async () => {
    expect(await ask(OWNER, '/signals')).toBe(
      [
        'Latest signals',
        `ENTER ${PE}\nema-mean-reversion · rule pe_entry · 10:30:00 IST · ⛔ rejected: max open positions (1) reached\nema10 24,498.2 · rsi 61.37`,
        `ENTER ${CE}\nema-mean-reversion · rule ce_entry · 10:12:00 IST · ✅ approved\nema10 24,498.2 · rsi 61.37`,
      ].join('\n\n'),
    );
  });

  it('/risk shows each limit used, with 80% and over marked', async () => {
    expect(await ask(OWNER, '/risk')).toBe(
      'Risk\nTrading: 🟢 ACTIVE (entries allowed)\n🟠 ordersSent: 34 of 40 (85%)\n🟢 dailyLoss: ₹0.00 of ₹10,000.00 (0%)',
    );
  });

  it('/health lists services, broker session, disk and memory', async () => {
    const health = await ask(OWNER, '/health');
    expect(health).toMatch(
      /^Health\n🟢 postgres\n⚪ no broker session \(paper\)\n🟢 disk [\d.]+ [GM]B free of [\d.]+ [GM]B\n🟢 memory [\d.]+ [GM]B RSS, heap [\d.]+ [GM]B$/,
    );
  });

  it('/login answers with a Kite login link for the owner', async () => {
    const reply = await askRaw(OWNER, '/login');
    expect(reply.text).toContain(
      '<a href="https://kite.zerodha.com/connect/login?v=3&amp;api_key=kite_app_key">',
    );
    expect(desk.logins.at(-1)).toEqual({ id: `telegram:${OWNER.id}`, name: '@asha_trades' });
  });

  it('/exit needs a position id, refuses an unknown one and passes a known one to the desk', async () => {
    expect(await ask(OWNER, '/exit')).toBe('Which position? Send /exit <#> with a # from /positions.');
    expect(await ask(OWNER, '/exit 999')).toBe('⚠️ No open position #999; see /positions.');
    const [position] = await desk.positions();
    expect(await ask(OWNER, `/exit #${position!.id}`)).toBe(`✅ Exit sent for ${CE} (65).`);
    expect(desk.exits).toEqual([
      { positionId: position!.id, actor: { id: `telegram:${OWNER.id}`, name: '@asha_trades' } },
    ]);
  });

  it('/stop stops new entries at once; /start asks with a button before resuming', async () => {
    expect(await ask(OWNER, '/stop')).toBe('⏸ New entries stopped; exits continue.');
    expect(await state()).toBe('REDUCING');

    const question = await askRaw(OWNER, '/start');
    expect(telegramVisibleText(question.text)).toBe(
      'Trading: 🟡 REDUCING (exits only, no new entries).\nResume new entries?',
    );
    expect(await state()).toBe('REDUCING');
    await press(OWNER, question, buttons(question)[0]![0]!.callback_data);
    expect(question.text).toBe('▶️ New entries allowed again.');
    expect(await state()).toBe('ACTIVE');

    expect(await ask(OWNER, '/start')).toContain('New entries are allowed');
  });

  it('/kill does nothing until confirmed, and "No" leaves trading alone', async () => {
    const question = await askRaw(OWNER, '/kill');
    expect(telegramVisibleText(question.text)).toContain('Engage the kill switch?');
    expect(buttons(question).map((row) => row[0]!.text)).toEqual([
      '🛑 Yes: cancel all and flatten',
      'No, keep trading',
    ]);
    expect(await state()).toBe('ACTIVE');
    await press(OWNER, question, buttons(question)[1]![0]!.callback_data);
    expect(question.text).toBe('Cancelled: nothing was changed.');
    expect(await state()).toBe('ACTIVE');
  });

  it('/kill confirmation expires after 60 seconds', async () => {
    const question = await askRaw(OWNER, '/kill');
    now = new Date(now.getTime() + 61_000);
    await press(OWNER, question, buttons(question)[0]![0]!.callback_data);
    expect(question.text).toBe('This question expired: nothing was changed. Send /kill again.');
    expect(fake.callbackAnswers.at(-1)).toMatchObject({ show_alert: true });
    expect(await state()).toBe('ACTIVE');
  });

  it('a stranger pressing the owner’s kill button is refused and audited; the switch stays off', async () => {
    const question = await askRaw(OWNER, '/kill');
    const yes = buttons(question)[0]![0]!.callback_data;
    const answers = fake.callbackAnswers.length;
    fake.userPresses(STRANGER, question, yes);
    await waitFor(() => fake.callbackAnswers.length > answers, 'the refusal of the stranger’s press');
    expect(fake.callbackAnswers.at(-1)?.text).toBe('Not authorised.');
    expect(await state()).toBe('ACTIVE');
    expect(await db.prisma.auditLog.count({ where: { action: REFUSED_ACTION, target: yes } })).toBe(1);

    await press(OWNER, question, yes);
    expect(question.text).toBe('🛑 Kill switch engaged: trading HALTED, 1 position(s) being flattened.');
    expect(question.reply_markup).toBeUndefined();
    expect(await state()).toBe('HALTED');
    // A double tap (the phone sent the press before the buttons went away) does not act twice.
    const second = fake.callbackAnswers.length;
    fake.userPresses(OWNER, question, yes);
    await waitFor(() => fake.callbackAnswers.length > second, 'the answer to a second press');
    expect(fake.callbackAnswers.at(-1)?.text).toBe('This button is no longer valid: nothing was changed.');
    const halts = await new TradingStateRepository(db.prisma).history({ limit: 10 });
    expect(halts.filter((h) => h.state === 'HALTED')).toHaveLength(1);

    // While HALTED with the position still open, /start's re-arm is refused by the trading state itself.
    const resume = await askRaw(OWNER, '/start');
    await press(OWNER, resume, buttons(resume)[0]![0]!.callback_data);
    expect(telegramVisibleText(resume.text)).toMatch(
      /^⚠️ 1 position\(s\) from before the kill switch are still open/,
    );
    expect(await state()).toBe('HALTED');
  });

  it('a stranger’s command is refused with their own user id, and the refusal is audited in Postgres', async () => {
    const refusal = await ask(STRANGER, '/positions');
    expect(refusal).toBe(
      `⛔ Not authorised. This bot answers its owner only.\nYour Telegram user id is ${STRANGER.id}.`,
    );
    const rows = await db.prisma.auditLog.findMany({
      where: { action: REFUSED_ACTION, target: '/positions' },
    });
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({
      actor: `telegram:${STRANGER.id}`,
      details: { userId: STRANGER.id, firstName: 'Mallory', chatType: 'private', allowedUser: false },
    });
  });

  it('plain text gets a pointer to /help', async () => {
    expect(await ask(OWNER, 'hello?')).toBe('Unknown command. Send /help for the list.');
  });
});

describe('the Telegram bot’s rate limit', () => {
  let db: { prisma: PrismaService; drop: () => Promise<void> };
  let fake: FakeBotApiServer;
  let bot: TelegramBot;
  let now = fromIst(TODAY, '11:00');

  beforeAll(async () => {
    db = await openPostgresTestDatabase();
    fake = new FakeBotApiServer();
    const apiRoot = await fake.start();
    const clock = { now: () => now };
    bot = new TelegramBot({
      settings: { token: fake.token, apiRoot, allowedUserIds: [OWNER.id], commandsPerMinute: 3 },
      desk: new RepositoryTradingDesk({ prisma: db.prisma, clock }),
      audit: new AlertsAuditRepository(db.prisma),
      clock,
      logger: silentLogger,
      botInfo: fake.me,
      pollTimeoutSeconds: 1,
    });
    await bot.start();
  }, 60_000);

  afterAll(async () => {
    await bot?.stop();
    await fake?.stop();
    await db?.drop();
  });

  it('answers 3 commands a minute, says "slow down" once, then stays quiet until the minute has passed', async () => {
    for (let i = 0; i < 6; i++) fake.userSends(OWNER, '/help');
    await waitFor(() => fake.sentTo(OWNER.id).length >= 4, 'three answers and a warning');
    await new Promise((resolve) => setTimeout(resolve, 300));
    const texts = fake.sentTo(OWNER.id).map((m) => m.text);
    expect(texts).toHaveLength(4);
    expect(texts[3]).toBe('Slow down: at most 3 commands a minute.');

    now = new Date(now.getTime() + 60_001);
    fake.userSends(OWNER, '/help');
    await waitFor(() => fake.sentTo(OWNER.id).length === 5, 'an answer once the minute has passed');
    expect(fake.sentTo(OWNER.id)[4]!.text).toContain('Dalal bot');
  });

  it('a stranger’s flood writes at most the limit’s worth of audit rows and gets no answers past it', async () => {
    for (let i = 0; i < 8; i++) fake.userSends(STRANGER, `/kill ${i}`);
    await waitFor(() => fake.pendingUpdates === 0 && fake.sentTo(STRANGER.id).length >= 3, 'the refusals');
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(fake.sentTo(STRANGER.id)).toHaveLength(3);
    expect(await db.prisma.auditLog.count({ where: { action: REFUSED_ACTION } })).toBe(3);
  });
});
