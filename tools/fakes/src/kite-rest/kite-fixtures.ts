import { readFileSync } from 'node:fs';
import { join } from 'node:path';

/** Zerodha's published Kite Connect mocks, shipped in ../shared/fixtures/kite beside the repo. */
export const KITE_FIXTURES_DIR = join(__dirname, '..', '..', '..', '..', '..', 'shared', 'fixtures', 'kite');

export function kiteFixture<T = unknown>(name: string): T {
  return JSON.parse(readFileSync(join(KITE_FIXTURES_DIR, name), 'utf8')) as T;
}

export function kiteFixtureText(name: string): string {
  return readFileSync(join(KITE_FIXTURES_DIR, name), 'utf8');
}
