/**
 * The wasm BatchMatMul wrapper gives the products and gradients tfjs's own kernel gives, for the
 * flag combinations backprop uses, in 2D and batched 3D, and leaks nothing.
 */
import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { useNodeBackend } from '../../../scripts/lib/node-runtime';
import { createMlpTeacher, trainableVariables } from './models';
import { crossEntropy } from '../losses/losses';
import { fastWasmMatMulActive, useFastWasmMatMul } from './wasm-matmul';

/** Runs `f` with the stock kernel and with the wrapper; returns both results as plain arrays. */
function both(f: () => tf.Tensor | tf.Tensor[]): { stock: number[][]; fast: number[][] } {
  const run = () => tf.tidy(() => [f()].flat().map((t) => Array.from(t.dataSync())));
  useFastWasmMatMul(false);
  const stock = run();
  useFastWasmMatMul(true);
  return { stock, fast: run() };
}

function maxDifference(a: number[][], b: number[][]): number {
  let max = 0;
  a.forEach((row, i) => row.forEach((v, j) => (max = Math.max(max, Math.abs(v - b[i]![j]!)))));
  return max;
}

beforeAll(() => useNodeBackend('wasm'));
afterAll(() => useFastWasmMatMul(true));

describe('the wasm BatchMatMul wrapper', () => {
  it('switches on and off', () => {
    expect(useFastWasmMatMul(false)).toBe(false);
    expect(fastWasmMatMulActive()).toBe(false);
    expect(useFastWasmMatMul(true)).toBe(true);
    expect(fastWasmMatMulActive()).toBe(true);
  });

  it.each([
    [false, false],
    [true, false],
    [false, true],
    [true, true],
  ])("matMul with transposeA=%s, transposeB=%s equals tfjs's own, in 2D and 3D", (transposeA, transposeB) => {
    const a2 = tf.randomNormal(transposeA ? [7, 5] : [5, 7], 0, 1, 'float32', 1);
    const b2 = tf.randomNormal(transposeB ? [3, 7] : [7, 3], 0, 1, 'float32', 2);
    const a3 = tf.randomNormal(transposeA ? [4, 7, 5] : [4, 5, 7], 0, 1, 'float32', 3);
    const b3 = tf.randomNormal(transposeB ? [4, 3, 7] : [4, 7, 3], 0, 1, 'float32', 4);
    const { stock, fast } = both(() => [tf.matMul(a2, b2, transposeA, transposeB), tf.matMul(a3, b3, transposeA, transposeB)]);
    expect(fast[0]).toHaveLength(15);
    expect(fast[1]).toHaveLength(60);
    expect(maxDifference(fast, stock)).toBeLessThan(1e-5);
    tf.dispose([a2, b2, a3, b3]);
  });

  it.each([
    [
      [64, 512],
      [512, 512],
    ],
    [
      [1, 16, 48],
      [1, 40, 48],
    ],
  ])("a short a times a long bᵀ (%j · %jᵀ, computed as (b·aᵀ)ᵀ) equals tfjs's own", (aShape, bShape) => {
    const a = tf.randomNormal(aShape, 0, 1, 'float32', 6);
    const b = tf.randomNormal(bShape, 0, 1, 'float32', 7);
    const { stock, fast } = both(() => tf.matMul(a, b, false, true));
    expect(fast[0]).toHaveLength(aShape.at(-2)! * bShape.at(-2)!);
    expect(maxDifference(fast, stock)).toBeLessThan(1e-4); // sums of up to 512 products of size ~1
    tf.dispose([a, b]);
  });

  it("gives the gradients of a dense network's loss that tfjs's own kernel gives", () => {
    const model = createMlpTeacher(64, 10, 9);
    const x = tf.randomUniform([32, 784], 0, 1, 'float32', 5);
    const y = tf.tensor1d(
      Array.from({ length: 32 }, (_, i) => i % 10),
      'int32',
    );
    const { stock, fast } = both(() => {
      const { grads } = tf.variableGrads(() => crossEntropy(model.apply(x) as tf.Tensor2D, y), trainableVariables(model));
      return Object.values(grads);
    });
    expect(fast.length).toBe(6);
    // Float32 summation order differs between the two kernels; the issue measured ≤ 7e-9.
    expect(maxDifference(fast, stock)).toBeLessThan(1e-6);
    tf.dispose([x, y]);
    model.dispose();
  });

  it('leaks neither tensors nor backend buffers (the transposed copies are freed)', () => {
    useFastWasmMatMul(true);
    const a = tf.ones([6, 4]);
    const b = tf.ones([6, 3]);
    const long = tf.ones([40, 4]); // a · longᵀ takes the (long · aᵀ)ᵀ path
    const before = tf.memory() as tf.MemoryInfo & { numDataBuffers: number };
    for (let i = 0; i < 5; i++) tf.tidy(() => [tf.matMul(a, b, true, false).dataSync(), tf.matMul(a, long, false, true).dataSync()]);
    const after = tf.memory() as tf.MemoryInfo & { numDataBuffers: number };
    expect(after.numTensors).toBe(before.numTensors);
    expect(after.numDataBuffers).toBe(before.numDataBuffers);
    tf.dispose([a, b, long]);
  });
});
