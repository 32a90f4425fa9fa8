// Lint rules, including every import boundary of docs/ARCHITECTURE.md (test/architecture keeps
// each of them honest by feeding lint a forbidden import and expecting a refusal).
import { builtinModules } from 'node:module';
import tseslint from 'typescript-eslint';

// Every Node built-in, bare and with the `node:` scheme (`stream`, `worker_threads`, ...).
const nodeBuiltins = ['node:*', ...builtinModules.filter((name) => !name.startsWith('_'))];
const ioLibraries = [
  'kysely',
  'pg',
  'better-sqlite3',
  'fastify',
  '@fastify/*',
  'sharp',
  'heic-decode',
  'pino',
  'nodemailer',
  'croner',
  'commander',
  'cli-progress',
  'playwright-core',
];
// Relative-path patterns for a folder of src/, wherever the importing file sits.
const folder = (name) => [`../${name}/*`, `../../${name}/*`, `../../../${name}/*`, `./${name}/*`];
const faces = ['http', 'web', 'cli', 'jobs'];

export default tseslint.config(
  { ignores: ['node_modules/**', 'test/fixtures/**', 'redress-data/**', 'screenshots/**', 'dist/**'] },
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'max-lines': ['error', { max: 400, skipBlankLines: true, skipComments: true }],
    },
  },
  {
    files: ['packages/*/src/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: ['**/src/**', '../../../*'], message: 'Pure packages may not import the service.' },
            { group: nodeBuiltins, message: 'Pure packages run in browsers too: no Node APIs.' },
            { group: ioLibraries, message: 'Pure packages have no runtime dependencies.' },
          ],
        },
      ],
    },
  },
  {
    files: ['src/domain/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: nodeBuiltins, message: 'The domain does no I/O: no Node APIs.' },
            {
              group: ioLibraries,
              message: 'The domain does no I/O: no database, HTTP, media or logging library.',
            },
            {
              group: [
                ...[
                  'db',
                  'http',
                  'web',
                  'cli',
                  'jobs',
                  'media',
                  'platform',
                  'email',
                  'index-sync',
                  'security',
                  'use-cases',
                ].flatMap(folder),
                '../logger*',
                '../runtime*',
                '../stay-down*',
              ],
              message: 'The domain is the innermost layer: it imports only itself and the pure packages.',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['src/use-cases/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: faces.flatMap(folder),
              message: 'Use cases are called by the faces (http, web, cli, jobs), never the reverse.',
            },
          ],
        },
      ],
    },
  },
  {
    files: faces.map((face) => `src/${face}/**/*.ts`),
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: folder('db').concat('**/db/repositories/*', '**/db/migrations/*'),
              allowTypeImports: true,
              message: 'Faces read and write through use cases; they may import database types only.',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['src/**/*.ts'],
    ignores: ['src/config.ts'],
    rules: {
      'no-restricted-properties': [
        'error',
        { object: 'process', property: 'env', message: 'Read settings through src/config.ts.' },
      ],
    },
  },
);
