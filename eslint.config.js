// @ts-check
import js from '@eslint/js';
import prettier from 'eslint-config-prettier';
import tseslint from 'typescript-eslint';
import webVue from './apps/web/eslint.vue.config.js';

/** Frameworks the protocol engine must never depend on (see docs/style.md, principle 1). */
const forbiddenInOauthCore = [
  '@apollo/*',
  'type-graphql',
  '@mikro-orm/*',
  'vue',
  'vue-*',
  '@vue/*',
  'graphql',
  'graphql-*',
  'pino',
  'fastify',
  '@fastify/*',
];

export default tseslint.config(
  {
    ignores: [
      '**/dist/**',
      '**/dist-bench/**',
      '**/node_modules/**',
      '**/.turbo/**',
      '**/coverage/**',
      'apps/web/src/gql/**',
      '**/*.d.ts',
      'data/**',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: {
      globals: {
        console: 'readonly',
        process: 'readonly',
        URL: 'readonly',
        setTimeout: 'readonly',
        clearTimeout: 'readonly',
      },
    },
    rules: {
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-restricted-syntax': [
        'error',
        {
          selector: "CallExpression[callee.object.name=/^(describe|it|test)$/][callee.property.name='only']",
          message: 'No focused tests.',
        },
      ],
    },
  },
  {
    files: ['packages/oauth-core/src/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: forbiddenInOauthCore,
              message: 'oauth-core is framework-free: no Apollo, type-graphql, MikroORM, Vue or graphql.',
            },
            {
              group: ['@grantkeeper/*', '!@grantkeeper/test-idp'],
              message: 'oauth-core depends on nothing of ours.',
            },
          ],
        },
      ],
      'no-restricted-globals': [
        'error',
        { name: 'process', message: 'oauth-core takes its configuration as arguments; it never reads process.env.' },
      ],
      'no-restricted-properties': ['error', { object: 'process', property: 'env', message: 'oauth-core never reads process.env.' }],
    },
  },
  {
    // Packages import each other only through their public entry.
    files: ['apps/**/*.ts', 'apps/**/*.vue', 'packages/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['**/packages/*/src/**', '**/apps/*/src/**', '@grantkeeper/*/src/**'],
              message: 'Import another package through its public entry (@grantkeeper/<name>).',
            },
          ],
        },
      ],
    },
    ignores: ['packages/oauth-core/src/**'],
  },
  {
    // Files small, functions short (docs/style.md, principle 7; issue 7). Tests count too.
    files: ['apps/api/src/**/*.ts'],
    rules: {
      'max-lines': ['error', { max: 300, skipBlankLines: true, skipComments: true }],
      'max-lines-per-function': ['error', { max: 60, skipBlankLines: true, skipComments: true, IIFEs: true }],
    },
  },
  {
    // A test's describe/it callback is a list of cases, not a function a reader must hold in mind.
    files: ['apps/api/src/**/*.test.ts'],
    rules: { 'max-lines-per-function': 'off' },
  },
  // The console's .vue files (vue-eslint-parser + eslint-plugin-vue, resolved from apps/web).
  ...webVue,
  prettier,
);
