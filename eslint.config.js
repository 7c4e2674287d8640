// ESLint (flat config): typescript-eslint's recommended rules, React's hook rules, and the
// architecture as rules — which folder may import what (test/lint-boundaries.test.ts shows that
// a forbidden import fails). typescript-eslint parses with TypeScript 5.9's API; the type check
// itself runs on TypeScript 7 (package "typescript-native"), which has no JS API yet.
import { readdirSync, readFileSync } from 'node:fs';
import js from '@eslint/js';
import globals from 'globals';
import reactHooks from 'eslint-plugin-react-hooks';
import tseslint from 'typescript-eslint';

/**
 * Engine modules that run tfjs, directly or through another engine module: the page may import
 * their types, never their code. Found from the sources, so a new module is covered the day it is written.
 */
function tfjsModules() {
  const dir = new URL('./src/core/', import.meta.url);
  const sources = new Map(
    readdirSync(dir)
      .filter((f) => f.endsWith('.ts') && !f.endsWith('.test.ts'))
      .map((f) => [f.slice(0, -3), readFileSync(new URL(f, dir), 'utf8')]),
  );
  const valueImports = (source) => [...source.matchAll(/^import (?!type )[^;]*? from '([^']+)'/gms)].map((m) => m[1]);
  const found = new Set([...sources].filter(([, s]) => valueImports(s).some((i) => i.startsWith('@tensorflow/'))).map(([name]) => name));
  for (let grew = true; grew;) {
    grew = false;
    for (const [name, source] of sources) {
      if (!found.has(name) && valueImports(source).some((i) => found.has(i.replace(/^\.\//, '')))) {
        found.add(name);
        grew = true;
      }
    }
  }
  return [...found].sort().join('|');
}
const TFJS_CORE = tfjsModules();

const noReact = [
  { group: ['react', 'react/*', 'react-dom', 'react-dom/*'], message: 'The engine and the worker are framework-free: no React here.' },
  { group: ['zustand', 'zustand/*'], message: 'The store is page state: src/state only.' },
];

const restrict = (patterns) => ['error', { patterns }];

export default tseslint.config(
  { ignores: ['dist/', 'node_modules/', 'public/', 'test-results/', 'playwright-report/', 'scripts/tmp/', '**/*.d.ts'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { ecmaVersion: 2022, sourceType: 'module' },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
      eqeqeq: ['error', 'always'],
      'no-console': ['error', { allow: ['warn', 'error'] }],
    },
  },
  {
    files: ['src/ui/**/*.tsx', 'src/page/**/*.tsx'],
    plugins: { 'react-hooks': reactHooks },
    rules: { ...reactHooks.configs.recommended.rules },
  },
  {
    // The engine: pure TypeScript + tfjs, runs in Node and in the worker.
    files: ['src/core/**/*.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': restrict([
        ...noReact,
        { group: ['comlink'], message: 'The engine knows nothing of the worker boundary: comlink lives in src/worker and src/page.' },
        {
          regex: '(^|/)(worker|state|ui|page|shared)/',
          message: 'src/core imports only src/core: the worker, the store and the UI build on it, not the other way round.',
        },
      ]),
    },
  },
  {
    // The worker: the engine behind comlink, plus backend choice.
    files: ['src/worker/**/*.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': restrict([
        ...noReact,
        { regex: '(^|/)(state|ui|page)/', message: 'The worker shares only src/shared/protocol.ts with the page.' },
      ]),
    },
  },
  {
    // Shared between the threads: protocol types and tiny pure helpers.
    files: ['src/shared/**/*.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': restrict([
        ...noReact,
        { group: ['@tensorflow/*', 'comlink'], message: 'src/shared holds plain types both threads can import.' },
        { regex: '(^|/)(worker|state|ui|page)/', message: 'src/shared imports only engine types.' },
      ]),
    },
  },
  {
    // The page: store, UI, entries and the one bridge to the worker.
    files: ['src/state/**/*.ts', 'src/ui/**/*.{ts,tsx}', 'src/page/**/*.{ts,tsx}'],
    rules: {
      '@typescript-eslint/no-restricted-imports': restrict([
        { group: ['@tensorflow/*'], message: 'No tensors on the page: tfjs runs in the worker (src/worker, src/core).' },
        {
          regex: '(^|/)worker/',
          message: 'The page reaches the worker only through src/page/client.ts (types from src/shared/protocol.ts).',
        },
        {
          regex: `(^|/)core/(${TFJS_CORE})$`,
          allowTypeImports: true,
          message: 'This engine module runs tfjs: the page may import its types only.',
        },
      ]),
    },
  },
  {
    files: ['src/state/**/*.ts', 'src/ui/**/*.{ts,tsx}'],
    ignores: ['src/**/*.test.ts'],
    rules: {
      'no-restricted-imports': ['error', { paths: [{ name: 'comlink', message: 'Only the bridge, src/page/client.ts, talks comlink.' }] }],
    },
  },
  {
    // Node-side code (CLI, benchmark driver, tests, configs) may log.
    files: ['scripts/**/*.{ts,mjs}', 'test/**/*.ts', 'e2e/**/*.ts', '*.config.{ts,js}'],
    languageOptions: { globals: globals.node },
    rules: { 'no-console': 'off' },
  },
  {
    // vi.mock factories type their module with import('…').
    files: ['**/*.test.ts'],
    rules: { '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports', disallowTypeAnnotations: false }] },
  },
);
