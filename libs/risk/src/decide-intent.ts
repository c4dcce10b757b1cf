import { Decimal, ZERO } from '@dalal/domain';

import { type RiskDecision, type RiskWarning } from './risk-decision';
import { type RiskIntent, type RiskLeg } from './risk-intent';
import { type RiskLimits } from './risk-limits';
import { type RiskReason } from './risk-reason';
import { type RiskSnapshot } from './risk-snapshot';
import { tradingStateRefusal } from './trading-state';

const minutesOf = (hhmm: string): number => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));

const refuse = (code: RiskReason, message: string, warnings: readonly RiskWarning[] = []): RiskDecision => ({
  approved: false,
  code,
  message,
  warnings,
});

/**
 * Risk's verdict on one intent: the rules in a fixed order, the first that refuses wins; an entry that
 * passes is sized in whole sets (lots). Pure: the same intent, snapshot and limits give the same answer
 * in a backtest and in the risk manager. Duplicate suppression is the caller's (it needs memory).
 */
export function decideIntent(intent: RiskIntent, snapshot: RiskSnapshot, limits: RiskLimits): RiskDecision {
  return intent.action === 'EXIT' ? decideExit(intent, snapshot) : decideEntry(intent, snapshot, limits);
}

function decideExit(intent: RiskIntent, snapshot: RiskSnapshot): RiskDecision {
  const refusal = tradingStateRefusal(snapshot.tradingState, 'EXIT');
  if (refusal !== undefined) return refuse('TRADING_HALTED', refusal);
  if (!snapshot.hasOpenPosition) return refuse('NO_OPEN_POSITION', 'no open position to exit');
  if (snapshot.exitPending) return refuse('EXIT_ALREADY_WORKING', 'an exit is already working');
  return { approved: true, sets: 1, legs: intent.legs, halved: false, warnings: [] };
}

function decideEntry(intent: RiskIntent, snapshot: RiskSnapshot, limits: RiskLimits): RiskDecision {
  const refusal = tradingStateRefusal(snapshot.tradingState, 'ENTER');
  if (refusal !== undefined) {
    return refuse(snapshot.tradingState === 'HALTED' ? 'TRADING_HALTED' : 'TRADING_REDUCING', refusal);
  }
  const warnings = usageWarnings(snapshot, limits);
  if (limits.maxOpenPositions !== null && snapshot.openPositions >= limits.maxOpenPositions) {
    return refuse(
      'MAX_OPEN_POSITIONS',
      `${snapshot.openPositions} position(s) open or on their way, limit ${limits.maxOpenPositions}`,
      warnings,
    );
  }
  if (limits.maxTradesPerDay !== null && snapshot.tradesToday >= limits.maxTradesPerDay) {
    return refuse(
      'MAX_TRADES_PER_DAY',
      `${snapshot.tradesToday} trades today, limit ${limits.maxTradesPerDay}`,
      warnings,
    );
  }
  const pnlToday = snapshot.realizedNetToday.plus(snapshot.unrealized);
  if (limits.dailyLossLimit !== null && pnlToday.lte(-limits.dailyLossLimit)) {
    return refuse(
      'DAILY_LOSS_LIMIT',
      `today's P&L ₹${pnlToday.toFixed(2)} is at the ₹${limits.dailyLossLimit} loss limit`,
      warnings,
    );
  }
  const drawdown = snapshot.peakPnlToday.minus(pnlToday);
  if (limits.maxDrawdownFromPeak !== null && drawdown.gte(limits.maxDrawdownFromPeak)) {
    return refuse(
      'MAX_DRAWDOWN',
      `₹${drawdown.toFixed(2)} down from today's peak, limit ₹${limits.maxDrawdownFromPeak}`,
      warnings,
    );
  }
  if (limits.lossStreakToPause !== null && snapshot.consecutiveLosses >= limits.lossStreakToPause) {
    return refuse(
      'LOSS_STREAK_PAUSE',
      `${snapshot.consecutiveLosses} losses in a row, pause at ${limits.lossStreakToPause}`,
      warnings,
    );
  }
  if (intent.minuteOfDay < minutesOf(limits.entryFrom) || intent.minuteOfDay > minutesOf(limits.entryUntil)) {
    return refuse(
      'OUTSIDE_ENTRY_WINDOW',
      `entries only ${limits.entryFrom}–${limits.entryUntil} IST`,
      warnings,
    );
  }
  const lastEntryMinute = minutesOf(limits.squareOffAt) - limits.noEntryMinutesBeforeSquareOff;
  if (intent.minuteOfDay > lastEntryMinute) {
    return refuse(
      'NEAR_SQUARE_OFF',
      `no entries within ${limits.noEntryMinutesBeforeSquareOff} min of the ${limits.squareOffAt} square-off`,
      warnings,
    );
  }

  let sets = 1;
  if (intent.sizing.kind === 'RISK') {
    const budget = snapshot.equity.times(limits.riskPerTrade);
    sets = intent.sizing.riskPerSet.gt(0) ? budget.div(intent.sizing.riskPerSet).floor().toNumber() : 0;
    if (sets < 1) {
      return refuse(
        'SIZE_BELOW_ONE_LOT',
        `one lot risks ₹${intent.sizing.riskPerSet.toFixed(2)}, over the ₹${budget.toFixed(2)} budget (${limits.riskPerTrade * 100}% of equity)`,
        warnings,
      );
    }
  }
  const halved = limits.lossStreakToHalve !== null && snapshot.consecutiveLosses >= limits.lossStreakToHalve;
  if (halved) sets = Math.max(1, Math.floor(sets / 2));
  const legs: RiskLeg[] = intent.legs.map((leg) => ({ ...leg, quantity: leg.quantity * sets }));

  for (const leg of legs) {
    const after = snapshot.openQuantity(leg.instrument) + leg.quantity;
    if (limits.maxOpenQuantity !== null && after > limits.maxOpenQuantity) {
      return refuse(
        'MAX_OPEN_QUANTITY',
        `${leg.instrument}: ${after} units would exceed ${limits.maxOpenQuantity}`,
        warnings,
      );
    }
    if (leg.freezeQuantity !== undefined && leg.quantity > leg.freezeQuantity * limits.maxFreezeSlices) {
      return refuse(
        'FREEZE_LIMIT',
        `${leg.instrument}: ${leg.quantity} units is more than ${limits.maxFreezeSlices} slices of the ${leg.freezeQuantity} freeze quantity`,
        warnings,
      );
    }
  }
  if (snapshot.availableMargin !== undefined) {
    const premium = legs.reduce(
      (sum, leg) => (leg.side === 'BUY' && leg.price ? sum.plus(leg.price.times(leg.quantity)) : sum),
      ZERO as Decimal,
    );
    if (premium.gt(snapshot.availableMargin)) {
      return refuse(
        'INSUFFICIENT_MARGIN',
        `needs ₹${premium.toFixed(2)}, the broker has ₹${snapshot.availableMargin.toFixed(2)} available`,
        warnings,
      );
    }
  }
  return { approved: true, sets, legs, halved, warnings: usageWarnings(snapshot, limits, 1) };
}

/** Limits used at or above `warnAt` (80%), counting `entering` more trades and positions. */
export function usageWarnings(snapshot: RiskSnapshot, limits: RiskLimits, entering = 0): RiskWarning[] {
  const warnings: RiskWarning[] = [];
  const watch = (limit: RiskWarning['limit'], used: Decimal | number, limitValue: number | null): void => {
    if (limitValue === null || limitValue <= 0) return;
    const usedDecimal = new Decimal(used);
    const ratio = usedDecimal.div(limitValue).toNumber();
    if (ratio >= limits.warnAt)
      warnings.push({ limit, used: usedDecimal.toString(), limitValue: String(limitValue), ratio });
  };
  const pnlToday = snapshot.realizedNetToday.plus(snapshot.unrealized);
  watch('maxTradesPerDay', snapshot.tradesToday + entering, limits.maxTradesPerDay);
  // With one position allowed every entry would "use 100%": only a real portfolio limit is watched.
  if (limits.maxOpenPositions !== null && limits.maxOpenPositions > 1) {
    watch('maxOpenPositions', snapshot.openPositions + entering, limits.maxOpenPositions);
  }
  watch('dailyLossLimit', pnlToday.isNegative() ? pnlToday.negated() : ZERO, limits.dailyLossLimit);
  watch('maxDrawdownFromPeak', snapshot.peakPnlToday.minus(pnlToday), limits.maxDrawdownFromPeak);
  watch('lossStreakToPause', snapshot.consecutiveLosses, limits.lossStreakToPause);
  return warnings;
}
