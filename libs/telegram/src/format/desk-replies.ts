import { type TradingState } from '@dalal/risk';

import {
  type DeskStatus,
  type HealthView,
  type OrderView,
  type PnlView,
  type PositionView,
  type RiskView,
  type SignalView,
} from '../desk/trading-desk';
import { bytes, indicatorList, inr, istDateTime, istDay, istTime, sideOf, signedInr } from './display';
import { bold, code, escapeHtml } from './html';

const STATE_WORDS: Record<TradingState, string> = {
  ACTIVE: '🟢 ACTIVE (entries allowed)',
  REDUCING: '🟡 REDUCING (exits only, no new entries)',
  HALTED: '🔴 HALTED (kill switch)',
};

export function tradingStateLine(state: TradingState): string {
  return STATE_WORDS[state];
}

export function formatStatus(s: DeskStatus): string {
  const strategies = s.strategiesRunning.length === 0 ? 'none' : s.strategiesRunning.map(code).join(', ');
  return [
    bold(`Dalal · ${s.mode.toUpperCase()}`),
    `Market: ${s.marketOpen ? 'open' : 'closed'}`,
    `Trading: ${tradingStateLine(s.tradingState)}`,
    `Strategies running: ${strategies}`,
    `Open positions: ${s.openPositions}`,
    `Today's P&amp;L: ${bold(signedInr(s.todayPnl))}`,
    `<i>as of ${istTime(s.asOf)}</i>`,
  ].join('\n');
}

export function formatPositions(positions: readonly PositionView[]): string {
  if (positions.length === 0) return 'No open positions.';
  const blocks = positions.map((p) =>
    [
      `${code(`#${p.id}`)} ${bold(p.instrument)} ${escapeHtml(p.exchange)}`,
      `${sideOf(p.netQuantity)} @ ${inr(p.averagePrice)}${p.markPrice ? ` · LTP ${inr(p.markPrice)}` : ''}`,
      `P&amp;L ${p.unrealizedPnl ? `${bold(signedInr(p.unrealizedPnl))} open` : '– open (no price yet)'} · ${signedInr(p.realizedPnl)} booked`,
      `<i>${escapeHtml(p.strategyId)}</i>`,
    ].join('\n'),
  );
  return [bold(`Open positions (${positions.length})`), ...blocks, 'Close one with /exit &lt;#&gt;'].join(
    '\n\n',
  );
}

export function formatPnl(p: PnlView): string {
  const range = p.from === p.to ? istDay(p.from) : `${istDay(p.from)} – ${istDay(p.to)}`;
  return [
    bold(`P&L · ${p.period} · ${range}`),
    `Net: ${bold(signedInr(p.net))}`,
    `Realised: ${signedInr(p.realized)}`,
    `Unrealised: ${signedInr(p.unrealized)}`,
    `Charges: ${inr(p.charges)}`,
    `Trades: ${p.trades}`,
  ].join('\n');
}

export function formatOrders(orders: readonly OrderView[]): string {
  if (orders.length === 0) return 'No orders today.';
  const shown = orders.slice(0, 15);
  const lines = shown.map((o) => {
    const price = o.averagePrice ?? o.price;
    const filled = o.filledQuantity === o.quantity ? '' : ` (${o.filledQuantity}/${o.quantity} filled)`;
    return [
      `${o.side === 'BUY' ? '🟩' : '🟥'} ${o.side} ${o.quantity} ${bold(o.instrument)}${price ? ` @ ${inr(price)}` : ''}`,
      `${code(o.state)}${filled} · ${istTime(o.updatedAt)}${o.reason ? ` · ${escapeHtml(o.reason)}` : ''}`,
    ].join('\n');
  });
  const more = orders.length > shown.length ? [`<i>…and ${orders.length - shown.length} more</i>`] : [];
  return [bold(`Orders today (${orders.length})`), ...lines, ...more].join('\n\n');
}

export function formatSignals(signals: readonly SignalView[]): string {
  if (signals.length === 0) return 'No signals yet today.';
  const blocks = signals.map((s) => {
    const verdict =
      s.verdict === undefined
        ? ''
        : s.verdict === 'APPROVED'
          ? ' · ✅ approved'
          : ` · ⛔ rejected${s.rejection ? `: ${escapeHtml(s.rejection)}` : ''}`;
    return [
      `${bold(`${s.action} ${s.instruments.join(' + ')}`)}`,
      `${escapeHtml(s.strategyId)} · rule ${code(s.reason)} · ${istTime(s.at)}${verdict}`,
      ...(Object.keys(s.indicators).length > 0 ? [escapeHtml(indicatorList(s.indicators))] : []),
    ].join('\n');
  });
  return [bold('Latest signals'), ...blocks].join('\n\n');
}

export function formatRisk(r: RiskView): string {
  const lines = r.limits.map((l) => {
    const show = (v: typeof l.used) => (l.unit === 'INR' ? inr(v) : v.toString());
    if (l.limit === undefined) return `⚪ ${escapeHtml(l.name)}: ${show(l.used)}`;
    const pct = l.limit.isZero() ? 0 : l.used.div(l.limit).mul(100).toNumber();
    const mark = pct >= 100 ? '🔴' : pct >= 80 ? '🟠' : '🟢';
    return `${mark} ${escapeHtml(l.name)}: ${show(l.used)} of ${show(l.limit)} (${Math.round(pct)}%)`;
  });
  const none = lines.length === 0 ? ['No risk counters yet today.'] : [];
  return [bold('Risk'), `Trading: ${tradingStateLine(r.tradingState)}`, ...lines, ...none].join('\n');
}

export function formatHealth(h: HealthView, now: Date): string {
  const services = h.services.map(
    (s) => `${s.up ? '🟢' : '🔴'} ${escapeHtml(s.name)}${s.detail ? ` · ${escapeHtml(s.detail)}` : ''}`,
  );
  const feeds = h.feeds.map((f) => {
    const age =
      f.lastTickAt === null
        ? 'no tick yet'
        : `last tick ${Math.round((now.getTime() - f.lastTickAt.getTime()) / 1000)} s ago`;
    return `${f.stale ? '🟠' : '🟢'} feed ${escapeHtml(f.name)} · ${age}`;
  });
  const lag = h.busLag.map(
    (l) =>
      `${l.pending > 1000 ? '🟠' : '🟢'} ${code(l.stream)} → ${escapeHtml(l.group)}: ${l.pending} pending`,
  );
  const broker = h.brokerSession
    ? `${h.brokerSession.valid ? '🟢' : '🔴'} broker ${escapeHtml(h.brokerSession.broker)} session ${
        h.brokerSession.valid ? 'valid' : 'EXPIRED: /login'
      }${h.brokerSession.expiresAt ? ` until ${istDateTime(h.brokerSession.expiresAt)}` : ''}`
    : '⚪ no broker session (paper)';
  const disk = h.disk
    ? `${h.disk.freeBytes / h.disk.totalBytes < 0.1 ? '🟠' : '🟢'} disk ${bytes(h.disk.freeBytes)} free of ${bytes(h.disk.totalBytes)}`
    : '⚪ disk unknown';
  const memory = `🟢 memory ${bytes(h.memory.rssBytes)} RSS, heap ${bytes(h.memory.heapUsedBytes)}`;
  return [bold('Health'), ...services, ...feeds, ...lag, broker, disk, memory].join('\n');
}

export const HELP_TEXT = [
  bold('Dalal bot'),
  '/status – mode, market, strategies, positions, today’s P&amp;L',
  '/positions – open positions with their #',
  '/pnl [day|week|month] – profit and loss',
  '/orders – today’s orders',
  '/signals – latest signals and why',
  '/risk – limits used',
  '/health – services, feeds, bus, broker, disk, memory',
  '/stop – no new entries (exits continue)',
  '/start – resume new entries (asks first)',
  '/kill – cancel all orders and flatten (asks first)',
  '/exit &lt;#&gt; – close one position',
  '/login – Kite login link for today’s token',
  '/help – this list',
].join('\n');
