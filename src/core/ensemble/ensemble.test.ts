import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { useCpu } from '../../../test-support/fixtures';
import { LogitsCache } from './ensemble';
import { standardizeLogits } from '../losses/kd-losses';
import { ensembleLogTargets } from '../losses/losses';
import { ensembleDistribution } from './soft-labels';

beforeAll(useCpu);

// 2 members × 5 samples × 3 classes. Member k's logit for (sample i, class c) is
// 100k + 10i + c·(i + 1)(k + 1)/8: every value says where it came from, and every sample has its
// own distribution (a constant shift per row alone would vanish under softmax).
const CLASSES = 3;
const logitOf = (k: number, sample: number, c: number) => 100 * k + 10 * sample + (c * (sample + 1) * (k + 1)) / 8;
const members = [0, 1].map((k) => Float32Array.from({ length: 5 * CLASSES }, (_, j) => logitOf(k, Math.floor(j / CLASSES), j % CLASSES)));

describe('LogitsCache', () => {
  const cache = new LogitsCache(members, CLASSES);

  it('counts samples', () => {
    expect(cache.count).toBe(5);
  });

  it('batchTensor fetches the rows of shuffled indices, keyed by sample index, for every member', () => {
    const indices = Int32Array.from([3, 0, 4, 3]);
    const values = tf.tidy(() => {
      const t = cache.batchTensor(indices);
      expect(t.shape).toEqual([2, 4, CLASSES]);
      return t.arraySync();
    });
    for (let k = 0; k < 2; k++) {
      indices.forEach((sample, i) => {
        expect(values[k]![i]).toEqual([0, 1, 2].map((c) => logitOf(k, sample, c)));
      });
    }
  });

  it('probabilities fetch the same rows and combine them with the chosen mean at T', () => {
    const indices = [4, 1];
    for (const mode of ['arithmetic', 'geometric'] as const) {
      const probs = cache.probabilities(indices, 2, mode);
      expect(probs.length).toBe(2 * CLASSES);
      indices.forEach((sample, i) => {
        const expected = ensembleDistribution(
          [0, 1].map((k) => [0, 1, 2].map((c) => logitOf(k, sample, c))),
          2,
          mode,
        );
        for (let c = 0; c < CLASSES; c++) expect(probs[i * CLASSES + c]).toBeCloseTo(expected[c]!, 6);
      });
    }
  });

  it('rejects an empty or ragged cache', () => {
    expect(() => new LogitsCache([], CLASSES)).toThrow(/at least one member/);
    expect(() => new LogitsCache([new Float32Array(6), new Float32Array(9)], CLASSES)).toThrow(/count × classes/);
    expect(() => new LogitsCache([new Float32Array(7)], CLASSES)).toThrow(/count × classes/);
  });
});

describe('LogitsCache on the backend', () => {
  it('logTargets gathers rows of the table of log p_T, the same as computing them from the gathered logits, and follows T', () => {
    const members = [
      Float32Array.from({ length: 40 }, (_, i) => Math.sin(i)),
      Float32Array.from({ length: 40 }, (_, i) => Math.cos(i) * 2),
    ];
    const cache = new LogitsCache(members, 10);
    const at = tf.tensor1d([3, 0, 2], 'int32');
    const before = tf.memory().numTensors;
    for (const [temperature, mode] of [
      [2, 'arithmetic'],
      [5, 'arithmetic'],
      [5, 'geometric'],
    ] as const) {
      const fromTable = tf.tidy(() => Array.from(cache.logTargets(at, temperature, mode).dataSync()));
      const direct = tf.tidy(() => Array.from(ensembleLogTargets(cache.gather(at), temperature, mode).dataSync()));
      fromTable.forEach((v, i) => expect(v).toBeCloseTo(direct[i]!, 5));
    }
    cache.dispose();
    expect(tf.memory().numTensors).toBe(before);
    at.dispose();
  });

  it('batchLogTargets equals the table rows, raw and standardised, and a table per T stays until three newer ones', async () => {
    const members = [Float32Array.from({ length: 40 }, (_, i) => Math.sin(i) * 3)];
    const cache = new LogitsCache(members, 10);
    const at = tf.tensor1d([1, 3], 'int32');
    for (const view of ['raw', 'standardized'] as const) {
      const table = tf.tidy(() => Array.from(cache.logTargets(at, 3, 'arithmetic', view).dataSync()));
      const batch = tf.tidy(() => Array.from(cache.batchLogTargets(at, tf.scalar(3), 'arithmetic', view).dataSync()));
      batch.forEach((v, i) => expect(v).toBeCloseTo(table[i]!, 5));
    }
    const standardized = tf.tidy(() => Array.from(cache.logTargets(at, 1, 'arithmetic', 'standardized').dataSync()));
    const expected = tf.tidy(() => Array.from(tf.logSoftmax(standardizeLogits(tf.tensor2d(members[0]!, [4, 10]).gather(at))).dataSync()));
    standardized.forEach((v, i) => expect(v).toBeCloseTo(expected[i]!, 5));
    // Three tables so far (T = 3 raw and standardised, T = 1 standardised); a fourth evicts the least recently used.
    const kernels = async (temperature: number, view: 'raw' | 'standardized') =>
      (await tf.profile(() => cache.logTargets(at, temperature, 'arithmetic', view).dispose())).kernelNames;
    expect(await kernels(3, 'raw')).toEqual(['GatherV2']); // a hit only gathers; now the most recent
    expect((await kernels(7, 'raw')).length).toBeGreaterThan(1); // a new table: evicts T = 3 standardised
    expect(await kernels(3, 'raw')).toEqual(['GatherV2']);
    expect(await kernels(1, 'standardized')).toEqual(['GatherV2']);
    expect((await kernels(3, 'standardized')).length).toBeGreaterThan(1);
    cache.dispose();
    at.dispose();
  });
});
