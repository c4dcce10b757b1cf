import { KiteConnect } from 'kiteconnect';

import { classifyKiteError } from './kite-errors';

export interface KiteSession {
  accessToken: string;
  userId: string;
  /** UTC ISO: Kite tokens die at 06:00 IST the morning after login (SEBI), or earlier on logout elsewhere. */
  expiresAt: string;
}

/** The URL a trader opens to log in; Kite redirects back with `?request_token=…`. */
export function kiteLoginUrl(apiKey: string): string {
  return new KiteConnect({ api_key: apiKey }).getLoginURL();
}

/**
 * Exchanges the request token for an access token (POST /session/token with the SHA-256 checksum of
 * api_key + request_token + api_secret, computed by kiteconnect).
 */
export async function exchangeKiteRequestToken(options: {
  apiKey: string;
  apiSecret: string;
  requestToken: string;
  root?: string;
  /** Login instant, for the expiry; defaults to now. */
  now?: Date;
}): Promise<KiteSession> {
  const kite = new KiteConnect({ api_key: options.apiKey, root: options.root });
  try {
    const session = await kite.generateSession(options.requestToken, options.apiSecret);
    return {
      accessToken: session.access_token,
      userId: session.user_id,
      expiresAt: nextKiteExpiry(options.now ?? new Date()).toISOString(),
    };
  } catch (err) {
    throw classifyKiteError(err);
  }
}

const IST_MS = 330 * 60_000;

/** The first 06:00 IST strictly after `loginAt`. */
export function nextKiteExpiry(loginAt: Date): Date {
  const ist = new Date(loginAt.getTime() + IST_MS);
  const sixToday = Date.UTC(ist.getUTCFullYear(), ist.getUTCMonth(), ist.getUTCDate(), 6) - IST_MS;
  return new Date(sixToday > loginAt.getTime() ? sixToday : sixToday + 86_400_000);
}
