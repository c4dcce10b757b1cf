import { createHmac, randomBytes } from 'node:crypto';

import { createCryptoPlugin, createGuardrails } from '@otplib/core';
import { generateSync } from '@otplib/totp';

/*
 * otplib v13's `otplib` entry loads its default plugins, @noble/hashes and @scure/base, which are
 * ESM-only: Jest's CommonJS runtime cannot load them. Its own @otplib/totp and @otplib/core are CommonJS,
 * so we use those with an HMAC plugin on node:crypto and decode the base32 secret ourselves.
 */
const nodeCrypto = createCryptoPlugin({
  name: 'node-crypto',
  hmac: (algorithm, key, data) => new Uint8Array(createHmac(algorithm, key).update(data).digest()),
  randomBytes: (length) => new Uint8Array(randomBytes(length)),
});

// Authenticator secrets are often 80 bits; otplib's default floor is 128.
const guardrails = createGuardrails({ MIN_SECRET_BYTES: 10 });

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';

/** RFC 4648 base32 (no padding needed, spaces and case ignored) to bytes. */
export function base32Decode(text: string): Uint8Array {
  const clean = text.replace(/[\s=]/g, '').toUpperCase();
  const bytes: number[] = [];
  let buffer = 0;
  let bits = 0;
  for (const char of clean) {
    const value = ALPHABET.indexOf(char);
    if (value < 0) throw new Error(`not a base32 secret: unexpected "${char}"`);
    buffer = (buffer << 5) | value;
    bits += 5;
    if (bits >= 8) {
      bits -= 8;
      bytes.push((buffer >> bits) & 0xff);
    }
  }
  return new Uint8Array(bytes);
}

/** Angel's authenticator code for a base32 secret (RFC 6238: SHA-1, 6 digits, 30 s steps). */
export function smartApiTotp(secret: string, at: Date = new Date()): string {
  return generateSync({
    secret: base32Decode(secret),
    epoch: Math.floor(at.getTime() / 1000),
    crypto: nodeCrypto,
    guardrails,
  });
}
