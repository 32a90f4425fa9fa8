// Lint rules, including the import boundaries of docs/ARCHITECTURE.md: the pure packages
// import nothing from the service nor from Node, and the domain imports no I/O.
import tseslint from 'typescript-eslint';

const nodeBuiltins = ['node:*', 'fs', 'path', 'crypto', 'child_process', 'http', 'https', 'net', 'os'];

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
            { group: nodeBuiltins, message: 'The domain does no I/O.' },
            {
              group: [
                '**/db/**',
                '**/http/**',
                '**/media/**',
                '**/platform/**',
                '**/jobs/**',
                'kysely',
                'fastify',
              ],
              message: 'The domain does no I/O.',
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
