/**
 * End-to-end tests: the built app (vite preview, with the COOP/COEP headers) in Debian's Chromium.
 *
 * The same specs run twice, once per project: `wasm` and `webgpu` force the worker's backend with
 * `?backend=` (see e2e/fixtures.ts). WebGPU runs on SwiftShader here (software Vulkan): correct
 * but slow, so the specs use small configurations and the timeouts are generous.
 *
 * Never run `npx playwright install`: the browser is /usr/bin/chromium (apt-get install chromium).
 */
import { defineConfig, devices } from '@playwright/test';
import type { BackendOptions } from './e2e/fixtures';

const CI = Boolean(process.env.CI);
// E2E_PORT lets a second checkout run its own server beside this one (e.g. a CI dry run in a clone).
const PORT = Number(process.env.E2E_PORT ?? 4173);

const chromium = {
  ...devices['Desktop Chrome'],
  viewport: { width: 1360, height: 900 },
  launchOptions: {
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: [
      '--no-sandbox',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
      '--disable-quic',
      '--enable-unsafe-webgpu',
      '--enable-features=Vulkan',
    ],
  },
};

export default defineConfig<BackendOptions>({
  testDir: 'e2e',
  // Two cores and a CPU-bound worker per page: one test at a time.
  fullyParallel: false,
  workers: 1,
  forbidOnly: CI,
  retries: CI ? 1 : 0,
  timeout: 240_000,
  expect: { timeout: 30_000 },
  // 'list' prints one line per test; test-results/e2e.json holds the counts and timings
  // (.ci/run prints them in its summary).
  reporter: [['list'], ['json', { outputFile: 'test-results/e2e.json' }]],
  use: {
    // localhost is a secure context, which WebGPU needs.
    baseURL: `http://localhost:${PORT}`,
    trace: 'on-first-retry',
    screenshot: 'only-on-failure',
    actionTimeout: 15_000,
    navigationTimeout: 60_000,
    acceptDownloads: true,
  },
  projects: [
    { name: 'wasm', use: { ...chromium, backend: 'wasm' } },
    { name: 'webgpu', use: { ...chromium, backend: 'webgpu' } },
  ],
  webServer: {
    command: `npm run build && npx vite preview --port ${PORT} --strictPort`,
    url: `http://localhost:${PORT}`,
    reuseExistingServer: !CI,
    timeout: 180_000,
    stdout: 'ignore',
    stderr: 'pipe',
  },
});
