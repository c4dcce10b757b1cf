import js from '@eslint/js';
import nx from '@nx/eslint-plugin';
import prettier from 'eslint-config-prettier';
import tseslint from 'typescript-eslint';

const pureLibBans = ['@nestjs/*', '@prisma/client', 'ioredis', 'pg', '@electric-sql/*', 'express'];

export default tseslint.config(
  {
    ignores: [
      '**/node_modules/**',
      '**/dist/**',
      'data/**',
      'libs/persistence/src/generated/**',
      '**/*.js',
      '**/*.mjs',
      '**/*.cjs',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['**/*.ts'],
    plugins: { '@nx': nx },
    languageOptions: {
      parserOptions: { project: './tsconfig.json', tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': 'error',
      '@typescript-eslint/consistent-type-imports': [
        'error',
        { fixStyle: 'inline-type-imports', disallowTypeAnnotations: false },
      ],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-restricted-syntax': [
        'error',
        { selector: 'ExportAllDeclaration', message: 'Name what a lib exports: no `export *`.' },
      ],
      '@nx/enforce-module-boundaries': [
        'error',
        {
          enforceBuildableLibDependency: false,
          banTransitiveDependencies: false,
          allow: [],
          depConstraints: [
            {
              sourceTag: 'type:pure',
              onlyDependOnLibsWithTags: ['type:pure'],
              bannedExternalImports: pureLibBans,
            },
            {
              sourceTag: 'type:contracts',
              onlyDependOnLibsWithTags: ['type:pure'],
              bannedExternalImports: pureLibBans,
            },
            {
              sourceTag: 'type:infra',
              onlyDependOnLibsWithTags: ['type:pure', 'type:contracts', 'type:infra', 'type:testing'],
            },
            { sourceTag: 'type:testing', onlyDependOnLibsWithTags: ['type:pure', 'type:contracts'] },
            {
              sourceTag: 'type:app',
              onlyDependOnLibsWithTags: ['type:pure', 'type:contracts', 'type:infra', 'type:testing'],
            },
            { sourceTag: 'type:launcher', onlyDependOnLibsWithTags: ['*'] },
            // The paper broker shares the backtester's exchange model through @dalal/simulator, never the
            // backtester itself.
            { sourceTag: 'role:brokers', notDependOnLibsWithTags: ['role:backtester'] },
          ],
        },
      ],
    },
  },
  {
    // Nest decorators need the runtime class import; type-only import rewriting would drop DI metadata.
    files: [
      'apps/**/*.ts',
      'libs/bus/**/*.ts',
      'libs/config/**/*.ts',
      'libs/observability/**/*.ts',
      'libs/persistence/**/*.ts',
    ],
    rules: { '@typescript-eslint/consistent-type-imports': 'off' },
  },
  {
    // prisma/prisma.config.ts is read by the Prisma CLI and lies outside tsconfig.json's projects.
    files: ['prisma/**/*.ts'],
    ...tseslint.configs.disableTypeChecked,
    languageOptions: { parserOptions: { project: null } },
    rules: { ...tseslint.configs.disableTypeChecked.rules, '@nx/enforce-module-boundaries': 'off' },
  },
  {
    files: ['**/*.spec.ts'],
    rules: { '@typescript-eslint/no-non-null-assertion': 'off' },
  },
  prettier,
);
