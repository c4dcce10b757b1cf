/** Index underlyings with listed options on NSE (NFO) or BSE (BFO), by the `name` Kite's dump uses. */
export const INDEX_UNDERLYINGS = [
  'NIFTY',
  'BANKNIFTY',
  'FINNIFTY',
  'MIDCPNIFTY',
  'NIFTYNXT50',
  'SENSEX',
  'BANKEX',
  'SENSEX50',
] as const;

export type IndexUnderlying = (typeof INDEX_UNDERLYINGS)[number];

export function isIndexUnderlying(value: string): value is IndexUnderlying {
  return (INDEX_UNDERLYINGS as readonly string[]).includes(value);
}
