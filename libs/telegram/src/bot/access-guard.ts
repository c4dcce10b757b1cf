import { type Context, type MiddlewareFn } from 'grammy';

import { type Clock } from '@dalal/market';

import { type OutboxLogger } from '../alerts/telegram-outbox';

/** Where refusals are written: AlertsAuditRepository.recordOperatorAction satisfies it. */
export interface OperatorAuditLog {
  recordOperatorAction(action: {
    actor: string;
    action: string;
    target?: string;
    details?: Record<string, string | number | boolean | null>;
    at: Date;
  }): Promise<void>;
}

export const REFUSED_ACTION = 'telegram.refused';

/**
 * Lets through only updates from the allowed user ids, in private chats. Anyone else gets a refusal that
 * tells them their own user id (what the owner needs to configure the bot, and nothing more) and an audit
 * row; a command from an allowed user in a group is refused too, so P&L is never posted where others read.
 */
export function accessGuard(options: {
  allowedUserIds: ReadonlySet<number>;
  audit: OperatorAuditLog;
  clock: Clock;
  logger: OutboxLogger;
}): MiddlewareFn<Context> {
  return async (ctx, next) => {
    const from = ctx.from;
    if (from && options.allowedUserIds.has(from.id) && ctx.chat?.type === 'private') return next();
    if (!from) return; // channel posts and the like carry no user: nothing to answer
    const attempted = ctx.message?.text ?? ctx.callbackQuery?.data ?? '(no text)';
    try {
      await options.audit.recordOperatorAction({
        actor: `telegram:${from.id}`,
        action: REFUSED_ACTION,
        target: attempted.slice(0, 200),
        details: {
          userId: from.id,
          username: from.username ?? null,
          firstName: from.first_name,
          chatId: ctx.chat?.id ?? null,
          chatType: ctx.chat?.type ?? null,
          allowedUser: options.allowedUserIds.has(from.id),
        },
        at: options.clock.now(),
      });
    } catch (err) {
      // The refusal still stands; a missing audit row must be visible in the logs.
      options.logger.error('telegram refusal not audited', {
        userId: from.id,
        error: err instanceof Error ? err.message : String(err),
      });
    }
    const refusal = options.allowedUserIds.has(from.id)
      ? 'Use a private chat with this bot: it does not answer in groups.'
      : `⛔ Not authorised. This bot answers its owner only.\nYour Telegram user id is <code>${from.id}</code>.`;
    if (ctx.callbackQuery) await ctx.answerCallbackQuery({ text: 'Not authorised.' });
    else await ctx.reply(refusal, { parse_mode: 'HTML' });
    options.logger.warn('telegram command refused', { userId: from.id, attempted: attempted.slice(0, 200) });
  };
}
