/**
 * Evaluation metrics on row-major probability matrices (count × classes). Plain arrays, no tfjs.
 */
import { logSoftmax } from '../ensemble/soft-labels';

export function argmaxRow(probs: ArrayLike<number>, row: number, classes: number): number {
  let best = 0;
  for (let c = 1; c < classes; c++) if (probs[row * classes + c]! > probs[row * classes + best]!) best = c;
  return best;
}

function rowsOf(probs: ArrayLike<number>, classes: number): number {
  if (probs.length % classes !== 0) throw new Error(`${probs.length} values are not rows of ${classes} classes`);
  return probs.length / classes;
}

/** Rows of a prediction matrix that has one label per row (throws otherwise). */
function labelledRows(probs: ArrayLike<number>, labels: ArrayLike<number>, classes: number): number {
  const n = rowsOf(probs, classes);
  if (n !== labels.length) throw new Error(`${n} predictions but ${labels.length} labels`);
  return n;
}

export function accuracy(probs: ArrayLike<number>, labels: ArrayLike<number>, classes: number): number {
  const n = labelledRows(probs, labels, classes);
  if (n === 0) return 0;
  let correct = 0;
  for (let i = 0; i < n; i++) if (argmaxRow(probs, i, classes) === labels[i]) correct++;
  return correct / n;
}

/** Confidence bins of the expected calibration error (Guo et al. 2017 use 15). */
export const ECE_BINS = 15;

/** One confidence bin of a reliability diagram: how many samples, their accuracy and mean top-1 confidence (NaN when empty). */
export interface ReliabilityBin {
  count: number;
  accuracy: number;
  confidence: number;
}

/** Samples binned by top-1 confidence into `bins` equal-width bins over [0, 1] (a confidence of 1 in the last). */
export function reliabilityBins(probs: ArrayLike<number>, labels: ArrayLike<number>, classes: number, bins = ECE_BINS): ReliabilityBin[] {
  const n = labelledRows(probs, labels, classes);
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
  return Array.from(count, (c, b) => ({ count: c, accuracy: c > 0 ? correct[b]! / c : NaN, confidence: c > 0 ? confidence[b]! / c : NaN }));
}

/** ECE from reliability bins: Σ_b (n_b / n) · |accuracy_b − mean confidence_b| (Guo et al. 2017). */
export function eceOfBins(bins: readonly ReliabilityBin[]): number {
  const n = bins.reduce((sum, b) => sum + b.count, 0);
  return bins.reduce((ece, b) => (b.count > 0 ? ece + (b.count / n) * Math.abs(b.accuracy - b.confidence) : ece), 0);
}

/** MCE from reliability bins: the largest |accuracy_b − confidence_b| over the non-empty bins. */
export function mceOfBins(bins: readonly ReliabilityBin[]): number {
  return bins.reduce((mce, b) => (b.count > 0 ? Math.max(mce, Math.abs(b.accuracy - b.confidence)) : mce), 0);
}

/** Expected calibration error over ECE_BINS equal-width confidence bins. */
export function expectedCalibrationError(probs: ArrayLike<number>, labels: ArrayLike<number>, classes: number, bins = ECE_BINS): number {
  return eceOfBins(reliabilityBins(probs, labels, classes, bins));
}

/** Maximum calibration error over the same bins. */
export function maxCalibrationError(probs: ArrayLike<number>, labels: ArrayLike<number>, classes: number, bins = ECE_BINS): number {
  return mceOfBins(reliabilityBins(probs, labels, classes, bins));
}

/** Negative log-likelihood of the labels, mean −log p_y in nats (p floored at 1e-12, so a confident miss is large, not Infinity). */
export function negativeLogLikelihood(probs: ArrayLike<number>, labels: ArrayLike<number>, classes: number): number {
  const n = labelledRows(probs, labels, classes);
  if (n === 0) return 0;
  let total = 0;
  for (let i = 0; i < n; i++) total -= Math.log(Math.max(probs[i * classes + labels[i]!]!, 1e-12));
  return total / n;
}

/** Brier score: mean over samples of Σ_c (p_c − [c = y])², between 0 (certain and right) and 2. */
export function brierScore(probs: ArrayLike<number>, labels: ArrayLike<number>, classes: number): number {
  const n = labelledRows(probs, labels, classes);
  if (n === 0) return 0;
  let total = 0;
  for (let i = 0; i < n; i++) for (let c = 0; c < classes; c++) total += (probs[i * classes + c]! - (c === labels[i] ? 1 : 0)) ** 2;
  return total / n;
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
  const n = labelledRows(logits, labels, classes);
  if (n === 0) return 0;
  let total = 0;
  const row = new Float64Array(classes);
  for (let i = 0; i < n; i++) {
    for (let c = 0; c < classes; c++) row[c] = logits[i * classes + c]!;
    total -= logSoftmax(row)[labels[i]!]!;
  }
  return total / n;
}

/** How well probabilities are calibrated, and their proper scores: what the results table and the reliability diagrams show. */
export interface CalibrationFigures {
  ece: number;
  mce: number;
  nll: number;
  brier: number;
  reliability: ReliabilityBin[];
}

export function calibrationFigures(probs: ArrayLike<number>, labels: ArrayLike<number>, classes: number): CalibrationFigures {
  // One binning for the diagram, ECE and MCE.
  const reliability = reliabilityBins(probs, labels, classes);
  return {
    reliability,
    ece: eceOfBins(reliability),
    mce: mceOfBins(reliability),
    nll: negativeLogLikelihood(probs, labels, classes),
    brier: brierScore(probs, labels, classes),
  };
}
