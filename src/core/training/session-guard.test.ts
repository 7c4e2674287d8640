/**
 * Teacher and baseline NaN guards. Their losses are plain cross-entropy, so the test poisons
 * crossEntropy (through a module mock) to return NaN on demand; everything else is real.
 */
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { useNodeBackend } from '../../../scripts/lib/node-runtime';
import { flatWeights, mnistSubset, tinyConfig } from '../../../test-support/fixtures';
import type { Dataset } from '../data/data';
import { DistillationSession } from './session';
import { NonFiniteLossError } from './training';

const poison = vi.hoisted(() => ({ afterCalls: Infinity, calls: 0 }));

vi.mock('../losses/losses', async (importOriginal) => {
  const actual = await importOriginal<typeof import('../losses/losses')>();
  const tfjs = await import('@tensorflow/tfjs');
  return {
    ...actual,
    crossEntropy: (logits: tf.Tensor2D, labels: tf.Tensor1D): tf.Scalar => {
      poison.calls++;
      const ce = actual.crossEntropy(logits, labels);
      if (poison.calls <= poison.afterCalls) return ce;
      return tfjs.tidy(() => tfjs.mul(ce, NaN) as tf.Scalar);
    },
  };
});

/** crossEntropy returns NaN from its (n + 1)-th call on. */
function poisonAfter(n: number): void {
  poison.calls = 0;
  poison.afterCalls = n;
}

let dataset: Dataset;

beforeAll(async () => {
  await useNodeBackend('wasm');
  dataset = mnistSubset(600);
});

describe('NaN in teacher training', () => {
  it('throws NonFiniteLossError naming the member and keeps the previous teachers intact', async () => {
    poisonAfter(Infinity);
    const session = new DistillationSession(dataset);
    const first = await session.trainTeachers(tinyConfig());
    const previous = session.teacherModels;
    const previousWeights = flatWeights(previous[0]!);
    const tensorsBefore = tf.memory().numTensors;

    poisonAfter(5); // five good steps, then NaN
    const error = await session.trainTeachers(tinyConfig({ seed: 3, ensembleSize: 2 })).catch((e: unknown) => e);
    poisonAfter(Infinity);
    expect(error).toBeInstanceOf(NonFiniteLossError);
    expect((error as Error).message).toMatch(/^The loss of the teacher 1 became NaN/);

    expect(session.teacherModels).toBe(previous);
    expect(flatWeights(previous[0]!)).toEqual(previousWeights);
    expect(session.ensembleTestAccuracy()).toBe(first.ensembleTestAccuracy);
    expect(tf.memory().numTensors).toBe(tensorsBefore);

    // The session still works: a distillation runs on the kept teachers.
    const result = await session.distill(tinyConfig());
    expect(result.failure).toBeNull();
    session.dispose();
  });
});

describe('NaN in the baseline student', () => {
  it('distill reports a baseline failure instead of throwing', async () => {
    poisonAfter(Infinity);
    const session = new DistillationSession(dataset);
    await session.trainTeachers(tinyConfig());
    poisonAfter(3); // the baseline's loss is the only crossEntropy call during distillation
    const result = await session.distill(tinyConfig());
    poisonAfter(Infinity);
    expect(result.failure).toMatch(/^The loss of the baseline student became NaN/);
    expect(result.results.halt).toMatchObject({ model: 'baseline student', step: 8, rolledBackTo: 0 });
    // Both students are back at their initial weights (the first check was at batch 8): identical, finite.
    expect(new Float32Array(result.baseline.weightData).every(Number.isFinite)).toBe(true);
    expect(Array.from(new Float32Array(result.student.weightData))).toEqual(Array.from(new Float32Array(result.baseline.weightData)));
    expect(result.results.student.testAccuracy).toBe(result.results.baseline.testAccuracy);
    session.dispose();
  });
});
