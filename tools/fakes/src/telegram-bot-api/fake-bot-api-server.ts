import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { type AddressInfo } from 'node:net';

import { checkTelegramHtml } from './telegram-html';

/** A Telegram user as the Bot API sends it (`User`). */
export interface FakeTelegramUser {
  id: number;
  is_bot: boolean;
  first_name: string;
  username?: string;
}

/** A message the bot sent (`sendMessage`) or edited (`editMessageText`), as the fake stored it. */
export interface FakeSentMessage {
  message_id: number;
  chat_id: number;
  text: string;
  parse_mode?: string;
  /** The `reply_markup` exactly as the bot sent it (inline keyboards for /kill). */
  reply_markup?: unknown;
  /** Every text this message had, oldest first: edits append. */
  history: string[];
}

export interface FakeCallbackAnswer {
  callback_query_id: string;
  text?: string;
  show_alert?: boolean;
}

/** One Bot API call as received: method and JSON parameters. */
export interface FakeBotApiCall {
  method: string;
  params: Record<string, unknown>;
  /** What the fake answered: 200, or the error code it sent. */
  status: number;
  /** When it arrived (epoch ms): specs check a retry waited its retry_after. */
  at: number;
}

export interface FakeBotApiOptions {
  /** The token the bot must use in `/bot<token>/<method>`; any other answers 401 Unauthorized. */
  token?: string;
  botUser?: FakeTelegramUser;
  /** Longest message text the server accepts, as Telegram's 4096 characters after entity parsing. */
  maxTextLength?: number;
}

interface ScriptedFailure {
  method: string | undefined;
  errorCode: number;
  description: string;
  retryAfter?: number;
}

interface Waiter {
  offset: number;
  limit: number;
  resolve: (updates: unknown[]) => void;
  timer: NodeJS.Timeout;
}

class Forbidden extends Error {}

const DEFAULT_BOT: FakeTelegramUser = {
  id: 7_000_000_001,
  is_bot: true,
  first_name: 'Dalal',
  username: 'dalal_test_bot',
};

/** Offsets and lengths of `/command` tokens, as Telegram marks them in `entities` (bot_command). */
function commandEntities(text: string): Array<{ type: 'bot_command'; offset: number; length: number }> {
  const entities: Array<{ type: 'bot_command'; offset: number; length: number }> = [];
  const pattern = /(^|\s)(\/[A-Za-z0-9_]{1,32}(?:@[A-Za-z0-9_]+)?)/g;
  for (let match = pattern.exec(text); match; match = pattern.exec(text)) {
    const lead = match[1] ?? '';
    const command = match[2] ?? '';
    entities.push({ type: 'bot_command', offset: match.index + lead.length, length: command.length });
  }
  return entities;
}

/**
 * A local Telegram Bot API server speaking the real wire format: `POST /bot<token>/<method>` with JSON
 * (or form) parameters, `{ok:true,result}` replies, `{ok:false,error_code,description,parameters}` errors
 * (429 with `parameters.retry_after`), `getUpdates` long polling with `offset` confirmation, and Telegram's
 * HTML parse mode checked the way the real server refuses it ("can't parse entities"). Tests play the
 * user: `userSends` and `userPresses` queue the updates a phone would cause.
 */
export class FakeBotApiServer {
  readonly token: string;
  readonly bot: FakeTelegramUser;
  readonly calls: FakeBotApiCall[] = [];
  readonly sent: FakeSentMessage[] = [];
  readonly callbackAnswers: FakeCallbackAnswer[] = [];
  /** Chats whose user blocked the bot (or never opened it): sendMessage answers 403 Forbidden. */
  readonly blockedChats = new Set<number>();
  private readonly server: Server;
  private readonly maxTextLength: number;
  private readonly updates: Array<{ update_id: number } & Record<string, unknown>> = [];
  private readonly waiters = new Set<Waiter>();
  private failures: ScriptedFailure[] = [];
  private nextUpdateId = 100_000;
  private nextMessageId = 1;
  private nextCallbackId = 1;
  private readonly nowSeconds = () => Math.floor(Date.now() / 1000);

  constructor(options: FakeBotApiOptions = {}) {
    this.token = options.token ?? '7000000001:AAFakeTokenForTestsOnly_0123456789ab';
    this.bot = options.botUser ?? DEFAULT_BOT;
    this.maxTextLength = options.maxTextLength ?? 4096;
    this.server = createServer((req, res) => void this.handle(req, res));
  }

  /** The `apiRoot` to give grammY (`new Bot(token, { client: { apiRoot } })`). */
  async start(): Promise<string> {
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    return this.url;
  }

  get url(): string {
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  async stop(): Promise<void> {
    for (const waiter of this.waiters) {
      clearTimeout(waiter.timer);
      waiter.resolve([]);
    }
    this.waiters.clear();
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  /** The next `count` calls of `method` (any method when undefined) fail; 429s carry `retry_after`. */
  failNext(
    count: number,
    failure: { method?: string; errorCode: number; description: string; retryAfter?: number },
  ): void {
    for (let i = 0; i < count; i++) this.failures.push({ ...failure, method: failure.method });
  }

  /** A user types `text` in their private chat with the bot. Returns the update id. */
  userSends(from: FakeTelegramUser, text: string): number {
    const entities = commandEntities(text);
    return this.pushUpdate({
      message: {
        message_id: this.nextMessageId++,
        from,
        chat: { id: from.id, type: 'private', first_name: from.first_name, username: from.username },
        date: this.nowSeconds(),
        text,
        ...(entities.length > 0 ? { entities } : {}),
      },
    });
  }

  /** A user presses an inline button with `data` under one of the bot's messages. Returns the query id. */
  userPresses(from: FakeTelegramUser, message: FakeSentMessage, data: string): string {
    const id = String(this.nextCallbackId++);
    this.pushUpdate({
      callback_query: {
        id,
        from,
        chat_instance: `ci-${message.chat_id}`,
        data,
        message: {
          message_id: message.message_id,
          from: this.bot,
          chat: { id: message.chat_id, type: 'private', first_name: from.first_name },
          date: this.nowSeconds(),
          text: message.text,
        },
      },
    });
    return id;
  }

  /** What getMe answers, field for field: tests pass it to grammY as `botInfo` to save the round trip. */
  get me() {
    return {
      ...this.bot,
      is_bot: true as const,
      username: this.bot.username ?? 'dalal_test_bot',
      can_join_groups: false,
      can_read_all_group_messages: false,
      supports_inline_queries: false,
      can_connect_to_business: false,
      has_main_web_app: false,
      has_topics_enabled: false,
      allows_users_to_create_topics: false,
      can_manage_bots: false,
      supports_join_request_queries: false,
    };
  }

  /** Messages sent to one chat, oldest first. */
  sentTo(chatId: number): FakeSentMessage[] {
    return this.sent.filter((m) => m.chat_id === chatId);
  }

  /** Updates queued and not yet confirmed by a later `getUpdates` offset. */
  get pendingUpdates(): number {
    return this.updates.length;
  }

  private pushUpdate(body: Record<string, unknown>): number {
    const update = { update_id: this.nextUpdateId++, ...body };
    this.updates.push(update);
    for (const waiter of [...this.waiters]) {
      const ready = this.readyUpdates(waiter.offset, waiter.limit);
      if (ready.length === 0) continue;
      clearTimeout(waiter.timer);
      this.waiters.delete(waiter);
      waiter.resolve(ready);
    }
    return update.update_id;
  }

  private readyUpdates(offset: number, limit: number): unknown[] {
    return this.updates.filter((u) => u.update_id >= offset).slice(0, limit);
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const match = /^\/bot([^/]+)\/([A-Za-z]+)$/.exec((req.url ?? '').split('?')[0] ?? '');
    const body = await readBody(req);
    if (!match) return reply(res, 404, { ok: false, error_code: 404, description: 'Not Found' });
    const [, token, method = ''] = match;
    let params: Record<string, unknown>;
    try {
      params = parseParams(req.headers['content-type'], body);
    } catch {
      return this.fail(res, method, {}, 400, 'Bad Request: invalid JSON in request body');
    }
    if (token !== this.token) return this.fail(res, method, params, 401, 'Unauthorized');
    const scripted = this.takeFailure(method);
    if (scripted) {
      return this.fail(res, method, params, scripted.errorCode, scripted.description, scripted.retryAfter);
    }
    try {
      const result = await this.dispatch(method, params);
      if (result === undefined) return this.fail(res, method, params, 404, 'Not Found: method not found');
      this.calls.push({ method, params, status: 200, at: Date.now() });
      return reply(res, 200, { ok: true, result });
    } catch (err) {
      if (err instanceof Forbidden) return this.fail(res, method, params, 403, `Forbidden: ${err.message}`);
      const message = err instanceof Error ? err.message : String(err);
      return this.fail(res, method, params, 400, `Bad Request: ${message}`);
    }
  }

  private takeFailure(method: string): ScriptedFailure | undefined {
    // getUpdates polls forever in the background: only failures aimed at it by name apply to it.
    const index = this.failures.findIndex(
      (f) => f.method === method || (f.method === undefined && method !== 'getUpdates'),
    );
    if (index < 0) return undefined;
    return this.failures.splice(index, 1)[0];
  }

  private fail(
    res: ServerResponse,
    method: string,
    params: Record<string, unknown>,
    errorCode: number,
    description: string,
    retryAfter?: number,
  ): void {
    this.calls.push({ method, params, status: errorCode, at: Date.now() });
    reply(res, errorCode, {
      ok: false,
      error_code: errorCode,
      description,
      ...(retryAfter === undefined ? {} : { parameters: { retry_after: retryAfter } }),
    });
  }

  private async dispatch(method: string, params: Record<string, unknown>): Promise<unknown> {
    switch (method) {
      case 'getMe':
        return this.me;
      case 'deleteWebhook':
      case 'setMyCommands':
        return true;
      case 'getUpdates':
        return this.getUpdates(params);
      case 'sendMessage':
        return this.sendMessage(params);
      case 'editMessageText':
        return this.editMessageText(params);
      case 'answerCallbackQuery':
        this.callbackAnswers.push({
          callback_query_id: requireString(params, 'callback_query_id'),
          text: optionalString(params, 'text'),
          show_alert: params['show_alert'] === true,
        });
        return true;
      default:
        return undefined;
    }
  }

  private getUpdates(params: Record<string, unknown>): Promise<unknown[]> {
    const offset = Number(params['offset'] ?? 0);
    const limit = Math.min(Math.max(Number(params['limit'] ?? 100), 1), 100);
    const timeout = Number(params['timeout'] ?? 0);
    // A given offset confirms every update below it: Telegram forgets them.
    if (offset > 0) {
      const confirmed = this.updates.findIndex((u) => u.update_id >= offset);
      this.updates.splice(0, confirmed < 0 ? this.updates.length : confirmed);
    }
    const ready = this.readyUpdates(offset, limit);
    if (ready.length > 0 || timeout <= 0) return Promise.resolve(ready);
    return new Promise((resolve) => {
      const waiter: Waiter = {
        offset,
        limit,
        resolve,
        timer: setTimeout(() => {
          this.waiters.delete(waiter);
          resolve([]);
        }, timeout * 1000),
      };
      this.waiters.add(waiter);
    });
  }

  private checkText(params: Record<string, unknown>): { text: string; parseMode?: string } {
    const text = requireString(params, 'text');
    const parseMode = optionalString(params, 'parse_mode');
    if (text.trim() === '') throw new Error('message text is empty');
    let visible = text;
    if (parseMode === 'HTML') {
      const checked = checkTelegramHtml(text);
      if (!checked.ok) throw new Error(`can't parse entities: ${checked.error}`);
      visible = checked.visibleText;
    } else if (parseMode !== undefined) {
      throw new Error(`unsupported parse_mode ${parseMode} in this fake`);
    }
    if (visible.length > this.maxTextLength) throw new Error('message is too long');
    return { text, parseMode };
  }

  private sendMessage(params: Record<string, unknown>): unknown {
    const chatId = requireChatId(params);
    if (this.blockedChats.has(chatId)) throw new Forbidden('bot was blocked by the user');
    const { text, parseMode } = this.checkText(params);
    const message: FakeSentMessage = {
      message_id: this.nextMessageId++,
      chat_id: chatId,
      text,
      parse_mode: parseMode,
      reply_markup: params['reply_markup'],
      history: [text],
    };
    this.sent.push(message);
    return this.messageJson(message);
  }

  private editMessageText(params: Record<string, unknown>): unknown {
    const chatId = requireChatId(params);
    const messageId = Number(params['message_id']);
    const message = this.sent.find((m) => m.chat_id === chatId && m.message_id === messageId);
    if (!message) throw new Error('message to edit not found');
    const { text, parseMode } = this.checkText(params);
    if (text === message.text && params['reply_markup'] === undefined && message.reply_markup === undefined)
      throw new Error(
        'message is not modified: specified new message content and reply markup are exactly the same as a current content and reply markup of the message',
      );
    message.text = text;
    message.parse_mode = parseMode;
    message.reply_markup = params['reply_markup'];
    message.history.push(text);
    return this.messageJson(message);
  }

  private messageJson(message: FakeSentMessage): unknown {
    return {
      message_id: message.message_id,
      from: this.bot,
      chat: { id: message.chat_id, type: 'private' },
      date: this.nowSeconds(),
      text: message.text,
      ...(message.reply_markup === undefined ? {} : { reply_markup: message.reply_markup }),
    };
  }
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

function parseParams(contentType: string | undefined, body: string): Record<string, unknown> {
  if (body === '') return {};
  if (contentType?.includes('application/x-www-form-urlencoded')) {
    return Object.fromEntries(new URLSearchParams(body));
  }
  const parsed: unknown = JSON.parse(body);
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed))
    throw new Error('not an object');
  const params = parsed as Record<string, unknown>;
  // Telegram accepts reply_markup as a JSON-serialised string too.
  if (typeof params['reply_markup'] === 'string') params['reply_markup'] = JSON.parse(params['reply_markup']);
  return params;
}

function requireString(params: Record<string, unknown>, name: string): string {
  const value = params[name];
  if (typeof value !== 'string') throw new Error(`${name} is required`);
  return value;
}

function optionalString(params: Record<string, unknown>, name: string): string | undefined {
  const value = params[name];
  return typeof value === 'string' ? value : undefined;
}

function requireChatId(params: Record<string, unknown>): number {
  const value = Number(params['chat_id']);
  if (!Number.isSafeInteger(value)) throw new Error('chat not found');
  return value;
}

function reply(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) });
  res.end(text);
}
