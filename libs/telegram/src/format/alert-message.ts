import { type Alert } from '@dalal/contracts';
import { dec, type Decimal } from '@dalal/domain';

import { inr, istDateTime, istDay, istTime, signedInr } from './display';
import { bold, code, escapeHtml } from './html';

const SEVERITY_ICON: Record<Alert['severity'], string> = { INFO: 'ℹ️', WARNING: '⚠️', CRITICAL: '🚨' };

/** Headlines for the codes the services raise; an unknown code shows as itself. */
const TITLES: Record<string, string> = {
  risk_limit_warning: 'Risk limit at 80%',
  risk_limit_hit: 'Risk limit hit',
  daily_loss_limit: 'Daily loss limit hit',
  kill_switch_engaged: 'Kill switch used',
  broker_token_expired: 'Broker token expired',
  broker_token_expiring: 'Broker token expiring',
  reconciliation_mismatch: 'Reconciliation mismatch',
  feed_stale: 'Market data feed stale',
  feed_recovered: 'Market data feed recovered',
  feed_disconnected: 'Market data feed disconnected',
  feed_reconnected: 'Market data feed reconnected',
  feed_connect_failed: 'Market data feed cannot connect',
  message_dead_lettered: 'Message dead-lettered',
  service_down: 'Service down',
  risk_day_summary: 'End of day',
  end_of_day_summary: 'End of day',
  order_outcome_unknown: 'Order outcome unknown',
  basket_leg_failed: 'Basket leg failed',
  flatten_failed: 'Flatten failed',
  broker_circuit_open: 'Broker requests stopped',
  broker_circuit_closed: 'Broker requests flow again',
  instruments_load_failed: 'Instrument master not loaded',
  md_backfill_failed: 'Market data gap not filled',
  strategy_failed: 'Strategy failed',
  strategy_not_started: 'Strategy not started',
  risk_settings_invalid: 'Risk settings invalid',
  trading_state_write_failed: 'Trading state not saved',
};

type Details = Alert['details'];

const text = (details: Details, key: string): string | undefined => {
  const value = details[key];
  return value === undefined || value === null ? undefined : String(value);
};

/** A decimal detail (wire decimals are strings; a number is accepted as the producer's exact value). */
function decimal(details: Details, key: string): Decimal | undefined {
  const value = text(details, key);
  if (value === undefined) return undefined;
  try {
    return dec(value);
  } catch {
    return undefined;
  }
}

function instant(details: Details, key: string): Date | undefined {
  const value = text(details, key);
  const at = value === undefined ? undefined : new Date(value);
  return at && Number.isFinite(at.getTime()) ? at : undefined;
}

/** Keys whose values are amounts of rupees, shown in Indian grouping. */
const MONEY_KEY = /(pnl|amount|loss|profit|drawdown|charges|margin|price)$/i;
/** Keys whose values are instants, shown in IST. */
const TIME_KEY = /(At|Time|since|expiresAt)$/;

/** One `key: value` line per detail, money in ₹ and instants in IST, for codes without their own layout. */
function detailLines(details: Details, skip: readonly string[] = []): string[] {
  return Object.entries(details)
    .filter(([key, value]) => !skip.includes(key) && value !== null && value !== '')
    .map(([key, value]) => {
      const shown =
        MONEY_KEY.test(key) && decimal(details, key) !== undefined && typeof value !== 'boolean'
          ? inr(decimal(details, key)!)
          : TIME_KEY.test(key) && instant(details, key)
            ? istDateTime(instant(details, key)!)
            : String(value);
      return `${escapeHtml(key)}: ${escapeHtml(shown)}`;
    });
}

/** The day's summary (risk-manager's risk_day_summary): max drawdown only when the producer sent it. */
function endOfDay(alert: Alert): string[] {
  const d = alert.details;
  const trades = Number(text(d, 'trades') ?? 0);
  const wins = Number(text(d, 'wins') ?? 0);
  const losses = Number(text(d, 'losses') ?? 0);
  const net = decimal(d, 'netPnl');
  const drawdown = decimal(d, 'maxDrawdown');
  const date = text(d, 'date');
  const winRate = trades > 0 ? `${Math.round((wins / trades) * 100)}%` : '–';
  return [
    ...(date && /^\d{4}-\d{2}-\d{2}$/.test(date) ? [istDay(date)] : []),
    `Net P&amp;L: ${net ? bold(signedInr(net)) : '–'}`,
    `Trades: ${trades} · wins ${wins} · losses ${losses}`,
    `Win rate: ${winRate}`,
    ...(drawdown ? [`Max drawdown: ${inr(drawdown.abs())}`] : []),
  ];
}

/** Risk limits counted in rupees (the rest are counts: trades, positions, losses in a row). */
const MONEY_LIMIT = /loss|drawdown|pnl|exposure|margin|premium/i;

/** risk-manager's warning: `limit` names the limit, `used` and `limitValue` its numbers, `ratio` the share. */
function riskLimit(alert: Alert): string[] {
  const d = alert.details;
  const name = text(d, 'limit') ?? '';
  const used = decimal(d, 'used');
  const max = decimal(d, 'limitValue');
  const show = (v: Decimal) => (MONEY_LIMIT.test(name) ? inr(v) : v.toString());
  const ratio = Number(text(d, 'ratio'));
  const pct = Number.isFinite(ratio) ? ` (${Math.round(ratio * 100)}%)` : '';
  return [
    escapeHtml(alert.message),
    ...(name ? [`Limit: ${code(name)}`] : []),
    ...(used && max ? [`Used: ${bold(show(used))} of ${show(max)}${pct}`] : []),
  ];
}

/** risk-manager's daily loss stop: `loss` and `limit` in rupees. */
function dailyLoss(alert: Alert): string[] {
  const loss = decimal(alert.details, 'loss');
  const limit = decimal(alert.details, 'limit');
  return [
    escapeHtml(alert.message),
    ...(loss && limit ? [`Loss: ${bold(inr(loss.abs()))} of ${inr(limit)}`] : []),
  ];
}

function tokenExpiry(alert: Alert): string[] {
  const expiresAt = instant(alert.details, 'expiresAt');
  const label = alert.code === 'broker_token_expired' ? 'Expired' : 'Expires';
  return [
    escapeHtml(alert.message),
    ...(expiresAt ? [`${label}: ${istDateTime(expiresAt)}`] : []),
    'Send /login for a fresh Kite login link.',
  ];
}

/**
 * The Telegram message for one bus alert: severity icon and headline, the producer's own sentence, and
 * the details laid out for a phone. Known codes get their own layout; every other code still arrives,
 * with its details listed, so no alert is dropped for being new.
 */
export function formatAlertMessage(alert: Alert, raisedAt: Date): string {
  const title = TITLES[alert.code] ?? alert.code;
  const head = `${SEVERITY_ICON[alert.severity]} ${bold(title)} · ${istTime(raisedAt)}`;
  let body: string[];
  switch (alert.code) {
    case 'risk_day_summary':
    case 'end_of_day_summary':
      body = endOfDay(alert);
      break;
    case 'risk_limit_warning':
    case 'risk_limit_hit':
      body = riskLimit(alert);
      break;
    case 'daily_loss_limit':
      body = dailyLoss(alert);
      break;
    case 'broker_token_expired':
    case 'broker_token_expiring':
      body = tokenExpiry(alert);
      break;
    default:
      body = [escapeHtml(alert.message), ...detailLines(alert.details)];
  }
  return [head, ...body].join('\n');
}
