import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['dist/', 'node_modules/', 'coverage/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: {
      globals: {
        process: 'readonly', console: 'readonly', setTimeout: 'readonly', clearTimeout: 'readonly',
        setInterval: 'readonly', clearInterval: 'readonly', URL: 'readonly', Buffer: 'readonly',
        AbortController: 'readonly', AbortSignal: 'readonly', performance: 'readonly', fetch: 'readonly',
      },
    },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      // The React-free core must stay React-free, and ui/ must never speak HTTP.
      'no-restricted-imports': 'off',
    },
  },
  {
    files: ['src/watch/**', 'src/api/**', 'src/sanitize.ts', 'src/config.ts', 'src/plain/**'],
    rules: {
      // Plain output shares the pure cell formatting with the screens, nothing else of ui/.
      'no-restricted-imports': ['error', { paths: ['react', 'ink'], patterns: [{ group: ['../ui/*', '!../ui/format.js'] }] }],
    },
  },
  {
    files: ['src/watch/**'],
    rules: {
      'no-restricted-imports': ['error', { paths: ['react', 'ink', 'ky', 'node:http'], patterns: ['../ui/*', '../api/client*'] }],
    },
  },
  {
    files: ['src/ui/**'],
    rules: {
      'no-restricted-imports': ['error', { paths: ['ky', 'node:http'], patterns: ['../api/client*', '../../api/client*'] }],
      'no-restricted-globals': ['error', 'fetch'],
    },
  },
);
