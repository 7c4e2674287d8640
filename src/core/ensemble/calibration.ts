/**
 * Temperature scaling of the teachers (Guo et al. 2017): one scalar T per member, fitted on the
 * validation split by minimising the negative log-likelihood of softmax(z / T), and one more for
 * the ensemble, fitted on top of the calibrated members (averaging calibrated members makes the
 * mean under-confident, so the ensemble needs its own). Dividing logits by T never changes a
 * member's top-1 class, so accuracy is unchanged; what changes is how much its confidence can be
 * trusted. Plain arrays, no tfjs.
 */
import type { EnsembleMode } from '../settings/config';
import { accuracy, calibrationFigures, type CalibrationFigures } from '../evaluation/metrics';
import { EnsembleMixer } from './mixer';
import { gatherRows } from './soft-labels';

/** The range searched for a temperature (a factor of 20 either way covers any teacher worth calibrating). */
export const TEMPERATURE_RANGE = { min: 0.05, max: 20 } as const;

/** Probabilities of rows × classes tables (one per member) combined at scale `scale` (logits × scale). */
function combined(tables: readonly Float32Array[], classes: number, mode: EnsembleMode, weights: readonly number[], scale: number) {
  const mixer = new EnsembleMixer(tables.length, classes, { mode, weights, scales: tables.map(() => scale) });
  return mixer.mixRows(tables, new Float32Array(tables[0]!.length));
}

/**
 * The x in [lo, hi] minimising f: a grid over log x to find the best neighbourhood, then
 * golden-section search inside it. The grid guards against the (mild) non-convexity of the
 * arithmetic mean's NLL in its temperature; for one member the NLL is convex in 1/T.
 */
export function minimizeOnLogScale(f: (x: number) => number, lo: number, hi: number, gridPoints = 41, tolerance = 1e-4): number {
  const a0 = Math.log(lo);
  const b0 = Math.log(hi);
  const at = (k: number) => a0 + ((b0 - a0) * k) / (gridPoints - 1);
  let best = 0;
  let bestValue = Infinity;
  for (let k = 0; k < gridPoints; k++) {
    const value = f(Math.exp(at(k)));
    if (value < bestValue) [best, bestValue] = [k, value];
  }
  let a = at(Math.max(0, best - 1));
  let b = at(Math.min(gridPoints - 1, best + 1));
  const ratio = (Math.sqrt(5) - 1) / 2;
  let c = b - ratio * (b - a);
  let d = a + ratio * (b - a);
  let fc = f(Math.exp(c));
  let fd = f(Math.exp(d));
  while (b - a > tolerance) {
    if (fc < fd) {
      [b, d, fd] = [d, c, fc];
      c = b - ratio * (b - a);
      fc = f(Math.exp(c));
    } else {
      [a, c, fc] = [c, d, fd];
      d = a + ratio * (b - a);
      fd = f(Math.exp(d));
    }
  }
  return Math.exp((a + b) / 2);
}

/** NLL of `labels` under the members combined with their logits divided by T. */
export function nllAtTemperature(
  tables: readonly Float32Array[],
  labels: ArrayLike<number>,
  classes: number,
  temperature: number,
  mode: EnsembleMode = 'arithmetic',
  weights: readonly number[] = tables.map(() => 1),
): number {
  // The fit evaluates this some eighty times per member: one mixer, no per-row arrays.
  const mixer = new EnsembleMixer(tables.length, classes, { mode, weights, temperature });
  const rows = labels.length;
  let total = 0;
  for (let i = 0; i < rows; i++) total -= Math.log(Math.max(mixer.mix(tables, i * classes)[labels[i]!]!, 1e-12));
  return rows > 0 ? total / rows : 0;
}

/** The T minimising the NLL of softmax(z / T) on these rows (one member's validation logits). */
export function fitTemperature(logits: Float32Array, labels: ArrayLike<number>, classes: number): number {
  return fitEnsembleTemperature([logits], labels, classes, 'arithmetic', [1]);
}

/** The one T, applied to every member's logits before they are combined, minimising the ensemble's NLL. */
export function fitEnsembleTemperature(
  tables: readonly Float32Array[],
  labels: ArrayLike<number>,
  classes: number,
  mode: EnsembleMode,
  weights: readonly number[],
): number {
  const { min, max } = TEMPERATURE_RANGE;
  return minimizeOnLogScale((t) => nllAtTemperature(tables, labels, classes, t, mode, weights), min, max);
}

export interface ScoredFigures extends CalibrationFigures {
  accuracy: number;
}

export interface BeforeAfter {
  before: ScoredFigures;
  after: ScoredFigures;
}

/** The fitted temperatures and what they change, on the test split (fitted on validation, never on test). */
export interface TeacherCalibration {
  /** T of each member: its logits are divided by it. */
  memberTemperatures: number[];
  /** T of the ensemble, on top of the members' own: every calibrated member's logits are divided by it too. */
  ensembleTemperature: number;
  members: BeforeAfter[];
  ensemble: BeforeAfter;
}

export interface CalibrationSplits {
  val: ArrayLike<number>;
  test: ArrayLike<number>;
  valLabels: ArrayLike<number>;
  testLabels: ArrayLike<number>;
}

/** Each member's logits multiplied by its calibration scale: 1 / (T_member · T_ensemble). */
export function calibrationScales(calibration: Pick<TeacherCalibration, 'memberTemperatures' | 'ensembleTemperature'>): number[] {
  return calibration.memberTemperatures.map((t) => 1 / (t * calibration.ensembleTemperature));
}

/**
 * Fits every member's T and the ensemble's on validation, and measures the members and the
 * ensemble on test before and after. `memberLogits`: one count × classes table per member (every sample).
 */
export function calibrateTeachers(
  memberLogits: readonly Float32Array[],
  splits: CalibrationSplits,
  classes: number,
  mode: EnsembleMode,
  weights: readonly number[],
): TeacherCalibration {
  const val = memberLogits.map((table) => gatherRows(table, splits.val, classes));
  const test = memberLogits.map((table) => gatherRows(table, splits.test, classes));
  const memberTemperatures = val.map((table) => fitTemperature(table, splits.valLabels, classes));
  const calibratedVal = val.map((table, m) => scaled(table, 1 / memberTemperatures[m]!));
  const ensembleTemperature = fitEnsembleTemperature(calibratedVal, splits.valLabels, classes, mode, weights);
  const figures = (tables: readonly Float32Array[], w: readonly number[], scale: number): ScoredFigures => {
    const probs = combined(tables, classes, mode, w, scale);
    return { accuracy: accuracy(probs, splits.testLabels, classes), ...calibrationFigures(probs, splits.testLabels, classes) };
  };
  const calibratedTest = test.map((table, m) => scaled(table, 1 / memberTemperatures[m]!));
  return {
    memberTemperatures,
    ensembleTemperature,
    members: test.map((table, m) => ({ before: figures([table], [1], 1), after: figures([table], [1], 1 / memberTemperatures[m]!) })),
    ensemble: { before: figures(test, weights, 1), after: figures(calibratedTest, weights, 1 / ensembleTemperature) },
  };
}

function scaled(table: Float32Array, factor: number): Float32Array {
  return factor === 1 ? table : table.map((x) => x * factor);
}
