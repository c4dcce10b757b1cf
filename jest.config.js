/** One Jest run for the whole repo: unit specs beside the code, integration specs against real Redis. */
const swcOptions = {
  jsc: {
    parser: { syntax: 'typescript', decorators: true },
    transform: { legacyDecorator: true, decoratorMetadata: true },
    target: 'es2022',
  },
  module: { type: 'commonjs' },
};

const aliases = Object.fromEntries(
  Object.entries(require('./tsconfig.base.json').compilerOptions.paths).map(([alias, [file]]) => [
    `^${alias}$`,
    `<rootDir>/${file}`,
  ]),
);

module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/apps', '<rootDir>/libs', '<rootDir>/tools'],
  testMatch: ['**/*.spec.ts'],
  transform: { '^.+\\.ts$': ['@swc/jest', swcOptions] },
  moduleNameMapper: aliases,
  testTimeout: 20000,
};
