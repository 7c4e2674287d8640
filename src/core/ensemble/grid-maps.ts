/**
 * Teaching mode's pictures as numbers: for every cell of the toy grid (gridPoints' order, row-major
 * from the top left), the class a model picks and how sure it is, and the ensemble's entropy or
 * probability of one class at temperature T. The worker fills a GridLogits once per evaluation;
 * the page recomputes the maps from it on every Temperature-slider move, so the ensemble maps
 * are one loop of an EnsembleMixer (mixer.ts) over the cached logits, with no per-cell arrays.
 * Plain arrays: no tfjs, no DOM.
 */
import type { EnsembleMode } from '../settings/config';
import { seededRandom } from '../data/data';
import { EnsembleMixer } from './mixer';
import { entropyBits } from './soft-labels';
import type { TeacherView } from './teacher-view';

/** The logits of every model at every grid cell: each table is resolution² × classes, in gridPoints(resolution, extent) order. */
export interface GridLogits {
  resolution: number;
  extent: number;
  classes: number;
  /** One table per ensemble member, as trained (the view's scales are applied here, not by the worker). */
  members: Float32Array[];
  /** The distilled student's table, or null before it has trained. */
  student: Float32Array | null;
  /** The baseline student's table (hard labels only), or null before it has trained. */
  baseline: Float32Array | null;
}

/** A decision-region map: per cell the class picked and its probability. */
export interface RegionCells {
  label: Uint8Array;
  confidence: Float32Array;
}

function checkTable(logits: Float32Array, classes: number, what: string): number {
  if (!Number.isInteger(classes) || classes < 1 || classes > 255) {
    throw new Error(`classes must be a whole number in 1..255 (got ${classes}).`);
  }
  if (logits.length % classes !== 0) throw new Error(`${what} has ${logits.length} values: not rows of ${classes} classes.`);
  return logits.length / classes;
}

/** The number of cells, after checking every member table's size and the view against the grid. */
function checkGrid(grid: GridLogits, view: TeacherView): number {
  const { resolution, classes, members } = grid;
  if (!Number.isInteger(resolution) || resolution < 1) throw new Error(`resolution must be a whole number ≥ 1 (got ${resolution}).`);
  if (members.length === 0) throw new Error('members: an ensemble needs at least one member table.');
  const cells = resolution * resolution;
  members.forEach((table, m) => {
    if (checkTable(table, classes, `members[${m}]`) !== cells) {
      throw new Error(`members[${m}] has ${table.length} values; ${cells} cells × ${classes} classes = ${cells * classes} expected.`);
    }
  });
  if (view.weights.length !== members.length)
    throw new Error(`view.weights: ${view.weights.length} weights for ${members.length} members.`);
  if (view.scales.length !== members.length) throw new Error(`view.scales: ${view.scales.length} scales for ${members.length} members.`);
  if (view.scales.some((s) => !Number.isFinite(s))) throw new Error('view.scales must be finite numbers.');
  return cells;
}

function checkTemperature(temperature: number): void {
  if (!(temperature > 0) || !Number.isFinite(temperature)) throw new Error(`temperature must be a finite number > 0 (got ${temperature}).`);
}

function outputFor(out: Float32Array | undefined, cells: number): Float32Array {
  if (out === undefined) return new Float32Array(cells);
  if (out.length !== cells) throw new Error(`out has ${out.length} values; one per cell (${cells}) expected.`);
  return out;
}

/** The mixer of a map: the members through the view at T, checked first with the grid's own messages. */
function mixer(grid: GridLogits, temperature: number, mode: EnsembleMode, view: TeacherView): EnsembleMixer {
  checkTemperature(temperature);
  if (mode !== 'arithmetic' && mode !== 'geometric') throw new Error(`mode must be 'arithmetic' or 'geometric' (got ${String(mode)}).`);
  return new EnsembleMixer(grid.members.length, grid.classes, { mode, weights: view.weights, scales: view.scales, temperature });
}

/**
 * A model's decision regions from its grid logits (resolution² × classes): per cell the argmax
 * class (the first on a tie) and its softmax probability at T = 1.
 */
export function regionCells(logits: Float32Array, classes: number): RegionCells {
  const cells = checkTable(logits, classes, 'logits');
  const label = new Uint8Array(cells);
  const confidence = new Float32Array(cells);
  for (let i = 0; i < cells; i++) {
    const at = i * classes;
    let best = 0;
    let max = logits[at]!;
    for (let c = 1; c < classes; c++) {
      if (logits[at + c]! > max) {
        max = logits[at + c]!;
        best = c;
      }
    }
    let sum = 0;
    for (let c = 0; c < classes; c++) sum += Math.exp(logits[at + c]! - max);
    label[i] = best;
    confidence[i] = 1 / sum;
  }
  return { label, confidence };
}

/** The ensemble's decision regions: members combined at T = 1 through the view (scales and weights), argmax and its probability per cell. */
export function ensembleRegion(grid: GridLogits, mode: EnsembleMode, view: TeacherView): RegionCells {
  const cells = checkGrid(grid, view);
  const mix = mixer(grid, 1, mode, view);
  const label = new Uint8Array(cells);
  const confidence = new Float32Array(cells);
  for (let i = 0; i < cells; i++) {
    const p = mix.mix(grid.members, i * grid.classes);
    let best = 0;
    for (let c = 1; c < grid.classes; c++) if (p[c]! > p[best]!) best = c;
    label[i] = best;
    confidence[i] = p[best]!;
  }
  return { label, confidence };
}

/**
 * Per cell, the entropy in bits of the ensemble's distribution at temperature T (members' logits
 * × their view scale, weighted mean as in mixer.ts): 0 where the teachers are sure,
 * log2(classes) where their soft label says nothing. Fills `out` when given (one value per cell).
 */
export function entropyGrid(
  grid: GridLogits,
  temperature: number,
  mode: EnsembleMode,
  view: TeacherView,
  out?: Float32Array,
): Float32Array {
  const cells = checkGrid(grid, view);
  const mix = mixer(grid, temperature, mode, view);
  const result = outputFor(out, cells);
  for (let i = 0; i < cells; i++) result[i] = entropyBits(mix.mix(grid.members, i * grid.classes));
  return result;
}

/** Per cell, the ensemble's probability of class `cls` at temperature T (members through the view). Fills `out` when given. */
export function classProbabilityGrid(
  grid: GridLogits,
  temperature: number,
  mode: EnsembleMode,
  view: TeacherView,
  cls: number,
  out?: Float32Array,
): Float32Array {
  const cells = checkGrid(grid, view);
  if (!Number.isInteger(cls) || cls < 0 || cls >= grid.classes) {
    throw new Error(`cls must be a class index in 0..${grid.classes - 1} (got ${cls}).`);
  }
  const mix = mixer(grid, temperature, mode, view);
  const result = outputFor(out, cells);
  for (let i = 0; i < cells; i++) result[i] = mix.mix(grid.members, i * grid.classes)[cls]!;
  return result;
}

/** Per cell, the ensemble's whole distribution at temperature T (members through the view): cells × classes, row-major. */
export function ensembleProbabilityRows(grid: GridLogits, temperature: number, mode: EnsembleMode, view: TeacherView): Float32Array {
  const cells = checkGrid(grid, view);
  return mixer(grid, temperature, mode, view).mixRows(grid.members, new Float32Array(cells * grid.classes));
}

/** The share of the grid's cells given to each class (sums to 1), for a map's text description. */
export function classShares(label: Uint8Array, classes: number): number[] {
  const counts = new Array<number>(classes).fill(0);
  for (let i = 0; i < label.length; i++) if (label[i]! < classes) counts[label[i]!]!++;
  return counts.map((n) => (label.length > 0 ? n / label.length : 0));
}

/** A random GridLogits (logits uniform in [-spread, spread]) from a seed: for tests and the benchmark. */
export function randomGridLogits(resolution: number, classes: number, members: number, seed = 0, spread = 4): GridLogits {
  const random = seededRandom(seed);
  const table = () => Float32Array.from({ length: resolution * resolution * classes }, () => (2 * random() - 1) * spread);
  return {
    resolution,
    extent: 1.25,
    classes,
    members: Array.from({ length: members }, table),
    student: table(),
    baseline: table(),
  };
}

/**
 * The median milliseconds of entropyGrid on a random 64 × 64 grid of 3 members × 3 classes
 * (arithmetic mean, non-trivial scales and weights), after a short warm-up: for a benchmark
 * script to print. Never asserted on: timings belong to benchmarks, not tests.
 */
export function timeEntropyGrid(runs = 30): number {
  if (!Number.isInteger(runs) || runs < 1) throw new Error(`runs must be a whole number ≥ 1 (got ${runs}).`);
  const grid = randomGridLogits(64, 3, 3, 1);
  const view: TeacherView = { weights: [1, 2, 0.5], scales: [0.8, 1.3, 1] };
  const out = new Float32Array(64 * 64);
  for (let i = 0; i < 5; i++) entropyGrid(grid, 1 + i, 'arithmetic', view, out);
  const times: number[] = [];
  const first = performance.now();
  for (let i = 0; i < runs; i++) {
    const start = performance.now();
    entropyGrid(grid, 1 + (i % 10) / 2, 'arithmetic', view, out);
    times.push(performance.now() - start);
  }
  const total = performance.now() - first;
  times.sort((a, b) => a - b);
  const mid = Math.floor(times.length / 2);
  const median = times.length % 2 === 1 ? times[mid]! : (times[mid - 1]! + times[mid]!) / 2;
  // A browser may coarsen performance.now() so that one run reads as 0 ms: then the mean over all runs.
  return median > 0 ? median : total / runs;
}
