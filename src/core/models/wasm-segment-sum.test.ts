/**
 * The wasm UnsortedSegmentSum kernel gives the cpu kernel's values: repeated, missing and
 * out-of-range ids, int32, x of rank 1 to 3, no ids; the embedding gradient through it matches cpu;
 * it leaks nothing.
 */
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { useNodeBackend } from '../../../scripts/lib/node-runtime';
import { useWasmSegmentSum, wasmSegmentSumActive } from './wasm-segment-sum';

/** `f`'s tensors as plain arrays and shapes on `backend`. */
async function on(backend: 'cpu' | 'wasm', f: () => tf.Tensor[]): Promise<{ values: number[]; shape: number[]; dtype: string }[]> {
  await useNodeBackend(backend);
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
