import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';

// The layers of docs/architecture.md ("Layers"), enforced: a wrong-way import fails `npm run check`.
const IO = [
  'drizzle-orm',
  'drizzle-orm/*',
  'pg',
  '@electric-sql/*',
  'fastify',
  'fastify-*',
  '@fastify/*',
  'node:fs',
  'node:fs/*',
  'fs',
  'nodemailer',
  'sharp',
];
// Data flows one way: nothing imports a routes file except where areas register.
const ROUTES = {
  group: ['**/routes', './routes'],
  message: 'Nothing imports a routes file except areas/index.ts and app.ts.',
};
const restrict = (groups, message) => ['error', { patterns: [{ group: groups, message }, ROUTES] }];

// Role names belong to the grant table (src/server/access/roles.ts) and src/common/permissions.ts.
// (leagueCommittee is left out: it is also the org-node kind 校团委.)
const ROLE_LITERAL =
  'Literal[value=/^(parkAdmin|schoolAdmin|branchSecretary|portalEditor|portalReviewer|homeroomTeacher)$/]';

export default tseslint.config(
  { ignores: ['node_modules', 'dist', 'data', '.test-data', 'src/server/platform/db/migrations'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node, ...globals.browser } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
    },
  },
  {
    files: ['src/admin/**/*.{ts,tsx}'],
    plugins: { 'react-hooks': reactHooks },
    rules: {
      'react-hooks/rules-of-hooks': 'error',
      'react-hooks/exhaustive-deps': 'warn',
      'no-restricted-imports': restrict(
        ['**/server', '**/server/**', ...IO],
        'The console imports only src/common (contracts, schemas, pure rules), never server code.',
      ),
    },
  },
  {
    files: ['src/server/**/*.ts'],
    ignores: ['src/server/app.ts', 'src/server/areas/index.ts'],
    rules: { 'no-restricted-imports': ['error', { patterns: [ROUTES] }] },
  },
  {
    files: ['src/common/**/*.ts'],
    rules: {
      'no-restricted-imports': restrict(
        ['**/server', '**/server/**', '**/admin/**', ...IO],
        'src/common is shared with the console: no IO, no server or console code.',
      ),
    },
  },
  {
    files: ['src/server/areas/*/rules.ts', 'src/server/areas/*/rules/**/*.ts'],
    rules: {
      'no-restricted-imports': restrict(
        ['**/platform/**', '**/queries', '**/queries/**', '**/commands/**', ...IO],
        'rules are pure: data and functions, no IO.',
      ),
    },
  },
  {
    files: ['src/server/areas/*/policy.ts'],
    rules: {
      'no-restricted-imports': restrict(
        ['**/platform/db/**', '**/queries', '**/queries/**', '**/commands/**', ...IO],
        'policies decide in terms of access/ and the subject: no database, no SQL (that is queries.ts).',
      ),
    },
  },
  {
    files: ['src/**/*.{ts,tsx}'],
    ignores: ['src/server/access/**', 'src/common/permissions.ts', 'src/**/*.test.ts'],
    rules: {
      'no-restricted-syntax': [
        'error',
        {
          selector: ROLE_LITERAL,
          message: 'Role names live in the grant table (src/server/access/roles.ts).',
        },
      ],
    },
  },
);
