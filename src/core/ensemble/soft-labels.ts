/**
 * Soft labels from cached logits, for one sample at a time. Plain arrays, no tfjs: the page uses
 * these to redraw the soft-label chart the moment the Temperature slider moves.
 * (Batched tensor versions for training live in losses.ts.)
 */
import type { EnsembleMode } from '../settings/config';

/** log softmax(logits / T), computed stably (max subtracted before exp). The one plain-array softmax of the engine. */
export function logSoftmax(logits: ArrayLike<number>, temperature = 1): Float64Array {
  if (!(temperature > 0)) throw new Error(`temperature must be > 0, got ${temperature}`);
  const out = new Float64Array(logits.length);
  let max = -Infinity;
  for (let i = 0; i < logits.length; i++) max = Math.max(max, logits[i]! / temperature);
  let sum = 0;
  for (let i = 0; i < logits.length; i++) sum += Math.exp(logits[i]! / temperature - max);
  const logSum = max + Math.log(sum);
  for (let i = 0; i < logits.length; i++) out[i] = logits[i]! / temperature - logSum;
  return out;
}

/** softmax(logits / T). */
export function softmax(logits: ArrayLike<number>, temperature = 1): Float64Array {
  return logSoftmax(logits, temperature).map(Math.exp);
}

/** log softmax over each row of a rows × classes matrix, at T = 1. */
export function logSoftmaxRows(logits: Float32Array, classes: number): Float32Array {
  const out = new Float32Array(logits.length);
  for (let start = 0; start < logits.length; start += classes) out.set(logSoftmax(logits.subarray(start, start + classes)), start);
  return out;
}

/** softmax over each row of a rows × classes matrix, at T = 1. */
export function softmaxRows(logits: Float32Array, classes: number): Float32Array {
  const out = new Float32Array(logits.length);
  for (let start = 0; start < logits.length; start += classes) out.set(softmax(logits.subarray(start, start + classes)), start);
  return out;
}

/**
 * The ensemble's distribution at temperature T, each member weighted by `weights` (normalised;
 * equal when omitted).
 * arithmetic: Σ_m w_m softmax(z_m / T) — Hinton et al.'s ensemble average.
 * geometric: softmax(Σ_m w_m z_m / T) — the normalised weighted geometric mean of the members' distributions.
 */
export function ensembleDistribution(
  memberLogits: ArrayLike<number>[],
  temperature: number,
  mode: EnsembleMode,
  weights?: readonly number[],
): Float64Array {
  if (memberLogits.length === 0) throw new Error('an ensemble needs at least one member');
  const classes = memberLogits[0]!.length;
  const w = normalizedWeights(weights ?? memberLogits.map(() => 1));
  if (w.length !== memberLogits.length) throw new Error(`${w.length} weights for ${memberLogits.length} members`);
  if (mode === 'geometric') {
    const meanLogits = new Float64Array(classes);
    memberLogits.forEach((logits, m) => {
      for (let c = 0; c < classes; c++) meanLogits[c]! += logits[c]! * w[m]!;
    });
    return softmax(meanLogits, temperature);
  }
  const mean = new Float64Array(classes);
  memberLogits.forEach((logits, m) => {
    const p = softmax(logits, temperature);
    for (let c = 0; c < classes; c++) mean[c]! += p[c]! * w[m]!;
  });
  return mean;
}

/** Member weights scaled to sum to 1; throws on a negative or non-finite weight, or when all are 0. */
export function normalizedWeights(weights: readonly number[]): number[] {
  if (weights.some((w) => !(w >= 0) || !Number.isFinite(w))) throw new Error('member weights must be finite numbers ≥ 0');
  const sum = weights.reduce((a, b) => a + b, 0);
  if (!(sum > 0)) throw new Error('at least one member weight must be above 0');
  return weights.map((w) => w / sum);
}

/** Shannon entropy in bits (0 for a one-hot distribution, log2(C) for a uniform one). */
export function entropyBits(p: ArrayLike<number>): number {
  let h = 0;
  for (let i = 0; i < p.length; i++) if (p[i]! > 0) h -= p[i]! * Math.log2(p[i]!);
  return h;
}

/** Row `index` of a row-major count × classes matrix. */
export function row(matrix: Float32Array, index: number, classes: number): Float32Array {
  return matrix.subarray(index * classes, (index + 1) * classes);
}

/** Rows `indices` of a count × classes matrix. */
export function gatherRows(matrix: Float32Array, indices: ArrayLike<number>, classes: number): Float32Array {
  const out = new Float32Array(indices.length * classes);
  for (let i = 0; i < indices.length; i++) {
    const index = indices[i]!;
    out.set(matrix.subarray(index * classes, (index + 1) * classes), i * classes);
  }
  return out;
}
