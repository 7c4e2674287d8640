import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { ensembleLogTargets } from '../losses/losses';
import { normalizedWeights } from './mixer';
import { ensembleDistribution } from './soft-labels';
import { isPlainView, scaledLogits, teacherView, weightsProblem } from './teacher-view';

const calibration = { memberTemperatures: [2, 4], ensembleTemperature: 0.5 };

describe('teacherView', () => {
  it('leaves the teachers as trained by default', () => {
    const view = teacherView({ calibrateTeachers: false, teacherConfidence: 1 }, calibration, [1, 1]);
    expect(view).toEqual({ weights: [1, 1], scales: [1, 1] });
    expect(isPlainView(view)).toBe(true);
  });

  it('divides by the fitted temperatures when calibrated, and multiplies by the confidence', () => {
    expect(teacherView({ calibrateTeachers: true, teacherConfidence: 1 }, calibration, [1, 1]).scales).toEqual([1, 0.5]);
    expect(teacherView({ calibrateTeachers: true, teacherConfidence: 2 }, calibration, [1, 1]).scales).toEqual([2, 1]);
    expect(teacherView({ calibrateTeachers: false, teacherConfidence: 3 }, calibration, [1, 1]).scales).toEqual([3, 3]);
  });

  it('is not plain with unequal weights', () => {
    expect(isPlainView({ weights: [1, 2], scales: [1, 1] })).toBe(false);
    expect(isPlainView({ weights: [2, 2], scales: [1, 1] })).toBe(true);
  });
});

describe('scaledLogits', () => {
  it('scales each table by its own factor and passes a factor of 1 through uncopied', () => {
    const a = new Float32Array([1, 2]);
    const b = new Float32Array([3, -4]);
    const [sa, sb] = scaledLogits([a, b], [1, 0.5]);
    expect(sa).toBe(a);
    expect(Array.from(sb!)).toEqual([1.5, -2]);
  });
});

describe('weightsProblem', () => {
  it('names each kind of bad weights', () => {
    expect(weightsProblem([1, 1], 2)).toBeNull();
    expect(weightsProblem([1], 2)).toMatch(/2 expected, 1 given/);
    expect(weightsProblem([1, -1], 2)).toMatch(/at least 0/);
    expect(weightsProblem([1, NaN], 2)).toMatch(/at least 0/);
    expect(weightsProblem([0, 0], 2)).toMatch(/above 0/);
  });
});

describe('weighted ensembles', () => {
  const members = [
    [2, 0.5, -1],
    [-0.5, 1.5, 0],
    [0, 0, 3],
  ];
  const weights = [3, 1, 0];

  it('a weighted arithmetic mean is Σ w softmax(z/T) with normalised weights', () => {
    const T = 2;
    const w = normalizedWeights(weights);
    const got = ensembleDistribution(members, T, 'arithmetic', weights);
    for (let c = 0; c < 3; c++) {
      const expected = members.reduce((sum, z, m) => sum + w[m]! * (Math.exp(z[c]! / T) / z.reduce((s, v) => s + Math.exp(v / T), 0)), 0);
      expect(got[c]).toBeCloseTo(expected, 12);
    }
  });

  it('a zero weight removes a member', () => {
    const without = ensembleDistribution(members.slice(0, 2), 1.5, 'geometric', [3, 1]);
    const withZero = ensembleDistribution(members, 1.5, 'geometric', weights);
    for (let c = 0; c < 3; c++) expect(withZero[c]).toBeCloseTo(without[c]!, 12);
  });

  it('the tensor soft targets match the plain ones, for both means', () => {
    for (const mode of ['arithmetic', 'geometric'] as const) {
      const logits = tf.tensor3d(members.map((z) => [z]));
      const got = tf.tidy(() => tf.exp(ensembleLogTargets(logits, 2, mode, weights)).arraySync() as number[][]);
      const expected = ensembleDistribution(members, 2, mode, weights);
      got[0]!.forEach((p, c) => expect(p).toBeCloseTo(expected[c]!, 5));
      logits.dispose();
    }
  });
});
