/**
 * npm run bench — throughput figures per backend in headless Chromium, printed as JSON.
 *
 *   npm run bench -- [--backends webgpu,webgl,wasm,cpu] [--config "teachers=1&teacher-epochs=1&student-epochs=1"] [--no-build]
 *
 * For each backend: the benchmark page (bench.html) runs the studio's loops and bare tfjs on the
 * same models in the worker (teacher training, distillation, ensemble and student inference,
 * images/s), and records main-thread long tasks; then the studio page itself is driven through
 * one teacher + distillation run, recording main-thread long tasks while the worker trains.
 * A benchmark, not a test: it prints figures and never fails on them.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { parseArgs } from 'node:util';
import { chromium, type Browser, type Page } from 'playwright-core';
import { BACKENDS, type BackendName } from '../src/core/config';
import { ROOT } from './lib/node-runtime';

const PORT = 4179;
const ORIGIN = `http://localhost:${PORT}`;
export const CHROMIUM_ARGS = [
  '--no-sandbox', '--disable-background-networking', '--disable-component-update', '--disable-sync',
  '--no-first-run', '--disable-quic', '--enable-unsafe-webgpu', '--enable-features=Vulkan',
];
const DEFAULT_CONFIG = 'teachers=2&teacher-epochs=1&student-epochs=2&train-percent=20';
const JOB_TIMEOUT_MS = 20 * 60_000;

/** Sums main-thread long tasks (> 50 ms) from the moment the page starts. */
const LONG_TASK_PROBE = () => {
  const w = window as unknown as { longTasks: { count: number; ms: number; maxMs: number } };
  w.longTasks = { count: 0, ms: 0, maxMs: 0 };
  new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) {
      w.longTasks.count++;
      w.longTasks.ms += entry.duration;
      w.longTasks.maxMs = Math.max(w.longTasks.maxMs, entry.duration);
    }
  }).observe({ type: 'longtask', buffered: true });
};

interface LongTasks { count: number; ms: number; maxMs: number }
const readLongTasks = (page: Page) => page.evaluate(() => (window as unknown as { longTasks: LongTasks }).longTasks);

async function startPreview(): Promise<ChildProcess> {
  const server = spawn('npx', ['vite', 'preview', '--port', String(PORT), '--strictPort'], { cwd: ROOT, stdio: 'ignore' });
  for (let attempt = 0; attempt < 100; attempt++) {
    try {
      if ((await fetch(ORIGIN)).ok) return server;
    } catch { /* not up yet */ }
    await new Promise((r) => setTimeout(r, 200));
  }
  server.kill();
  throw new Error(`vite preview did not start on ${ORIGIN}`);
}

/** The benchmark page: studio loops and bare tfjs in the worker. */
async function workerFigures(browser: Browser, backend: BackendName, config: string) {
  const page = await browser.newPage();
  await page.addInitScript(LONG_TASK_PROBE);
  const started = Date.now();
  await page.goto(`${ORIGIN}/bench.html?backend=${backend}#${config}`);
  await page.waitForFunction(() => {
    const w = window as unknown as { benchResult?: unknown; benchError?: string };
    return w.benchResult !== undefined || w.benchError !== undefined;
  }, null, { timeout: JOB_TIMEOUT_MS, polling: 500 });
  const outcome = await page.evaluate(() => {
    const w = window as unknown as { benchResult?: unknown; benchError?: string };
    return { result: w.benchResult, error: w.benchError };
  });
  const longTasks = await readLongTasks(page);
  await page.close();
  if (outcome.error) throw new Error(outcome.error);
  return { ...(outcome.result as object), benchPageMainThread: { ...longTasks, wallMs: Date.now() - started } };
}

/** The studio page, used as a person would: main-thread long tasks while the worker trains. */
async function studioMainThread(browser: Browser, backend: BackendName, config: string) {
  const page = await browser.newPage();
  await page.addInitScript(LONG_TASK_PROBE);
  await page.goto(`${ORIGIN}/?backend=${backend}#${config}`);
  const train = page.getByRole('button', { name: 'Train teachers' });
  await train.waitFor();
  await page.waitForFunction(() => !document.querySelector('button[disabled]')?.textContent?.includes('Train teachers'), null, { timeout: 120_000 });
  const before = await readLongTasks(page);
  const started = Date.now();
  await train.click();
  const distill = page.getByRole('button', { name: 'Distill student' });
  await distill.click({ timeout: JOB_TIMEOUT_MS });
  await page.getByRole('button', { name: 'Download student' }).waitFor({ state: 'visible', timeout: JOB_TIMEOUT_MS });
  await page.waitForFunction(() => {
    const button = [...document.querySelectorAll('button')].find((b) => b.textContent?.trim() === 'Download student');
    return button !== undefined && !button.disabled;
  }, null, { timeout: JOB_TIMEOUT_MS, polling: 250 });
  const after = await readLongTasks(page);
  await page.close();
  const wallMs = Date.now() - started;
  const ms = after.ms - before.ms;
  return { count: after.count - before.count, ms, maxMs: after.maxMs, wallMs, fractionBlocked: ms / wallMs };
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      backends: { type: 'string', default: BACKENDS.join(',') },
      config: { type: 'string', default: DEFAULT_CONFIG },
      'no-build': { type: 'boolean', default: false },
      'skip-studio': { type: 'boolean', default: false },
    },
  });
  const backends = values.backends!.split(',').map((b) => b.trim()) as BackendName[];
  const unknown = backends.filter((b) => !BACKENDS.includes(b));
  if (unknown.length) throw new Error(`unknown backend(s): ${unknown.join(', ')}; choose from ${BACKENDS.join(', ')}`);
  if (!values['no-build']) {
    const build = spawnSync('npm', ['run', '-s', 'build'], { cwd: ROOT, stdio: ['ignore', 'ignore', 'inherit'] });
    if (build.status !== 0) throw new Error('npm run build failed');
  }
  const server = await startPreview();
  const browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', args: CHROMIUM_ARGS });
  try {
    for (const backend of backends) {
      process.stderr.write(`bench: ${backend}…\n`);
      const figures: Record<string, unknown> = { backend, config: values.config };
      try {
        Object.assign(figures, await workerFigures(browser, backend, values.config!));
        if (!values['skip-studio']) figures.studioMainThreadDuringTraining = await studioMainThread(browser, backend, values.config!);
      } catch (error) {
        figures.error = (error as Error).message.split('\n')[0];
      }
      process.stdout.write(`${JSON.stringify(figures)}\n`);
    }
  } finally {
    await browser.close();
    server.kill();
  }
}

main().catch((error: Error) => {
  process.stderr.write(`bench: ${error.message}\n`);
  process.exitCode = 1;
});
