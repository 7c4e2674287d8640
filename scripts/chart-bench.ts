/**
 * npx tsx scripts/chart-bench.ts — the live charts' cost per update, this tree's chart kit against another commit's.
 *
 *   npx tsx scripts/chart-bench.ts [--before main] [--caps 400,0] [--points 9000] [--batch 16] [--interval 250] [--repeats 1] [--json]
 *
 * The page (scripts/chart-bench/) draws the kit's LinePlot with four lines, `--batch` points
 * appended to each every `--interval` ms up to `--points` per line, each line decimated to at most
 * `--caps` points as the store keeps them (0: every point). It is built with Vite twice: on this
 * tree's src/ui/charts, and on `--before`'s (taken with git archive into scripts/tmp/). Headless
 * Chromium runs them one after the other, alternating kits when `--repeats` > 1. Each figure is the
 * median (and 95th percentile) of the milliseconds one update's synchronous render takes, and the
 * count of main-thread long tasks (> 50 ms) over the whole run; and the renderer main thread's CPU
 * time per update (style, layout and paint included), which a busy machine inflates less than the
 * clock. A benchmark, not a test: it prints figures and never fails on them.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import react from '@vitejs/plugin-react';
import { chromium, type Browser } from 'playwright-core';
import { build, preview, type PreviewServer } from 'vite';
import type { BenchOptions, BenchResult } from './chart-bench/main';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const PAGE = join(ROOT, 'scripts', 'chart-bench');
const WORK = join(ROOT, 'scripts', 'tmp', 'chart-bench');
const PORT = 4189;
const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-quic',
];

interface Kit {
  id: 'before' | 'after';
  /** As the table names it. */
  name: string;
  /** Where the page's imports of src/ui/charts go (null: this tree's). */
  charts: string | null;
}

interface Figure {
  kit: string;
  cap: number;
  drawnPoints: number;
  updates: number;
  medianMs: number;
  p95Ms: number;
  maxMs: number;
  longTasks: number;
  longestTaskMs: number;
  /** The renderer's main thread's CPU time over the run per update (Chrome's ThreadTime): what other work on the machine does not inflate. */
  cpuMsPerUpdate: number;
}

/** Another commit's src/ui/charts, unpacked under scripts/tmp/ (inside the project, so its imports of react resolve). */
function checkout(ref: string): { dir: string; commit: string } {
  const commit = spawnSync('git', ['rev-parse', '--short', ref], { cwd: ROOT, encoding: 'utf8' }).stdout.trim();
  if (!commit) throw new Error(`git cannot resolve ${ref}`);
  const dir = join(WORK, `kit-${commit}`);
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  const archive = spawnSync('git', ['archive', commit, 'src/ui/charts'], { cwd: ROOT, maxBuffer: 64 << 20 });
  if (archive.status !== 0) throw new Error(`git archive ${commit} src/ui/charts failed`);
  const untar = spawnSync('tar', ['-x', '-C', dir], { input: archive.stdout });
  if (untar.status !== 0) throw new Error('tar failed');
  return { dir: join(dir, 'src', 'ui', 'charts'), commit };
}

/** The page built (production React) on one kit; returns its directory. */
async function buildPage(kit: Kit): Promise<string> {
  const outDir = join(WORK, `dist-${kit.id}`);
  await build({
    configFile: false,
    root: PAGE,
    base: './',
    logLevel: 'warn',
    plugins: [react()],
    resolve: kit.charts ? { alias: [{ find: /^(?:\.\.\/)+src\/ui\/charts\/(.*)$/, replacement: `${kit.charts}/$1` }] } : {},
    build: { outDir, emptyOutDir: true, target: 'es2022' },
  });
  return outDir;
}

async function serve(outDir: string): Promise<PreviewServer> {
  return preview({ configFile: false, root: PAGE, logLevel: 'warn', build: { outDir }, preview: { port: PORT, strictPort: true } });
}

const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))]!;
const round = (v: number) => Math.round(v * 100) / 100;

async function run(browser: Browser, outDir: string, kit: string, options: BenchOptions): Promise<Figure> {
  const server = await serve(outDir);
  const page = await browser.newPage({ viewport: { width: 1280, height: 720 } });
  try {
    await page.goto(`http://localhost:${PORT}/index.html`);
    await page.waitForFunction(() => typeof window.chartBench === 'function');
    const cdp = await page.context().newCDPSession(page);
    await cdp.send('Performance.enable');
    const threadTime = async () => (await cdp.send('Performance.getMetrics')).metrics.find((m) => m.name === 'ThreadTime')?.value ?? NaN;
    const cpuBefore = await threadTime();
    const result: BenchResult = await page.evaluate((o) => window.chartBench(o), options);
    const cpuMs = ((await threadTime()) - cpuBefore) * 1000;
    const sorted = [...result.updateMs].sort((a, b) => a - b);
    return {
      kit,
      cap: options.cap,
      drawnPoints: result.drawnPoints,
      updates: sorted.length,
      medianMs: round(percentile(sorted, 0.5)),
      p95Ms: round(percentile(sorted, 0.95)),
      maxMs: round(sorted[sorted.length - 1] ?? 0),
      longTasks: result.longTasks.length,
      longestTaskMs: Math.round(Math.max(0, ...result.longTasks)),
      cpuMsPerUpdate: round(cpuMs / sorted.length),
    };
  } finally {
    await page.close();
    await server.close();
  }
}

function table(figures: Figure[]): string {
  const header = ['kit', 'points per line drawn', 'updates', 'median ms', 'p95 ms', 'max ms', 'long tasks', 'longest', 'CPU ms/update'];
  const rows = figures.map((f) => [
    f.kit,
    f.cap > 0 ? `${f.drawnPoints} (cap ${f.cap})` : `${f.drawnPoints} (every point)`,
    String(f.updates),
    f.medianMs.toFixed(2),
    f.p95Ms.toFixed(2),
    f.maxMs.toFixed(1),
    String(f.longTasks),
    f.longTasks > 0 ? `${f.longestTaskMs} ms` : '',
    f.cpuMsPerUpdate.toFixed(2),
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: string[]) => cells.map((c, i) => (i < 2 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  ');
  return [line(header), ...rows.map(line)].join('\n');
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      before: { type: 'string', default: 'main' },
      caps: { type: 'string', default: '400,0' },
      points: { type: 'string', default: '9000' },
      batch: { type: 'string', default: '16' },
      interval: { type: 'string', default: '250' },
      repeats: { type: 'string', default: '1' },
      json: { type: 'boolean', default: false },
    },
  });
  const before = checkout(values.before);
  const kits: Kit[] = [
    { id: 'before', name: `before (${before.commit})`, charts: before.dir },
    { id: 'after', name: 'after (this tree)', charts: null },
  ];
  const built = new Map<Kit['id'], string>();
  for (const kit of kits) built.set(kit.id, await buildPage(kit));
  const caps = values.caps.split(',').map(Number);
  const browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', args: CHROMIUM_ARGS });
  const figures: Figure[] = [];
  try {
    for (const cap of caps)
      for (let r = 0; r < Number(values.repeats); r++)
        for (const kit of r % 2 === 0 ? kits : [...kits].reverse()) {
          const options: BenchOptions = {
            points: Number(values.points),
            batch: Number(values.batch),
            intervalMs: Number(values.interval),
            cap,
          };
          process.stderr.write(`chart-bench: ${kit.name}, cap ${cap}, run ${r + 1}…\n`);
          const figure = await run(browser, built.get(kit.id)!, kit.name, options);
          figures.push(figure);
          if (values.json) process.stdout.write(`${JSON.stringify(figure)}\n`);
        }
  } finally {
    await browser.close();
  }
  if (!values.json)
    process.stdout.write(
      `four lines, ${values.batch} points appended to each every ${values.interval} ms up to ${values.points} per line; ` +
        `one update = one synchronous render (flushSync); long tasks > 50 ms over the run\n${table(figures)}\n`,
    );
}

main().catch((error: unknown) => {
  process.stderr.write(`chart-bench: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
