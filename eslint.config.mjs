// Lint for the whole workspace. The platform boundary (conventions §1): core packages import no
// Electron, React, DOM, SQLite or device libraries, so they run and test anywhere.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import reactHooks from 'eslint-plugin-react-hooks';

const platformModules = ['electron', 'react', 'react-dom', 'better-sqlite3', 'better-sqlite3-multiple-ciphers', 'serialport', '@serialport/*', 'node-hid', 'pg'];

/** Packages that must stay free of platform code. Add a package here when it is created. */
const corePackages = ['common', 'mrz', 'matching', 'schemas', 'sync', 'contract', 'runtime-core', 'bundle'];

export default tseslint.config(
  { ignores: ['**/dist/**', '**/node_modules/**', 'coverage/**', 'artifacts/**', '**/*.d.ts'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { ecmaVersion: 2023, sourceType: 'module' },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' }],
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
      'no-restricted-syntax': ['error', { selector: 'TSEnumDeclaration', message: 'Use a union of string literals instead of enum.' }],
    },
  },
  {
    // The officer UI: hooks called in the same order every render, and effects that list what they read.
    files: ['apps/officer-ui/src/**/*.{ts,tsx}'],
    plugins: { 'react-hooks': reactHooks },
    rules: { 'react-hooks/rules-of-hooks': 'error', 'react-hooks/exhaustive-deps': 'error' },
  },
  {
    files: ['**/*.js', '**/*.cjs'],
    languageOptions: { sourceType: 'commonjs', globals: { require: 'readonly', module: 'writable', __dirname: 'readonly', process: 'readonly', console: 'readonly' } },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
  {
    files: corePackages.map((name) => `packages/${name}/src/**/*.ts`),
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        { patterns: [{ group: platformModules, message: 'Core packages stay platform-free (conventions §1): inject the platform piece instead.' }] },
      ],
    },
  },
);
