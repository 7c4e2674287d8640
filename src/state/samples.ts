/**
 * The sample picker's view of the test split and the soft labels of one sample, computed on the
 * page from the teachers' cached logits (so moving T redraws at once, without the worker).
 */
import type { EnsembleMode } from '../core/config';
import type { Dataset } from '../core/data';
import { ensembleDistribution, entropyBits, row } from '../core/soft-labels';
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
  entropyAtOne: number;
  entropyAtT: number;
  /** Top-1 class of the ensemble. */
  prediction: number;
}

export function softLabelView(
  snapshot: TeacherSnapshot,
  sampleIndex: number,
  temperature: number,
  mode: EnsembleMode,
  classNames: string[],
): SoftLabelView {
  const classes = classNames.length;
  const memberLogits = snapshot.logits.map((logits) => row(logits, sampleIndex, classes));
  const atOne = ensembleDistribution(memberLogits, 1, mode);
  const atT = ensembleDistribution(memberLogits, temperature, mode);
  const members = memberLogits.map((logits) => ensembleDistribution([logits], temperature, mode));
  let prediction = 0;
  for (let c = 1; c < classes; c++) if (atOne[c]! > atOne[prediction]!) prediction = c;
  return { classNames, atOne, atT, members, entropyAtOne: entropyBits(atOne), entropyAtT: entropyBits(atT), prediction };
}
