/**
 * Soft labels from cached logits, for one sample at a time. Plain arrays, no tfjs: the page uses
 * these to redraw the soft-label chart the moment the Temperature slider moves. The ensemble's
 * mixture itself is mixer.ts; the batched tensor versions for training live in losses.ts.
 */
import type { EnsembleMode } from '../settings/config';
import { checkTemperature, EnsembleMixer, logSumExp } from './mixer';

/** log softmax(logits / T), computed stably (max subtracted before exp). The one plain-array softmax of the engine. */
export function logSoftmax(logits: ArrayLike<number>, temperature = 1): Float64Array {
  checkTemperature(temperature);
  const out = new Float64Array(logits.length);
  for (let i = 0; i < logits.length; i++) out[i] = logits[i]! / temperature;
  const logSum = logSumExp(out);
  for (let i = 0; i < out.length; i++) out[i] = out[i]! - logSum;
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
 * The ensemble's distribution at temperature T for one sample (one row of logits per member),
 * each member weighted by `weights` (normalised; equal when omitted): EnsembleMixer (mixer.ts) on
 * a new array. arithmetic: Σ_m w_m softmax(z_m / T); geometric: softmax(Σ_m w_m z_m / T).
 */
export function ensembleDistribution(
  memberLogits: ArrayLike<number>[],
  temperature: number,
  mode: EnsembleMode,
  weights?: readonly number[],
): Float64Array {
  return new EnsembleMixer(memberLogits.length, memberLogits[0]?.length ?? 0, { mode, weights, temperature }).mix(memberLogits);
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
