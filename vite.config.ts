import { createHash } from 'node:crypto';
import { defineConfig } from 'vitest/config';
import type { Plugin } from 'vite';
import react from '@vitejs/plugin-react';

// Cross-origin isolation lets the WASM backend use threads (SharedArrayBuffer).
const isolation = {
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Embedder-Policy': 'require-corp',
};

/** Marks a source only the compute worker needs: the header carries it, the pages' <meta> does not. */
const workerOnly = (source: string) => `worker-only:${source}`;

/**
 * The Content-Security-Policy: scripts, workers, connections, styles, fonts and images come from the
 * app's own origin only, so nothing leaves the machine and nothing foreign runs (e2e/privacy.spec.ts).
 *
 * It is delivered twice, from this one table:
 * - as an HTTP header on every response of the dev and preview servers. A dedicated worker runs under
 *   the header of its own script's response (not the page's policy), so this is the compute worker's
 *   policy, and it has the worker-only sources;
 * - as a <meta http-equiv> at the top of every page (index.html, bench.html; contentSecurityPolicy()
 *   below), so dist/ keeps a policy on any static server. The page makes no blob: worker, runs no blob:
 *   script and compiles no WebAssembly, so the meta leaves the worker-only sources out; a document
 *   enforces every policy it is given, so the page is held to the narrower one even where the header
 *   comes too. frame-ancestors is ignored in a <meta>, so it is in the header only.
 */
const CSP: Record<string, string[]> = {
  // Whatever is not named below (frames, media, manifests, prefetch): the app's own origin only.
  'default-src': ["'self'"],
  // The app's own bundles; no inline script, no eval. The compute worker (src/worker/backend.ts) also needs:
  // - 'wasm-unsafe-eval': it compiles tfjs-backend-wasm's .wasm binaries (compiling WebAssembly only, not JS eval);
  // - blob:, for the threaded build (tfjs-backend-wasm's init() in dist/backend_wasm.js): its mainScriptUrlOrBlob is a
  //   Blob of the Emscripten factory's source (Function.toString()), which each pthread worker importScripts() from a
  //   blob: URL; a blob: worker inherits the policy of the worker that made it.
  'script-src': ["'self'", workerOnly("'wasm-unsafe-eval'"), workerOnly('blob:')],
  // The compute worker is the app's own script; tfjs-backend-wasm starts its pthread workers from blob: URLs
  // (locateFile() turns the bundled worker source into one). Without blob: the threaded backend never starts.
  'worker-src': ["'self'", workerOnly('blob:')],
  // fetch(): the dataset (public/data/mnist.bin) and the .wasm binaries, all from the app's origin
  // (in dev 'self' also covers the HMR WebSocket on the same host and port).
  'connect-src': ["'self'"],
  // data: for the tab icon (src/ui/favicon.ts builds a data:image/svg+xml; bench.html's is "data:,").
  'img-src': ["'self'", 'data:'],
  // 'unsafe-inline': temml's MathML (src/ui/Formula.tsx) carries style="" attributes, and the dev server
  // injects the CSS as <style> elements. Styles cannot run code or send anything out without a URL,
  // and url() is held to the app's own origin by img-src and font-src.
  'style-src': ["'self'", "'unsafe-inline'"],
  // Temml.woff2, from temml's Temml-Local.css (bundled into assets/).
  'font-src': ["'self'"],
  'object-src': ["'none'"],
  'base-uri': ["'none'"],
  'form-action': ["'none'"],
  'frame-ancestors': ["'none'"],
};

/**
 * `vite` (dev) only: @vitejs/plugin-react puts its Fast Refresh preamble inline in the page; this allows that
 * one script by its hash. It is computed for the base "/" (the app's: this config sets none).
 */
const DEV_SCRIPTS = [`'sha256-${createHash('sha256').update(react.preambleCode.replace('__BASE__', '/')).digest('base64')}'`];

/** The policy as the header (`header`) or the pages' <meta> (`meta`) carries it; `dev` adds DEV_SCRIPTS. */
function contentSecurityPolicyText(target: 'header' | 'meta', dev = false): string {
  return Object.entries(CSP)
    .filter(([directive]) => target === 'header' || directive !== 'frame-ancestors')
    .map(([directive, listed]) => {
      const sources = listed.flatMap((source) => {
        if (!source.startsWith('worker-only:')) return [source];
        return target === 'header' ? [source.slice('worker-only:'.length)] : [];
      });
      if (directive === 'script-src' && dev) sources.push(...DEV_SCRIPTS);
      return `${directive} ${sources.join(' ')}`;
    })
    .join('; ');
}

/** Puts the policy's <meta> first in the <head> of every page, before any script or stylesheet it governs. */
function contentSecurityPolicy(): Plugin {
  return {
    name: 'distill-studio:content-security-policy',
    transformIndexHtml: {
      order: 'post', // after the other plugins' head-prepend tags, so it ends up above them
      handler: (_html, context) => [
        {
          tag: 'meta',
          attrs: { 'http-equiv': 'Content-Security-Policy', content: contentSecurityPolicyText('meta', context.server !== undefined) },
          injectTo: 'head-prepend',
        },
      ],
    },
  };
}

export default defineConfig({
  plugins: [react(), contentSecurityPolicy()],
  server: { headers: { ...isolation, 'Content-Security-Policy': contentSecurityPolicyText('header', true) }, port: 5173 },
  preview: { headers: { ...isolation, 'Content-Security-Policy': contentSecurityPolicyText('header') }, port: 4173 },
  worker: {
    format: 'es',
    // The threaded WASM backend rebuilds its Emscripten factory from Function.toString() inside
    // its pthread workers; a minifier renames the outer names it refers to ("e is not defined").
    rolldownOptions: { output: { minify: false } },
  },
  build: {
    target: 'es2022',
    chunkSizeWarningLimit: 4096,
    // bench.html is the headless benchmark page used by `npm run bench`.
    rollupOptions: { input: { main: 'index.html', bench: 'bench.html' } },
  },
  test: {
    include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
    environment: 'node',
    testTimeout: 120_000,
    hookTimeout: 120_000,
  },
});
