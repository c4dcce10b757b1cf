import { autoRetry } from '@grammyjs/auto-retry';
import { Bot, type Api, type BotConfig, type Context } from 'grammy';

import { type StreamStore } from '@dalal/bus';
import { alertsStream, fillsStream, type Alert, type Envelope, type Fill } from '@dalal/contracts';
import { type Clock } from '@dalal/market';

import { TelegramAlertFeed } from '../alerts/telegram-alert-feed';
import { TelegramOutbox, type DeliveryReport, type OutboxLogger } from '../alerts/telegram-outbox';
import { type TelegramBotSettings } from '../config/telegram-config';
import { type TradingDesk } from '../desk/trading-desk';
import { formatAlertMessage } from '../format/alert-message';
import { formatTradeMessage } from '../format/trade-message';
import { accessGuard, type OperatorAuditLog } from './access-guard';
import { CommandRateLimiter } from './command-rate-limiter';
import { BOT_COMMANDS, deskCommands } from './desk-commands';

export interface TelegramBotOptions {
  settings: TelegramBotSettings;
  desk: TradingDesk;
  audit: OperatorAuditLog;
  clock: Clock;
  logger: OutboxLogger & { info(message: string, details?: Record<string, unknown>): void };
  /** Where alerts and fills are read; give the bot a store of its own (a Redis store blocks per reader). */
  store?: StreamStore;
  /** Saves the getMe round trip (tests, or a restart that already knows the bot). */
  botInfo?: BotConfig<Context>['botInfo'];
  /** Seconds a getUpdates long poll waits for news; Telegram allows up to 50. Default 30. */
  pollTimeoutSeconds?: number;
  outbox?: { minIntervalMs?: number; backoffMs?: number; maxBackoffMs?: number };
  feed?: { claimIdleMs?: number; blockMs?: number; group?: string };
}

/**
 * The Telegram bot: commands by long polling (no public URL needed), answered only for the allowed users
 * and rate-limited per user; and alerts and trade fills pushed to those users through one outbox. The
 * bot's API calls ride through auto-retry, which waits out a 429's retry_after and retries 5xx and
 * network errors with backoff.
 */
export class TelegramBot {
  readonly bot: Bot<Context>;
  readonly outbox: TelegramOutbox;
  private readonly feed: TelegramAlertFeed | undefined;
  private polling: Promise<void> | undefined;
  private readonly chatIds: readonly number[];

  constructor(private readonly o: TelegramBotOptions) {
    const { settings, clock, logger } = o;
    this.chatIds = settings.allowedUserIds;
    this.bot = new Bot<Context>(settings.token, {
      client: { apiRoot: settings.apiRoot },
      ...(o.botInfo ? { botInfo: o.botInfo } : {}),
    });
    this.bot.api.config.use(autoRetry({ maxDelaySeconds: 3600 }));

    const limiter = new CommandRateLimiter(settings.commandsPerMinute, 60_000);
    this.bot.use(async (ctx, next) => {
      const userId = ctx.from?.id;
      if (userId === undefined) return next();
      const decision = limiter.take(userId, clock.now().getTime());
      if (decision === 'allowed') return next();
      logger.warn('telegram commands rate-limited', { userId, decision });
      if (decision === 'first_excess' && settings.allowedUserIds.includes(userId)) {
        if (ctx.callbackQuery) await ctx.answerCallbackQuery({ text: 'Too many commands; wait a minute.' });
        else await ctx.reply(`Slow down: at most ${settings.commandsPerMinute} commands a minute.`);
      }
    });
    this.bot.use(
      accessGuard({ allowedUserIds: new Set(settings.allowedUserIds), audit: o.audit, clock, logger }),
    );
    this.bot.use(deskCommands({ desk: o.desk, clock, logger }));
    this.bot.catch((err) => {
      logger.error('telegram update failed', {
        updateId: err.ctx.update.update_id,
        error: err.error instanceof Error ? err.error.message : String(err.error),
      });
    });

    this.outbox = new TelegramOutbox(
      (chatId, text, parseMode, signal) =>
        this.bot.api.sendMessage(
          chatId,
          text,
          { ...(parseMode ? { parse_mode: parseMode } : {}), link_preview_options: { is_disabled: true } },
          // grammY types its signal with the abort-controller polyfill; Node's own is what it receives.
          signal as unknown as Parameters<Api['sendMessage']>[3],
        ),
      { ...o.outbox, logger },
    );
    this.feed = o.store
      ? new TelegramAlertFeed({
          store: o.store,
          streams: [alertsStream(), fillsStream()],
          handle: (stream, envelope) => this.push(stream, envelope),
          logger,
          ...o.feed,
        })
      : undefined;
  }

  /** Starts long polling and the alert feed; resolves once the first poll is under way. */
  async start(): Promise<void> {
    await this.bot.init();
    await this.bot.api.setMyCommands([...BOT_COMMANDS]);
    await new Promise<void>((resolve, reject) => {
      this.polling = this.bot
        .start({
          allowed_updates: ['message', 'callback_query'],
          timeout: this.o.pollTimeoutSeconds ?? 30,
          onStart: () => resolve(),
        })
        .catch((err: unknown) => {
          this.o.logger.error('telegram polling stopped', {
            error: err instanceof Error ? err.message : String(err),
          });
          reject(err instanceof Error ? err : new Error(String(err)));
        });
    });
    await this.feed?.start();
    this.o.logger.info('telegram bot started', {
      bot: this.bot.botInfo.username,
      allowedUsers: this.chatIds.length,
    });
  }

  /** Stops polling and the feed; alerts not yet sent stay unacked on the bus for the next start. */
  async stop(): Promise<void> {
    await this.outbox.stop();
    await this.feed?.stop();
    if (this.bot.isRunning()) await this.bot.stop();
    await this.polling;
  }

  /** Sends `html` to every allowed user through the outbox. */
  notify(html: string): Promise<DeliveryReport> {
    return this.outbox.deliver(this.chatIds, html);
  }

  private async push(stream: string, envelope: Envelope): Promise<void> {
    if (stream === fillsStream()) {
      const fill = envelope.payload as Fill;
      const context = await this.o.desk.fillContext(fill).catch((err: unknown) => {
        // The fill is still worth telling; without its reason, but not without it.
        this.o.logger.error('telegram: no context for a fill', {
          clientOrderId: fill.clientOrderId,
          error: err instanceof Error ? err.message : String(err),
        });
        return null;
      });
      await this.notify(formatTradeMessage(fill, context));
      return;
    }
    await this.notify(formatAlertMessage(envelope.payload as Alert, new Date(envelope.ts)));
  }
}
