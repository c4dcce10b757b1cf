import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

import { registerSecretValue } from '@dalal/observability';

import { hashPassword } from './password-hash';

export interface AdminCredentials {
  user: string;
  passwordHash: string;
}

export interface GatewaySecrets {
  admin: AdminCredentials;
  jwtSecret: string;
}

export interface SecretsOptions {
  dataDir: string;
  adminUser: string;
  adminPassword?: string;
  jwtSecret?: string;
  /** Where a generated password is shown, once; the terminal in production. */
  announce: (line: string) => void;
}

const FOLDER = 'gateway';

/** Written owner-only: the files hold a password hash and a signing key. */
function writePrivate(path: string, content: string): void {
  writeFileSync(path, content, { mode: 0o600, flag: 'wx' });
  chmodSync(path, 0o600);
}

/**
 * The admin's password hash and the token signing key. Given in the environment they are used as they
 * are (the password hashed in memory). Otherwise the first start generates both under DATA_DIR/gateway:
 * the password is printed once and only its scrypt hash is kept, so a copy of the data directory does
 * not give the password away.
 */
export async function loadGatewaySecrets(options: SecretsOptions): Promise<GatewaySecrets> {
  const folder = join(options.dataDir, FOLDER);
  mkdirSync(folder, { recursive: true, mode: 0o700 });

  let passwordHash: string;
  if (options.adminPassword) {
    passwordHash = await hashPassword(options.adminPassword);
  } else {
    const file = join(folder, 'admin-password.hash');
    if (!existsSync(file)) {
      const password = randomBytes(18).toString('base64url');
      writePrivate(file, `${await hashPassword(password)}\n`);
      options.announce(
        `Generated the dashboard password for "${options.adminUser}": ${password}\n` +
          `It is shown only now; only its hash is kept in ${file}. ` +
          'Delete that file and restart to generate a new one, or set DALAL_ADMIN_PASSWORD.',
      );
    }
    passwordHash = readFileSync(file, 'utf8').trim();
  }

  let jwtSecret = options.jwtSecret;
  if (!jwtSecret) {
    const file = join(folder, 'jwt-signing.key');
    if (!existsSync(file)) writePrivate(file, `${randomBytes(48).toString('base64url')}\n`);
    jwtSecret = readFileSync(file, 'utf8').trim();
  }
  registerSecretValue(jwtSecret);
  registerSecretValue(options.adminPassword);
  return { admin: { user: options.adminUser, passwordHash }, jwtSecret };
}
