import { type EmaMeanReversionInput } from './ema-mean-reversion.params';

export interface StrategyPreset<P> {
  readonly id: string;
  readonly description: string;
  /** The preset the CLI picks when no --preset is given and the instrument matches. */
  readonly instrument?: string;
  readonly params: P;
  /** Contract lot size to use instead of the dated table (which does not reach back to old data). */
  readonly lotSize?: number;
}

/**
 * The defaults are the users' SENSEX system (SENSEX ≈ 80,000). The 2012 NIFTY file trades around
 * 5,900, so point thresholds are scaled by 5,900 / 80,000 ≈ 0.074 and rounded: gap 51 → 3.8,
 * touch 21 → 1.55, take-profit 150 → 11. Strikes: NIFTY's grid was 50 points, so ATM rounds to 50 and
 * the afternoon offset (−175 ≈ −13 scaled, which would round back to ATM) becomes one strike, −50.
 * Bar counts, times and ₹ limits are not price-scaled. NIFTY's lot was 50 in 2012 (the dated lot table
 * starts in 2024), hence `lotSize: 50`.
 */
export const EMA_MEAN_REVERSION_PRESETS: Readonly<Record<string, StrategyPreset<EmaMeanReversionInput>>> = {
  sensex: {
    id: 'sensex',
    description: 'the SENSEX system as specified (points at SENSEX ≈ 80,000)',
    instrument: 'SENSEX',
    params: {},
  },
  'nifty-2012': {
    id: 'nifty-2012',
    description: 'point thresholds scaled × 0.074 for NIFTY ≈ 5,900 (Dec 2012), 50-point strikes, lot 50',
    instrument: 'NIFTY',
    params: {
      maxEmaGap: 3.8,
      maxTouchDistance: 1.55,
      takeProfitDistance: 11,
      atmRounding: 50,
      afternoonStrikeOffset: -50,
    },
    lotSize: 50,
  },
};
