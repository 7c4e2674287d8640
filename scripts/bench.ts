/**
 * npm run bench — the studio against bare tfjs on identical work, per backend.
 *
 *   npm run bench -- [--backends webgpu,webgl,wasm,cpu] [--config "teachers=2&teacher-epochs=1"] [--repeats 3] [--json] [--no-build]
 *   npm run bench -- --node [--backends wasm,cpu] …      (Node, no browser)
 *   npm run bench -- --estimates [--node [--data FOLDER|FILE] [--cpu-clock]] [--presets quick,defaults,spirals] [--no-sweep] [--repeats 3] [--backends wasm]
 *
 * --estimates: the run bar's estimates against the actual times, for the presets (src/bench/estimate-presets.ts):
 * on a fresh session (a new page and worker, or a new Node process, as at page load) the estimates
 * the studio would show, then the teachers, the distillation and a two-point sweep, each timed
 * (src/bench/estimate-check.ts). --data runs the MNIST presets on a dataset of one's own instead;
 * --cpu-clock times everything with the process's CPU time instead of the wall clock: on a shared
 * machine, what a quiet one would show (both Node only).
 *
 * In the browser each backend runs src/bench/benchmark.ts in the benchmark's worker (the studio's engine plus the benchmark) through the
 * benchmark page (bench.html), then the studio page itself is driven through a teacher job and a
 * distillation while the main thread's long tasks are recorded. With --node the same benchmark
 * runs in this process on tfjs's wasm or cpu backend. Each figure is images per second, the
 * median of --repeats alternating runs per side after one warm-up run each; studio/bare is the
 * studio's overhead. A benchmark, not a test: it prints figures and never fails on them.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { parseArgs } from 'node:util';
import { chromium, type Browser, type Page } from 'playwright-core';
import { median, runBenchmark, type BenchmarkReport, type Figure } from '../src/bench/benchmark';
import { BACKENDS, type BackendName } from '../src/core/settings/config';
import { configFromHash } from '../src/core/settings/hash';
import { classSimilarity } from '../src/core/ensemble/class-similarity';
import { timeEntropyGrid } from '../src/core/ensemble/grid-maps';
import { seededRandom, type Dataset } from '../src/core/data/data';
import { DistillationSession } from '../src/core/training/session';
import { checkEstimates, type EstimateCheck } from '../src/bench/estimate-check';
import { datasetOf } from '../src/core/import/dataset-files';
import { ESTIMATE_PRESETS, estimatePreset, type EstimatePreset } from '../src/bench/estimate-presets';
import { toyData } from '../src/state/teaching';
import { loadDatasetFiles, loadMnist, ROOT, useNodeBackend, type NodeBackend } from './lib/node-runtime';

const PORT = 4179;
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
const DEFAULT_CONFIG = 'teachers=2&teacher-epochs=1&student-epochs=2&train-percent=20';
const JOB_TIMEOUT_MS = 30 * 60_000;

const FIGURES: [keyof BenchmarkReport, string][] = [
  ['teacherTraining', 'teacher training, batch loops'],
  ['teacherWholeJob', 'teacher training, whole job'],
  ['distillation', 'distillation, batch loops'],
  ['distillationWholeJob', 'distillation, whole job'],
  ['ensembleInference', 'ensemble inference'],
  ['studentInference', 'student inference'],
];

const count = (n: number) => Math.round(n).toLocaleString('en-US');

/** The report as a table: one row per figure, each side's images/s and the two ratios; then step costs and memory. */
export function formatReport(report: BenchmarkReport, detail: string): string {
  const rows = FIGURES.map(([key, label]) => {
    const f = report[key] as Figure;
    return [label, count(f.studio), count(f.tunedBare), count(f.stockBare), `${f.vsStock.toFixed(2)}×`, f.vsTuned.toFixed(2)];
  });
  const header = ['figure (images/s)', 'studio', 'tuned bare', 'stock tfjs', 'studio/stock', 'studio/tuned'];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: string[]) => cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  ');
  const { steps, memory } = report;
  return [
    `${report.backend} — ${detail}; medians of ${report.repeats} rotating runs per side after one warm-up run each` +
      (report.backend === 'wasm' ? `; wasm matmul fix ${report.wasmMatMulFix ? 'on' : 'unavailable'}` : ''),
    line(header),
    ...rows.map(line),
    `per step: teacher ${steps.teacher.kernels} kernels, ${steps.teacher.readbacksPerStep.toFixed(3)} read-backs; ` +
      `distillation (student + baseline) ${steps.distillation.kernels} kernels, ${steps.distillation.readbacksPerStep.toFixed(3)} read-backs`,
    `memory over a ${memory.epochs}-epoch distillation: ${memory.atEpoch2.numTensors} tensors / ${count(memory.atEpoch2.numBytes)} bytes after epoch 2, ` +
      `${memory.atLastEpoch.numTensors} / ${count(memory.atLastEpoch.numBytes)} after epoch ${memory.epochs}: ${memory.flat ? 'flat' : 'NOT FLAT'}`,
  ].join('\n');
}

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
  const server = spawn('npx', ['vite', 'preview', '--port', String(PORT), '--strictPort'], { cwd: ROOT, stdio: 'ignore' });
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

/** The benchmark page: the report from the benchmark's worker. */
async function workerReport(
  browser: Browser,
  backend: BackendName,
  config: string,
  repeats: number,
): Promise<BenchmarkReport & { backendInfo: { detail: string } }> {
  const page = await browser.newPage();
  await page.goto(`${ORIGIN}/bench.html?backend=${backend}&repeats=${repeats}#${config}`);
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
  const report = outcome.result as BenchmarkReport & { backendInfo: { name: string; detail: string } };
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

/**
 * The class-similarity map's computation alone, at the default size (3 teachers, the whole
 * training split), median of 30 runs after a warm-up. The logits are random: the work does not
 * depend on their values.
 */
function similarityCompute(dataset: Dataset) {
  const members = 3;
  const random = seededRandom(1);
  const logits = Array.from({ length: members }, () => Float32Array.from({ length: dataset.count * 10 }, () => 8 * random() - 4));
  const input = {
    members: logits,
    classes: 10,
    indices: dataset.split.train,
    labels: dataset.labels,
    mode: 'arithmetic' as const,
    view: { weights: [1, 1, 1], scales: [1, 1, 1] },
  };
  classSimilarity(input, 4);
  const times: number[] = [];
  for (let run = 0; run < 30; run++) {
    const started = performance.now();
    classSimilarity(input, 1 + (run % 20));
    times.push(performance.now() - started);
  }
  times.sort((a, b) => a - b);
  const round = (ms: number) => Math.round(ms * 10) / 10;
  return {
    members,
    samples: dataset.split.train.length,
    runs: times.length,
    medianMs: round((times[14]! + times[15]!) / 2),
    maxMs: round(times[29]!),
  };
}

async function nodeReports(backends: BackendName[], config: string, repeats: number, json: boolean): Promise<void> {
  for (const backend of backends) {
    if (backend !== 'wasm' && backend !== 'cpu') throw new Error(`--node runs on wasm or cpu, not ${backend}`);
    await useNodeBackend(backend as NodeBackend);
    const session = new DistillationSession(loadMnist());
    process.stderr.write(`bench (node): ${backend}…\n`);
    const report = await runBenchmark(session, configFromHash(config), repeats);
    const similarity = similarityCompute(session.dataset);
    // Teaching mode's entropy map, recomputed on every Temperature move (src/core/ensemble/grid-maps.ts).
    const entropyMapMs = Math.round(timeEntropyGrid() * 100) / 100;
    session.dispose();
    process.stdout.write(
      json
        ? `${JSON.stringify({ mode: 'node', ...report, similarity, entropyMapMs })}\n`
        : `${formatReport(report, `Node, config ${config}`)}\n` +
            `class-similarity map at the default size (${similarity.members} teachers × ${similarity.samples} training digits): ` +
            `median ${similarity.medianMs} ms, max ${similarity.maxMs} ms (${similarity.runs} runs)\n` +
            `teaching mode's entropy map (64×64 grid, 3 teachers × 3 classes): median ${entropyMapMs} ms (30 runs)\n\n`,
    );
  }
}

async function browserReports(
  backends: BackendName[],
  config: string,
  repeats: number,
  json: boolean,
  build: boolean,
  drivePage: boolean,
): Promise<void> {
  if (build) {
    const result = spawnSync('npm', ['run', '-s', 'build'], { cwd: ROOT, stdio: ['ignore', 'ignore', 'inherit'] });
    if (result.status !== 0) throw new Error('npm run build failed');
  }
  const server = await startPreview();
  const browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', args: CHROMIUM_ARGS });
  try {
    for (const backend of backends) {
      process.stderr.write(`bench: ${backend}…\n`);
      try {
        const report = await workerReport(browser, backend, config, repeats);
        const mainThread = drivePage ? await studioMainThread(browser, backend, config) : null;
        if (json) {
          process.stdout.write(`${JSON.stringify({ mode: 'browser', ...report, studioMainThreadDuringTraining: mainThread })}\n`);
        } else {
          process.stdout.write(`${formatReport(report, `${report.backendInfo.detail}, config ${config}`)}\n`);
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
  } finally {
    await browser.close();
    server.kill();
  }
}

/**
 * The process's CPU time in ms, for `performance.now`: on a shared machine, what a quiet one would
 * show (Node's wasm and cpu backends compute on one thread).
 */
function cpuMilliseconds(): number {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1000;
}

/** One preset's estimates in this process, on a fresh session: what `--estimates --node` runs in a child process per preset. */
async function estimateChild(id: string, backend: NodeBackend, data: string | undefined, sweep: boolean, cpuClock: boolean): Promise<void> {
  // Everything that times (the probe, the jobs' windows, the check's own clock) reads this clock.
  if (cpuClock) performance.now = cpuMilliseconds;
  await useNodeBackend(backend);
  const preset = estimatePreset(id);
  const dataset = preset.data.kind === 'toy' ? datasetOf(toyData(preset.data.toy)) : data ? loadDatasetFiles(data.split(',')) : loadMnist();
  const session = new DistillationSession(dataset);
  const check = await checkEstimates(session, preset.config, sweep ? preset.sweep : []);
  session.dispose();
  process.stdout.write(`${JSON.stringify({ ...check, dataset: dataset.name, backend: cpuClock ? `${backend}, CPU clock` : backend })}\n`);
}

interface EstimateRun extends EstimateCheck {
  preset: EstimatePreset['id'];
  dataset: string;
  backend: string;
}

const WHEN: Record<string, string> = { 'at load': 'at load (probe)', 'before the click': 'before the click' };

/** The runs as one table: a row per preset, dataset, job and moment, each repetition's estimate / actual and error, and the median error. */
export function formatEstimates(runs: EstimateRun[]): string {
  const groups = new Map<string, { label: string[]; cells: string[]; errors: number[] }>();
  for (const run of runs) {
    const label = ESTIMATE_PRESETS.find((p) => p.id === run.preset)?.label ?? run.preset;
    for (const row of run.rows) {
      const key = [run.backend, run.preset, run.dataset, row.job, row.when].join('|');
      let group = groups.get(key);
      if (!group)
        groups.set(key, (group = { label: [run.backend, label, run.dataset, row.job, WHEN[row.when] ?? row.when], cells: [], errors: [] }));
      const error = row.errorPercent === null ? 'n/a' : `${row.errorPercent >= 0 ? '+' : ''}${row.errorPercent.toFixed(0)} %`;
      group.cells.push(`${row.estimate === null ? '–' : row.estimate.toFixed(1)} / ${row.actual.toFixed(1)} s (${error})`);
      if (row.errorPercent !== null) group.errors.push(row.errorPercent);
    }
  }
  const header = ['backend', 'preset', 'dataset', 'job', 'estimate read', 'estimate / actual (error), each run', 'median error'];
  const rows = [...groups.values()].map((g) => {
    const med = g.errors.length > 0 ? median(g.errors) : null;
    return [...g.label, g.cells.join('; '), med === null ? 'n/a' : `${med >= 0 ? '+' : ''}${med.toFixed(0)} %`];
  });
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: string[]) => cells.map((c, i) => c.padEnd(widths[i]!)).join('  ');
  const probes = runs.map((r) => r.probeSeconds.toFixed(1)).join(', ');
  return [line(header), ...rows.map(line), `first estimate (the probe) answered in ${probes} s`].join('\n');
}

/** Each preset in a new Node process per repetition (the probe meets a cold engine, as at page load). */
async function nodeEstimates(
  backends: BackendName[],
  presets: string[],
  options: { data: string | undefined; sweep: boolean; cpuClock: boolean },
  repeats: number,
  json: boolean,
) {
  const runs: EstimateRun[] = [];
  for (let r = 0; r < repeats; r++) {
    for (const backend of backends) {
      if (backend !== 'wasm' && backend !== 'cpu') throw new Error(`--node runs on wasm or cpu, not ${backend}`);
      for (const preset of presets) {
        process.stderr.write(`bench estimates (node): ${backend}, ${preset}, run ${r + 1} of ${repeats}…\n`);
        const args = [
          ...process.execArgv,
          process.argv[1]!,
          ...['--estimate-child', preset, '--backends', backend],
          ...(options.data ? ['--data', options.data] : []),
          ...(options.sweep ? [] : ['--no-sweep']),
          ...(options.cpuClock ? ['--cpu-clock'] : []),
        ];
        const child = spawnSync(process.execPath, args, { cwd: ROOT, encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] });
        if (child.status !== 0) throw new Error(`the estimate run for ${preset} failed`);
        const run = { ...(JSON.parse(child.stdout.trim().split('\n').at(-1)!) as Omit<EstimateRun, 'preset'>), preset } as EstimateRun;
        runs.push(run);
        if (json) process.stdout.write(`${JSON.stringify({ mode: 'node-estimates', ...run })}\n`);
      }
    }
  }
  if (!json) process.stdout.write(`${formatEstimates(runs)}\n`);
}

/** Each preset on a new benchmark page (a new worker) per repetition, through the studio's own client. */
async function browserEstimates(
  backends: BackendName[],
  presets: string[],
  sweep: boolean,
  repeats: number,
  json: boolean,
  build: boolean,
) {
  if (build) {
    const result = spawnSync('npm', ['run', '-s', 'build'], { cwd: ROOT, stdio: ['ignore', 'ignore', 'inherit'] });
    if (result.status !== 0) throw new Error('npm run build failed');
  }
  const server = await startPreview();
  const browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', args: CHROMIUM_ARGS });
  const runs: EstimateRun[] = [];
  try {
    for (let r = 0; r < repeats; r++) {
      for (const backend of backends) {
        for (const preset of presets) {
          process.stderr.write(`bench estimates: ${backend}, ${preset}, run ${r + 1} of ${repeats}…\n`);
          const page = await browser.newPage();
          await page.goto(`${ORIGIN}/bench.html?backend=${backend}&estimates=${preset}${sweep ? '' : '&sweep=0'}`);
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
          const result = outcome.result as EstimateCheck & { backendInfo: { name: string }; dataset: string };
          const run: EstimateRun = { ...result, preset: preset as EstimatePreset['id'], backend: result.backendInfo.name };
          runs.push(run);
          if (json) process.stdout.write(`${JSON.stringify({ mode: 'browser-estimates', ...run })}\n`);
        }
      }
    }
  } finally {
    await browser.close();
    server.kill();
  }
  if (!json) process.stdout.write(`${formatEstimates(runs)}\n`);
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      node: { type: 'boolean', default: false },
      backends: { type: 'string' },
      config: { type: 'string', default: DEFAULT_CONFIG },
      repeats: { type: 'string', default: '3' },
      json: { type: 'boolean', default: false },
      'no-build': { type: 'boolean', default: false },
      'skip-studio': { type: 'boolean', default: false },
      estimates: { type: 'boolean', default: false },
      presets: { type: 'string', default: ESTIMATE_PRESETS.map((p) => p.id).join(',') },
      data: { type: 'string' },
      'no-sweep': { type: 'boolean', default: false },
      'cpu-clock': { type: 'boolean', default: false },
      'estimate-child': { type: 'string' },
    },
  });
  if (values['estimate-child']) {
    await estimateChild(
      values['estimate-child'],
      (values.backends ?? 'wasm') as NodeBackend,
      values.data,
      !values['no-sweep'],
      values['cpu-clock']!,
    );
    return;
  }
  const backends = (values.backends ?? (values.node ? 'wasm,cpu' : BACKENDS.join(','))).split(',').map((b) => b.trim()) as BackendName[];
  const unknown = backends.filter((b) => !BACKENDS.includes(b));
  if (unknown.length) throw new Error(`unknown backend(s): ${unknown.join(', ')}; choose from ${BACKENDS.join(', ')}`);
  const repeats = Number(values.repeats);
  if (!Number.isInteger(repeats) || repeats < 1) throw new Error(`--repeats must be a whole number ≥ 1, got ${values.repeats}`);
  if (values.estimates) {
    const presets = values.presets!.split(',').map((p) => estimatePreset(p.trim()).id);
    // The estimates run on one backend by default: WASM, the studio's default.
    const on = values.backends ? backends : (['wasm'] as BackendName[]);
    const options = { data: values.data, sweep: !values['no-sweep'], cpuClock: values['cpu-clock']! };
    if (values.node) await nodeEstimates(on, presets, options, repeats, values.json!);
    else {
      if (values.data || values['cpu-clock']) throw new Error('--data and --cpu-clock run in Node: add --node');
      await browserEstimates(on, presets, !values['no-sweep'], repeats, values.json!, !values['no-build']);
    }
  } else if (values.node) await nodeReports(backends, values.config!, repeats, values.json!);
  else await browserReports(backends, values.config!, repeats, values.json!, !values['no-build'], !values['skip-studio']);
}

main().catch((error: Error) => {
  process.stderr.write(`bench: ${error.message}\n`);
  process.exitCode = 1;
});
