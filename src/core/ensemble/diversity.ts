/**
 * What the ensemble is made of, from the members' cached logits (plain arrays, no tfjs): each
 * member's calibration, how often two members disagree, how often at least one is right (the
 * oracle), and what combining them gained over the best of them.
 */
import { argmaxRow, expectedCalibrationError } from '../evaluation/metrics';
import { gatherRows, softmaxRows } from './soft-labels';

export interface EnsembleDiversity {
  /** ECE of each member on the test split. */
  memberEce: number[];
  /** disagreement[i][j]: the share of test images on which members i and j predict different classes. */
  disagreement: number[][];
  /** The share of test images at least one member gets right: a ceiling for any way of combining them. */
  oracleAccuracy: number;
  /** The best member's test accuracy, and the ensemble's minus it. */
  bestMemberAccuracy: number;
  ensembleGain: number;
}

/** `memberLogits`: one count × classes table per member (every sample); `indices`, `labels`: the test split. */
export function ensembleDiversity(
  memberLogits: readonly Float32Array[],
  indices: ArrayLike<number>,
  labels: ArrayLike<number>,
  classes: number,
  ensembleAccuracy: number,
): EnsembleDiversity {
  const n = indices.length;
  const probs = memberLogits.map((logits) => softmaxRows(gatherRows(logits, indices, classes), classes));
  const predictions = probs.map((p) => Int32Array.from({ length: n }, (_, i) => argmaxRow(p, i, classes)));
  const share = (count: number) => (n > 0 ? count / n : 0);
  const disagreement = predictions.map((a) =>
    predictions.map((b) => share(a.reduce((count, predicted, i) => count + (predicted !== b[i] ? 1 : 0), 0))),
  );
  let oracle = 0;
  for (let i = 0; i < n; i++) if (predictions.some((p) => p[i] === labels[i])) oracle++;
  const accuracies = predictions.map((p) => share(p.reduce((count, predicted, i) => count + (predicted === labels[i] ? 1 : 0), 0)));
  const bestMemberAccuracy = Math.max(...accuracies);
  return {
    memberEce: probs.map((p) => expectedCalibrationError(p, labels, classes)),
    disagreement,
    oracleAccuracy: share(oracle),
    bestMemberAccuracy,
    ensembleGain: ensembleAccuracy - bestMemberAccuracy,
  };
}
