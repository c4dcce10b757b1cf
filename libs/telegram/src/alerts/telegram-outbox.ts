import { GrammyError } from 'grammy';

import { TelegramError } from '../telegram-error';

/** Sends one message; `parseMode` undefined sends plain text. Rejects as grammY does. */
export type SendMessage = (
  chatId: number,
  text: string,
  parseMode: 'HTML' | undefined,
  signal: AbortSignal,
) => Promise<unknown>;

export interface OutboxLogger {
  warn(message: string, details?: Record<string, unknown>): void;
  error(message: string, details?: Record<string, unknown>): void;
}

export interface OutboxOptions {
  /** Pause between two sends, bot-wide; Telegram allows about 30 messages a second. Default 50 ms. */
  minIntervalMs?: number;
  /** First pause after an error that carries no retry_after; doubles up to maxBackoffMs. Default 1 s. */
  backoffMs?: number;
  maxBackoffMs?: number;
  logger: OutboxLogger;
}

export interface DeliveryReport {
  delivered: number[];
  /** Chats Telegram will not deliver to (the user blocked the bot or never opened it), with its reason. */
  undeliverable: Array<{ chatId: number; reason: string }>;
}

interface Job {
  chatIds: readonly number[];
  html: string;
  resolve: (report: DeliveryReport) => void;
  reject: (err: unknown) => void;
}

/** Telegram's answers that no retry can change: the chat is gone or never talked to the bot. */
const isUndeliverable = (err: GrammyError) =>
  err.error_code === 403 ||
  (err.error_code === 400 && /chat not found|user not found/i.test(err.description));

const isBadHtml = (err: GrammyError) =>
  err.error_code === 400 && /can't parse entities/i.test(err.description);

/** Telegram's HTML tags, and only those: a stray "<" in the text must survive the fallback. */
const TELEGRAM_TAG =
  /<\/?(?:b|strong|i|em|u|ins|s|strike|del|span|tg-spoiler|a|tg-emoji|code|pre|blockquote)(?:\s[^>]*)?>/g;

/** The text of an HTML message without its markup, for the plain-text fallback. */
export function plainText(html: string): string {
  return html
    .replace(TELEGRAM_TAG, '')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&amp;/g, '&');
}

/**
 * The one queue every pushed message goes through, one at a time and in order, paced below Telegram's
 * bot-wide limit. A 429 waits its `retry_after`; a network error or a 5xx backs off and tries again, with
 * no cap on attempts: an alert is delivered late rather than never. Only Telegram's "this chat will never
 * take it" (403, chat not found) gives up on a chat, and says so in the report and the log. Callers are
 * never blocked: `deliver` returns a promise at once, and nothing in trading awaits it.
 */
export class TelegramOutbox {
  private readonly jobs: Job[] = [];
  private readonly abort = new AbortController();
  private running = false;
  private stopping = false;
  private inFlight: Promise<unknown> | undefined;
  private readonly sleepers = new Set<() => void>();
  private lastSentAt = 0;
  private readonly o: Required<Omit<OutboxOptions, 'logger'>>;

  constructor(
    private readonly send: SendMessage,
    private readonly options: OutboxOptions,
  ) {
    this.o = {
      minIntervalMs: options.minIntervalMs ?? 50,
      backoffMs: options.backoffMs ?? 1000,
      maxBackoffMs: options.maxBackoffMs ?? 60_000,
    };
  }

  /** Messages waiting, the one being sent included. */
  get queued(): number {
    return this.jobs.length;
  }

  /** Queues `html` for every chat; resolves once Telegram took it (or refused a chat for good). */
  deliver(chatIds: readonly number[], html: string): Promise<DeliveryReport> {
    if (this.stopping) return Promise.reject(new TelegramError('STOPPED', 'the Telegram outbox is stopped'));
    return new Promise((resolve, reject) => {
      this.jobs.push({ chatIds, html, resolve, reject });
      if (!this.running) void this.drain();
    });
  }

  /**
   * Stops sending. A request already on the wire gets up to `graceMs` to finish, so that a message
   * Telegram took is reported as sent (and acked) rather than sent again after the restart; waits
   * between retries end at once. Whatever is not sent by then rejects with STOPPED.
   */
  async stop(graceMs = 2000): Promise<void> {
    this.stopping = true;
    this.wakeSleepers();
    if (this.inFlight) {
      let timer: NodeJS.Timeout | undefined;
      await Promise.race([
        this.inFlight.catch(() => undefined),
        new Promise((resolve) => (timer = setTimeout(resolve, graceMs))),
      ]);
      clearTimeout(timer);
      // Let the finished request's job settle (a few promise hops) before the rest is rejected.
      await new Promise((resolve) => setImmediate(resolve));
    }
    this.abort.abort();
    const stopped = new TelegramError('STOPPED', 'the Telegram outbox stopped before this message was sent');
    // The job whose request finished in the grace period has already been resolved; rejecting it is a no-op.
    for (const job of this.jobs.splice(0)) job.reject(stopped);
  }

  private async drain(): Promise<void> {
    this.running = true;
    try {
      while (this.jobs.length > 0 && !this.stopping) {
        const job = this.jobs[0]!;
        try {
          job.resolve(await this.deliverJob(job));
        } catch (err) {
          job.reject(err);
        }
        if (this.jobs[0] === job) this.jobs.shift();
      }
    } finally {
      this.running = false;
    }
  }

  private async deliverJob(job: Job): Promise<DeliveryReport> {
    const report: DeliveryReport = { delivered: [], undeliverable: [] };
    for (const chatId of job.chatIds) {
      const refused = await this.sendUntilTaken(chatId, job.html);
      if (refused === undefined) report.delivered.push(chatId);
      else report.undeliverable.push({ chatId, reason: refused });
    }
    return report;
  }

  /** Returns undefined once sent, or Telegram's reason when the chat can never take it. */
  private async sendUntilTaken(chatId: number, html: string): Promise<string | undefined> {
    let text = html;
    let parseMode: 'HTML' | undefined = 'HTML';
    let backoff = this.o.backoffMs;
    for (;;) {
      await this.pace();
      try {
        if (this.stopping) throw new TelegramError('STOPPED', 'the Telegram outbox stopped');
        this.lastSentAt = Date.now();
        this.inFlight = this.send(chatId, text, parseMode, this.abort.signal);
        await this.inFlight;
        return undefined;
      } catch (err) {
        if (this.abort.signal.aborted || this.stopping)
          throw new TelegramError('STOPPED', 'the Telegram outbox stopped');
        if (err instanceof GrammyError && isUndeliverable(err)) {
          this.options.logger.error('telegram chat cannot receive alerts', {
            chatId,
            reason: err.description,
          });
          return err.description;
        }
        if (err instanceof GrammyError && isBadHtml(err) && parseMode === 'HTML') {
          // Our formatting is wrong, not the alert: say so loudly and deliver its words as plain text.
          this.options.logger.error('telegram refused our HTML; sending the alert as plain text', {
            chatId,
            reason: err.description,
          });
          text = plainText(html);
          parseMode = undefined;
          continue;
        }
        const retryAfter = err instanceof GrammyError ? err.parameters.retry_after : undefined;
        const waitMs = retryAfter !== undefined ? retryAfter * 1000 : backoff;
        if (retryAfter === undefined) backoff = Math.min(backoff * 2, this.o.maxBackoffMs);
        this.options.logger.warn('telegram send failed; retrying', {
          chatId,
          error: err instanceof Error ? err.message : String(err),
          retryInMs: waitMs,
        });
        await this.sleep(waitMs);
      } finally {
        this.inFlight = undefined;
      }
    }
  }

  private async pace(): Promise<void> {
    const wait = this.lastSentAt + this.o.minIntervalMs - Date.now();
    if (wait > 0) await this.sleep(wait);
  }

  private sleep(ms: number): Promise<void> {
    return new Promise((resolve, reject) => {
      if (this.stopping) return reject(new TelegramError('STOPPED', 'the Telegram outbox stopped'));
      const wake = () => {
        clearTimeout(timer);
        this.sleepers.delete(wake);
        reject(new TelegramError('STOPPED', 'the Telegram outbox stopped'));
      };
      const timer = setTimeout(() => {
        this.sleepers.delete(wake);
        resolve();
      }, ms);
      this.sleepers.add(wake);
    });
  }

  private wakeSleepers(): void {
    for (const wake of [...this.sleepers]) wake();
  }
}
