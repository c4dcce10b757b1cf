import { z } from 'zod';

import { secret } from '@dalal/config';

/** Telegram's own Bot API; tests point TELEGRAM_API_ROOT at a local fake. */
export const TELEGRAM_DEFAULT_API_ROOT = 'https://api.telegram.org';

/** A BotFather token: the bot's numeric id, a colon, and at least 30 characters of secret. */
const token = z
  .string()
  .trim()
  .regex(/^\d+:[A-Za-z0-9_-]{30,}$/, { message: 'must look like 123456789:AA… as BotFather gives it' });

const userIds = z
  .string()
  .default('')
  .transform((value, ctx) => {
    const ids: number[] = [];
    for (const part of value
      .split(',')
      .map((p) => p.trim())
      .filter(Boolean)) {
      const id = Number(part);
      if (!/^\d+$/.test(part) || !Number.isSafeInteger(id) || id <= 0) {
        ctx.addIssue({ code: 'custom', message: `"${part}" is not a numeric Telegram user id` });
        return z.NEVER;
      }
      ids.push(id);
    }
    return ids;
  });

/** An empty variable (a copied .env with blanks) counts as unset. */
const blankAsUnset = (value: unknown) =>
  typeof value === 'string' && value.trim() === '' ? undefined : value;

const positiveInt = z.coerce.number().int().positive();

/**
 * The bot's environment. No TELEGRAM_BOT_TOKEN means no bot: the rest of the system runs without it.
 * With a token, TELEGRAM_ALLOWED_USER_IDS must name at least one user, since a bot that refuses everyone
 * is a misconfiguration the operator should hear about at start-up, not discover from silence.
 */
export const telegramConfigSchema = z
  .object({
    TELEGRAM_BOT_TOKEN: z.preprocess(blankAsUnset, secret(token).optional()),
    TELEGRAM_ALLOWED_USER_IDS: userIds,
    TELEGRAM_API_ROOT: z.preprocess(
      blankAsUnset,
      z.url({ protocol: /^https?$/, error: 'must be an http(s) URL' }).default(TELEGRAM_DEFAULT_API_ROOT),
    ),
    /** Commands one user may send per minute before the bot asks them to slow down. */
    TELEGRAM_COMMANDS_PER_MINUTE: z.preprocess(blankAsUnset, positiveInt.default(20)),
  })
  .superRefine((config, ctx) => {
    if (config.TELEGRAM_BOT_TOKEN !== undefined && config.TELEGRAM_ALLOWED_USER_IDS.length === 0) {
      ctx.addIssue({
        code: 'custom',
        path: ['TELEGRAM_ALLOWED_USER_IDS'],
        message: 'must list at least one numeric user id when TELEGRAM_BOT_TOKEN is set',
      });
    }
  });

export type TelegramConfig = z.output<typeof telegramConfigSchema>;

/** The settings a running bot needs, or undefined when no token is configured. */
export interface TelegramBotSettings {
  token: string;
  apiRoot: string;
  allowedUserIds: readonly number[];
  commandsPerMinute: number;
}

export function telegramBotSettings(config: TelegramConfig): TelegramBotSettings | undefined {
  if (config.TELEGRAM_BOT_TOKEN === undefined) return undefined;
  return {
    token: config.TELEGRAM_BOT_TOKEN,
    apiRoot: config.TELEGRAM_API_ROOT,
    allowedUserIds: config.TELEGRAM_ALLOWED_USER_IDS,
    commandsPerMinute: config.TELEGRAM_COMMANDS_PER_MINUTE,
  };
}
