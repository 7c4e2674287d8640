import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { useCpu } from '../../../test-support/fixtures';
import { crossEntropy, distillationLoss, ensembleLogTargets, ensembleSoftTargets, klFromLogTargets, smoothedCrossEntropy } from './losses';

// Independent float64 reference, written from the formulas (Hinton et al. 2015), not from losses.ts.
function logSoftmax(z: number[], T = 1): number[] {
  const s = z.map((v) => v / T);
  const m = Math.max(...s);
  const lse = m + Math.log(s.reduce((acc, v) => acc + Math.exp(v - m), 0));
  return s.map((v) => v - lse);
}
const softmax = (z: number[], T = 1) => logSoftmax(z, T).map(Math.exp);
/** KL(p ‖ softmax(z / T)) averaged over rows, with 0 · log 0 = 0. */
function refKl(p: number[][], z: number[][], T: number): number {
  let sum = 0;
  p.forEach((row, i) => {
    const lq = logSoftmax(z[i]!, T);
    row.forEach((pi, c) => {
      if (pi > 0) sum += pi * (Math.log(pi) - lq[c]!);
    });
  });
  return sum / p.length;
}
const refCe = (z: number[][], y: number[]) => -z.reduce((acc, row, i) => acc + logSoftmax(row)[y[i]!]!, 0) / z.length;
const refTotal = (z: number[][], p: number[][], y: number[], T: number, alpha: number) =>
  alpha * T * T * refKl(p, z, T) + (1 - alpha) * refCe(z, y);

// 2 samples × 3 classes; the second teacher row has a zero probability.
const Z = [
  [1, 2, 0.5],
  [-1, 0, 3],
];
const P = [
  [0.2, 0.7, 0.1],
  [0, 0.25, 0.75],
];
const Y = [1, 2];

/**
 * Teacher probabilities as the loss takes them: log p. A zero probability is a log p so negative
 * that p underflows to exactly 0, as it does when a teacher's logits are far apart.
 */
const UNDERFLOW = -1e4;
const logOf = (p: number[][]) => p.map((row) => row.map((v) => (v > 0 ? Math.log(v) : UNDERFLOW)));

function lossOf(z: number[][], p: number[][], y: number[], T: number, alpha: number) {
  return tf.tidy(() => {
    const parts = distillationLoss(tf.tensor2d(z), tf.tensor2d(logOf(p)), tf.tensor1d(y, 'int32'), T, alpha);
    return { total: parts.total.dataSync()[0]!, soft: parts.soft.dataSync()[0]!, hard: parts.hard.dataSync()[0]! };
  });
}

/** d total / d logits from tf.grad, as nested arrays. */
function analyticGrad(z: number[][], p: number[][], y: number[], T: number, alpha: number): number[][] {
  return tf.tidy(() => {
    const targets = tf.tensor2d(logOf(p));
    const labels = tf.tensor1d(y, 'int32');
    const g = tf.grad((logits: tf.Tensor) => distillationLoss(logits as tf.Tensor2D, targets, labels, T, alpha).total)(tf.tensor2d(z));
    return g.arraySync() as number[][];
  });
}

beforeAll(useCpu);

describe('distillationLoss golden values (2 × 3, hand-computed)', () => {
  it('T = 2, alpha = 0.7: KL, CE and total match the float64 reference and the literal values', () => {
    const { total, soft, hard } = lossOf(Z, P, Y, 2, 0.7);
    // Literal values computed independently in float64 (Python, math.exp/math.log).
    expect(soft).toBeCloseTo(0.1120197909307005, 6);
    expect(hard).toBeCloseTo(0.2651263439326872, 6);
    expect(total).toBeCloseTo(0.3931933177857675, 6);
    expect(soft).toBeCloseTo(refKl(P, Z, 2), 6);
    expect(hard).toBeCloseTo(refCe(Z, Y), 6);
    expect(total).toBeCloseTo(0.7 * 4 * soft + 0.3 * hard, 6);
  });

  it('T = 1, alpha = 0.5 matches the literal values', () => {
    const { total, soft } = lossOf(Z, P, Y, 1, 0.5);
    expect(soft).toBeCloseTo(0.1330494953516144, 6);
    expect(total).toBeCloseTo(0.19908791964215078, 6);
  });

  it('alpha = 0 is pure cross-entropy, whatever the teacher says', () => {
    const { total, hard } = lossOf(Z, P, Y, 5, 0);
    expect(total).toBeCloseTo(refCe(Z, Y), 6);
    expect(total).toBeCloseTo(hard, 7);
    const other = lossOf(
      Z,
      [
        [1, 0, 0],
        [1, 0, 0],
      ],
      Y,
      5,
      0,
    );
    expect(other.total).toBeCloseTo(total, 7);
  });

  it('alpha = 1 is pure alpha · T² · KL, whatever the labels say', () => {
    for (const T of [1, 2, 5]) {
      const { total, soft } = lossOf(Z, P, Y, T, 1);
      expect(total).toBeCloseTo(T * T * refKl(P, Z, T), 5);
      expect(total).toBeCloseTo(T * T * soft, 5);
      expect(lossOf(Z, P, [0, 0], T, 1).total).toBeCloseTo(total, 6);
    }
  });

  it('treats 0 · log 0 as 0: zero teacher probabilities give a finite KL and finite gradients', () => {
    const oneHot = [
      [0, 1, 0],
      [0, 0, 1],
    ];
    const { soft } = lossOf(Z, oneHot, Y, 3, 0.5);
    expect(Number.isFinite(soft)).toBe(true);
    // With one-hot targets KL(p ‖ q) = −log q[target].
    expect(soft).toBeCloseTo(-(logSoftmax(Z[0]!, 3)[1]! + logSoftmax(Z[1]!, 3)[2]!) / 2, 6);
    expect(analyticGrad(Z, oneHot, Y, 3, 0.5).flat().every(Number.isFinite)).toBe(true);
  });

  it('KL is 0 when the student already matches the teacher at T', () => {
    const T = 3;
    const matched = Z.map((row) => softmax(row, T));
    expect(lossOf(Z, matched, Y, T, 1).soft).toBeCloseTo(0, 6);
  });

  it('crossEntropy and klFromLogTargets agree with the reference on their own', () => {
    tf.tidy(() => {
      expect(crossEntropy(tf.tensor2d(Z), tf.tensor1d(Y, 'int32')).dataSync()[0]).toBeCloseTo(refCe(Z, Y), 6);
      expect(klFromLogTargets(tf.tensor2d(logOf(P)), tf.tensor2d(Z), 2).dataSync()[0]).toBeCloseTo(refKl(P, Z, 2), 6);
    });
  });

  it('rejects a bad temperature or alpha with a message naming the parameter', () => {
    const call = (T: number, alpha: number) => () =>
      tf.tidy(() => {
        distillationLoss(tf.tensor2d(Z), tf.tensor2d(logOf(P)), tf.tensor1d(Y, 'int32'), T, alpha);
      });
    expect(call(0, 0.5)).toThrow('temperature must be a finite number > 0, got 0');
    expect(call(-2, 0.5)).toThrow(/temperature .* got -2/);
    expect(call(Infinity, 0.5)).toThrow(/temperature .* got Infinity/);
    expect(call(NaN, 0.5)).toThrow(/temperature .* got NaN/);
    expect(call(2, 1.5)).toThrow('alpha must be in [0, 1], got 1.5');
    expect(call(2, -0.1)).toThrow(/alpha .* got -0.1/);
    expect(call(2, NaN)).toThrow(/alpha .* got NaN/);
    expect(() => tf.tidy(() => ensembleSoftTargets(tf.zeros([1, 2, 3]) as tf.Tensor3D, 0, 'arithmetic'))).toThrow(/temperature/);
  });

  it('leaks no tensors: only the three returned scalars stay alive', () => {
    const before = tf.memory().numTensors;
    const z = tf.tensor2d(Z);
    const p = tf.tensor2d(logOf(P));
    const y = tf.tensor1d(Y, 'int32');
    const parts = distillationLoss(z, p, y, 2, 0.7);
    expect(tf.memory().numTensors).toBe(before + 3 + 3);
    tf.dispose([z, p, y, parts.total, parts.soft, parts.hard]);
    expect(tf.memory().numTensors).toBe(before);
  });
});

describe('gradient of the KD loss w.r.t. the student logits', () => {
  it('matches central finite differences of the float64 reference (several T, alpha)', () => {
    const eps = 1e-5;
    for (const [T, alpha] of [
      [1, 0.5],
      [2, 0.7],
      [5, 0.9],
      [3, 0],
      [4, 1],
    ] as const) {
      const analytic = analyticGrad(Z, P, Y, T, alpha);
      Z.forEach((row, i) =>
        row.forEach((_, c) => {
          const plus = Z.map((r) => [...r]);
          const minus = Z.map((r) => [...r]);
          plus[i]![c]! += eps;
          minus[i]![c]! -= eps;
          const numeric = (refTotal(plus, P, Y, T, alpha) - refTotal(minus, P, Y, T, alpha)) / (2 * eps);
          expect(analytic[i]![c], `T=${T} alpha=${alpha} [${i},${c}]`).toBeCloseTo(numeric, 5);
        }),
      );
    }
  });

  it("for alpha = 1 equals T · (q_T − p) / batch (Hinton's T² · (1/T) · (q − p)), for T = 1, 2, 5", () => {
    for (const T of [1, 2, 5]) {
      const analytic = analyticGrad(Z, P, Y, T, 1);
      Z.forEach((row, i) => {
        const q = softmax(row, T);
        q.forEach((qc, c) => expect(analytic[i]![c], `T=${T} [${i},${c}]`).toBeCloseTo((T * (qc - P[i]![c]!)) / Z.length, 6));
      });
    }
  });

  it('for alpha = 0 equals (softmax(z) − onehot(y)) / batch', () => {
    const analytic = analyticGrad(Z, P, Y, 4, 0);
    Z.forEach((row, i) =>
      softmax(row).forEach((qc, c) => {
        expect(analytic[i]![c]).toBeCloseTo((qc - (c === Y[i] ? 1 : 0)) / Z.length, 6);
      }),
    );
  });
});

describe('ensembleSoftTargets', () => {
  // Two members, one sample each: [members, batch, classes].
  const members = [[[2, 0, -1]], [[0, 1, 1]]];

  it("arithmetic: mean of the members' softmax(z / T), matching literal values", () => {
    const probs = tf.tidy(() => ensembleSoftTargets(tf.tensor3d(members), 2, 'arithmetic').arraySync());
    const expected = [0.43061412841533053, 0.3074378144063499, 0.2619480571783196];
    probs[0]!.forEach((v, c) => expect(v).toBeCloseTo(expected[c]!, 6));
    const reference = softmax(members[0]![0]!, 2).map((v, c) => (v + softmax(members[1]![0]!, 2)[c]!) / 2);
    probs[0]!.forEach((v, c) => expect(v).toBeCloseTo(reference[c]!, 6));
  });

  it('geometric: softmax of the mean logits / T, matching literal values', () => {
    const probs = tf.tidy(() => ensembleSoftTargets(tf.tensor3d(members), 2, 'geometric').arraySync());
    const expected = [0.41922895160969764, 0.3264958357998366, 0.2542752125904656];
    probs[0]!.forEach((v, c) => expect(v).toBeCloseTo(expected[c]!, 6));
  });

  it('rows sum to 1 and the batch dimension is kept', () => {
    tf.tidy(() => {
      const logits = tf.randomNormal([3, 5, 10], 0, 3, 'float32', 1) as tf.Tensor3D;
      for (const mode of ['arithmetic', 'geometric'] as const) {
        const probs = ensembleSoftTargets(logits, 1.5, mode);
        expect(probs.shape).toEqual([5, 10]);
        (tf.sum(probs, 1).arraySync() as number[]).forEach((s) => expect(s).toBeCloseTo(1, 5));
      }
    });
  });
});

describe('half precision safety: the teacher side never takes log of a probability', () => {
  // Member logits 60 apart: at T = 1 the smaller probabilities are about e^-60 ≈ 1e-26, which is 0
  // in float16 (smallest subnormal ≈ 6e-8). log(max(p, 1e-30)) would be log(0) = -inf there.
  const members = [[[60, 0, -5]], [[58, 1, -3]]];

  it('ensembleLogTargets is finite where the probabilities underflow, and matches log of the float64 mean', () => {
    for (const mode of ['arithmetic', 'geometric'] as const) {
      const logP = tf.tidy(() => ensembleLogTargets(tf.tensor3d(members), 1, mode).arraySync())[0]!;
      expect(logP.every(Number.isFinite), `${mode}: ${logP}`).toBe(true);
      const reference =
        mode === 'geometric'
          ? logSoftmax(members[0]![0]!.map((v, c) => (v + members[1]![0]![c]!) / 2))
          : (() => {
              const a = logSoftmax(members[0]![0]!);
              const b = logSoftmax(members[1]![0]!);
              return a.map((v, c) => {
                const m = Math.max(v, b[c]!);
                return m + Math.log((Math.exp(v - m) + Math.exp(b[c]! - m)) / 2);
              });
            })();
      logP.forEach((v, c) => expect(v).toBeCloseTo(reference[c]!, 3));
    }
  });

  it('the KD loss stays finite with such targets, and with float16-rounded logits', () => {
    const half = (x: number) => Math.fround(x); // float32 here; the point is no log(0) anywhere
    const { total, soft } = tf.tidy(() => {
      const logP = ensembleLogTargets(tf.tensor3d(members.map((m) => m.map((r) => r.map(half)))), 1, 'arithmetic');
      const parts = distillationLoss(tf.tensor2d([[3, 1, -2]]), logP, tf.tensor1d([0], 'int32'), 1, 0.9);
      return { total: parts.total.dataSync()[0]!, soft: parts.soft.dataSync()[0]! };
    });
    expect(Number.isFinite(total)).toBe(true);
    expect(soft).toBeGreaterThan(0);
  });
});

describe('smoothedCrossEntropy (label smoothing, Müller et al. 2019)', () => {
  it('is CE against (1 − ε)·one-hot + ε/C, by hand; ε = 0 is the plain CE', () => {
    // logits [2, 0, −1], label 0, ε = 0.3, C = 3: target [0.8, 0.1, 0.1].
    const z = [2, 0, -1];
    const lse = Math.log(Math.exp(2) + Math.exp(0) + Math.exp(-1));
    const expected = -(0.8 * (2 - lse) + 0.1 * (0 - lse) + 0.1 * (-1 - lse));
    const [smoothed, plain, zero] = tf.tidy(() => {
      const logits = tf.tensor2d([z]);
      const y = tf.tensor1d([0], 'int32');
      return [smoothedCrossEntropy(logits, y, 0.3), crossEntropy(logits, y), smoothedCrossEntropy(logits, y, 0)].map(
        (t) => t.dataSync()[0]!,
      );
    });
    expect(smoothed).toBeCloseTo(expected, 5);
    expect(zero).toBeCloseTo(plain!, 6);
  });
});
