// A Jest environment that loads PGlite outside the test sandbox. PGlite's Emscripten glue uses dynamic
// import(), which Jest's VM only allows under --experimental-vm-modules; loaded here, in the runner's own
// context, it works unflagged. A spec opts in with the docblock
//   /** @jest-environment ./libs/persistence/src/testing/pglite-environment.js */
// and hands this module to everything it loads (the PGlite adapter checks `instanceof` on PGlite's errors):
//   jest.mock('@electric-sql/pglite', () => (globalThis as PGliteGlobal).__dalalPGlite);
const { TestEnvironment } = require('jest-environment-node');
const pglite = require('@electric-sql/pglite');

class PGliteEnvironment extends TestEnvironment {
  async setup() {
    await super.setup();
    this.global.__dalalPGlite = pglite;
  }
}

module.exports = PGliteEnvironment;
