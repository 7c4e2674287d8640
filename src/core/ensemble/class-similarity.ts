/**
 * Dark knowledge as a map: the ensemble's mean soft-label distribution per true class on the
 * training split, at temperature T. Row t, column c is how much probability the teachers give
 * class c, on average, for a digit that is really a t: off the diagonal is what soft labels teach
 * that hard labels cannot (a 4 looks like a 9). Computed from the cached logits on every slider
 * move, so it mixes with one EnsembleMixer (mixer.ts) and no per-sample arrays. Plain arrays, no tfjs.
 */
import type { EnsembleMode } from '../settings/config';
import { EnsembleMixer } from './mixer';
import type { TeacherView } from './teacher-view';

export interface SimilarityInput {
  /** One count × classes logit table per member, as trained. */
  members: readonly Float32Array[];
  classes: number;
  /** Dataset indices of the samples to average over (the training split) and every sample's label. */
  indices: ArrayLike<number>;
  labels: ArrayLike<number>;
  mode: EnsembleMode;
  /** Each member's logit scale and weight (teacher-view.ts). */
  view: TeacherView;
}

/**
 * Calls `visit(sample, distribution)` with the ensemble's distribution at T for each sample of
 * `indices`; `distribution` is reused between calls (copy it to keep it).
 */
export function forEachSoftLabel(input: SimilarityInput, temperature: number, visit: (sample: number, p: Float64Array) => void): void {
  const { members, classes, indices, mode, view } = input;
  const mixer = new EnsembleMixer(members.length, classes, { mode, weights: view.weights, scales: view.scales, temperature });
  for (let i = 0; i < indices.length; i++) visit(indices[i]!, mixer.mix(members, indices[i]! * classes));
}

/** matrix[t][c]: the mean over samples of true class t of the ensemble's probability of class c at T (a row sums to 1; NaN for a class with no sample). */
export function classSimilarity(input: SimilarityInput, temperature: number): number[][] {
  const { classes, labels } = input;
  const sums = Array.from({ length: classes }, () => new Float64Array(classes));
  const counts = new Float64Array(classes);
  forEachSoftLabel(input, temperature, (sample, p) => {
    const t = labels[sample]!;
    counts[t]!++;
    const row = sums[t]!;
    for (let c = 0; c < classes; c++) row[c]! += p[c]!;
  });
  return sums.map((row, t) => Array.from(row, (v) => (counts[t]! > 0 ? v / counts[t]! : NaN)));
}

/** The `count` samples of true class `truth` to which the ensemble gives most probability of class `other` at T, most first. */
export function strongestSamples(
  input: SimilarityInput,
  temperature: number,
  truth: number,
  other: number,
  count: number,
): { index: number; p: number }[] {
  const found: { index: number; p: number }[] = [];
  const ofClass = Array.from(input.indices).filter((i) => input.labels[i] === truth);
  forEachSoftLabel({ ...input, indices: ofClass }, temperature, (sample, p) => found.push({ index: sample, p: p[other]! }));
  return found.sort((a, b) => b.p - a.p || a.index - b.index).slice(0, count);
}
