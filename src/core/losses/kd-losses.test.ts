import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { useCpu } from '../../../test-support/fixtures';
import { detach, distillLoss, learnedTemperature, reverseGradient, standardizeLogits, thetaFor, type LossName } from './kd-losses';
import { distillationLoss } from './losses';
import AUTHORS from '../../../test-support/golden/logit_losses.json';

// An independent float64 reference, written from the papers' formulas (and DKD's and LS's
// published code), not from kd-losses.ts. The literal values below come from the same formulas
// in Python (scripts are not shipped; the numbers are).
function logSoftmax(z: number[], T = 1): number[] {
  const s = z.map((v) => v / T);
  const m = Math.max(...s);
  const lse = m + Math.log(s.reduce((acc, v) => acc + Math.exp(v - m), 0));
  return s.map((v) => v - lse);
}
const kl = (lp: number[], lq: number[]) => lp.reduce((acc, a, i) => acc + Math.exp(a) * (a - lq[i]!), 0);
const ce = (z: number[], y: number) => -logSoftmax(z)[y]!;
const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
function standardize(z: number[]): number[] {
  const m = mean(z);
  const sd = Math.sqrt(z.reduce((acc, v) => acc + (v - m) ** 2, 0) / (z.length - 1));
  return z.map((v) => (v - m) / (sd + 1e-7));
}

interface Case {
  zs: number[][];
  zt: number[][];
  y: number[];
  T: number;
  alpha: number;
}

function reference(name: LossName, { zs, zt, y, T, alpha }: Case, dkd = { alpha: 1, beta: 8, warmup: 1 }): number {
  const rows = zs.map((s, i) => {
    const t = zt[i]!;
    const yi = y[i]!;
    const klT = kl(logSoftmax(t, T), logSoftmax(s, T));
    switch (name) {
      case 'kd':
        return alpha * T * T * klT + (1 - alpha) * ce(s, yi);
      case 'ls':
        return alpha * T * T * kl(logSoftmax(standardize(t), T), logSoftmax(standardize(s), T)) + (1 - alpha) * ce(s, yi);
      case 'dkd': {
        const ps = logSoftmax(s, T).map(Math.exp);
        const pt = logSoftmax(t, T).map(Math.exp);
        const bs = [ps[yi]!, 1 - ps[yi]!];
        const bt = [pt[yi]!, 1 - pt[yi]!];
        const tckd = bt.reduce((acc, p, k) => acc + p * Math.log(p / bs[k]!), 0);
        const others = (z: number[]) => z.filter((_, k) => k !== yi);
        const nckd = kl(logSoftmax(others(t), T), logSoftmax(others(s), T));
        return ce(s, yi) + dkd.warmup * T * T * (dkd.alpha * tckd + dkd.beta * nckd);
      }
      case 'wsld': {
        const w = 1 - Math.exp(-ce(s, yi) / (ce(t, yi) + 1e-7));
        return alpha * T * T * w * klT + (1 - alpha) * ce(s, yi);
      }
      case 'confidence': {
        const p = logSoftmax(t).map(Math.exp);
        const c = p.indexOf(Math.max(...p)) === yi ? p[yi]! : 0;
        return alpha * c * T * T * klT + (1 - alpha * c) * ce(s, yi);
      }
      case 'ttm':
      case 'wttm': {
        // (p_t,1)^(1/T) renormalised is softmax(log p_t,1 / T); U its normaliser.
        const scaled = logSoftmax(t).map((v) => v / T);
        const u = scaled.reduce((acc, v) => acc + Math.exp(v), 0);
        const klTtm = kl(logSoftmax(scaled), logSoftmax(s));
        return alpha * (name === 'wttm' ? u : 1) * klTtm + (1 - alpha) * ce(s, yi);
      }
      case 'nkd': {
        const others = (z: number[]) => z.filter((_, k) => k !== yi);
        const target = -Math.exp(logSoftmax(t)[yi]!) * logSoftmax(s)[yi]!;
        const pt = logSoftmax(others(t), T).map(Math.exp);
        const nonTarget = -pt.reduce((acc, p, k) => acc + p * logSoftmax(others(s), T)[k]!, 0);
        return ce(s, yi) + target + 1.5 * T * T * nonTarget;
      }
      case 'dist':
        return NaN; // a batch-level loss: distReference below
    }
  });
  return name === 'dist' ? distReference({ zs, zt, y, T, alpha }) : mean(rows);
}

/** Pearson's correlation with DIST's eps (1e-8 added to the product of the norms). */
function pearson(a: number[], b: number[]): number {
  const [ma, mb] = [mean(a), mean(b)];
  const dot = a.reduce((acc, v, i) => acc + (v - ma) * (b[i]! - mb), 0);
  const norm = (x: number[], m: number) => Math.sqrt(x.reduce((acc, v) => acc + (v - m) ** 2, 0));
  return dot / (norm(a, ma) * norm(b, mb) + 1e-8);
}

/** DIST: 1 − mean correlation per sample (inter) and per class over the batch (intra), at T. */
function distReference({ zs, zt, y, T, alpha }: Case): number {
  const ps = zs.map((z) => logSoftmax(z, T).map(Math.exp));
  const pt = zt.map((z) => logSoftmax(z, T).map(Math.exp));
  const column = (rows: number[][], c: number) => rows.map((r) => r[c]!);
  const inter = 1 - mean(ps.map((row, i) => pearson(row, pt[i]!)));
  const intra = 1 - mean(ps[0]!.map((_, c) => pearson(column(ps, c), column(pt, c))));
  return alpha * T * T * (inter + intra) + (1 - alpha) * mean(zs.map((s, i) => ce(s, y[i]!)));
}

// 3 samples × 4 classes; the teachers are wrong on the third sample (argmax 0, label 3).
const CASE: Case = {
  zs: [
    [1, 2, 0.5, -1],
    [-1, 0, 3, 0.5],
    [0.2, -0.3, 0.1, 2.2],
  ],
  zt: [
    [0.5, 3, -1, 0],
    [0, -2, 4, 1],
    [1.5, 0.2, -0.5, 1],
  ],
  y: [1, 2, 3],
  T: 2,
  alpha: 0.7,
};

/** The inputs as distillLoss takes them: teachers as log-probabilities at T (standardised for ls) and at 1. */
function inputs(name: LossName, c: Case, studentLogits: tf.Tensor2D, temperature: number | tf.Scalar = c.T) {
  const teacher = name === 'ls' ? c.zt.map(standardize) : c.zt;
  return {
    studentLogits,
    labels: tf.tensor1d(c.y, 'int32'),
    temperature,
    alpha: c.alpha,
    teacherLogProbsT: tf.tensor2d(teacher.map((row) => logSoftmax(row, c.T))),
    teacherLogProbs1: tf.tensor2d(c.zt.map((row) => logSoftmax(row))),
    dkd: { alpha: 1, beta: 8, warmup: 1 },
  };
}

const LOSSES: LossName[] = ['kd', 'dkd', 'ls', 'wsld', 'confidence', 'dist', 'ttm', 'wttm', 'nkd'];

beforeAll(useCpu);

describe('distillLoss golden values (3 × 4, T = 2, alpha = 0.7, DKD α = 1, β = 8)', () => {
  // Literal values from the float64 formulas in Python.
  const GOLDEN: Record<LossName, number> = {
    kd: 0.37748365652269966,
    ls: 0.2721561680972383,
    dkd: 3.9212841861769814,
    wsld: 0.2649799090546989,
    confidence: 0.316221002588514,
    // The authors' own loss code in float64 (test-support/golden/logit_losses.py), composed as the
    // registry's formulas weigh it: α·(their loss) + (1 − α)·CE, or CE + their loss for NKD.
    dist: CASE.alpha * AUTHORS.dist_T2 + (1 - CASE.alpha) * AUTHORS.ce,
    ttm: CASE.alpha * AUTHORS.ttm + (1 - CASE.alpha) * AUTHORS.ce,
    wttm: CASE.alpha * AUTHORS.wttm + (1 - CASE.alpha) * AUTHORS.ce,
    nkd: AUTHORS.ce + AUTHORS.nkd,
  };

  it.each(LOSSES)('%s: total matches the literal value and the reference; the parts add up', (name) => {
    const out = tf.tidy(() => {
      const parts = distillLoss(name, inputs(name, CASE, tf.tensor2d(CASE.zs)));
      return [parts.total, parts.softTerm, parts.hardTerm, parts.ce].map((t) => t.dataSync()[0]!);
    });
    const [total, softTerm, hardTerm, crossEntropy] = out as [number, number, number, number];
    expect(total).toBeCloseTo(GOLDEN[name], 5);
    expect(total).toBeCloseTo(reference(name, CASE), 5);
    expect(softTerm + hardTerm).toBeCloseTo(total, 5);
    expect(crossEntropy).toBeCloseTo(0.3092282173327809, 5);
  });

  it("vanilla KD agrees with distillationLoss (the benchmark's stock loss)", () => {
    const [a, b] = tf.tidy(() => {
      const input = inputs('kd', CASE, tf.tensor2d(CASE.zs));
      const stock = distillationLoss(input.studentLogits, input.teacherLogProbsT, input.labels, CASE.T, CASE.alpha);
      return [distillLoss('kd', input).total.dataSync()[0]!, stock.total.dataSync()[0]!];
    });
    expect(a).toBeCloseTo(b!, 6);
  });

  it('DKD: the warm-up factor scales only the decoupled terms, and alpha plays no part', () => {
    const [full, half, otherAlpha] = tf.tidy(() =>
      [
        { warmup: 1, alpha: 0.7 },
        { warmup: 0.5, alpha: 0.7 },
        { warmup: 1, alpha: 0.1 },
      ].map(({ warmup, alpha }) => {
        const input = { ...inputs('dkd', CASE, tf.tensor2d(CASE.zs)), alpha, dkd: { alpha: 1, beta: 8, warmup } };
        return distillLoss('dkd', input).total.dataSync()[0]!;
      }),
    ) as [number, number, number];
    expect(half).toBeCloseTo(reference('dkd', CASE, { alpha: 1, beta: 8, warmup: 0.5 }), 5);
    expect(half).toBeLessThan(full);
    expect(otherAlpha).toBeCloseTo(full, 6);
  });

  it('the confidence weight is 0 where the teachers are wrong, their probability of the label where right', () => {
    const weights = tf.tidy(() =>
      Array.from(distillLoss('confidence', inputs('confidence', CASE, tf.tensor2d(CASE.zs))).weights!.dataSync()),
    );
    const p = CASE.zt.map((row) => logSoftmax(row).map(Math.exp));
    expect(weights[0]).toBeCloseTo(p[0]![1]!, 6);
    expect(weights[1]).toBeCloseTo(p[1]![2]!, 6);
    expect(weights[2]).toBe(0);
  });

  it('WSLD weights are in (0, 1), larger where the student is worse relative to the teachers', () => {
    const weights = tf.tidy(() => Array.from(distillLoss('wsld', inputs('wsld', CASE, tf.tensor2d(CASE.zs))).weights!.dataSync()));
    weights.forEach((w, i) => {
      const s = CASE.zs[i]!;
      const t = CASE.zt[i]!;
      expect(w).toBeCloseTo(1 - Math.exp(-ce(s, CASE.y[i]!) / ce(t, CASE.y[i]!)), 5);
      expect(w).toBeGreaterThan(0);
      expect(w).toBeLessThan(1);
    });
  });

  it('standardizeLogits uses the unbiased std over the classes, on 2-D and 3-D tensors', () => {
    const z = [3, 1, -2, 0.5];
    const two = tf.tidy(() => Array.from(standardizeLogits(tf.tensor2d([z])).dataSync()));
    const three = tf.tidy(() => Array.from(standardizeLogits(tf.tensor3d([[z], [z]])).dataSync()));
    standardize(z).forEach((v, i) => {
      expect(two[i]).toBeCloseTo(v, 5);
      expect(three[i]).toBeCloseTo(v, 5);
      expect(three[i + 4]).toBeCloseTo(v, 5);
    });
  });
});

describe('distillLoss gradients against central finite differences of the reference', () => {
  const H = 1e-4;

  /** d loss / d student logits by central differences of the float64 reference. */
  function numericGrad(name: LossName, c: Case): number[][] {
    return c.zs.map((row, i) =>
      row.map((_, k) => {
        const shifted = (d: number) => ({ ...c, zs: c.zs.map((r, j) => (j === i ? r.map((v, m) => (m === k ? v + d : v)) : r)) });
        return (referenceFrozen(name, shifted(H), c) - referenceFrozen(name, shifted(-H), c)) / (2 * H);
      }),
    );
  }

  /** The reference with WSLD's weights taken at `at` (they are detached: constants to the gradient). */
  function referenceFrozen(name: LossName, c: Case, at: Case): number {
    if (name !== 'wsld') return reference(name, c);
    const rows = c.zs.map((s, i) => {
      const yi = c.y[i]!;
      const w = 1 - Math.exp(-ce(at.zs[i]!, yi) / (ce(c.zt[i]!, yi) + 1e-7));
      return c.alpha * c.T * c.T * w * kl(logSoftmax(c.zt[i]!, c.T), logSoftmax(s, c.T)) + (1 - c.alpha) * ce(s, yi);
    });
    return mean(rows);
  }

  it.each(LOSSES)('%s', (name) => {
    const analytic = tf.tidy(() => {
      const input = inputs(name, CASE, tf.tensor2d(CASE.zs));
      const g = tf.grad((logits: tf.Tensor) => distillLoss(name, { ...input, studentLogits: logits as tf.Tensor2D }).total);
      return g(input.studentLogits).arraySync() as number[][];
    });
    const numeric = numericGrad(name, CASE);
    analytic.forEach((row, i) => row.forEach((v, k) => expect(v).toBeCloseTo(numeric[i]![k]!, 3)));
  });

  // ∂/∂z_s of CE(y, softmax(z_s)) averaged over the batch: (softmax − one-hot) / N.
  const ceGrad = CASE.zs.map((z, i) => logSoftmax(z).map((l, k) => (Math.exp(l) - (k === CASE.y[i] ? 1 : 0)) / CASE.zs.length));
  const authorsGrad: [LossName, number[][], number, number][] = [
    ['dist', AUTHORS.grad_dist_T2, CASE.alpha, 1 - CASE.alpha],
    ['ttm', AUTHORS.grad_ttm, CASE.alpha, 1 - CASE.alpha],
    ['wttm', AUTHORS.grad_wttm, CASE.alpha, 1 - CASE.alpha],
    ['nkd', AUTHORS.grad_nkd, 1, 1],
  ];
  it.each(authorsGrad)("%s: the gradient matches the authors' code under autograd", (name, theirs, soft, hard) => {
    const analytic = tf.tidy(() => {
      const input = inputs(name, CASE, tf.tensor2d(CASE.zs));
      const g = tf.grad((logits: tf.Tensor) => distillLoss(name, { ...input, studentLogits: logits as tf.Tensor2D }).total);
      return g(input.studentLogits).arraySync() as number[][];
    });
    analytic.forEach((row, i) => row.forEach((v, k) => expect(v).toBeCloseTo(soft * theirs[i]![k]! + hard * ceGrad[i]![k]!, 5)));
  });

  it('WSLD trains through the loss, not through its weights (detach)', () => {
    const [detached, through] = tf.tidy(() => {
      const x = tf.scalar(3);
      return [tf.grad((v: tf.Tensor) => tf.mul(detach(v), v))(x), tf.grad((v: tf.Tensor) => tf.mul(v, v))(x)].map((t) => t.dataSync()[0]!);
    });
    expect(detached).toBeCloseTo(3, 6); // d(c·v)/dv with c = v held constant
    expect(through).toBeCloseTo(6, 6);
  });
});

describe('CTKD: the learnt temperature', () => {
  it('T = 1 + 20·sigmoid(θ), and thetaFor inverts it', () => {
    for (const T of [1.5, 4, 11, 20]) {
      const value = tf.tidy(() => learnedTemperature(tf.scalar(thetaFor(T)), 1).dataSync()[0]!);
      expect(value).toBeCloseTo(T, 4);
    }
  });

  it('the gradient reversal passes values through and multiplies gradients by −λ', () => {
    const [value, grad] = tf.tidy(() => {
      const x = tf.tensor1d([1, -2]);
      const f = (v: tf.Tensor) => tf.sum(tf.square(reverseGradient(v, 0.25)));
      return [Array.from(reverseGradient(x, 0.25).dataSync()), Array.from(tf.grad(f)(x).dataSync())];
    });
    expect(value).toEqual([1, -2]);
    expect(grad[0]).toBeCloseTo(-0.25 * 2, 6);
    expect(grad[1]).toBeCloseTo(-0.25 * -4, 6);
  });

  it('dL/dθ through the loss is −λ times the finite-difference slope of the loss in θ (teachers at the same T)', () => {
    const theta0 = thetaFor(3);
    const lambda = 0.6;
    // The loss as a function of θ, teachers' and student's sides both at the learnt T.
    const lossAt = (theta: number) => {
      const T = 1 + 20 / (1 + Math.exp(-theta));
      return reference('kd', { ...CASE, T });
    };
    const numeric = (lossAt(theta0 + 1e-4) - lossAt(theta0 - 1e-4)) / 2e-4;
    const analytic = tf.tidy(() => {
      const g = tf.grad((theta: tf.Tensor) => {
        const T = learnedTemperature(theta, lambda);
        const teacher = tf.logSoftmax(tf.div(tf.tensor2d(CASE.zt), T)) as tf.Tensor2D;
        const input = { ...inputs('kd', CASE, tf.tensor2d(CASE.zs), T), teacherLogProbsT: teacher };
        return distillLoss('kd', input).total;
      });
      return g(tf.scalar(theta0)).dataSync()[0]!;
    });
    expect(analytic).toBeCloseTo(-lambda * numeric, 3);
  });
});
