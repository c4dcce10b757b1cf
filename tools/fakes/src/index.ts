export { FakeKiteServer, type FakeKiteOptions } from './kite-rest/fake-kite-server';
export { KITE_FIXTURES_DIR, kiteFixture, kiteFixtureText } from './kite-rest/kite-fixtures';
