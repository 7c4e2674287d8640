// ESLint (flat config): typescript-eslint's recommended rules, React's hook rules, and the
// architecture as rules — which folder may import what (test/lint-boundaries.test.ts shows that
// a forbidden import fails). typescript-eslint parses with TypeScript 5.9's API; the type check
// itself runs on TypeScript 7 (package "typescript-native"), which has no JS API yet.
import { readdirSync, readFileSync } from 'node:fs';
import { join, posix, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import js from '@eslint/js';
import globals from 'globals';
import reactHooks from 'eslint-plugin-react-hooks';
import tseslint from 'typescript-eslint';

/**
 * Engine modules that run tfjs, directly or through another engine module: the page may import
 * their types, never their code. Found from the sources (every sub-folder of src/core), so a new
 * module is covered the day it is written. Names are paths under src/core without ".ts".
 */
function tfjsModules() {
  const root = fileURLToPath(new URL('./src/core/', import.meta.url));
  const sources = new Map(
    readdirSync(root, { recursive: true })
      .filter((f) => f.endsWith('.ts') && !f.endsWith('.test.ts'))
      .map((f) => [f.slice(0, -3).split(sep).join('/'), readFileSync(join(root, f), 'utf8')]),
  );
  const valueImports = (source) => [...source.matchAll(/^import (?!type )[^;]*? from '([^']+)'/gms)].map((m) => m[1]);
  /** The engine module a relative import of `name` names, or the import itself. */
  const resolved = (name, spec) => (spec.startsWith('.') ? posix.normalize(posix.join(posix.dirname(name), spec)) : spec);
  const found = new Set([...sources].filter(([, s]) => valueImports(s).some((i) => i.startsWith('@tensorflow/'))).map(([name]) => name));
  for (let grew = true; grew;) {
    grew = false;
    for (const [name, source] of sources) {
      if (!found.has(name) && valueImports(source).some((i) => found.has(resolved(name, i)))) {
        found.add(name);
        grew = true;
      }
    }
  }
  return [...found].sort().join('|');
}
const TFJS_CORE = tfjsModules();

/** The page's folders: no tensors, and the worker only through the bridge. */
const PAGE = ['bridge', 'storage', 'state', 'ui', 'app'];
const pageRules = [
  { group: ['@tensorflow/*'], message: 'No tensors on the page: tfjs runs in the worker (src/worker, src/core).' },
  { regex: '(^|/)worker/', message: 'The page reaches the worker only through src/bridge/client.ts (types from src/shared/protocol.ts).' },
  {
    regex: `(^|/)core/(${TFJS_CORE})$`,
    allowTypeImports: true,
    message: 'This engine module runs tfjs: the page may import its types only.',
  },
];

/** Rules of one folder beyond its side's and its layer's. */
const EXTRA_RULES = {
  core: [{ group: ['comlink'], message: 'The engine knows nothing of the worker boundary: comlink lives in src/worker and src/bridge.' }],
  shared: [{ group: ['@tensorflow/*', 'comlink'], message: 'src/shared holds plain types both threads can import.' }],
};

const LAYER_MESSAGES = {
  core: 'src/core imports only src/core: the worker, the store and the UI build on it, not the other way round.',
  shared: 'src/shared imports only engine types.',
  worker: 'The worker shares only src/shared/protocol.ts with the page.',
  bridge: 'The bridge sits below the store: it imports src/shared and engine types only.',
  storage: 'Storage sits below the store: it imports src/shared and engine types only.',
  state: 'The store sits below the UI and the entries: src/state never imports them.',
  ui: 'The UI reaches the worker and the saved data through the store (src/state).',
  bench: 'The benchmark builds on the engine, the worker and the bridge; nothing of the UI.',
  app: 'src/app holds the entries.',
};

const noReact = [
  { group: ['react', 'react/*', 'react-dom', 'react-dom/*'], message: 'The engine and the worker are framework-free: no React here.' },
  { group: ['zustand', 'zustand/*'], message: 'The store is page state: src/state only.' },
];

const restrict = (patterns) => ['error', { patterns }];

/**
 * Which folders of src/ each folder may import: the arrows of the architecture, all pointing one
 * way (core at the bottom, the entries in src/app at the top). Everything else is refused.
 */
const MAY_IMPORT = {
  core: ['core'],
  shared: ['core', 'shared'],
  worker: ['core', 'shared', 'worker'],
  bridge: ['core', 'shared', 'bridge'],
  storage: ['core', 'shared', 'storage'],
  state: ['core', 'shared', 'bridge', 'storage', 'state'],
  ui: ['core', 'shared', 'state', 'ui'],
  bench: ['core', 'shared', 'worker', 'bridge', 'state', 'bench'],
  app: ['core', 'shared', 'bridge', 'storage', 'state', 'ui', 'bench', 'app'],
};
/** The folders `folder` may not import, as a regex alternative. */
const forbiddenFor = (folder) =>
  Object.keys(MAY_IMPORT)
    .filter((other) => !MAY_IMPORT[folder].includes(other))
    .join('|');

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
    files: ['src/ui/**/*.tsx', 'src/app/**/*.tsx'],
    plugins: { 'react-hooks': reactHooks },
    rules: { ...reactHooks.configs.recommended.rules },
  },
  ...Object.keys(MAY_IMPORT).map((folder) => ({
    files: [`src/${folder}/**/*.{ts,tsx}`],
    rules: {
      '@typescript-eslint/no-restricted-imports': restrict([
        ...(PAGE.includes(folder) ? pageRules : noReact),
        ...(EXTRA_RULES[folder] ?? []),
        { regex: `(^|/)(${forbiddenFor(folder)})/`, message: LAYER_MESSAGES[folder] },
      ]),
    },
  })),
  {
    files: ['src/state/**/*.ts', 'src/ui/**/*.{ts,tsx}'],
    ignores: ['src/**/*.test.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        { paths: [{ name: 'comlink', message: 'Only the bridge, src/bridge/client.ts, talks comlink.' }] },
      ],
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
