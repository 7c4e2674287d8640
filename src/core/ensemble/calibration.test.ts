import { describe, expect, it } from 'vitest';
import {
  calibrateTeachers,
  calibrationScales,
  fitEnsembleTemperature,
  fitTemperature,
  minimizeOnLogScale,
  nllAtTemperature,
  TEMPERATURE_RANGE,
} from './calibration';
import { seededRandom } from '../data/data';
import { negativeLogLikelihood } from '../evaluation/metrics';
import { ensembleDistribution, softmax } from './soft-labels';

/**
 * Logits of a deliberately over-confident model: the true class (drawn from softmax(z) of a
 * well-calibrated model) scaled by `sharpness`. Fitting should recover T ≈ sharpness.
 */
function overconfident(rows: number, classes: number, sharpness: number, seed: number) {
  const random = seededRandom(seed);
  const logits = new Float32Array(rows * classes);
  const labels = new Int32Array(rows);
  for (let i = 0; i < rows; i++) {
    const z = Array.from({ length: classes }, () => 2 * (random() - 0.5) * 3);
    const p = softmax(z);
    let u = random();
    let label = classes - 1;
    for (let c = 0; c < classes; c++) {
      u -= p[c]!;
      if (u < 0) {
        label = c;
        break;
      }
    }
    labels[i] = label;
    z.forEach((v, c) => (logits[i * classes + c] = v * sharpness));
  }
  return { logits, labels };
}

/** The brute-force reference: the best of a fine grid over log T. */
function gridBest(f: (t: number) => number, points = 1501): number {
  const { min, max } = TEMPERATURE_RANGE;
  let best: number = min;
  let bestValue = Infinity;
  for (let k = 0; k < points; k++) {
    const t = Math.exp(Math.log(min) + ((Math.log(max) - Math.log(min)) * k) / (points - 1));
    const value = f(t);
    if (value < bestValue) [best, bestValue] = [t, value];
  }
  return best;
}

describe('minimizeOnLogScale', () => {
  it('finds the minimum of a smooth function on a log scale', () => {
    expect(minimizeOnLogScale((x) => (Math.log(x) - Math.log(3)) ** 2, 0.05, 20)).toBeCloseTo(3, 3);
    // At an end of the range, the end.
    expect(minimizeOnLogScale((x) => x, 0.05, 20)).toBeCloseTo(0.05, 3);
  });
});

describe('fitTemperature', () => {
  it('recovers the sharpening of an over-confident model and matches a brute-force grid', () => {
    const { logits, labels } = overconfident(3000, 5, 2.5, 1);
    const t = fitTemperature(logits, labels, 5);
    expect(t).toBeGreaterThan(2.2);
    expect(t).toBeLessThan(2.8);
    const brute = gridBest((x) => nllAtTemperature([logits], labels, 5, x));
    expect(Math.abs(Math.log(t) - Math.log(brute))).toBeLessThan(0.003);
  });

  it('finds T < 1 for an under-confident model, and the fit lowers the NLL', () => {
    const { logits, labels } = overconfident(2000, 4, 0.5, 2);
    const t = fitTemperature(logits, labels, 4);
    expect(t).toBeLessThan(0.6);
    expect(nllAtTemperature([logits], labels, 4, t)).toBeLessThan(nllAtTemperature([logits], labels, 4, 1));
  });

  it('matches the closed form: a logit gap d right 3 times in 4 is calibrated when sigmoid(d / T) = 3/4, T = d / ln 3', () => {
    const logits = new Float32Array([2, 0, 2, 0, 2, 0, 2, 0]);
    const t = fitTemperature(logits, [0, 0, 0, 1], 2);
    expect(t).toBeCloseTo(2 / Math.log(3), 3);
  });
});

describe('fitEnsembleTemperature', () => {
  it('matches a brute-force grid for an arithmetic and a geometric mean of two members', () => {
    const a = overconfident(1500, 5, 0.6, 3);
    const b = overconfident(1500, 5, 0.6, 3);
    // The second member: same labels, noisier logits.
    const noisy = b.logits.map((x, i) => x + Math.sin(i) * 0.8);
    for (const mode of ['arithmetic', 'geometric'] as const) {
      const weights = [2, 1];
      const t = fitEnsembleTemperature([a.logits, noisy], a.labels, 5, mode, weights);
      const brute = gridBest((x) => nllAtTemperature([a.logits, noisy], a.labels, 5, x, mode, weights));
      expect(Math.abs(Math.log(t) - Math.log(brute))).toBeLessThan(0.003);
      // The fast NLL is the metric's NLL of the combined distribution.
      const probs = Array.from({ length: 1500 }, (_, i) =>
        Array.from(
          ensembleDistribution(
            [a.logits, noisy].map((table) => table.subarray(i * 5, i * 5 + 5)),
            t,
            mode,
            weights,
          ),
        ),
      ).flat();
      expect(nllAtTemperature([a.logits, noisy], a.labels, 5, t, mode, weights)).toBeCloseTo(negativeLogLikelihood(probs, a.labels, 5), 10);
    }
  });
});

describe('calibrateTeachers', () => {
  it('fits on validation, keeps every accuracy, and lowers the NLL and ECE of over-confident members on test', () => {
    const classes = 5;
    const members = [overconfident(4000, classes, 3, 4), overconfident(4000, classes, 2, 4)];
    const tables = members.map((m) => m.logits);
    const labels = members[0]!.labels;
    const val = Int32Array.from({ length: 2000 }, (_, i) => i);
    const test = Int32Array.from({ length: 2000 }, (_, i) => 2000 + i);
    const splits = { val, test, valLabels: labels.subarray(0, 2000), testLabels: labels.subarray(2000) };
    const calibration = calibrateTeachers(tables, splits, classes, 'arithmetic', [1, 1]);
    expect(calibration.memberTemperatures[0]).toBeGreaterThan(2.5);
    expect(calibration.memberTemperatures[1]).toBeGreaterThan(1.6);
    for (const { before, after } of [...calibration.members, calibration.ensemble]) {
      expect(after.accuracy).toBe(before.accuracy);
      expect(after.nll).toBeLessThan(before.nll);
      expect(after.ece).toBeLessThan(before.ece);
    }
    const scales = calibrationScales(calibration);
    scales.forEach((s, m) => expect(s).toBeCloseTo(1 / (calibration.memberTemperatures[m]! * calibration.ensembleTemperature), 12));
  });
});
