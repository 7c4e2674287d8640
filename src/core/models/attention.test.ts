/**
 * Multi-head self-attention against plain loops in float64 (values and, by central differences,
 * gradients), on cpu; its layer (weights, config, save); and on wasm, the same gradients and a
 * small attention model that learns.
 */
import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { useNodeBackend } from '../../../scripts/lib/node-runtime';
import { seededRandom } from '../data/data';
import { MASKED_SCORE, MultiHeadSelfAttention, multiHeadSelfAttention, type AttentionWeights } from './attention';
import { MaskedMeanPooling, TokenAndPositionEmbedding } from './text-layers';
import { crossEntropy } from '../losses/losses';

type Params = Record<keyof AttentionWeights, number[]>;

const [B, L, D, HEADS] = [2, 3, 4, 2];
/** Row 0 ends in padding; row 1 is all tokens. */
const IDS = [
  [7, 3, 0],
  [2, 5, 9],
];
const NAMES = ['wq', 'bq', 'wk', 'bk', 'wv', 'bv', 'wo', 'bo'] as const;

/** Uniform numbers in [-1, 1) from `seed`. */
function numbers(count: number, seed: number): number[] {
  const random = seededRandom(seed);
  return Array.from({ length: count }, () => 2 * random() - 1);
}

const X = numbers(B * L * D, 1);
/** Weights, and a fixed direction R: the loss Σ out · R makes every output count. */
const PARAMS: Params = Object.fromEntries(NAMES.map((name, i) => [name, numbers(name.startsWith('w') ? D * D : D, 10 + i)])) as Params;
const R = numbers(B * L * D, 2);

/** x·W + b for one position's features (W row-major [D, D]). */
function affine(x: number[], w: number[], b: number[]): number[] {
  return b.map((bias, j) => bias + x.reduce((sum, xi, i) => sum + xi * w[i * D + j]!, 0));
}

/** The attention in float64 with plain loops: the definition, not the tensor code. */
function reference(x: number[], p: Params, ids: number[][] = IDS): number[] {
  const depth = D / HEADS;
  const out: number[] = [];
  for (let b = 0; b < B; b++) {
    const at = (l: number) => x.slice((b * L + l) * D, (b * L + l + 1) * D);
    const q = Array.from({ length: L }, (_, l) => affine(at(l), p.wq, p.bq));
    const k = Array.from({ length: L }, (_, l) => affine(at(l), p.wk, p.bk));
    const v = Array.from({ length: L }, (_, l) => affine(at(l), p.wv, p.bv));
    for (let i = 0; i < L; i++) {
      const mixed = new Array<number>(D).fill(0);
      for (let h = 0; h < HEADS; h++) {
        const cols = Array.from({ length: depth }, (_, c) => h * depth + c);
        const scores = k.map(
          (kj, j) => cols.reduce((s, c) => s + q[i]![c]! * kj[c]!, 0) / Math.sqrt(depth) + (ids[b]![j] === 0 ? MASKED_SCORE : 0),
        );
        const top = Math.max(...scores);
        const e = scores.map((s) => Math.exp(s - top));
        const total = e.reduce((s, v) => s + v, 0);
        for (let j = 0; j < L; j++) for (const c of cols) mixed[c]! += (e[j]! / total) * v[j]![c]!;
      }
      out.push(...affine(mixed, p.wo, p.bo));
    }
  }
  return out;
}

const lossOf = (out: number[]) => out.reduce((s, o, i) => s + o * R[i]!, 0);

/** d(loss)/d(values) by central differences on the float64 reference. */
function numericGradient(values: number[], loss: (v: number[]) => number, eps = 1e-6): number[] {
  return values.map((_, i) => {
    const up = values.slice();
    const down = values.slice();
    up[i]! += eps;
    down[i]! -= eps;
    return (loss(up) - loss(down)) / (2 * eps);
  });
}

/** The weights as tensors, shaped as the layer holds them. */
function weightTensors(p: Params): AttentionWeights {
  const t = (name: (typeof NAMES)[number]) => (name.startsWith('w') ? tf.tensor2d(p[name], [D, D]) : tf.tensor1d(p[name]));
  return Object.fromEntries(NAMES.map((name) => [name, t(name)])) as unknown as AttentionWeights;
}

/** The tfjs gradients of Σ out · R w.r.t. x then each weight, as plain arrays. */
function tfGradients(): number[][] {
  return tf.tidy(() => {
    const weights = weightTensors(PARAMS);
    const ids = tf.tensor2d(IDS);
    const r = tf.tensor3d(R, [B, L, D]);
    const f = (x: tf.Tensor, ...ws: tf.Tensor[]) => {
      const given = Object.fromEntries(NAMES.map((name, i) => [name, ws[i]])) as unknown as AttentionWeights;
      return tf.sum(tf.mul(multiHeadSelfAttention(x as tf.Tensor3D, ids, given, HEADS), r)) as tf.Scalar;
    };
    const grads = tf.grads(f)([tf.tensor3d(X, [B, L, D]), ...NAMES.map((name) => weights[name])]);
    return grads.map((g) => Array.from(g.dataSync()));
  });
}

function maxDifference(a: number[], b: number[]): number {
  expect(a).toHaveLength(b.length);
  return a.reduce((max, v, i) => Math.max(max, Math.abs(v - b[i]!)), 0);
}

describe('multi-head self-attention on cpu', () => {
  it('gives the plain loops’ values, padding masked', async () => {
    await useNodeBackend('cpu');
    const got = tf.tidy(() =>
      Array.from(multiHeadSelfAttention(tf.tensor3d(X, [B, L, D]), tf.tensor2d(IDS), weightTensors(PARAMS), HEADS).dataSync()),
    );
    expect(maxDifference(got, reference(X, PARAMS))).toBeLessThan(1e-5);
    // Masking is real: unmasked, row 0 would differ.
    const unmasked = reference(X, PARAMS, [
      [7, 3, 4],
      [2, 5, 9],
    ]);
    expect(maxDifference(got.slice(0, L * D), unmasked.slice(0, L * D))).toBeGreaterThan(1e-3);
  });

  it('has the gradients of the plain loops (central differences) w.r.t. x and every weight', async () => {
    await useNodeBackend('cpu');
    const [dx, ...dw] = tfGradients();
    expect(
      maxDifference(
        dx!,
        numericGradient(X, (x) => lossOf(reference(x, PARAMS))),
      ),
    ).toBeLessThan(1e-4);
    NAMES.forEach((name, i) => {
      const numeric = numericGradient(PARAMS[name], (values) => lossOf(reference(X, { ...PARAMS, [name]: values })));
      // The key bias adds q·bk to every key's score alike, which the softmax ignores: its gradient is 0.
      if (name === 'bk') expect(Math.max(...numeric.map(Math.abs)), name).toBeLessThan(1e-8);
      else expect(Math.max(...numeric.map(Math.abs)), name).toBeGreaterThan(1e-3);
      expect(maxDifference(dw[i]!, numeric), name).toBeLessThan(1e-4);
    });
  });

  it('lets nothing reach the real positions from a padded one', async () => {
    await useNodeBackend('cpu');
    const dx = tf.tidy(() => {
      const ids = tf.tensor2d(IDS);
      const realOnly = tf.tensor3d(
        IDS.flatMap((row) => row.flatMap((id) => new Array<number>(D).fill(id === 0 ? 0 : 1))),
        [B, L, D],
      );
      const f = (x: tf.Tensor) =>
        tf.sum(tf.mul(multiHeadSelfAttention(x as tf.Tensor3D, ids, weightTensors(PARAMS), HEADS), realOnly)) as tf.Scalar;
      return Array.from(
        tf
          .grad(f)(tf.tensor3d(X, [B, L, D]))
          .dataSync(),
      );
    });
    // Row 0, position 2 is padding: the real outputs do not depend on it at all.
    expect(dx.slice(2 * D, 3 * D)).toEqual([0, 0, 0, 0]);
    expect(Math.max(...dx.slice(0, 2 * D).map(Math.abs))).toBeGreaterThan(1e-3);
  });

  it('gives finite values (no NaN) for a row of padding only', async () => {
    await useNodeBackend('cpu');
    const values = tf.tidy(() =>
      Array.from(
        multiHeadSelfAttention(tf.tensor3d(X, [B, L, D]), tf.tensor2d([[0, 0, 0], IDS[1]!]), weightTensors(PARAMS), HEADS).dataSync(),
      ),
    );
    expect(values.every(Number.isFinite)).toBe(true);
  });

  it('refuses a model width that the heads do not divide, naming both', () => {
    expect(() => new MultiHeadSelfAttention({ heads: 3, modelDim: 8, seed: 1 })).toThrow('modelDim (8) must be a multiple of heads (3)');
  });
});

describe('the MultiHeadSelfAttention layer on cpu', () => {
  /** A layer applied once to [x, ids], so it is built; and its output. */
  function built(seed: number) {
    const layer = new MultiHeadSelfAttention({ heads: HEADS, modelDim: D, seed });
    const out = tf.tidy(() => Array.from((layer.apply([tf.tensor3d(X, [B, L, D]), tf.tensor2d(IDS)]) as tf.Tensor).dataSync()));
    return { layer, out };
  }

  it('holds Wq, bq … Wo, bo, Glorot from its seed, and calls the function with them', async () => {
    await useNodeBackend('cpu');
    const { layer, out } = built(3);
    expect(layer.weights.map((w) => w.shape)).toEqual(NAMES.map((name) => (name.startsWith('w') ? [D, D] : [D])));
    const values = layer.getWeights().map((w) => Array.from(w.dataSync()));
    const params = Object.fromEntries(NAMES.map((name, i) => [name, values[i]!])) as Params;
    expect(maxDifference(out, reference(X, params))).toBeLessThan(1e-5);
    // Seeded: the same seed gives the same weights, each projection its own.
    const again = built(3).layer.getWeights();
    expect(again.map((w) => Array.from(w.dataSync()))).toEqual(values);
    expect(values[0]).not.toEqual(values[2]);
    expect(built(4).layer.getWeights()[0]!.dataSync()).not.toEqual(again[0]!.dataSync());
  });

  it('serialises its settings and is registered for loading', () => {
    const layer = new MultiHeadSelfAttention({ heads: 2, modelDim: 8, seed: 5, name: 'attn' });
    const config = layer.getConfig();
    expect(config).toMatchObject({ heads: 2, modelDim: 8, seed: 5, name: 'attn' });
    const copy = tf.serialization.SerializationMap.getMap().classNameMap.MultiHeadSelfAttention;
    expect(copy).toBeDefined();
    expect(layer.getClassName()).toBe('MultiHeadSelfAttention');
  });
});

/** A tiny attention classifier: embeddings → attention → masked mean → 2 classes. */
function attentionModel(seed: number): tf.LayersModel {
  const ids = tf.input({ shape: [6] });
  const x = new TokenAndPositionEmbedding({ vocabSize: 12, length: 6, modelDim: 8, seed }).apply(ids) as tf.SymbolicTensor;
  const mixed = new MultiHeadSelfAttention({ heads: 2, modelDim: 8, seed: seed + 2 }).apply([x, ids]) as tf.SymbolicTensor;
  const pooled = new MaskedMeanPooling({}).apply([mixed, ids]);
  return tf.model({
    inputs: ids,
    outputs: tf.layers
      .dense({ units: 2, kernelInitializer: tf.initializers.glorotUniform({ seed: seed + 3 }) })
      .apply(pooled) as tf.SymbolicTensor,
  });
}

/** 32 rows of 2..6 tokens from 2..11, then padding; class 1 when token 5 appears. */
function task(): { ids: tf.Tensor2D; labels: tf.Tensor1D } {
  const random = seededRandom(9);
  const rows: number[][] = [];
  const labels: number[] = [];
  for (let i = 0; i < 32; i++) {
    const count = 2 + Math.floor(random() * 5);
    const row = Array.from({ length: 6 }, (_, j) => (j < count ? 2 + Math.floor(random() * 10) : 0));
    if (i % 2 === 0 && !row.includes(5)) row[Math.floor(random() * count)] = 5;
    rows.push(row);
    labels.push(row.includes(5) ? 1 : 0);
  }
  return { ids: tf.tensor2d(rows), labels: tf.tensor1d(labels, 'int32') };
}

describe('multi-head self-attention on wasm', () => {
  it('has the cpu backend’s gradients', async () => {
    await useNodeBackend('cpu');
    const cpu = tfGradients();
    await useNodeBackend('wasm');
    const wasm = tfGradients();
    cpu.forEach((g, i) => expect(maxDifference(wasm[i]!, g)).toBeLessThan(1e-5));
  });

  it('trains: a small attention model learns whether token 5 appears, leaking nothing', async () => {
    await useNodeBackend('wasm');
    const model = attentionModel(1);
    const { ids, labels } = task();
    const loss = () => crossEntropy(model.apply(ids, { training: true }) as tf.Tensor2D, labels);
    const variables = model.trainableWeights.map((w) => w.read() as tf.Variable);
    const optimizer = tf.train.adam(0.03);
    const step = () => void optimizer.minimize(loss, false, variables);
    const first = tf.tidy(() => loss().dataSync()[0]!);
    step();
    const tensors = tf.memory().numTensors;
    for (let i = 0; i < 59; i++) step();
    expect(tf.memory().numTensors).toBe(tensors);
    const last = tf.tidy(() => loss().dataSync()[0]!);
    expect(last).toBeLessThan(0.5 * first);
    tf.dispose([ids, labels]);
    model.dispose();
    optimizer.dispose();
  });
});
