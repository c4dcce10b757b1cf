import { type Fill } from '@dalal/contracts';
import { dec, type Decimal } from '@dalal/domain';
import { parseTradingSymbol } from '@dalal/market';

import { type FillContext } from '../desk/trading-desk';
import { indicatorList, inr, istDay, istTime, signedInr } from './display';
import { bold, code, escapeHtml } from './html';

/**
 * An option's tradingsymbol as a trader says it: `NIFTY 25000 CE · 8 Dec 2026 expiry`. Anything that does
 * not parse (crypto, equities, a symbol from a newer format) is shown as it is.
 */
export function describeInstrument(instrument: string): string {
  try {
    const parsed = parseTradingSymbol(instrument);
    if (parsed.strike === undefined) return `${parsed.underlying} FUT · ${istDay(parsed.expiry)} expiry`;
    return `${parsed.underlying} ${parsed.strike} ${parsed.type} · ${istDay(parsed.expiry)} expiry`;
  } catch {
    // Not an index derivative symbol: the raw name is the most accurate thing to show.
    return instrument;
  }
}

/**
 * The trade alert for one fill: entered or exited, with the instrument and strike, side, quantity, price,
 * IST time, stop, the rule and indicator values behind it, and the P&L on an exit. Without context (the
 * desk could not say why) it still reports the fill itself.
 */
export function formatTradeMessage(fill: Fill, context: FillContext | null): string {
  // Binance spot trades are priced in the quote asset (USDT), not rupees.
  const money =
    fill.exchange === 'BINANCE'
      ? (amount: Decimal) => `${amount.toFixed()} ${quoteAsset(fill.instrument)}`
      : inr;
  const signedMoney =
    fill.exchange === 'BINANCE'
      ? (amount: Decimal) =>
          `${amount.isNegative() ? '' : '+'}${amount.toFixed()} ${quoteAsset(fill.instrument)}`
      : signedInr;
  const head =
    context === null
      ? `🔔 ${bold('Order filled')}`
      : context.action === 'ENTER'
        ? `🟢 ${bold('Trade entered')}`
        : `${context.realizedPnl?.isNegative() ? '🔻' : '✅'} ${bold('Trade exited')}`;
  const lines = [
    head,
    bold(describeInstrument(fill.instrument)),
    `${fill.side} ${fill.quantity} @ ${bold(money(dec(fill.price)))} · ${istTime(new Date(fill.filledAt))}`,
    `${code(fill.instrument)} ${escapeHtml(fill.exchange)} · ${escapeHtml(fill.strategyId)}`,
  ];
  if (context?.realizedPnl !== undefined) lines.push(`P&amp;L: ${bold(signedMoney(context.realizedPnl))}`);
  if (context?.stop !== undefined) lines.push(`Stop: ${money(context.stop)}`);
  if (context) {
    lines.push(`Rule: ${code(context.rule)}`);
    if (Object.keys(context.indicators).length > 0) lines.push(escapeHtml(indicatorList(context.indicators)));
  }
  lines.push(`Charges: ${money(dec(fill.charges))}`);
  return lines.join('\n');
}

function quoteAsset(symbol: string): string {
  return /(USDT|USDC|FDUSD|BUSD|BTC|ETH|BNB)$/.exec(symbol)?.[1] ?? '';
}
