import { DomainError } from '../errors/domain-error';
import { type Decimal, ZERO } from '../money/decimal';
import {
  applyFillToPosition,
  FLAT_POSITION,
  markToMarket,
  type Position,
  type PositionFill,
  type PositionValuation,
} from './position';

/**
 * Positions per (strategy, instrument), so every rupee of P&L is attributed to the strategy that traded
 * it. Two strategies long and short the same option are two positions here, even though the broker nets
 * them into one. Immutable: every fill returns a new book.
 */
export type PositionBook = ReadonlyMap<string, BookEntry>;

export interface BookEntry {
  readonly strategyId: string;
  readonly instrumentKey: string;
  readonly position: Position;
}

export interface BookFill extends PositionFill {
  readonly strategyId: string;
  /** `instrumentKey(instrument)`, e.g. `NFO:NIFTY2622425000CE`. */
  readonly instrumentKey: string;
}

export const EMPTY_BOOK: PositionBook = new Map();

function entryKey(strategyId: string, instrumentKey: string): string {
  return `${strategyId}\u0000${instrumentKey}`;
}

export function positionIn(book: PositionBook, strategyId: string, instrumentKey: string): Position {
  return book.get(entryKey(strategyId, instrumentKey))?.position ?? FLAT_POSITION;
}

export function applyFillToBook(book: PositionBook, fill: BookFill): PositionBook {
  const key = entryKey(fill.strategyId, fill.instrumentKey);
  const position = applyFillToPosition(positionIn(book, fill.strategyId, fill.instrumentKey), fill);
  const next = new Map(book);
  next.set(key, { strategyId: fill.strategyId, instrumentKey: fill.instrumentKey, position });
  return next;
}

export interface BookValuation {
  readonly positions: readonly (PositionValuation & {
    readonly strategyId: string;
    readonly instrumentKey: string;
  })[];
  readonly byStrategy: ReadonlyMap<
    string,
    { readonly realizedPnl: Decimal; readonly unrealizedPnl: Decimal; readonly totalPnl: Decimal }
  >;
  readonly realizedPnl: Decimal;
  readonly unrealizedPnl: Decimal;
  readonly totalPnl: Decimal;
}

/**
 * Value every position at `marks` (instrumentKey → last price). An open position without a mark is an
 * error, not a silent zero: a missing price would make P&L look flat exactly when it matters.
 * Flat positions need no mark; their P&L is all realized.
 */
export function markBookToMarket(book: PositionBook, marks: ReadonlyMap<string, Decimal>): BookValuation {
  const positions: BookValuation['positions'][number][] = [];
  const byStrategy = new Map<string, { realizedPnl: Decimal; unrealizedPnl: Decimal; totalPnl: Decimal }>();
  let realizedPnl = ZERO;
  let unrealizedPnl = ZERO;

  for (const entry of book.values()) {
    const mark = marks.get(entry.instrumentKey);
    if (mark === undefined && !entry.position.netQuantity.isZero()) {
      throw new DomainError(
        'NO_REFERENCE_DATA',
        `no mark price for open position in ${entry.instrumentKey}`,
        {
          strategyId: entry.strategyId,
          instrumentKey: entry.instrumentKey,
        },
      );
    }
    const valuation = markToMarket(entry.position, mark ?? ZERO);
    positions.push({ ...valuation, strategyId: entry.strategyId, instrumentKey: entry.instrumentKey });
    const sum = byStrategy.get(entry.strategyId) ?? {
      realizedPnl: ZERO,
      unrealizedPnl: ZERO,
      totalPnl: ZERO,
    };
    byStrategy.set(entry.strategyId, {
      realizedPnl: sum.realizedPnl.plus(valuation.realizedPnl),
      unrealizedPnl: sum.unrealizedPnl.plus(valuation.unrealizedPnl),
      totalPnl: sum.totalPnl.plus(valuation.totalPnl),
    });
    realizedPnl = realizedPnl.plus(valuation.realizedPnl);
    unrealizedPnl = unrealizedPnl.plus(valuation.unrealizedPnl);
  }

  return { positions, byStrategy, realizedPnl, unrealizedPnl, totalPnl: realizedPnl.plus(unrealizedPnl) };
}
