import { readFileSync } from 'node:fs';
import { join } from 'node:path';

/** `shared/` sits beside the clone (locally /work/shared, in CI next to the checkout). */
const SHARED = join(__dirname, '..', '..', '..', '..', '..', '..', 'shared');

export function sharedPath(...parts: string[]): string {
  return join(SHARED, ...parts);
}

export function kiteFixtureText(name: string): string {
  return readFileSync(sharedPath('fixtures', 'kite', name), 'utf8');
}

/** The KMOCK `ticker_*.packet` files are base64 text of one bare packet. */
export function kiteFixturePacket(name: string): Buffer {
  return Buffer.from(kiteFixtureText(name).trim(), 'base64');
}

export function kiteFixtureJson<T = Record<string, unknown>>(name: string): T {
  return JSON.parse(kiteFixtureText(name)) as T;
}
