import { createHash, timingSafeEqual } from 'node:crypto';

/** The fields of a Kite postback (or its WebSocket copy) that its checksum covers. */
export interface KitePostback {
  order_id: string;
  order_timestamp: string;
  checksum: string;
}

/** True when `checksum` = hex(SHA-256(order_id + order_timestamp + api_secret)), as Kite signs postbacks. */
export function verifyKitePostback(postback: KitePostback, apiSecret: string): boolean {
  if (typeof postback.checksum !== 'string' || postback.checksum.length !== 64) return false;
  const expected = createHash('sha256')
    .update(`${postback.order_id}${postback.order_timestamp}${apiSecret}`)
    .digest();
  return timingSafeEqual(expected, Buffer.from(postback.checksum, 'hex'));
}
