import { describe, expect, it } from 'vitest';
import {
  accuracy,
  argmaxRow,
  brierScore,
  expectedCalibrationError,
  maxCalibrationError,
  meanKl,
  negativeLogLikelihood,
  reliabilityBins,
  topOneAgreement,
} from './metrics';

// 3 classes, 6 samples (row-major probabilities) and labels.
const PROBS = [
  0.9,
  0.05,
  0.05, // top 0, conf 0.90, label 0 ✓
  0.1,
  0.8,
  0.1, //   top 1, conf 0.80, label 1 ✓
  0.2,
  0.2,
  0.6, //   top 2, conf 0.60, label 0 ✗
  0.3,
  0.65,
  0.05, // top 1, conf 0.65, label 1 ✓
  0.34,
  0.33,
  0.33, // top 0, conf 0.34, label 2 ✗
  0.02,
  0.01,
  0.97, // top 2, conf 0.97, label 2 ✓
];
const LABELS = [0, 1, 0, 1, 2, 2];

describe('accuracy', () => {
  it('counts top-1 hits', () => {
    expect(accuracy(PROBS, LABELS, 3)).toBeCloseTo(4 / 6, 12);
    expect(accuracy(PROBS, [0, 1, 2, 1, 0, 2], 3)).toBe(1);
    expect(argmaxRow(PROBS, 4, 3)).toBe(0);
  });

  it('rejects mismatched shapes', () => {
    expect(() => accuracy(PROBS, [0, 1], 3)).toThrow('6 predictions but 2 labels');
    expect(() => accuracy(PROBS.slice(0, 5), [0], 3)).toThrow('5 values are not rows of 3 classes');
  });
});

describe('expectedCalibrationError (15 bins)', () => {
  it('matches a hand computation', () => {
    // Bins of width 1/15: 0.90 → bin 13 [0.8667, 0.9333), 0.80 → bin 12 [0.8, 0.8667),
    // 0.60 → bin 9 [0.6, 0.6667), 0.65 → bin 9, 0.34 → bin 5 [0.3333, 0.4), 0.97 → bin 14.
    // bin 13: |1 − 0.90| = 0.10 (n 1); bin 12: |1 − 0.80| = 0.20 (n 1);
    // bin 9: acc 1/2, conf (0.60 + 0.65)/2 = 0.625 → 0.125 (n 2); bin 5: |0 − 0.34| = 0.34 (n 1);
    // bin 14: |1 − 0.97| = 0.03 (n 1).
    const expected = (1 * 0.1 + 1 * 0.2 + 2 * 0.125 + 1 * 0.34 + 1 * 0.03) / 6;
    expect(expected).toBeCloseTo(0.92 / 6, 12);
    expect(expectedCalibrationError(PROBS, LABELS, 3)).toBeCloseTo(expected, 10);
    expect(expectedCalibrationError(PROBS, LABELS, 3, 15)).toBeCloseTo(expected, 10);
  });

  it('is 0 for a perfectly calibrated one-hot predictor and |acc − 1| for confident wrong answers', () => {
    expect(expectedCalibrationError([1, 0, 0, 1], [0, 1], 2)).toBe(0);
    expect(expectedCalibrationError([1, 0, 1, 0], [1, 1], 2)).toBe(1);
  });

  it('with one bin is |accuracy − mean confidence|', () => {
    const meanConf = (0.9 + 0.8 + 0.6 + 0.65 + 0.34 + 0.97) / 6;
    expect(expectedCalibrationError(PROBS, LABELS, 3, 1)).toBeCloseTo(Math.abs(4 / 6 - meanConf), 12);
  });

  it('rejects mismatched shapes', () => {
    expect(() => expectedCalibrationError(PROBS, [0], 3)).toThrow('6 predictions but 1 labels');
  });
});

describe('topOneAgreement', () => {
  it('is the fraction of rows with the same argmax', () => {
    const other = [
      1,
      0,
      0, //   0 = 0 ✓
      0,
      0,
      1, //   2 ≠ 1
      0,
      0,
      1, //   2 = 2 ✓
      0,
      1,
      0, //   1 = 1 ✓
      0,
      1,
      0, //   1 ≠ 0
      0,
      0,
      1, //   2 = 2 ✓
    ];
    expect(topOneAgreement(PROBS, other, 3)).toBeCloseTo(4 / 6, 12);
    expect(topOneAgreement(PROBS, PROBS, 3)).toBe(1);
  });

  it('rejects matrices of different shapes', () => {
    expect(() => topOneAgreement(PROBS, PROBS.slice(0, 3), 3)).toThrow(/same shape/);
  });
});

describe('meanKl', () => {
  it('is 0 for identical distributions', () => {
    expect(meanKl(PROBS, PROBS, 3)).toBeCloseTo(0, 12);
  });

  it('matches a hand value, skipping p = 0 terms', () => {
    // Row 1: KL([1/2, 1/2] ‖ [1/4, 3/4]) = ½ ln 2 + ½ ln(2/3); row 2: KL([1, 0] ‖ [1/2, 1/2]) = ln 2.
    const p = [0.5, 0.5, 1, 0];
    const q = [0.25, 0.75, 0.5, 0.5];
    const expected = (0.5 * Math.log(2) + 0.5 * Math.log(2 / 3) + Math.log(2)) / 2;
    expect(meanKl(p, q, 2)).toBeCloseTo(expected, 12);
  });

  it('stays finite when q has a zero where p does not', () => {
    const value = meanKl([0.5, 0.5], [1, 0], 2);
    expect(Number.isFinite(value)).toBe(true);
    expect(value).toBeCloseTo(0.5 * Math.log(0.5) + 0.5 * (Math.log(0.5) - Math.log(1e-12)), 8);
  });

  it('rejects matrices of different shapes', () => {
    expect(() => meanKl([0.5, 0.5], [1, 0, 0, 1], 2)).toThrow(/same shape/);
  });
});

describe('calibration and proper scores (hand-computed on three samples)', () => {
  // Confidences 0.7 (right), 0.62 (wrong), 0.65 (right): bins 10, 9 and 9 of 15.
  const probs = [0.7, 0.2, 0.1, 0.1, 0.62, 0.28, 0.2, 0.15, 0.65];
  const labels = [0, 2, 2];

  it('reliability bins: counts, accuracy and mean confidence per bin, empty bins NaN', () => {
    const bins = reliabilityBins(probs, labels, 3);
    expect(bins).toHaveLength(15);
    expect(bins[10]).toEqual({ count: 1, accuracy: 1, confidence: 0.7 });
    expect(bins[9]!.count).toBe(2);
    expect(bins[9]!.accuracy).toBe(0.5);
    expect(bins[9]!.confidence).toBeCloseTo(0.635, 12);
    expect(bins[0]!.count).toBe(0);
    expect(bins[0]!.accuracy).toBeNaN();
  });

  it('ECE = Σ n_b/n |acc − conf|, MCE = the largest gap', () => {
    expect(expectedCalibrationError(probs, labels, 3)).toBeCloseTo(0.3 / 3 + (2 / 3) * 0.135, 12);
    expect(maxCalibrationError(probs, labels, 3)).toBeCloseTo(0.3, 12);
  });

  it('NLL = mean −ln p_y; Brier = mean Σ (p − onehot)²', () => {
    expect(negativeLogLikelihood(probs, labels, 3)).toBeCloseTo(-(Math.log(0.7) + Math.log(0.28) + Math.log(0.65)) / 3, 12);
    expect(brierScore(probs, labels, 3)).toBeCloseTo((0.14 + 0.9128 + 0.185) / 3, 12);
  });

  it('a certain and right model scores 0 everywhere; a certain miss is large but finite', () => {
    const perfect = [1, 0, 0, 0, 1, 0];
    expect([negativeLogLikelihood(perfect, [0, 1], 3), brierScore(perfect, [0, 1], 3), maxCalibrationError(perfect, [0, 1], 3)]).toEqual([
      0, 0, 0,
    ]);
    expect(negativeLogLikelihood([1, 0, 0], [1], 3)).toBeCloseTo(-Math.log(1e-12), 9);
    expect(brierScore([1, 0, 0], [1], 3)).toBe(2);
  });
});
