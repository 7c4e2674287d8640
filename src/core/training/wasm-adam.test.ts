/**
 * LeanAdam's fused pass on the wasm backend gives tf.train.adam's weights (on wasm and on cpu),
 * runs no kernel, leaves tensors that shared a variable's memory alone, keeps the backend's cached
 * matmul weights right, leaks nothing, and is not used off wasm or when turned off.
 */
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { useNodeBackend } from '../../../scripts/lib/node-runtime';
import { seededRandom } from '../data/data';
import { crossEntropy } from '../losses/losses';
import { createStudent } from '../models/models';
import { GuardedTrainer, LeanAdam } from './training';
import { adamOn } from './wasm-adam';

beforeAll(() => useNodeBackend('wasm'));

const SHAPES = [[784, 32], [32], [32, 10], [10]];
const STEPS = 10;

/** Values from a seeded generator: normal-ish, times 10^u for u uniform in [lowExp, highExp] (so some are tiny). */
function values(size: number, seed: number, lowExp: number, highExp: number): Float32Array {
  const random = seededRandom(seed);
  return Float32Array.from({ length: size }, () => (random() + random() + random() - 1.5) * 10 ** (lowExp + (highExp - lowExp) * random()));
}

const INITIAL = SHAPES.map((shape, k) => values(tf.util.sizeFromShape(shape), k + 1, -2, 0));

let run = 0;

/**
 * Fresh variables (the same initial values each call), then STEPS steps of `optimizer` with the
 * same gradients each call — from 1e-8 to 10 in size, so ε's placement shows; returns the final weights.
 */
function train(optimizer: tf.Optimizer): Float32Array[] {
  run++;
  const variables = SHAPES.map((shape, k) => tf.tidy(() => tf.variable(tf.tensor(INITIAL[k]!, shape), true, `w${run}-${k}`)));
  for (let step = 0; step < STEPS; step++) {
    const grads = SHAPES.map((shape, k) => tf.tensor(values(tf.util.sizeFromShape(shape), 1000 * step + k, -8, 1), shape));
    optimizer.applyGradients(variables.map((v, k) => ({ name: v.name, tensor: grads[k]! })));
    tf.dispose(grads);
  }
  const weights = variables.map((v) => v.dataSync() as Float32Array);
  optimizer.dispose();
  tf.dispose(variables);
  return weights;
}

/** The largest |a − b| over all weights. */
function maxDifference(a: Float32Array[], b: Float32Array[]): number {
  let max = 0;
  a.forEach((w, k) => w.forEach((x, i) => (max = Math.max(max, Math.abs(x - b[k]![i]!)))));
  return max;
}

/** Runs `f` on the cpu backend and goes back to wasm. */
async function onCpu<T>(f: () => T): Promise<T> {
  await tf.setBackend('cpu');
  try {
    return f();
  } finally {
    await tf.setBackend('wasm');
  }
}

describe("LeanAdam's fused pass on wasm", () => {
  it("gives the element-wise LeanAdam's weights (the other backends' path, same formula) to 1e-6", async () => {
    const fused = train(new LeanAdam(0.01));
    const elementWise = train(new LeanAdam(0.01, 0.9, 0.999, 1e-7, false));
    const onCpuBackend = await onCpu(() => train(new LeanAdam(0.01)));
    // The weights (up to about 1.5 in size) moved by up to about STEPS × 0.01.
    expect(maxDifference(fused, INITIAL)).toBeGreaterThan(0.05);
    expect(maxDifference(fused, elementWise)).toBeLessThan(1e-6);
    expect(maxDifference(fused, onCpuBackend)).toBeLessThan(1e-6);
  });

  it("gives tf.train.adam's weights, on wasm and on cpu, to 1e-5", async () => {
    // tf.train.adam keeps β2ᵗ as a float32 product, so its 1 − β2ᵗ is 1.3e-5 small at step 1 and its
    // steps about 6e-6 shorter; LeanAdam computes the bias corrections in double precision.
    const fused = train(new LeanAdam(0.01));
    const stock = train(tf.train.adam(0.01));
    const stockOnCpu = await onCpu(() => train(tf.train.adam(0.01)));
    expect(maxDifference(fused, stock)).toBeLessThan(1e-5);
    expect(maxDifference(fused, stockOnCpu)).toBeLessThan(1e-5);
  });

  it('runs no kernel on wasm once its moments exist; turned off or on cpu it runs the element-wise kernels', async () => {
    const kernelsOfSecondStep = async (optimizer: tf.Optimizer) => {
      const variable = tf.tidy(() => tf.variable(tf.ones([5]), true, `k${++run}`));
      const gradient = tf.fill([5], 0.5);
      const step = () => optimizer.applyGradients([{ name: variable.name, tensor: gradient }]);
      step();
      const profile = await tf.profile(step);
      tf.dispose([variable, gradient]);
      optimizer.dispose();
      return profile.kernels.length;
    };
    expect(await kernelsOfSecondStep(new LeanAdam(0.01))).toBe(0);
    expect(await kernelsOfSecondStep(new LeanAdam(0.01, 0.9, 0.999, 1e-7, false))).toBeGreaterThanOrEqual(12);
    await tf.setBackend('cpu');
    try {
      expect(await kernelsOfSecondStep(new LeanAdam(0.01))).toBeGreaterThanOrEqual(12);
    } finally {
      await tf.setBackend('wasm');
    }
  });

  it('changes only the variable: a view or a tensor assigned from it keeps its values', () => {
    const variable = tf.tidy(() => tf.variable(tf.tensor1d([1, 2, 3, 4]), true, `s${++run}`));
    const view = tf.reshape(variable, [2, 2]); // wasm's Reshape shares the memory
    const gradient = tf.tensor1d([1, -1, 1, -1]);
    const optimizer = new LeanAdam(0.1);
    optimizer.applyGradients([{ name: variable.name, tensor: gradient }]);
    expect(Array.from(view.dataSync())).toEqual([1, 2, 3, 4]);
    const moved = Array.from(variable.dataSync());
    moved.forEach((w, i) => expect(w).toBeCloseTo([0.9, 2.1, 2.9, 4.1][i]!, 5)); // Adam's first step: lr · sign(g)
    const kept = tf.clone(variable);
    variable.assign(kept); // the variable now shares the memory of `kept`
    optimizer.applyGradients([{ name: variable.name, tensor: gradient }]);
    expect(Array.from(kept.dataSync())).toEqual(moved);
    expect(Array.from(variable.dataSync())).not.toEqual(moved);
    tf.dispose([variable, view, gradient, kept]);
    optimizer.dispose();
  });

  it("a matmul with a variable after a step uses its new values (not the backend's cached packed weights)", () => {
    const variable = tf.tidy(() => tf.variable(tf.tensor2d(values(12, 5, -1, 0), [4, 3]), true, `p${++run}`));
    const x = tf.tensor2d(values(8, 6, -1, 0), [2, 4]);
    const gradient = tf.tensor2d(values(12, 7, -1, 0), [4, 3]);
    const optimizer = new LeanAdam(0.1);
    const product = () => tf.tidy(() => tf.matMul(x, variable).dataSync() as Float32Array);
    const fromValues = () => tf.tidy(() => tf.matMul(x, tf.tensor2d(variable.dataSync(), [4, 3])).dataSync() as Float32Array);
    const before = product(); // packs and caches the weights as they are
    optimizer.applyGradients([{ name: variable.name, tensor: gradient }]);
    const after = product();
    expect(maxDifference([after], [before])).toBeGreaterThan(0.01);
    expect(maxDifference([after], [fromValues()])).toBeLessThan(1e-6);
    tf.dispose([variable, x, gradient]);
    optimizer.dispose();
  });

  it('leaks no tensors over guarded steps, checks and dispose, and trains as tf.train.adam does (weights to 1e-5)', async () => {
    const x = tf.tensor2d(values(16 * 784, 7, -1, 0), [16, 784]);
    const y = tf.tensor1d([0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 0, 1, 2, 3, 4, 5], 'int32');
    const trainWith = async (optimizer: tf.Optimizer) => {
      const model = createStudent(16, 10, 3);
      const trainer = GuardedTrainer.forModel(model, optimizer, 'student');
      const stepOnce = () => trainer.step(() => [crossEntropy(model.apply(x, { training: true }) as tf.Tensor2D, y)]);
      stepOnce();
      await trainer.check();
      const afterOne = tf.memory().numTensors;
      for (let i = 0; i < 12; i++) {
        stepOnce();
        if (i % 4 === 3) await trainer.check();
      }
      await trainer.check();
      expect(tf.memory().numTensors).toBe(afterOne);
      const weights = model.getWeights().map((w) => w.dataSync() as Float32Array);
      trainer.dispose();
      model.dispose();
      return weights;
    };
    const before = tf.memory().numTensors;
    const fused = await trainWith(new LeanAdam(0.01));
    expect(tf.memory().numTensors).toBe(before);
    const stock = await trainWith(tf.train.adam(0.01));
    expect(maxDifference(fused, stock)).toBeLessThan(1e-5);
    tf.dispose([x, y]);
  });

  it('runs on a shared memory too (the threaded wasm build), with the scalar tail, as a double-precision reference', () => {
    const memory = new WebAssembly.Memory({ initial: 1, maximum: 65536, shared: true });
    const adam = adamOn(memory);
    expect(adam).not.toBeNull();
    const n = 11; // two lanes of four and a tail of three
    const [w, g, m, v, out] = [0, 1, 2, 3, 4].map((k) => new Float32Array(memory.buffer, 64 * k, n));
    w!.set(values(n, 21, -1, 0));
    g!.set(values(n, 22, -3, 0));
    m!.set(values(n, 23, -3, -1));
    v!.set(values(n, 24, -6, -4).map(Math.abs));
    const expected = Array.from(w!, (wi, i) => {
      const mi = 0.9 * m![i]! + 0.1 * g![i]!;
      const vi = 0.999 * v![i]! + 0.001 * g![i]! ** 2;
      return wi - (0.003 * mi) / (Math.sqrt(vi) + 1e-8);
    });
    adam!(0, 64, 128, 192, 256, n, 0.9, 0.1, 0.999, 0.001, 0.003, 1e-8);
    Array.from(out!).forEach((x, i) => expect(x).toBeCloseTo(expected[i]!, 6));
    expect(Array.from(out!)).not.toEqual(Array.from(w!));
  });
});
