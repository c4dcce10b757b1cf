/**
 * Every rate that goes into a charge, with the day it took effect and where it comes from. The single
 * place these numbers live (docs/charges.md explains them). Rates are fractions of turnover written as
 * strings (0.001 = 0.1%) so they parse exactly into Decimal.
 *
 * Sources: /work/shared/reference/brokers.md §6.5 unless a row says otherwise. [V] marks a value or date
 * from a secondary source or memory: verify before relying on it. A lookup before a table's first row
 * fails loudly (NO_REFERENCE_DATA) rather than guess an old rate.
 */
export interface DatedRate {
  readonly effectiveFrom: string;
  readonly rate: string;
  readonly source: string;
}

export interface BrokerageRow {
  readonly effectiveFrom: string;
  /** Rupees per executed order. */
  readonly flat: string;
  /** If set, brokerage is the lower of `flat` and this fraction of the order's turnover. */
  readonly percentCap: string | null;
  readonly source: string;
}

export interface BinanceFeeRow {
  readonly effectiveFrom: string;
  readonly maker: string;
  readonly taker: string;
  readonly source: string;
}

export type IndianBroker = 'ZERODHA' | 'ANGEL_ONE';
export type DerivativeKind = 'OPTION' | 'FUTURE';
/** The exchange that levies transaction charges: NFO contracts trade on NSE, BFO on BSE. */
export type ChargeVenue = 'NSE' | 'BSE';

const BROKERS_MD = 'brokers.md §6.5';
const ZERODHA_FO = 'support.zerodha.com "what-is-the-brokerage-for-futures-and-options"';
const ANGEL_CHARGES = 'angelone.in/exchange-transaction-charges [V: not in brokers.md]';
const OCT_2024 = 'SEBI uniform ("true to label") exchange charges, effective 1-Oct-2024 [V date]';

export const BROKERAGE: Record<IndianBroker, Record<DerivativeKind, readonly BrokerageRow[]>> = {
  ZERODHA: {
    // Options: flat ₹20 per executed order (₹40 when the account balance is negative — not modelled).
    // In force long before 2020; earlier start not researched [V date].
    OPTION: [
      { effectiveFrom: '2020-01-01', flat: '20', percentCap: null, source: `${ZERODHA_FO}; ${BROKERS_MD}` },
    ],
    // Futures: 0.03% or ₹20 per executed order, whichever is lower.
    FUTURE: [
      { effectiveFrom: '2020-01-01', flat: '20', percentCap: '0.0003', source: `${ZERODHA_FO} [V date]` },
    ],
  },
  ANGEL_ONE: {
    // ₹20 or 0.25% per executed order, whichever is lower, for intraday and F&O.
    OPTION: [{ effectiveFrom: '2024-11-01', flat: '20', percentCap: '0.0025', source: ANGEL_CHARGES }],
    FUTURE: [{ effectiveFrom: '2024-11-01', flat: '20', percentCap: '0.0025', source: ANGEL_CHARGES }],
  },
};

/** Securities Transaction Tax on the sell side: options on premium, futures on contract value. */
export const STT_SELL: Record<DerivativeKind, readonly DatedRate[]> = {
  OPTION: [
    { effectiveFrom: '2023-04-01', rate: '0.000625', source: 'Finance Act 2023 [V]' },
    { effectiveFrom: '2024-10-01', rate: '0.001', source: `${BROKERS_MD}: livemint 2024; cleartax.in STT` },
    {
      effectiveFrom: '2026-04-01',
      rate: '0.0015',
      source: `${BROKERS_MD}: Budget 2026 (wionews.com speech quote)`,
    },
  ],
  FUTURE: [
    { effectiveFrom: '2023-04-01', rate: '0.000125', source: 'Finance Act 2023 [V]' },
    { effectiveFrom: '2024-10-01', rate: '0.0002', source: BROKERS_MD },
    { effectiveFrom: '2026-04-01', rate: '0.0005', source: `${BROKERS_MD}: Budget 2026` },
  ],
};

/** STT on options exercised at expiry, on the intrinsic value (settlement − strike) × quantity, paid by the buyer. */
export const STT_EXERCISE: readonly DatedRate[] = [
  { effectiveFrom: '2016-06-01', rate: '0.00125', source: `${BROKERS_MD}; start date Finance Act 2016 [V]` },
  { effectiveFrom: '2026-04-01', rate: '0.0015', source: `${BROKERS_MD}: Budget 2026` },
];

/** Exchange transaction charges, both sides: options on premium, futures on contract value. */
export const EXCHANGE_TXN: Record<ChargeVenue, Record<DerivativeKind, readonly DatedRate[]>> = {
  NSE: {
    OPTION: [
      {
        effectiveFrom: '2024-10-01',
        rate: '0.0003503',
        source: `${BROKERS_MD}: shareindia.com; ${OCT_2024}`,
      },
    ],
    FUTURE: [{ effectiveFrom: '2024-10-01', rate: '0.0000173', source: `${ANGEL_CHARGES}; ${OCT_2024}` }],
  },
  BSE: {
    // Index options (SENSEX, BANKEX, SENSEX50).
    OPTION: [
      {
        effectiveFrom: '2024-10-01',
        rate: '0.000325',
        source: `${BROKERS_MD}: proficientequities.com; ${OCT_2024}`,
      },
    ],
    FUTURE: [{ effectiveFrom: '2024-10-01', rate: '0', source: `${ANGEL_CHARGES}; ${OCT_2024}` }],
  },
};

/**
 * NSE's Investor Protection Fund Trust levy, both sides. Zerodha folds it into the transaction charge
 * (0.03553% = 0.03503% + 0.0005% for options); we show it separately so both views can be checked.
 */
export const IPFT: Record<ChargeVenue, Record<DerivativeKind, readonly DatedRate[]>> = {
  NSE: {
    OPTION: [{ effectiveFrom: '2024-10-01', rate: '0.000005', source: `${BROKERS_MD}; ${ANGEL_CHARGES}` }],
    FUTURE: [{ effectiveFrom: '2024-10-01', rate: '0.000001', source: ANGEL_CHARGES }],
  },
  BSE: {
    OPTION: [{ effectiveFrom: '2024-10-01', rate: '0', source: 'none listed for BSE [V]' }],
    FUTURE: [{ effectiveFrom: '2024-10-01', rate: '0', source: 'none listed for BSE [V]' }],
  },
};

/** SEBI turnover fee: ₹10 per crore (10 / 1,00,00,000) of turnover, both sides. */
export const SEBI_FEE: readonly DatedRate[] = [
  { effectiveFrom: '2020-01-01', rate: '0.000001', source: `${BROKERS_MD} [V start date]` },
];

/** Stamp duty on the buy side only (Indian Stamp Act amendment, uniform from 1-Jul-2020). */
export const STAMP_DUTY_BUY: Record<DerivativeKind, readonly DatedRate[]> = {
  OPTION: [
    {
      effectiveFrom: '2020-07-01',
      rate: '0.00003',
      source: `${BROKERS_MD}; Indian Stamp Act amendment 2020`,
    },
  ],
  FUTURE: [
    {
      effectiveFrom: '2020-07-01',
      rate: '0.00002',
      source: `${ANGEL_CHARGES}; Indian Stamp Act amendment 2020`,
    },
  ],
};

/** GST on brokerage + exchange transaction charges (incl. IPFT) + SEBI fee. Not on STT or stamp duty. */
export const GST: readonly DatedRate[] = [
  { effectiveFrom: '2017-07-01', rate: '0.18', source: `${BROKERS_MD}; GST since 1-Jul-2017` },
];

/** Binance spot, regular user (VIP 0), paying fees in the traded asset (no BNB discount). */
export const BINANCE_SPOT_FEE: readonly BinanceFeeRow[] = [
  {
    effectiveFrom: '2020-01-01',
    maker: '0.001',
    taker: '0.001',
    source: 'binance.com/en/fee/schedule, VIP 0 spot 0.1%/0.1% [V: not in brokers.md]',
  },
];
