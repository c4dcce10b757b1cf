import { Api } from 'grammy';

import { FakeBotApiServer } from '@dalal/fakes';

import { TelegramOutbox, type SendMessage } from './telegram-outbox';

const CHAT = 111_111_111;

/**
 * The outbox on a bare grammY Api (no auto-retry plugin): its own loop must ride out what Telegram
 * throws at it, so nothing depends on the plugin being configured.
 */
describe('the Telegram outbox on its own', () => {
  let fake: FakeBotApiServer;
  let send: SendMessage;
  const errors: string[] = [];
  const logger = { warn: () => undefined, error: (message: string) => void errors.push(message) };

  beforeAll(async () => {
    fake = new FakeBotApiServer();
    const api = new Api(fake.token, { apiRoot: await fake.start() });
    send = (chatId, text, parseMode) =>
      api.sendMessage(chatId, text, parseMode ? { parse_mode: parseMode } : {});
  });

  beforeEach(() => {
    fake.sent.length = 0;
    fake.calls.length = 0;
    errors.length = 0;
  });

  afterAll(() => fake.stop());

  it('waits out a 429’s retry_after itself, then sends', async () => {
    fake.failNext(1, {
      method: 'sendMessage',
      errorCode: 429,
      description: 'Too Many Requests',
      retryAfter: 1,
    });
    const outbox = new TelegramOutbox(send, { logger, minIntervalMs: 0 });
    const report = await outbox.deliver([CHAT], 'kill switch used');
    expect(report).toEqual({ delivered: [CHAT], undeliverable: [] });
    const [refused, accepted] = fake.calls.filter((c) => c.method === 'sendMessage');
    expect(refused!.status).toBe(429);
    expect(accepted!.at - refused!.at).toBeGreaterThanOrEqual(990);
  });

  it('retries a Telegram outage (5xx) with backoff until it is back', async () => {
    fake.failNext(3, { method: 'sendMessage', errorCode: 502, description: 'Bad Gateway' });
    const outbox = new TelegramOutbox(send, { logger, minIntervalMs: 0, backoffMs: 20 });
    await outbox.deliver([CHAT], 'feed stale');
    expect(fake.calls.map((c) => c.status)).toEqual([502, 502, 502, 200]);
    expect(fake.sentTo(CHAT).map((m) => m.text)).toEqual(['feed stale']);
  });

  it('HTML Telegram refuses is logged as our bug and delivered as plain text, not dropped', async () => {
    const outbox = new TelegramOutbox(send, { logger, minIntervalMs: 0 });
    await outbox.deliver([CHAT], '<b>P&L < 0</b>');
    expect(fake.sentTo(CHAT)).toEqual([expect.objectContaining({ text: 'P&L < 0', parse_mode: undefined })]);
    expect(errors).toEqual(['telegram refused our HTML; sending the alert as plain text']);
  });

  it('keeps messages in order and returns at once: the caller never waits on Telegram', async () => {
    fake.failNext(1, {
      method: 'sendMessage',
      errorCode: 429,
      description: 'Too Many Requests',
      retryAfter: 1,
    });
    const outbox = new TelegramOutbox(send, { logger, minIntervalMs: 0 });
    const started = Date.now();
    const deliveries = ['one', 'two', 'three'].map((text) => outbox.deliver([CHAT], text));
    expect(Date.now() - started).toBeLessThan(50);
    expect(outbox.queued).toBe(3);
    await Promise.all(deliveries);
    expect(fake.sentTo(CHAT).map((m) => m.text)).toEqual(['one', 'two', 'three']);
  });

  it('stop rejects what was not sent with STOPPED, and refuses new messages', async () => {
    fake.failNext(1, {
      method: 'sendMessage',
      errorCode: 429,
      description: 'Too Many Requests',
      retryAfter: 30,
    });
    const outbox = new TelegramOutbox(send, { logger, minIntervalMs: 0 });
    const pending = outbox.deliver([CHAT], 'held');
    const rejected = expect(pending).rejects.toMatchObject({ code: 'STOPPED' });
    while (!fake.calls.some((c) => c.status === 429)) await new Promise((resolve) => setTimeout(resolve, 5));
    await outbox.stop(100);
    await rejected;
    await expect(outbox.deliver([CHAT], 'late')).rejects.toMatchObject({ code: 'STOPPED' });
    expect(fake.sentTo(CHAT)).toHaveLength(0);
  });
});
