import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';

import { PersistenceError } from '../errors/persistence-error';

const ALGORITHM = 'aes-256-gcm';
const IV_BYTES = 12;
const FORMAT = 'v1';

/** The environment variable holding the 32-byte key, base64 or hex (`openssl rand -base64 32`). */
export const TOKEN_KEY_ENV = 'TOKEN_ENCRYPTION_KEY';

/**
 * AES-256-GCM for broker tokens at rest. A ciphertext reads `v1.<keyId>.<iv>.<tag>.<data>` (base64url):
 * `keyId` is a fingerprint of the key, so a token sealed under an old key fails as "another key" rather
 * than as tampering; the associated data (broker and account) binds a token to its row, so a ciphertext
 * copied onto another account does not decrypt.
 */
export class TokenCipher {
  private readonly keyId: string;

  constructor(private readonly key: Buffer) {
    if (key.length !== 32) {
      throw new PersistenceError('TOKEN_KEY_INVALID', `the token key must be 32 bytes, got ${key.length}`);
    }
    this.keyId = createHash('sha256').update(key).digest('base64url').slice(0, 8);
  }

  static fromEnv(env: NodeJS.ProcessEnv = process.env): TokenCipher {
    const raw = env[TOKEN_KEY_ENV]?.trim();
    if (!raw) {
      throw new PersistenceError(
        'TOKEN_KEY_MISSING',
        `${TOKEN_KEY_ENV} is not set; broker tokens cannot be stored`,
      );
    }
    return new TokenCipher(
      /^[0-9a-f]{64}$/i.test(raw) ? Buffer.from(raw, 'hex') : Buffer.from(raw, 'base64'),
    );
  }

  encrypt(plaintext: string, associatedData = ''): string {
    const iv = randomBytes(IV_BYTES);
    const cipher = createCipheriv(ALGORITHM, this.key, iv);
    cipher.setAAD(Buffer.from(associatedData, 'utf8'));
    const data = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
    return [FORMAT, this.keyId, iv, cipher.getAuthTag(), data]
      .map((part) => (typeof part === 'string' ? part : part.toString('base64url')))
      .join('.');
  }

  decrypt(ciphertext: string, associatedData = ''): string {
    const parts = ciphertext.split('.');
    const [format, keyId, iv, tag, data] = parts;
    if (parts.length !== 5 || format !== FORMAT || !iv || !tag || data === undefined) {
      throw new PersistenceError('TOKEN_UNREADABLE', 'not a v1 token ciphertext');
    }
    if (keyId !== this.keyId) {
      throw new PersistenceError('TOKEN_UNREADABLE', 'the token was encrypted under another key', {
        keyId: keyId ?? null,
      });
    }
    try {
      const decipher = createDecipheriv(ALGORITHM, this.key, Buffer.from(iv, 'base64url'));
      decipher.setAAD(Buffer.from(associatedData, 'utf8'));
      decipher.setAuthTag(Buffer.from(tag, 'base64url'));
      return Buffer.concat([decipher.update(Buffer.from(data, 'base64url')), decipher.final()]).toString(
        'utf8',
      );
    } catch {
      throw new PersistenceError(
        'TOKEN_UNREADABLE',
        'the token ciphertext failed authentication (tampered or misbound)',
      );
    }
  }
}
