/**
 * The wasm UnsortedSegmentSum kernel gives the cpu kernel's values: repeated, missing and
 * out-of-range ids, int32, x of rank 1 to 3, no ids; the embedding gradient through it matches cpu;
 * it leaks nothing. The cpu kernel that replaces tfjs's gives tfjs's values to the bit, hands what
 * it was not written for to tfjs's, leaks nothing, and makes a bag student's step at a vocabulary of
 * 8,000 take well under a second (tfjs's: ~70 s).
 */
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { useNodeBackend } from '../../../scripts/lib/node-runtime';
import { crossEntropy } from '../losses/losses';
import { trainableVariables } from './models';
import { createBagStudent } from './text-models';
import { cpuSegmentSumActive, useCpuSegmentSum, useWasmSegmentSum, wasmSegmentSumActive } from './wasm-segment-sum';

/** `f`'s tensors as plain arrays and shapes on `backend` (on cpu with tfjs's own kernel, the reference). */
async function on(backend: 'cpu' | 'wasm', f: () => tf.Tensor[]): Promise<{ values: number[]; shape: number[]; dtype: string }[]> {
  await useNodeBackend(backend);
  useCpuSegmentSum(false);
  return tf.tidy(() => f().map((t) => ({ values: Array.from(t.dataSync()), shape: t.shape, dtype: t.dtype })));
}

/** The same computation on cpu and on wasm: same shapes and dtypes, values within `tolerance`. */
async function expectAsCpu(f: () => tf.Tensor[], tolerance = 0): Promise<void> {
  const cpu = await on('cpu', f);
  const wasm = await on('wasm', f);
  expect(wasm.map((t) => [t.shape, t.dtype])).toEqual(cpu.map((t) => [t.shape, t.dtype]));
  wasm.forEach((t, i) => t.values.forEach((v, j) => expect(Math.abs(v - cpu[i]!.values[j]!)).toBeLessThanOrEqual(tolerance)));
}

const sines = (count: number) => Array.from({ length: count }, (_, i) => Math.sin(i * 1.7) * 3);

beforeAll(() => useNodeBackend('wasm'));

describe('the wasm UnsortedSegmentSum kernel', () => {
  it('is registered on wasm, which has none of its own in tfjs 4.22', async () => {
    await useNodeBackend('wasm');
    expect(wasmSegmentSumActive()).toBe(true);
    expect(useWasmSegmentSum()).toBe(true);
    await useNodeBackend('cpu');
    expect(useWasmSegmentSum()).toBe(false);
    expect(wasmSegmentSumActive()).toBe(false);
  });

  it.each([
    ['rows of a matrix, ids repeated', [6, 4], [3, 0, 3, 1, 3, 0], 5],
    ['a vector', [5], [1, 1, 0, 2, 1], 3],
    ['ids out of range (dropped, as on cpu)', [5, 3], [-1, 2, 4, 0, 2], 4],
    ['a 3-D tensor by its first axis', [4, 2, 3], [1, 0, 1, 2], 3],
    ['segments no id names (zeros)', [3, 2], [7, 7, 1], 9],
  ] as const)('sums %s as the cpu kernel does', async (_, shape, ids, segments) => {
    await expectAsCpu(
      () => [
        tf.unsortedSegmentSum(tf.tensor(sines(tf.util.sizeFromShape([...shape])), [...shape]), tf.tensor1d([...ids], 'int32'), segments),
      ],
      1e-6,
    );
  });

  it('sums int32 exactly, into float32 as the cpu kernel does', async () => {
    await expectAsCpu(() => [
      tf.unsortedSegmentSum(
        tf.tensor2d(
          Array.from({ length: 12 }, (_, i) => i * 7 - 30),
          [4, 3],
          'int32',
        ),
        tf.tensor1d([2, 0, 2, 2], 'int32'),
        3,
      ),
    ]);
  });

  it('gives zeros for no ids at all', async () => {
    await expectAsCpu(() => [tf.unsortedSegmentSum(tf.zeros([0, 4]), tf.tensor1d([], 'int32'), 3)]);
  });

  it('trains an embedding table: the Gather gradient, many repeated rows, as cpu', async () => {
    const gradient = () => {
      const table = tf.tensor2d(sines(50 * 8), [50, 8]);
      const ids = tf.tensor1d(
        Array.from({ length: 256 }, (_, i) => (i * 37) % 50),
        'int32',
      );
      const target = tf.tensor2d(sines(256 * 8).reverse(), [256, 8]);
      return [tf.grad((t: tf.Tensor) => tf.sum(tf.mul(tf.gather(t, ids), target)) as tf.Scalar)(table)];
    };
    await expectAsCpu(gradient, 1e-5);
  });

  it('refuses ids that are not one per row of x, and leaks nothing', async () => {
    await useNodeBackend('wasm');
    const x = tf.tensor2d(sines(6), [3, 2]);
    const bad = tf.tensor1d([0, 1], 'int32');
    expect(() => tf.unsortedSegmentSum(x, bad, 2)).toThrow('one segment id per row of x: ids [2], x [3,2]');
    const square = tf.tensor2d([0, 1, 1, 0, 1, 0], [3, 2], 'int32') as unknown as tf.Tensor1D;
    expect(() => tf.unsortedSegmentSum(x, square, 2)).toThrow('one segment id per row of x');
    const ids = tf.tensor1d([1, 0, 1], 'int32');
    const before = tf.memory().numTensors;
    const bytes = tf.memory().numBytes;
    for (let i = 0; i < 5; i++) tf.tidy(() => void tf.unsortedSegmentSum(x, ids, 2));
    expect(tf.memory().numTensors).toBe(before);
    expect(tf.memory().numBytes).toBe(bytes);
    tf.dispose([x, bad, square, ids]);
  });
});

/** `f`'s tensors on cpu with tfjs's own kernel and with ours: values, shapes and dtypes. */
function stockAndOurs(f: () => tf.Tensor[]): { stock: unknown[]; ours: unknown[] } {
  const run = () => tf.tidy(() => f().map((t) => ({ values: Array.from(t.dataSync()), shape: t.shape, dtype: t.dtype })));
  useCpuSegmentSum(false);
  const stock = run();
  useCpuSegmentSum(true);
  return { stock, ours: run() };
}

describe('the cpu UnsortedSegmentSum kernel', () => {
  it("replaces tfjs's on cpu and nowhere else; tfjs's can be put back", async () => {
    await useNodeBackend('cpu');
    expect(cpuSegmentSumActive()).toBe(true);
    expect(useCpuSegmentSum()).toBe(true);
    expect(useCpuSegmentSum(false)).toBe(false);
    expect(cpuSegmentSumActive()).toBe(false);
    expect(useCpuSegmentSum()).toBe(true);
    await useNodeBackend('wasm');
    expect(useCpuSegmentSum()).toBe(false);
    expect(cpuSegmentSumActive()).toBe(false);
    expect(tf.getKernel('UnsortedSegmentSum', 'cpu')).toBeDefined();
  });

  it.each([
    ['rows of a matrix, ids repeated', [6, 4], [3, 0, 3, 1, 3, 0], 5],
    ['a vector', [5], [1, 1, 0, 2, 1], 3],
    ['ids out of range (dropped)', [5, 3], [-1, 2, 4, 0, 2], 4],
    ['a 3-D tensor by its first axis', [4, 2, 3], [1, 0, 1, 2], 3],
    ['segments no id names (zeros)', [3, 2], [7, 7, 1], 9],
    ['many rows into few segments', [300, 5], Array.from({ length: 300 }, (_, i) => (i * 7) % 11), 11],
  ] as const)("sums %s exactly as tfjs's kernel does", async (_, shape, ids, segments) => {
    await useNodeBackend('cpu');
    const x = tf.tensor(sines(tf.util.sizeFromShape([...shape])), [...shape]);
    const segmentIds = tf.tensor1d([...ids], 'int32');
    const { stock, ours } = stockAndOurs(() => [tf.unsortedSegmentSum(x, segmentIds, segments)]);
    expect(ours).toEqual(stock);
    tf.dispose([x, segmentIds]);
  });

  it('sums int32 (rounded to float32 first, as tfjs does) and bool into float32, and no ids at all, exactly', async () => {
    await useNodeBackend('cpu');
    const { stock, ours } = stockAndOurs(() => [
      tf.unsortedSegmentSum(tf.tensor2d([16777217, 3, -5, 2 ** 30 + 1, 7, 0], [3, 2], 'int32'), tf.tensor1d([0, 0, 1], 'int32'), 2),
      tf.unsortedSegmentSum(tf.tensor1d([true, true, false, true], 'bool'), tf.tensor1d([0, 0, 1, 2], 'int32'), 3),
      tf.unsortedSegmentSum(tf.zeros([0, 4]), tf.tensor1d([], 'int32'), 3),
    ]);
    expect(ours).toEqual(stock);
    expect((ours[0] as { dtype: string }).dtype).toBe('float32');
  });

  it("gives the embedding table's gradient (Gather's) exactly as tfjs's kernel does", async () => {
    await useNodeBackend('cpu');
    const table = tf.tensor2d(sines(50 * 8), [50, 8]);
    const ids = tf.tensor1d(
      Array.from({ length: 256 }, (_, i) => (i * 37) % 50),
      'int32',
    );
    const target = tf.tensor2d(sines(256 * 8).reverse(), [256, 8]);
    const { stock, ours } = stockAndOurs(() => [tf.grad((t: tf.Tensor) => tf.sum(tf.mul(tf.gather(t, ids), target)) as tf.Scalar)(table)]);
    expect(ours).toEqual(stock);
    tf.dispose([table, ids, target]);
  });

  it("hands ids that are not one per row to tfjs's kernel (element-wise ids of x's shape)", async () => {
    await useNodeBackend('cpu');
    const x = tf.tensor2d(sines(6), [3, 2]);
    const elementIds = tf.tensor2d([0, 1, 1, 0, 1, 0], [3, 2], 'int32') as unknown as tf.Tensor1D;
    const { stock, ours } = stockAndOurs(() => [tf.unsortedSegmentSum(x, elementIds, 2)]);
    expect(ours).toEqual(stock);
    tf.dispose([x, elementIds]);
  });

  it("keeps NaN and Infinity in their own segment (tfjs's masks spread NaN to every segment)", async () => {
    await useNodeBackend('cpu');
    const x = tf.tensor2d([1, NaN, 2, 3, Infinity, 4], [3, 2]);
    const ids = tf.tensor1d([0, 1, 2], 'int32');
    const sum = tf.unsortedSegmentSum(x, ids, 3);
    expect(Array.from(sum.dataSync())).toEqual([1, NaN, 2, 3, Infinity, 4]);
    tf.dispose([x, ids, sum]);
  });

  it('leaks nothing', async () => {
    await useNodeBackend('cpu');
    const x = tf.tensor2d(sines(6), [3, 2]);
    const ids = tf.tensor1d([1, 0, 1], 'int32');
    const before = tf.memory().numTensors;
    const bytes = tf.memory().numBytes;
    for (let i = 0; i < 5; i++) tf.tidy(() => void tf.unsortedSegmentSum(x, ids, 2).dataSync());
    expect(tf.memory().numTensors).toBe(before);
    expect(tf.memory().numBytes).toBe(bytes);
    tf.dispose([x, ids]);
  });

  it('trains a bag student at a vocabulary of 8,000 in well under a second a step (tfjs: ~70 s)', async () => {
    await useNodeBackend('cpu');
    const input = { features: 64, image: null, text: { vocabSize: 8000, length: 64 } };
    const model = createBagStudent(8, 1, 'bag', input);
    const ids = tf.tensor2d(
      Array.from({ length: 64 * 64 }, (_, i) => ((i * 7919) % 7998) + 2),
      [64, 64],
    );
    const labels = tf.tensor1d(
      Array.from({ length: 64 }, (_, i) => i % 8),
      'int32',
    );
    const optimizer = tf.train.adam(0.01);
    const step = () =>
      tf.tidy(() => {
        const { value, grads } = tf.variableGrads(
          () => crossEntropy(model.apply(ids, { training: true }) as tf.Tensor2D, labels),
          trainableVariables(model),
        );
        optimizer.applyGradients(Object.entries(grads).map(([name, tensor]) => ({ name, tensor })));
        return value.dataSync()[0]!;
      });
    const first = step();
    const times: number[] = [];
    let loss = first;
    for (let i = 0; i < 3; i++) {
      const start = performance.now();
      loss = step();
      times.push(performance.now() - start);
    }
    // The time, for the record (not asserted: machines differ).
    process.stdout.write(`bag student step on cpu, vocabulary 8000, 64 × 64 tokens: ${times.map((t) => t.toFixed(0)).join(', ')} ms\n`);
    expect(Number.isFinite(loss)).toBe(true);
    expect(loss).toBeLessThan(first); // Adam on a fixed batch
    tf.dispose([ids, labels]);
    optimizer.dispose();
    model.dispose();
  });
});
