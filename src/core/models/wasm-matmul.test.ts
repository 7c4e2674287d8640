/**
 * The wasm BatchMatMul wrapper gives the products and gradients tfjs's own kernel gives, for the
 * flag combinations backprop uses, in 2D and batched 3D, and leaks nothing. Batched products (now
 * XNNPACK slice by slice) give the cpu backend's within 1e-5 of Σ|a||b| — with and without
 * flags, batch 1, rank 4, a batch of 1 broadcast on either side — attention's gradients match
 * cpu's, and the slices free what they register (the wasm memory does not grow over many steps).
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

/** Values of `count` floats, deterministic and of size ~1. */
const sines = (count: number, phase = 0) => Array.from({ length: count }, (_, i) => Math.sin(i * 1.3 + phase) * 1.5);

/** `f`'s tensors as plain arrays, computed on `backend` (then back on wasm). */
async function on(backend: 'cpu' | 'wasm', f: () => tf.Tensor[]): Promise<number[][]> {
  await useNodeBackend(backend);
  const tensors = tf.tidy(f); // (a tidy returning plain arrays would walk every element of them)
  const values = tensors.map((t) => Array.from(t.dataSync()));
  tf.dispose(tensors);
  await useNodeBackend('wasm');
  return values;
}

/**
 * matMul of `aShape` by `bShape` on wasm (the wrapper) and on cpu: same shape, and every value
 * within 1e-5 of Σ|a||b| (float32 sums in another order differ by far less).
 */
async function expectAsCpu(aShape: number[], bShape: number[], transposeA: boolean, transposeB: boolean): Promise<void> {
  const make = () => [tf.tensor(sines(tf.util.sizeFromShape(aShape)), aShape), tf.tensor(sines(tf.util.sizeFromShape(bShape), 2), bShape)];
  const products = () => {
    const [a, b] = make() as [tf.Tensor, tf.Tensor];
    const product = tf.matMul(a, b, transposeA, transposeB);
    return [product, tf.matMul(tf.abs(a), tf.abs(b), transposeA, transposeB), tf.tensor1d(product.shape)];
  };
  useFastWasmMatMul(true);
  const [fast, , fastShape] = await on('wasm', products);
  const [cpu, scale, cpuShape] = await on('cpu', products);
  expect(fastShape).toEqual(cpuShape);
  expect(fast!.length).toBe(cpu!.length);
  fast!.forEach((v, i) => expect(Math.abs(v - cpu![i]!)).toBeLessThanOrEqual(1e-5 * scale![i]! + 1e-30));
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

  const FLAGS = [
    [false, false],
    [true, false],
    [false, true],
    [true, true],
  ] as const;
  /** a's and b's shapes for a product [batch…, m, k] · [batch…, k, n], as the flags lay them out. */
  const laidOut = (a: number[], b: number[], transposeA: boolean, transposeB: boolean): [number[], number[]] => [
    transposeA ? [...a.slice(0, -2), a.at(-1)!, a.at(-2)!] : a,
    transposeB ? [...b.slice(0, -2), b.at(-1)!, b.at(-2)!] : b,
  ];

  describe.each(FLAGS)('with transposeA=%s, transposeB=%s, gives the cpu backend’s products', (transposeA, transposeB) => {
    it.each([
      ['batch 1', [1, 5, 7], [1, 7, 3]],
      ['a batch of 4', [4, 5, 7], [4, 7, 3]],
      ["attention's shapes (batch·heads 8, 64 tokens, 16 per head)", [8, 64, 16], [8, 16, 64]],
      ["attention's weights by values", [8, 64, 64], [8, 64, 16]],
      ['a short a by a long b (a·bᵀ as (b·aᵀ)ᵀ)', [3, 2, 8], [3, 8, 40]],
      ['rank 4', [2, 3, 4, 6], [2, 3, 6, 5]],
      ['a batched a by one shared 2-D b', [4, 5, 7], [7, 3]],
      ['a batched a by a b of batch 1', [2, 2, 5, 7], [1, 7, 3]],
      ['one 2-D a by a batched b', [5, 7], [4, 7, 3]],
      ['an a of batch 1 by a b of batch 2 × 3', [1, 5, 7], [2, 3, 7, 3]],
      ['rows of one value', [3, 1, 7], [3, 7, 1]],
    ])('%s: %j · %j', async (_, a, b) => {
      await expectAsCpu(...laidOut(a, b, transposeA, transposeB), transposeA, transposeB);
    });
  });

  it("gives attention's gradients (softmax(q·kᵀ)·v, batched, all four flag patterns) as the cpu backend does", async () => {
    const shape = [8, 16, 8];
    const gradients = () => {
      const [q, k, v] = [0, 1, 2].map((phase) => tf.tensor3d(sines(8 * 16 * 8, phase), shape as [number, number, number]));
      const target = tf.tensor3d(sines(8 * 16 * 8, 3), shape as [number, number, number]);
      const loss = (q: tf.Tensor3D, k: tf.Tensor3D, v: tf.Tensor3D) =>
        tf.sum(tf.mul(tf.matMul(tf.softmax(tf.matMul(q, k, false, true)), v), target));
      return tf.grads(loss as (...x: tf.Tensor[]) => tf.Scalar)([q!, k!, v!]);
    };
    const fast = await on('wasm', gradients);
    const cpu = await on('cpu', gradients);
    expect(fast.map((g) => g.length)).toEqual([1024, 1024, 1024]);
    expect(maxDifference(fast, cpu)).toBeLessThan(1e-4); // gradients of size up to ~20
  });

  it('frees the slices it registers: neither tensors nor wasm memory grow over many batched products', () => {
    const a = tf.tensor3d(sines(64 * 64 * 16), [64, 64, 16]);
    const b = tf.tensor3d(sines(64 * 16 * 64, 1), [64, 16, 64]);
    const run = () =>
      tf.tidy(() => void [tf.matMul(a, b), tf.matMul(a, a, false, true), tf.matMul(b, b, true, false)].map((t) => t.dataSync()));
    run();
    const heap = () => (tf.backend() as unknown as { wasm: { HEAPU8: Uint8Array } }).wasm.HEAPU8.byteLength;
    const before = { ...(tf.memory() as tf.MemoryInfo & { numDataBuffers: number }), heap: heap() };
    // 100 × 3 × 64 slices: a leaked XNNPACK operator (its packed 16 × 64 or 64 × 64 weights) per slice would be > 100 MB.
    for (let i = 0; i < 100; i++) run();
    const after = tf.memory() as tf.MemoryInfo & { numDataBuffers: number };
    expect(after.numTensors).toBe(before.numTensors);
    expect(after.numDataBuffers).toBe(before.numDataBuffers);
    expect(heap()).toBe(before.heap);
    tf.dispose([a, b]);
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
