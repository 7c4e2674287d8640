/**
 * The sample picker's view of the test split and the soft labels of one sample, computed on the
 * page from the teachers' cached logits (so moving T redraws at once, without the worker).
 */
import type { EnsembleMode } from '../core/settings/config';
import type { Dataset } from '../core/data/data';
import { ensembleDistribution, entropyBits, row, softmax } from '../core/ensemble/soft-labels';
import { teacherView, type TeacherView, type ViewSettings } from '../core/ensemble/teacher-view';
import type { TeacherRecord } from './types';
import type { TeacherSnapshot } from '../shared/protocol';

const cache = new WeakMap<Dataset, Map<number | null, Int32Array>>();

/** Dataset indices of the test split, or of its samples of one digit. Memoised per dataset. */
export function testIndices(dataset: Dataset, digit: number | null): Int32Array {
  let byDigit = cache.get(dataset);
  if (!byDigit) {
    byDigit = new Map();
    cache.set(dataset, byDigit);
  }
  let indices = byDigit.get(digit);
  if (!indices) {
    indices = digit === null ? dataset.split.test : dataset.split.test.filter((i) => dataset.labels[i] === digit);
    byDigit.set(digit, indices);
  }
  return indices;
}

/** The teachers as the next run will see them (calibration, confidence, weights), or null without teachers. */
export function currentTeacherView(teachers: TeacherRecord | null, settings: ViewSettings): TeacherView | null {
  return teachers ? teacherView(settings, teachers.calibration, teachers.weights) : null;
}

/** The row of a dataset index in its split's outputs (a run's log-probabilities are in split order), or −1. */
export function splitRow(split: Int32Array, index: number): number {
  return split.indexOf(index);
}

/** Wraps a position into 0..length−1 (0 for an empty list). */
export function wrapPosition(position: number, length: number): number {
  if (length === 0) return 0;
  return ((position % length) + length) % length;
}

export interface SoftLabelView {
  classNames: string[];
  /** Ensemble distribution at T = 1 and at T. */
  atOne: Float64Array;
  atT: Float64Array;
  /** Each member's distribution at T. */
  members: Float64Array[];
  /** A distilled student's distribution at T for this digit (from a run's cached outputs), when asked for. */
  student: Float64Array | null;
  entropyAtOne: number;
  entropyAtT: number;
  /** Top-1 class of the ensemble. */
  prediction: number;
}

/**
 * The soft labels of one digit as the student is taught them: the teachers seen through `view`
 * (calibration, confidence, weights). `studentLogProbs`: a student's log-probabilities for this
 * digit (any row of a run's outputs), shown at the same T.
 */
export function softLabelView(
  snapshot: TeacherSnapshot,
  sampleIndex: number,
  temperature: number,
  mode: EnsembleMode,
  classNames: string[],
  view: TeacherView,
  studentLogProbs: ArrayLike<number> | null = null,
): SoftLabelView {
  const classes = classNames.length;
  const memberLogits = snapshot.logits.map((logits, m) => {
    const z = row(logits, sampleIndex, classes);
    const scale = view.scales[m] ?? 1;
    return scale === 1 ? z : z.map((v) => v * scale);
  });
  const atOne = ensembleDistribution(memberLogits, 1, mode, view.weights);
  const atT = ensembleDistribution(memberLogits, temperature, mode, view.weights);
  const members = memberLogits.map((logits) => ensembleDistribution([logits], temperature, mode));
  const student = studentLogProbs ? softmax(studentLogProbs, temperature) : null;
  let prediction = 0;
  for (let c = 1; c < classes; c++) if (atOne[c]! > atOne[prediction]!) prediction = c;
  return { classNames, atOne, atT, members, student, entropyAtOne: entropyBits(atOne), entropyAtT: entropyBits(atT), prediction };
}
