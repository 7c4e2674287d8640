/**
 * The wasm convolution and pooling gradients give the cpu backend's gradients, for the shapes, strides and
 * paddings the CNNs use and a few they do not, and a CNN's whole gradient through it matches cpu.
 */
import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { useNodeBackend } from '../../../scripts/lib/node-runtime';
import { createCnn3264Teacher, createCnnTeacher, trainableVariables } from './models';
import { crossEntropy } from '../losses/losses';
import { useWasmConvGradients, wasmConvGradientsActive } from './wasm-conv';

/** `f`'s tensors as plain arrays on `backend`. */
async function on(backend: 'cpu' | 'wasm', f: () => tf.Tensor[]): Promise<number[][]> {
  await useNodeBackend(backend);
  return tf.tidy(() => f().map((t) => Array.from(t.dataSync())));
}

function maxDifference(a: number[][], b: number[][]): number {
  let max = 0;
  a.forEach((row, i) => {
    expect(row).toHaveLength(b[i]!.length);
    row.forEach((v, j) => (max = Math.max(max, Math.abs(v - b[i]![j]!))));
  });
  return max;
}

beforeAll(() => useNodeBackend('wasm'));
afterAll(() => useNodeBackend('wasm'));

describe('the wasm convolution and pooling gradients', () => {
  it('is registered on wasm, where tfjs 4.22 has none of its own', async () => {
    await useNodeBackend('wasm');
    expect(tf.getKernel('Conv2DBackpropFilter', 'wasm')).toBeDefined();
    expect(wasmConvGradientsActive()).toBe(true);
    expect(useWasmConvGradients()).toBe(true);
  });

  /** The filter gradient of a random convolution, as plain arrays on `backend`. */
  const filterGradient = (
    backend: 'cpu' | 'wasm',
    [batch, size, inChannels, filter, outChannels, stride, padding]: readonly [
      number,
      number,
      number,
      number,
      number,
      number,
      'same' | 'valid',
    ],
  ) =>
    on(backend, () => {
      const x = tf.randomNormal([batch, size, size, inChannels], 0, 1, 'float32', 1) as tf.Tensor4D;
      const w = tf.randomNormal([filter, filter, inChannels, outChannels], 0, 1, 'float32', 2) as tf.Tensor4D;
      const target = tf.randomNormal(tf.conv2d(x, w, stride, padding).shape, 0, 1, 'float32', 3);
      const loss = (filterVar: tf.Tensor) =>
        tf
          .conv2d(x, filterVar as tf.Tensor4D, stride, padding)
          .mul(target)
          .sum() as tf.Scalar;
      return [tf.grad(loss)(w)];
    });

  it.each([
    // batch, size, channels in, filter, channels out, stride, padding
    [2, 8, 1, 5, 4, 1, 'valid'],
    [3, 9, 2, 3, 5, 1, 'same'],
    [2, 10, 3, 3, 2, 2, 'same'],
    [2, 11, 2, 4, 3, 2, 'valid'],
    [1, 7, 4, 1, 6, 3, 'valid'],
    [4, 14, 8, 3, 16, 1, 'same'],
    [2, 9, 3, 4, 2, 1, 'same'],
    [2, 12, 3, 2, 4, 2, 'same'],
  ] as const)(
    'batch %i, size %i, %i channels in, filter %i, %i out, stride %i, %s padding: filter and input gradients as cpu',
    async (batch, size, inChannels, filter, outChannels, stride, padding) => {
      const gradients = () => {
        const x = tf.randomNormal([batch, size, size, inChannels], 0, 1, 'float32', 1) as tf.Tensor4D;
        const w = tf.randomNormal([filter, filter, inChannels, outChannels], 0, 1, 'float32', 2) as tf.Tensor4D;
        const target = tf.randomNormal(tf.conv2d(x, w, stride, padding).shape, 0, 1, 'float32', 3);
        const loss = (filterVar: tf.Tensor) =>
          tf
            .conv2d(x, filterVar as tf.Tensor4D, stride, padding)
            .mul(target)
            .sum() as tf.Scalar;
        const inputLoss = (input: tf.Tensor) =>
          tf
            .conv2d(input as tf.Tensor4D, w, stride, padding)
            .mul(target)
            .sum() as tf.Scalar;
        return [tf.grad(loss)(w), tf.grad(inputLoss)(x)];
      };
      const cpu = await on('cpu', gradients);
      const wasm = await on('wasm', gradients);
      expect(maxDifference(wasm, cpu)).toBeLessThan(1e-4);
    },
  );

  it.each([
    // batch, size, channels, pool, stride, padding
    [2, 8, 3, 2, 2, 'valid'],
    [3, 9, 4, 3, 2, 'valid'],
    [2, 7, 2, 2, 1, 'valid'],
    [2, 8, 3, 2, 2, 'same'],
    [2, 9, 5, 3, 3, 'same'],
  ] as const)(
    'max-pool gradient, batch %i, size %i, %i channels, pool %i, stride %i, %s padding: as cpu, ties included',
    async (batch, size, channels, pool, stride, padding) => {
      const gradients = () => {
        // ReLU leaves runs of zeros, so windows tie; the cpu kernel sends dy to the first largest.
        const x = tf.randomNormal([batch, size, size, channels], 0, 1, 'float32', 7).relu() as tf.Tensor4D;
        const target = tf.randomNormal(tf.maxPool(x, pool, stride, padding).shape, 0, 1, 'float32', 8);
        const loss = (input: tf.Tensor) =>
          tf
            .maxPool(input as tf.Tensor4D, pool, stride, padding)
            .mul(target)
            .sum() as tf.Scalar;
        return [tf.grad(loss)(x)];
      };
      const cpu = await on('cpu', gradients);
      const wasm = await on('wasm', gradients);
      expect(maxDifference(wasm, cpu)).toBeLessThan(1e-5);
    },
  );

  // The CNN (32-64) teacher's layers at their sizes: each weight's gradient sums 1,568 or 392
  // products of N(0, 1) numbers (up to ±100 here), and float32 rounding alone makes two orders of
  // summation differ by about 1.5e-4 (1.5e-6 of the largest); compared to 1e-5 of the largest gradient.
  it.each([
    [2, 28, 1, 3, 32, 1, 'same'],
    [2, 14, 32, 3, 64, 1, 'same'],
  ] as const)('batch %i, size %i, %i channels in, filter %i, %i out, stride %i, %s padding (the CNN (32-64)): as cpu', async (...shape) => {
    const cpu = await filterGradient('cpu', shape);
    const largest = Math.max(...cpu[0]!.map(Math.abs));
    expect(largest).toBeGreaterThan(10);
    expect(maxDifference(await filterGradient('wasm', shape), cpu)).toBeLessThan(1e-5 * largest);
  });

  it.each([
    ['CNN', createCnnTeacher],
    ['CNN (32-64)', createCnn3264Teacher],
  ] as const)("gives the %s teacher's gradients that cpu gives, and leaks nothing", async (_, create) => {
    const gradients = () => {
      const model = create(10, 4);
      const x = tf.randomUniform([8, 784], 0, 1, 'float32', 5);
      const y = tf.tensor1d([0, 1, 2, 3, 4, 5, 6, 7], 'int32');
      const variables = trainableVariables(model);
      const { grads } = tf.variableGrads(() => crossEntropy(model.apply(x) as tf.Tensor2D, y), variables);
      const out = variables.map((v) => grads[v.name]!);
      model.dispose();
      return out;
    };
    const cpu = await on('cpu', gradients);
    await useNodeBackend('wasm');
    const before = tf.memory().numTensors;
    const wasm = await on('wasm', gradients);
    expect(tf.memory().numTensors).toBe(before);
    expect(wasm.length).toBeGreaterThan(4);
    expect(maxDifference(wasm, cpu)).toBeLessThan(1e-4);
  });
});
