import { type HourlyZonesInput } from './hourly-zones.params';
import { type StrategyPreset } from '../ema-mean-reversion/ema-mean-reversion.presets';

/**
 * The defaults are the users' NIFTY system at NIFTY ≈ 25,000. The December 2012 file trades around
 * 5,900, so point thresholds are scaled by 5,900 / 25,000 ≈ 0.236 and rounded: zone depth 50 → 12,
 * S1 body 40 → 9.5, retest tolerance 20 → 5. NIFTY's strike grid was 50 points then as now, so the
 * hedge distance (4 strikes = 200 points) scales to 47 points: one strike. Times, strike offsets,
 * percentages and the cooldown do not scale. NIFTY's lot was 50 in 2012 (the dated lot table starts in
 * 2024), hence `lotSize: 50`.
 */
export const HOURLY_ZONES_PRESETS: Readonly<Record<string, StrategyPreset<HourlyZonesInput>>> = {
  // No `instrument`: `dalal backtest --instrument NIFTY` and the strategy engine pick the preset whose
  // instrument matches (nifty-2012); a live or paper NIFTY instance names this one (`preset: nifty`) to
  // trade today's thresholds and the dated lot size.
  nifty: {
    id: 'nifty',
    description:
      'the users’ NIFTY system as specified (points at NIFTY ≈ 25,000), lot size from the dated table',
    params: {},
  },
  'nifty-2012': {
    id: 'nifty-2012',
    description:
      'point thresholds scaled × 0.236 for NIFTY ≈ 5,900 (Dec 2012), hedge one 50-point strike out, lot 50',
    instrument: 'NIFTY',
    params: { zoneMinWidth: 12, s1MinBody: 9.5, retestTolerance: 5, hedgeStrikes: 1 },
    lotSize: 50,
  },
};
