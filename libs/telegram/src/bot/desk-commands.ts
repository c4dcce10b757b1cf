import { Composer, InlineKeyboard, type Context } from 'grammy';

import { type Clock } from '@dalal/market';

import { type OutboxLogger } from '../alerts/telegram-outbox';
import { PNL_PERIODS, type DeskActor, type PnlPeriod, type TradingDesk } from '../desk/trading-desk';
import {
  formatHealth,
  formatOrders,
  formatPnl,
  formatPositions,
  formatRisk,
  formatSignals,
  formatStatus,
  HELP_TEXT,
  tradingStateLine,
} from '../format/desk-replies';
import { bold, escapeHtml, link } from '../format/html';
import { Confirmations } from './confirmations';

/** The commands in Telegram's menu (setMyCommands), in the order /help lists them. */
export const BOT_COMMANDS: ReadonlyArray<{ command: string; description: string }> = [
  { command: 'status', description: 'Mode, market, strategies, positions, today’s P&L' },
  { command: 'positions', description: 'Open positions' },
  { command: 'pnl', description: 'P&L: /pnl day|week|month' },
  { command: 'orders', description: 'Today’s orders' },
  { command: 'signals', description: 'Latest signals and their reasons' },
  { command: 'risk', description: 'Risk limits used' },
  { command: 'health', description: 'Services, feeds, bus, broker, disk, memory' },
  { command: 'stop', description: 'No new entries' },
  { command: 'start', description: 'Resume new entries' },
  { command: 'kill', description: 'Cancel all and flatten (asks first)' },
  { command: 'exit', description: 'Close one position: /exit <#>' },
  { command: 'login', description: 'Kite login link' },
  { command: 'help', description: 'All commands' },
];

const SIGNALS_SHOWN = 5;

export interface DeskCommandsOptions {
  desk: TradingDesk;
  clock: Clock;
  logger: OutboxLogger;
  confirmations?: Confirmations;
}

function actorOf(ctx: Context): DeskActor {
  const from = ctx.from!;
  return { id: `telegram:${from.id}`, name: from.username ? `@${from.username}` : from.first_name };
}

const html = { parse_mode: 'HTML' as const, link_preview_options: { is_disabled: true } };

/**
 * Every command the trader can send, each a thin call into the desk and a formatter. A desk failure is
 * answered with what failed and logged; it is never swallowed into silence.
 */
export function deskCommands(options: DeskCommandsOptions): Composer<Context> {
  const { desk, clock, logger } = options;
  const confirmations = options.confirmations ?? new Confirmations();
  const commands = new Composer<Context>();

  const answer = (name: string, work: (ctx: Context) => Promise<string>) =>
    commands.command(name, async (ctx) => {
      let text: string;
      try {
        text = await work(ctx);
      } catch (err) {
        const message = err instanceof Error ? err.message : String(err);
        logger.error('telegram command failed', { command: name, error: message });
        text = `⚠️ /${name} failed: ${escapeHtml(message)}`;
      }
      await ctx.reply(text, html);
    });

  answer('help', () => Promise.resolve(HELP_TEXT));
  answer('status', async () => formatStatus(await desk.status()));
  answer('positions', async () => formatPositions(await desk.positions()));
  answer('pnl', async (ctx) => {
    const arg = String(ctx.match ?? '')
      .trim()
      .toLowerCase();
    const period = (arg === '' ? 'day' : arg) as PnlPeriod;
    if (!PNL_PERIODS.includes(period))
      return `Unknown period "${escapeHtml(arg)}": use /pnl day, /pnl week or /pnl month.`;
    return formatPnl(await desk.pnl(period));
  });
  answer('orders', async () => formatOrders(await desk.orders()));
  answer('signals', async () => formatSignals(await desk.signals(SIGNALS_SHOWN)));
  answer('risk', async () => formatRisk(await desk.risk()));
  answer('health', async () => formatHealth(await desk.health(), clock.now()));
  answer('stop', async (ctx) => {
    const outcome = await desk.stopEntries(actorOf(ctx));
    return `${outcome.ok ? '⏸' : '⚠️'} ${escapeHtml(outcome.message)}`;
  });
  answer('exit', async (ctx) => {
    const id = String(ctx.match ?? '')
      .trim()
      .replace(/^#/, '');
    if (id === '') return 'Which position? Send /exit &lt;#&gt; with a # from /positions.';
    const outcome = await desk.exitPosition(id, actorOf(ctx));
    return `${outcome.ok ? '✅' : '⚠️'} ${escapeHtml(outcome.message)}`;
  });
  answer('login', async (ctx) => {
    const url = await desk.kiteLoginUrl(actorOf(ctx));
    return `${link(url, 'Log in to Kite')} to issue today’s token. The link works once.`;
  });

  // /start is also what Telegram sends when someone first opens the bot, so it never resumes trading
  // by itself: it shows where things stand and asks with a button.
  commands.command('start', async (ctx) => {
    try {
      const status = await desk.status();
      if (status.tradingState === 'ACTIVE') {
        await ctx.reply(`New entries are allowed: ${tradingStateLine('ACTIVE')}.\n\n${HELP_TEXT}`, html);
        return;
      }
      const nonce = confirmations.ask('resume', ctx.from!.id, clock.now().getTime());
      await ctx.reply(`Trading: ${tradingStateLine(status.tradingState)}.\nResume new entries?`, {
        ...html,
        reply_markup: new InlineKeyboard()
          .text('▶️ Resume new entries', `resume:${nonce}`)
          .row()
          .text('Cancel', `cancel:${nonce}`),
      });
    } catch (err) {
      const message = err instanceof Error ? err.message : String(err);
      logger.error('telegram command failed', { command: 'start', error: message });
      await ctx.reply(`⚠️ /start failed: ${escapeHtml(message)}`, html);
    }
  });

  commands.command('kill', async (ctx) => {
    const nonce = confirmations.ask('kill', ctx.from!.id, clock.now().getTime());
    await ctx.reply(
      [
        `🛑 ${bold('Engage the kill switch?')}`,
        'This cancels every open order, flattens every position and halts trading until re-armed.',
        'The button works for 60 seconds.',
      ].join('\n'),
      {
        ...html,
        reply_markup: new InlineKeyboard()
          .text('🛑 Yes: cancel all and flatten', `kill:${nonce}`)
          .row()
          .text('No, keep trading', `cancel:${nonce}`),
      },
    );
  });

  commands.callbackQuery(/^(kill|resume|cancel):([0-9a-f]+)$/, async (ctx) => {
    const [, verb, nonce = ''] = ctx.match as RegExpMatchArray;
    const userId = ctx.from.id;
    if (verb === 'cancel') {
      confirmations.cancel(nonce, userId);
      await ctx.answerCallbackQuery({ text: 'Cancelled' });
      await ctx.editMessageText('Cancelled: nothing was changed.');
      return;
    }
    const result = confirmations.answer(nonce, userId, clock.now().getTime());
    if (!result.ok || result.action !== verb) {
      const why =
        !result.ok && result.why === 'expired' ? 'This question expired' : 'This button is no longer valid';
      await ctx.answerCallbackQuery({ text: `${why}: nothing was changed.`, show_alert: true });
      await ctx.editMessageText(
        `${why}: nothing was changed. Send /${verb === 'kill' ? 'kill' : 'start'} again.`,
      );
      return;
    }
    await ctx.answerCallbackQuery({ text: verb === 'kill' ? 'Engaging the kill switch…' : 'Resuming…' });
    const actor = actorOf(ctx);
    let text: string;
    try {
      const outcome =
        verb === 'kill'
          ? await desk.killSwitch(actor, `Telegram /kill by ${actor.name}`)
          : await desk.startEntries(actor);
      text = `${outcome.ok ? (verb === 'kill' ? '🛑' : '▶️') : '⚠️'} ${escapeHtml(outcome.message)}`;
    } catch (err) {
      const message = err instanceof Error ? err.message : String(err);
      logger.error('telegram confirmed action failed', { action: verb, error: message });
      text = `⚠️ ${verb === 'kill' ? 'Kill switch' : 'Resume'} FAILED: ${escapeHtml(message)}`;
    }
    await ctx.editMessageText(text, { parse_mode: 'HTML' });
  });

  commands.on('callback_query', (ctx) =>
    ctx.answerCallbackQuery({ text: 'This button is no longer valid.' }),
  );
  commands.on('message', (ctx) =>
    ctx.reply('Unknown command. Send /help for the list.', { link_preview_options: { is_disabled: true } }),
  );
  return commands;
}
