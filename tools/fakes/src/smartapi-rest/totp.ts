import { createHmac, randomBytes } from 'node:crypto';

import { createCryptoPlugin, createGuardrails } from '@otplib/core';
import { verifySync } from '@otplib/totp';

/*
 * otplib v13's `otplib` entry loads ESM-only default plugins (@noble/hashes, @scure/base) that Jest's
 * CommonJS runtime cannot load; @otplib/totp and @otplib/core are CommonJS, so we pass an HMAC plugin on
 * node:crypto and the decoded secret.
 */
const nodeCrypto = createCryptoPlugin({
  name: 'node-crypto',
  hmac: (algorithm, key, data) => new Uint8Array(createHmac(algorithm, key).update(data).digest()),
  randomBytes: (length) => new Uint8Array(randomBytes(length)),
});

const guardrails = createGuardrails({ MIN_SECRET_BYTES: 10 });
const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';

function base32Decode(text: string): Uint8Array {
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

/** Whether a 6-digit code is valid for the secret now, one 30 s step either side (clock drift). */
export function verifyTotp(secret: string, token: string): boolean {
  if (!/^\d{6}$/.test(token)) return false;
  return verifySync({
    secret: base32Decode(secret),
    token,
    epochTolerance: 30,
    crypto: nodeCrypto,
    guardrails,
  }).valid;
}
