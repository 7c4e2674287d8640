/**
 * The benchmark in Chromium (scripts/bench.ts): the built studio served by vite preview, the
 * benchmark page's report from its worker, the studio page used as a person would (the main
 * thread's long tasks, the charts' redraw on Temperature-slider moves), the teachers' speed rows
 * against PyTorch, and the estimates, each preset on a new benchmark page.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import os from 'node:os';
import { join } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import type { BenchmarkReport } from '../../src/bench/benchmark';
import type { BackendName } from '../../src/core/settings/config';
import type { EstimateCheck } from '../../src/bench/estimate-check';
import type { EstimatePreset } from '../../src/bench/estimate-presets';
import { formatEstimates, formatReport, type EstimateRun } from './bench-tables';
import { formatSpeed, readPytorchSpeed, speedRuns } from './bench-speed';
import type { SpeedReport } from '../../src/bench/teacher-speed';
import { ROOT } from './node-runtime';

/** BENCH_PORT lets two checkouts benchmark side by side (as E2E_PORT does for the e2e tests). */
const PORT = Number(process.env.BENCH_PORT ?? 4179);
const ORIGIN = `http://localhost:${PORT}`;
export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-quic',
  '--enable-unsafe-webgpu',
  '--enable-features=Vulkan',
];
const JOB_TIMEOUT_MS = 30 * 60_000;
/** Records the main thread's long tasks (> 50 ms) from the moment the page starts: [start, duration] in ms. */
const LONG_TASK_PROBE = () => {
  const w = window as unknown as { longTasks: [number, number][] };
  w.longTasks = [];
  new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) w.longTasks.push([entry.startTime, entry.duration]);
  }).observe({ type: 'longtask', buffered: true });
};

/** The page's clock now, and every long task recorded so far. */
const readLongTasks = (page: Page) =>
  page.evaluate(() => ({ now: performance.now(), tasks: (window as unknown as { longTasks: [number, number][] }).longTasks }));

async function startPreview(): Promise<ChildProcess> {
  // A server already there would be benchmarked instead of this checkout's build (vite's --strictPort fails, the page answers).
  const taken = await fetch(ORIGIN).then(
    () => true,
    () => false,
  );
  if (taken) throw new Error(`${ORIGIN} is already served (another checkout's vite preview?); choose another port with BENCH_PORT=…`);
  // vite itself, not through npx: killing npx leaves its vite child serving the port after the bench ends.
  const vite = join(ROOT, 'node_modules', 'vite', 'bin', 'vite.js');
  const server = spawn(process.execPath, [vite, 'preview', '--port', String(PORT), '--strictPort'], { cwd: ROOT, stdio: 'ignore' });
  for (let attempt = 0; attempt < 100; attempt++) {
    try {
      if ((await fetch(ORIGIN)).ok) return server;
    } catch {
      /* not up yet */
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  server.kill();
  throw new Error(`vite preview did not start on ${ORIGIN}`);
}

/** Opens the benchmark page at `path` and waits for what it leaves in window.benchResult (or throws its benchError). */
async function benchPageResult(browser: Browser, path: string): Promise<unknown> {
  const page = await browser.newPage();
  await page.goto(`${ORIGIN}/${path}`);
  await page.waitForFunction(
    () => {
      const w = window as unknown as { benchResult?: unknown; benchError?: string };
      return w.benchResult !== undefined || w.benchError !== undefined;
    },
    null,
    { timeout: JOB_TIMEOUT_MS, polling: 500 },
  );
  const outcome = await page.evaluate(() => {
    const w = window as unknown as { benchResult?: unknown; benchError?: string };
    return { result: w.benchResult, error: w.benchError };
  });
  await page.close();
  if (outcome.error) throw new Error(outcome.error);
  return outcome.result;
}

/** The benchmark page: the report from the benchmark's worker. */
async function workerReport(
  browser: Browser,
  backend: BackendName,
  config: string,
  repeats: number,
): Promise<BenchmarkReport & { backendInfo: { detail: string } }> {
  const report = (await benchPageResult(browser, `bench.html?backend=${backend}&repeats=${repeats}#${config}`)) as BenchmarkReport & {
    backendInfo: { name: string; detail: string };
  };
  if (report.backendInfo.name !== backend) throw new Error(`asked for ${backend}, the worker ran on ${report.backendInfo.name}`);
  return report;
}

interface Redraw {
  moves: number;
  medianMs: number;
  maxMs: number;
}

/** Moves of the Temperature slider timed for the soft-label chart's redraw. */
const SLIDER_MOVES = 30;

/**
 * The soft-label chart's redraw on a Temperature-slider move, as a drag would cause it: the value is
 * set through the input's value setter and an 'input' event dispatched; timed from the event to the
 * updated DOM (the chart's description names the new T), with layout forced by getBoundingClientRect.
 * A frame passes between moves; the slider is put back where it was afterwards.
 */
async function redrawOnSlider(page: Page, role: 'img' | 'table', name: string): Promise<Redraw> {
  const slider = await page.getByRole('slider', { name: 'Temperature', exact: true }).elementHandle();
  const chart = await page.getByRole(role, { name, exact: true }).elementHandle();
  if (!slider || !chart) throw new Error(`no Temperature slider or "${name}" chart on the page`);
  // No named functions inside: tsx would wrap them in a __name helper the page does not have.
  const times = await slider.evaluate(
    async (input, [chart, moves]) => {
      const el = input as HTMLInputElement;
      const setValue = Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, 'value')!.set!;
      const description = document.getElementById(chart.getAttribute('aria-describedby') ?? '');
      const original = el.value;
      const [min, max, step] = [Number(el.min), Number(el.max), Number(el.step)];
      const positions = Math.round((max - min) / step) + 1;
      const times: number[] = [];
      // `moves` timed moves, three steps at a time through the whole range, then one back to where it was.
      for (let i = 0; i <= moves; i++) {
        await new Promise<void>((resolve) => requestAnimationFrame(() => setTimeout(resolve, 0)));
        let value = i < moves ? min + ((Math.round((Number(el.value) - min) / step) + 3) % positions) * step : Number(original);
        if (i < moves && value === Number(el.value)) value = value + step <= max ? value + step : min;
        if (value === Number(el.value)) continue;
        const started = performance.now();
        setValue.call(el, String(value));
        el.dispatchEvent(new Event('input', { bubbles: true }));
        // React commits a discrete event's update in a microtask; wait in tasks if it takes longer.
        for (let k = 0; !(description?.textContent ?? '').includes(`At T = ${value}:`); k++) {
          if (k > 10_000) throw new Error(`the chart did not redraw for T = ${value}`);
          if (k < 100) await Promise.resolve();
          else
            await new Promise<void>((resolve) => {
              const channel = new MessageChannel();
              channel.port1.addEventListener('message', () => resolve());
              channel.port1.start();
              channel.port2.postMessage(0);
            });
        }
        chart.getBoundingClientRect();
        if (i < moves) times.push(performance.now() - started);
      }
      return times;
    },
    [chart, SLIDER_MOVES] as const,
  );
  const sorted = [...times].sort((a, b) => a - b);
  const median = sorted.length % 2 ? sorted[(sorted.length - 1) / 2]! : (sorted[sorted.length / 2 - 1]! + sorted[sorted.length / 2]!) / 2;
  return { moves: times.length, medianMs: Math.round(median * 10) / 10, maxMs: Math.round(sorted[sorted.length - 1]! * 10) / 10 };
}

/**
 * The studio page, used as a person would: main-thread long tasks while the worker trains the teachers and a student,
 * and between the two jobs the soft-label chart's redraw on Temperature-slider moves (its long tasks, if any, not counted).
 */
async function studioMainThread(browser: Browser, backend: BackendName, config: string) {
  const page = await browser.newPage();
  await page.addInitScript(LONG_TASK_PROBE);
  await page.goto(`${ORIGIN}/?backend=${backend}#${config}`);
  const status = page.getByRole('status');
  await status.filter({ hasText: /^Ready/ }).waitFor({ timeout: 120_000 });
  const start = (await readLongTasks(page)).now;
  await page.getByRole('button', { name: 'Train teachers', exact: true }).click();
  await status.filter({ hasText: /Done: \d+ teachers? trained/ }).waitFor({ timeout: JOB_TIMEOUT_MS });
  const sliderStart = (await readLongTasks(page)).now;
  const softLabels = await redrawOnSlider(page, 'img', 'Soft labels');
  // The class-similarity map recomputes the mean soft labels of all 7,000 training digits per move.
  const similarity = await redrawOnSlider(page, 'table', 'Class similarity');
  const sliderEnd = (await readLongTasks(page)).now;
  await page.getByRole('button', { name: 'Distill student', exact: true }).click();
  await status.filter({ hasText: /Done: run 1/ }).waitFor({ timeout: JOB_TIMEOUT_MS });
  const { now: end, tasks } = await readLongTasks(page);
  await page.close();
  // The two jobs, without the slider moves between them (measured on their own).
  const during = tasks
    .filter(([at]) => at >= start && at <= end && !(at >= sliderStart && at <= sliderEnd))
    .map(([, duration]) => duration);
  const wallMs = end - start - (sliderEnd - sliderStart);
  const ms = during.reduce((sum, d) => sum + d, 0);
  return {
    longTasks: during.length,
    longTaskMs: Math.round(ms),
    longestMs: Math.round(Math.max(0, ...during)),
    wallMs: Math.round(wallMs),
    fractionBlocked: ms / wallMs,
    softLabelRedraw: softLabels,
    similarityRedraw: similarity,
  };
}

/** Builds the studio unless told not to, serves it, opens Chromium; `run` gets the browser; everything is closed afterwards. */
async function withPreview<T>(build: boolean, run: (browser: Browser) => Promise<T>): Promise<T> {
  if (build) {
    const result = spawnSync('npm', ['run', '-s', 'build'], { cwd: ROOT, stdio: ['ignore', 'ignore', 'inherit'] });
    if (result.status !== 0) throw new Error('npm run build failed');
  }
  const server = await startPreview();
  const browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', args: CHROMIUM_ARGS });
  try {
    return await run(browser);
  } finally {
    await browser.close();
    server.kill();
  }
}

export async function browserReports(
  backends: BackendName[],
  config: string,
  repeats: number,
  json: boolean,
  build: boolean,
  drivePage: boolean,
  pytorchFile: string,
): Promise<void> {
  await withPreview(build, async (browser) => {
    for (const backend of backends) {
      process.stderr.write(`bench: ${backend}…\n`);
      try {
        const report = await workerReport(browser, backend, config, repeats);
        const mainThread = drivePage ? await studioMainThread(browser, backend, config) : null;
        if (json) {
          process.stdout.write(`${JSON.stringify({ mode: 'browser', ...report, studioMainThreadDuringTraining: mainThread })}\n`);
        } else {
          process.stdout.write(`${formatReport(report, `${report.backendInfo.detail}, config ${config}`)}\n`);
          if (report.speed) process.stdout.write(`${formatSpeed([report.speed], readPytorchSpeed(pytorchFile), 'Chromium')}\n`);
          if (mainThread) {
            process.stdout.write(
              `main thread while the studio trains: ${mainThread.longTasks} long tasks (> 50 ms), ${mainThread.longTaskMs} ms in ` +
                `${(mainThread.wallMs / 1000).toFixed(0)} s (${(100 * mainThread.fractionBlocked).toFixed(1)} %)` +
                (mainThread.longTasks > 0 ? `, longest ${mainThread.longestMs} ms` : '') +
                '\n',
            );
            for (const [what, redraw] of [
              ['soft-label chart', mainThread.softLabelRedraw],
              ['class-similarity map', mainThread.similarityRedraw],
            ] as const)
              process.stdout.write(
                `${what} redraw on a Temperature move: median ${redraw.medianMs} ms, max ${redraw.maxMs} ms (${redraw.moves} moves)\n`,
              );
          }
          process.stdout.write('\n');
        }
      } catch (error) {
        process.stdout.write(
          json
            ? `${JSON.stringify({ mode: 'browser', backend, error: (error as Error).message.split('\n')[0] })}\n`
            : `${backend}: failed: ${(error as Error).message.split('\n')[0]}\n\n`,
        );
      }
    }
  });
}

/**
 * The speed rows alone (`--speed`), in the benchmark's worker: a new page (a new worker) per run,
 * `repeats` runs per backend, against PyTorch's results in `pytorchFile`, or with `runPytorch`
 * against PyTorch run alternately with ours.
 */
export async function browserSpeed(
  backends: BackendName[],
  repeats: number,
  json: boolean,
  build: boolean,
  pytorchFile: string,
  runPytorch: boolean,
): Promise<void> {
  await withPreview(build, async (browser) => {
    for (const backend of backends) {
      let detail = backend as string;
      const loads: number[] = [];
      const ours = async (run: number) => {
        process.stderr.write(`bench speed: ${backend}, run ${run + 1} of ${repeats}…\n`);
        const result = (await benchPageResult(browser, `bench.html?backend=${backend}&speed=1`)) as SpeedReport & {
          backendInfo: { name: string; detail: string };
        };
        if (result.backendInfo.name !== backend) throw new Error(`asked for ${backend}, the worker ran on ${result.backendInfo.name}`);
        detail = result.backendInfo.detail;
        loads.push(os.loadavg()[0]!);
        return result;
      };
      const { reports, pytorch } = await speedRuns(repeats, ours, pytorchFile, runPytorch);
      process.stdout.write(
        json
          ? `${JSON.stringify({ mode: 'browser-speed', reports, loads, pytorch })}\n`
          : `${formatSpeed(reports, pytorch, `Chromium (${detail})`, loads)}\n\n`,
      );
    }
  });
}

/** Each preset on a new benchmark page (a new worker) per repetition, through the studio's own client. */
export async function browserEstimates(
  backends: BackendName[],
  presets: string[],
  sweep: boolean,
  repeats: number,
  json: boolean,
  build: boolean,
) {
  const runs: EstimateRun[] = [];
  await withPreview(build, async (browser) => {
    for (let r = 0; r < repeats; r++) {
      for (const backend of backends) {
        for (const preset of presets) {
          process.stderr.write(`bench estimates: ${backend}, ${preset}, run ${r + 1} of ${repeats}…\n`);
          const result = (await benchPageResult(
            browser,
            `bench.html?backend=${backend}&estimates=${preset}${sweep ? '' : '&sweep=0'}`,
          )) as EstimateCheck & { backendInfo: { name: string }; dataset: string };
          const run: EstimateRun = { ...result, preset: preset as EstimatePreset['id'], backend: result.backendInfo.name };
          runs.push(run);
          if (json) process.stdout.write(`${JSON.stringify({ mode: 'browser-estimates', ...run })}\n`);
        }
      }
    }
  });
  if (!json) process.stdout.write(`${formatEstimates(runs)}\n`);
}
