/**
 * Evaluation metrics on row-major probability matrices (count × classes). Plain arrays, no tfjs.
 */
import { logSoftmax } from './soft-labels';

export function argmaxRow(probs: ArrayLike<number>, row: number, classes: number): number {
  let best = 0;
  for (let c = 1; c < classes; c++) if (probs[row * classes + c]! > probs[row * classes + best]!) best = c;
  return best;
}

function rowsOf(probs: ArrayLike<number>, classes: number): number {
  if (probs.length % classes !== 0) throw new Error(`${probs.length} values are not rows of ${classes} classes`);
  return probs.length / classes;
}

export function accuracy(probs: ArrayLike<number>, labels: ArrayLike<number>, classes: number): number {
  const n = rowsOf(probs, classes);
  if (n !== labels.length) throw new Error(`${n} predictions but ${labels.length} labels`);
  if (n === 0) return 0;
  let correct = 0;
  for (let i = 0; i < n; i++) if (argmaxRow(probs, i, classes) === labels[i]) correct++;
  return correct / n;
}

/** Confidence bins of the expected calibration error (Guo et al. 2017 use 15). */
export const ECE_BINS = 15;

/**
 * Expected calibration error: samples binned by top-1 confidence into `bins` equal-width bins
 * over [0, 1]; ECE = Σ_b (n_b / n) · |accuracy_b − mean confidence_b|.
 */
export function expectedCalibrationError(probs: ArrayLike<number>, labels: ArrayLike<number>, classes: number, bins = ECE_BINS): number {
  const n = rowsOf(probs, classes);
  if (n !== labels.length) throw new Error(`${n} predictions but ${labels.length} labels`);
  if (n === 0) return 0;
  const count = new Float64Array(bins);
  const correct = new Float64Array(bins);
  const confidence = new Float64Array(bins);
  for (let i = 0; i < n; i++) {
    const top = argmaxRow(probs, i, classes);
    const p = probs[i * classes + top]!;
    const bin = Math.min(bins - 1, Math.floor(p * bins));
    count[bin]!++;
    confidence[bin]! += p;
    if (top === labels[i]) correct[bin]!++;
  }
  let ece = 0;
  for (let b = 0; b < bins; b++) if (count[b]! > 0) ece += Math.abs(correct[b]! - confidence[b]!) / n;
  return ece;
}

/** Fraction of rows whose top-1 class is the same in a and b. */
export function topOneAgreement(a: ArrayLike<number>, b: ArrayLike<number>, classes: number): number {
  const n = rowsOf(a, classes);
  if (n !== rowsOf(b, classes)) throw new Error('agreement needs two matrices of the same shape');
  if (n === 0) return 0;
  let same = 0;
  for (let i = 0; i < n; i++) if (argmaxRow(a, i, classes) === argmaxRow(b, i, classes)) same++;
  return same / n;
}

/** Mean over rows of KL(p ‖ q) in nats; q is floored at 1e-12 so a zero never gives Infinity. */
export function meanKl(p: ArrayLike<number>, q: ArrayLike<number>, classes: number): number {
  const n = rowsOf(p, classes);
  if (n !== rowsOf(q, classes)) throw new Error('KL needs two matrices of the same shape');
  if (n === 0) return 0;
  let total = 0;
  for (let i = 0; i < p.length; i++) {
    const pi = p[i]!;
    if (pi > 0) total += pi * (Math.log(pi) - Math.log(Math.max(q[i]!, 1e-12)));
  }
  return total / n;
}

/** Mean cross-entropy −log softmax(logits)[label] over rows, in nats (from logits, stably). */
export function meanCrossEntropy(logits: ArrayLike<number>, labels: ArrayLike<number>, classes: number): number {
  const n = rowsOf(logits, classes);
  if (n !== labels.length) throw new Error(`${n} predictions but ${labels.length} labels`);
  if (n === 0) return 0;
  let total = 0;
  const row = new Float64Array(classes);
  for (let i = 0; i < n; i++) {
    for (let c = 0; c < classes; c++) row[c] = logits[i * classes + c]!;
    total -= logSoftmax(row)[labels[i]!]!;
  }
  return total / n;
}
