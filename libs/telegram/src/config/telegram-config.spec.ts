import { ConfigError, loadConfig, secretFields } from '@dalal/config';

import { telegramBotSettings, telegramConfigSchema, TELEGRAM_DEFAULT_API_ROOT } from './telegram-config';

const TOKEN = '123456789:AAHfakeFAKEfake0123456789_abcdefghij';
const load = (env: Record<string, string>) => loadConfig('gateway', telegramConfigSchema, env);

describe('Telegram configuration', () => {
  it('no token means no bot, and nothing else is required', () => {
    expect(telegramBotSettings(load({}))).toBeUndefined();
    expect(telegramBotSettings(load({ TELEGRAM_BOT_TOKEN: '', TELEGRAM_API_ROOT: '' }))).toBeUndefined();
  });

  it('a token with allowed users gives the bot Telegram’s own API root and 20 commands a minute', () => {
    expect(
      telegramBotSettings(load({ TELEGRAM_BOT_TOKEN: TOKEN, TELEGRAM_ALLOWED_USER_IDS: '111, 222' })),
    ).toEqual({
      token: TOKEN,
      apiRoot: TELEGRAM_DEFAULT_API_ROOT,
      allowedUserIds: [111, 222],
      commandsPerMinute: 20,
    });
  });

  it('refuses a token without allowed users, a malformed token, a non-numeric id and a bad URL, naming each', () => {
    expect(() => load({ TELEGRAM_BOT_TOKEN: TOKEN })).toThrow(
      /TELEGRAM_ALLOWED_USER_IDS must list at least one numeric user id/,
    );
    expect(() => load({ TELEGRAM_BOT_TOKEN: 'not-a-token', TELEGRAM_ALLOWED_USER_IDS: '1' })).toThrow(
      /TELEGRAM_BOT_TOKEN must look like 123456789:AA/,
    );
    expect(() => load({ TELEGRAM_BOT_TOKEN: TOKEN, TELEGRAM_ALLOWED_USER_IDS: '111,@asha' })).toThrow(
      /TELEGRAM_ALLOWED_USER_IDS "@asha" is not a numeric Telegram user id/,
    );
    expect(() => load({ TELEGRAM_API_ROOT: 'ftp://x' })).toThrow(
      /TELEGRAM_API_ROOT must be an http\(s\) URL/,
    );
    expect(() => load({ TELEGRAM_BOT_TOKEN: TOKEN })).toThrow(ConfigError);
  });

  it('the token is marked secret, so the log scrubber knows its value', () => {
    expect(Object.keys(secretFields(telegramConfigSchema))).toEqual(['TELEGRAM_BOT_TOKEN']);
  });

  it('the refusal never prints the token', () => {
    try {
      load({ TELEGRAM_BOT_TOKEN: TOKEN });
    } catch (err) {
      expect((err as Error).message).not.toContain(TOKEN.split(':')[1]);
    }
    expect.assertions(1);
  });
});
