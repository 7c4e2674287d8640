/**
 * The chart benchmark's page: the kit's LinePlot with four loss-like lines, `batch` points appended
 * to each every `intervalMs` up to `points` per line, each line decimated to at most `cap` points as
 * the store keeps them (src/state/series.ts), or every point with cap 0. Each update is one
 * synchronous render (flushSync: React's render and commit, the DOM changed); the main thread's
 * long tasks (> 50 ms) are counted from the first update to the last.
 *
 * scripts/chart-bench.ts builds this page twice, once on this tree's kit and once on another
 * commit's (its imports of src/ui/charts redirected), and drives both.
 */
import { flushSync } from 'react-dom';
import { createRoot } from 'react-dom/client';
import { LinePlot, type LineSpec } from '../../src/ui/charts/svg/LinePlot';
import { niceLinear, type Point } from '../../src/ui/charts/svg/scale';

export interface BenchOptions {
  /** Points per line at the end. */
  points: number;
  /** Points appended to each line per update. */
  batch: number;
  intervalMs: number;
  /** Most points kept per line (0: every point). */
  cap: number;
}

export interface BenchResult {
  /** Milliseconds of each update's render. */
  updateMs: number[];
  /** Durations of the long tasks seen during the run. */
  longTasks: number[];
  /** Points per line drawn at the last update. */
  drawnPoints: number;
}

declare global {
  interface Window {
    chartBench: (options: BenchOptions) => Promise<BenchResult>;
  }
}

const COLORS = ['#0072B2', '#E69F00', '#009E73', '#D55E00'];
const MARGIN = { top: 12, right: 44 };
const Y_AXIS_WIDTH = 58;

/** A line as the store keeps it: every `stride`-th reading, the stride doubling whenever more than `cap` are kept. */
interface Kept {
  points: Point[];
  stride: number;
  seen: number;
}

/** The store's decimation (src/state/series.ts), restated here so the benchmark does not import the store. */
function append(line: Kept, points: readonly Point[], cap: number): Kept {
  if (cap <= 0) return { ...line, points: [...line.points, ...points], seen: line.seen + points.length };
  let { stride, seen } = line;
  let kept = line.points.slice();
  for (const point of points) {
    if (seen % stride === 0) {
      kept.push(point);
      if (kept.length > cap) {
        kept = kept.filter((_, i) => i % 2 === 0);
        stride *= 2;
      }
    }
    seen++;
  }
  return { points: kept, stride, seen };
}

/** A loss-like reading of line `l` at batch `step`: a decaying curve with seeded noise. */
function reading(l: number, step: number, random: () => number): number {
  return (2.4 - 0.4 * l) * Math.exp(-step / (900 + 400 * l)) + 0.15 + 0.05 * l + 0.08 * (random() - 0.5);
}

function seeded(seed: number): () => number {
  let s = seed;
  return () => ((s = (s * 16807) % 2147483647) - 1) / 2147483646;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function chart(lines: readonly Kept[], lastStep: number) {
  const max = Math.max(0, ...lines.flatMap((l) => l.points.map((p) => p[1])));
  const fit = niceLinear(0, max, 5);
  const specs: LineSpec[] = lines.map((l, i) => ({
    key: `line-${i}`,
    className: `bench-line bench-line--${i}`,
    color: COLORS[i]!,
    points: l.points,
  }));
  return (
    <LinePlot
      x={{ domain: [0, Math.max(1, lastStep)], integer: true }}
      y={{ ...fit, format: (v) => String(v), width: Y_AXIS_WIDTH }}
      lines={specs}
      margin={MARGIN}
    />
  );
}

window.chartBench = async ({ points, batch, intervalMs, cap }) => {
  const root = createRoot(document.getElementById('chart')!);
  // Mounted once before timing: ChartFrame draws once its ResizeObserver reports a size.
  flushSync(() => root.render(chart([], 0)));
  await sleep(intervalMs);
  const longTasks: number[] = [];
  const observer = new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) longTasks.push(entry.duration);
  });
  observer.observe({ type: 'longtask' });
  const random = seeded(42);
  let lines: Kept[] = COLORS.map(() => ({ points: [], stride: 1, seen: 0 }));
  const updateMs: number[] = [];
  for (let step = 0; step < points; step += batch) {
    const last = Math.min(points, step + batch);
    lines = lines.map((line, l) => {
      const fresh: Point[] = [];
      for (let s = step; s < last; s++) fresh.push([s, reading(l, s, random)]);
      return append(line, fresh, cap);
    });
    const start = performance.now();
    flushSync(() => root.render(chart(lines, last - 1)));
    updateMs.push(performance.now() - start);
    await sleep(intervalMs);
  }
  // Long tasks are reported after they end: one more turn of the event loop for the last ones.
  await sleep(50);
  observer.disconnect();
  root.unmount();
  return { updateMs, longTasks, drawnPoints: lines[0]!.points.length };
};
