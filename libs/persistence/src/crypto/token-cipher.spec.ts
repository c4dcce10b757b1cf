import { randomBytes } from 'node:crypto';

import { isPersistenceError } from '../errors/persistence-error';
import { TokenCipher } from './token-cipher';

const key = randomBytes(32);
const token = 'kite-access-token-abc123';

function codeOf(fn: () => unknown): string | undefined {
  try {
    fn();
  } catch (err) {
    return isPersistenceError(err) ? err.code : 'OTHER';
  }
  return undefined;
}

describe('TokenCipher (AES-256-GCM)', () => {
  it('round-trips a token and never contains it in clear', () => {
    const cipher = new TokenCipher(key);
    const sealed = cipher.encrypt(token, 'kite:AB1234');
    expect(sealed).not.toContain(token);
    expect(sealed.startsWith('v1.')).toBe(true);
    expect(cipher.decrypt(sealed, 'kite:AB1234')).toBe(token);
  });

  it('uses a fresh IV every time, so equal tokens give different ciphertexts', () => {
    const cipher = new TokenCipher(key);
    expect(cipher.encrypt(token)).not.toBe(cipher.encrypt(token));
  });

  it('refuses another key, a tampered ciphertext and a ciphertext moved to another account', () => {
    const sealed = new TokenCipher(key).encrypt(token, 'kite:AB1234');
    expect(codeOf(() => new TokenCipher(randomBytes(32)).decrypt(sealed, 'kite:AB1234'))).toBe(
      'TOKEN_UNREADABLE',
    );
    const parts = sealed.split('.');
    const data = Buffer.from(parts[4]!, 'base64url');
    data[0] = data[0]! ^ 1;
    parts[4] = data.toString('base64url');
    expect(codeOf(() => new TokenCipher(key).decrypt(parts.join('.'), 'kite:AB1234'))).toBe(
      'TOKEN_UNREADABLE',
    );
    expect(codeOf(() => new TokenCipher(key).decrypt(sealed, 'kite:ZZ9999'))).toBe('TOKEN_UNREADABLE');
    expect(codeOf(() => new TokenCipher(key).decrypt('plain-token', ''))).toBe('TOKEN_UNREADABLE');
  });

  it('reads the key from TOKEN_ENCRYPTION_KEY as base64 or hex and refuses a missing or short key', () => {
    const sealed = new TokenCipher(key).encrypt(token);
    expect(TokenCipher.fromEnv({ TOKEN_ENCRYPTION_KEY: key.toString('base64') }).decrypt(sealed)).toBe(token);
    expect(TokenCipher.fromEnv({ TOKEN_ENCRYPTION_KEY: key.toString('hex') }).decrypt(sealed)).toBe(token);
    expect(codeOf(() => TokenCipher.fromEnv({}))).toBe('TOKEN_KEY_MISSING');
    expect(codeOf(() => TokenCipher.fromEnv({ TOKEN_ENCRYPTION_KEY: 'c2hvcnQ=' }))).toBe('TOKEN_KEY_INVALID');
  });
});
