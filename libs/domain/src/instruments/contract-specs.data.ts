import { type IndexUnderlying } from './underlying';

/**
 * Lot sizes and freeze quantities of index derivatives, as dated data. The single place these numbers
 * live; everything else asks `lotSizeOn` / `freezeQuantityOn`. Source: /work/shared/reference/brokers.md
 * §6.1–6.2 (compiled early 2026). Rows marked [V] come from a secondary source or memory — verify before
 * relying on them. Live trading should prefer `lot_size` from the broker's instruments dump; these
 * tables serve backtests, paper trading and cross-checks.
 *
 * Lot size changes apply to *contracts*, not days: NSE's Oct-2025 revision gave new contracts the new
 * lot from the effective date, while contracts already listed kept the old lot until they expired. A row
 * may therefore carry `firstExpiry`: the earliest expiry the new lot applies to.
 */
export interface LotSizeRow {
  readonly underlying: IndexUnderlying;
  /** First trading day (IST) on which contracts with this lot size trade. */
  readonly effectiveFrom: string;
  /** If set, contracts expiring before this date keep the previous row's lot size. */
  readonly firstExpiry?: string;
  readonly lotSize: number;
  readonly source: string;
}

export interface FreezeQuantityRow {
  readonly underlying: IndexUnderlying;
  readonly effectiveFrom: string;
  /** Maximum units in one order; an order above it is rejected by the exchange and must be sliced. */
  readonly freezeQuantity: number;
  readonly source: string;
}

const OCT_2025_REVISION =
  'NSE circular 3-Oct-2025, effective EOD 28-Oct-2025; existing contracts keep the old lot through the ' +
  '30-Dec-2025 expiry (capitalmarket.com 07-Oct-2025; venturasecurities.com; bigul.co)';
const NOV_2024_REVISION = 'SEBI index-derivatives framework, new contracts from 20-Nov-2024 [V]';

export const LOT_SIZES: readonly LotSizeRow[] = [
  // NIFTY: 25 before Nov 2024 (date of the 25 lot not in our reference: lookups before 2024-11-20 fail).
  { underlying: 'NIFTY', effectiveFrom: '2024-11-20', lotSize: 75, source: NOV_2024_REVISION },
  {
    underlying: 'NIFTY',
    effectiveFrom: '2025-10-29',
    firstExpiry: '2025-12-31',
    lotSize: 65,
    source: OCT_2025_REVISION,
  },
  // BANKNIFTY: 35 from Jul 2025, 30 from the Oct-2025 revision (brokers.md §6.1). Earlier history [V].
  { underlying: 'BANKNIFTY', effectiveFrom: '2024-11-20', lotSize: 30, source: NOV_2024_REVISION },
  {
    underlying: 'BANKNIFTY',
    effectiveFrom: '2025-07-01',
    lotSize: 35,
    source: 'brokers.md §6.1 "35 from Jul 2025" [V] day',
  },
  {
    underlying: 'BANKNIFTY',
    effectiveFrom: '2025-10-29',
    firstExpiry: '2025-12-31',
    lotSize: 30,
    source: OCT_2025_REVISION,
  },
  {
    underlying: 'FINNIFTY',
    effectiveFrom: '2025-10-29',
    firstExpiry: '2025-12-31',
    lotSize: 60,
    source: OCT_2025_REVISION,
  },
  {
    underlying: 'MIDCPNIFTY',
    effectiveFrom: '2025-10-29',
    firstExpiry: '2025-12-31',
    lotSize: 120,
    source: OCT_2025_REVISION,
  },
  {
    underlying: 'NIFTYNXT50',
    effectiveFrom: '2025-10-29',
    firstExpiry: '2025-12-31',
    lotSize: 25,
    source: OCT_2025_REVISION,
  },
  // SENSEX: 10 before; 20 for contracts after 20-Nov-2024, no later change found [V].
  {
    underlying: 'SENSEX',
    effectiveFrom: '2024-11-20',
    lotSize: 20,
    source: 'support.zerodha.com lot-size article; angelone.in [V]',
  },
  // BANKEX / SENSEX50: sources conflict (Zerodha lists SENSEX50 at 75) [V].
  { underlying: 'BANKEX', effectiveFrom: '2024-11-20', lotSize: 30, source: 'brokers.md §6.1 [V]' },
  {
    underlying: 'SENSEX50',
    effectiveFrom: '2024-11-20',
    lotSize: 60,
    source: 'brokers.md §6.1, conflicting [V]',
  },
];

const ICICI_FEB_2026 = 'icicidirect.com FAQ "quantity freeze limit", w.e.f. 1-Feb-2026';

export const FREEZE_QUANTITIES: readonly FreezeQuantityRow[] = [
  // NIFTY 1800 units: with a 65 lot the largest order is 27 lots = 1755.
  { underlying: 'NIFTY', effectiveFrom: '2026-02-01', freezeQuantity: 1800, source: ICICI_FEB_2026 },
  {
    underlying: 'BANKNIFTY',
    effectiveFrom: '2025-09-01',
    freezeQuantity: 900,
    source: 'NSE circular per rhnvrm.github.io/stock-market-circulars',
  },
  {
    underlying: 'BANKNIFTY',
    effectiveFrom: '2025-11-03',
    freezeQuantity: 600,
    source: 'NSE circular 31-Oct-2025 per rhnvrm.github.io/stock-market-circulars; ' + ICICI_FEB_2026,
  },
  { underlying: 'FINNIFTY', effectiveFrom: '2026-02-01', freezeQuantity: 1800, source: ICICI_FEB_2026 },
  { underlying: 'MIDCPNIFTY', effectiveFrom: '2026-02-01', freezeQuantity: 2800, source: ICICI_FEB_2026 },
  { underlying: 'NIFTYNXT50', effectiveFrom: '2026-02-01', freezeQuantity: 600, source: ICICI_FEB_2026 },
  { underlying: 'SENSEX', effectiveFrom: '2026-02-01', freezeQuantity: 1000, source: ICICI_FEB_2026 },
  { underlying: 'BANKEX', effectiveFrom: '2026-02-01', freezeQuantity: 900, source: ICICI_FEB_2026 },
];
