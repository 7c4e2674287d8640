/**
 * The wasm GatherV2 wrapper gives what tfjs's own kernel gives: every axis, dtypes, repeated
 * indices, batched gathers (passed on), the same out-of-range error, and leaks nothing.
 */
import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { useNodeBackend } from '../../../scripts/lib/node-runtime';
import { fastWasmGatherActive, useFastWasmGather } from './wasm-gather';

/** Runs `f` with the stock kernel and with the wrapper; returns both results (values and shapes). */
function both(f: () => tf.Tensor): { stock: { values: number[]; shape: number[] }; fast: { values: number[]; shape: number[] } } {
  const run = () =>
    tf.tidy(() => {
      const t = f();
      return { values: Array.from(t.dataSync()), shape: t.shape };
    });
  useFastWasmGather(false);
  const stock = run();
  useFastWasmGather(true);
  return { stock, fast: run() };
}

beforeAll(() => useNodeBackend('wasm'));
afterAll(() => useFastWasmGather(true));

describe('the wasm GatherV2 wrapper', () => {
  it('switches on and off', () => {
    expect(useFastWasmGather(false)).toBe(false);
    expect(fastWasmGatherActive()).toBe(false);
    expect(useFastWasmGather(true)).toBe(true);
    expect(fastWasmGatherActive()).toBe(true);
  });

  it.each([
    ['rows of a batch of images', [10, 784], 'float32', 0, [7, 0, 9, 7, 3]],
    ['int32 labels', [10], 'int32', 0, [9, 1, 1, 4]],
    ['a middle axis', [3, 4, 5], 'float32', 1, [3, 0, 2]],
    ['the last axis (one element per copy)', [3, 4, 5], 'int32', 2, [4, 4, 0]],
    ['the last axis counted from the end', [2, 6], 'float32', -1, [5, 2]],
    ['a bool tensor', [6, 2], 'bool', 0, [1, 5]],
    ['no indices at all', [4, 3], 'float32', 0, []],
  ] as const)("gathers %s as tfjs's own kernel does", (_, shape, dtype, axis, indices) => {
    const size = tf.util.sizeFromShape([...shape]);
    const values = Array.from({ length: size }, (_, i) => (dtype === 'bool' ? i % 3 : dtype === 'int32' ? i * 7 - 50 : Math.sin(i)));
    const x = tf.tensor(values, [...shape], dtype);
    const at = tf.tensor1d([...indices], 'int32');
    const { stock, fast } = both(() => tf.gather(x, at, axis));
    expect(fast.shape).toEqual(stock.shape);
    expect(fast.values).toEqual(stock.values);
    expect(fast.values.length).toBe((size / shape.at(axis)!) * indices.length);
    tf.dispose([x, at]);
  });

  it('takes 2D indices, and passes batched gathers (batchDims 1) to tfjs', () => {
    const x = tf.tensor(
      Array.from({ length: 24 }, (_, i) => i),
      [2, 3, 4],
    );
    const at2d = tf.tensor2d([2, 0, 1, 1], [2, 2], 'int32');
    const plain = both(() => tf.gather(x, at2d, 1));
    expect(plain.fast).toEqual(plain.stock);
    expect(plain.fast.shape).toEqual([2, 2, 2, 4]);
    const batched = both(() => tf.gather(x, at2d, 1, 1));
    expect(batched.fast).toEqual(batched.stock);
    tf.dispose([x, at2d]);
  });

  it('refuses an index out of range with tfjs’s message, and leaks nothing', () => {
    const x = tf.tensor2d([1, 2, 3, 4], [2, 2]);
    const bad = tf.tensor1d([0, 2], 'int32');
    const before = tf.memory().numTensors;
    const bytes = tf.memory().numBytes;
    expect(() => tf.gather(x, bad)).toThrow('GatherV2: the index value 2 is not in [0, 1]');
    for (let i = 0; i < 5; i++) tf.tidy(() => void tf.gather(x, tf.tensor1d([1, 0], 'int32')));
    expect(tf.memory().numTensors).toBe(before);
    expect(tf.memory().numBytes).toBe(bytes);
    tf.dispose([x, bad]);
  });
});
