/**
 * The unlabelled transfer set: rows without a label that the teachers label and only the distilled
 * student learns from. The hard term averages over the labelled rows; the baseline's batches are
 * the ones it would have without the transfer set, so it comes out the same; losses that read the
 * label of every sample are refused with a message.
 */
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { useNodeBackend } from '../../../scripts/lib/node-runtime';
import { DEFAULT_CONFIG, type ExperimentConfig } from '../settings/config';
import { makeDataset } from '../data/data';
import { distillLoss, labelledMean } from '../losses/kd-losses';
import { ceRows } from '../losses/losses';
import { DistillationSession } from './session';
import { toyDataset } from '../data/toy-data';
import { VALIDATION_POINTS, TEST_POINTS } from '../data/toy-settings';

beforeAll(async () => {
  await useNodeBackend('cpu');
});

describe('the labelled mask in the loss', () => {
  it('the hard term is the mean CE over the labelled rows; the soft term covers every row', () => {
    tf.tidy(() => {
      const logits = tf.tensor2d([
        [2, 0, -1],
        [0, 1, 0],
        [-1, 0, 3],
        [1, 1, 1],
      ]);
      const labels = tf.tensor1d([0, 2, 2, 0], 'int32');
      const labelled = tf.tensor1d([1, 1, 0, 0]);
      const teacher = tf.logSoftmax(
        tf
          .tensor2d([
            [1, 0, 0],
            [0, 2, 0],
            [0, 0, 1],
            [0.5, 0, 0],
          ])
          .div(2),
      ) as tf.Tensor2D;
      const masked = distillLoss('kd', { studentLogits: logits, labels, temperature: 2, alpha: 0.6, teacherLogProbsT: teacher, labelled });
      const plain = distillLoss('kd', { studentLogits: logits, labels, temperature: 2, alpha: 0.6, teacherLogProbsT: teacher });
      const rows = ceRows(logits, labels).arraySync();
      expect(masked.ce.arraySync()).toBeCloseTo((rows[0]! + rows[1]!) / 2, 6);
      expect(masked.kl.arraySync()).toBeCloseTo(plain.kl.arraySync(), 6);
      expect(masked.total.arraySync()).toBeCloseTo(0.6 * 4 * plain.kl.arraySync() + 0.4 * masked.ce.arraySync(), 5);
      // A batch with no labelled row has no hard term (not 0/0).
      expect(labelledMean(tf.tensor1d([1, 2]), tf.tensor1d([0, 0])).arraySync()).toBe(0);
    });
  });

  it('refuses the losses that read every sample’s label', () => {
    tf.tidy(() => {
      const inputs = {
        studentLogits: tf.zeros([2, 3]) as tf.Tensor2D,
        labels: tf.tensor1d([0, 1], 'int32'),
        temperature: 2,
        alpha: 0.5,
        teacherLogProbsT: tf.logSoftmax(tf.zeros([2, 3])) as tf.Tensor2D,
        teacherLogProbs1: tf.logSoftmax(tf.zeros([2, 3])) as tf.Tensor2D,
        labelled: tf.tensor1d([1, 0]),
      };
      for (const loss of ['dkd', 'wsld', 'confidence'] as const)
        expect(() => distillLoss(loss, inputs)).toThrow(/needs a label for every sample/);
      expect(() => distillLoss('ls', inputs)).not.toThrow();
    });
  });
});

describe('a dataset with unlabelled rows', () => {
  it('keeps them out of every split, at the end, with label 0', () => {
    const labels = Uint8Array.from([0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 1, 1]);
    const dataset = makeDataset('t', ['a', 'b'], new Float32Array(12), labels, { columns: ['x'] }, { unlabelled: 2 });
    expect(Array.from(dataset.unlabelled)).toEqual([10, 11]);
    expect(dataset.labels.subarray(10)).toEqual(Uint8Array.from([0, 0]));
    const all = [...dataset.split.train, ...dataset.split.val, ...dataset.split.test].sort((a, b) => a - b);
    expect(all).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect(() => makeDataset('t', ['a'], new Float32Array(2), Uint8Array.from([0, 0]), { columns: ['x'] }, { unlabelled: 2 })).toThrow(
      /leave none with a label/,
    );
  });

  it('takes a split given as blocks of rows, and says when the blocks do not cover the labelled rows', () => {
    const labels = Uint8Array.from([0, 1, 0, 1, 0, 1, 1]);
    const dataset = makeDataset(
      't',
      ['a', 'b'],
      new Float32Array(7),
      labels,
      { columns: ['x'] },
      { blocks: { train: 3, val: 1, test: 2 }, unlabelled: 1 },
    );
    expect(Array.from(dataset.split.train)).toEqual([0, 1, 2]);
    expect(Array.from(dataset.split.val)).toEqual([3]);
    expect(Array.from(dataset.split.test)).toEqual([4, 5]);
    expect(dataset.blocks).toEqual({ train: 3, val: 1, test: 2 });
    expect(() =>
      makeDataset('t', ['a', 'b'], new Float32Array(7), labels, { columns: ['x'] }, { blocks: { train: 3, val: 1, test: 1 } }),
    ).toThrow(/do not cover the 7 labelled samples/);
  });
});

describe('distilling with an unlabelled transfer set', () => {
  const config: ExperimentConfig = {
    ...DEFAULT_CONFIG,
    ensembleSize: 2,
    teacherHidden: 16,
    teacherEpochs: 3,
    learningRate: 0.01,
    batchSize: 16,
    studentHidden: '4',
    studentEpochs: 3,
    temperature: 2,
    keepBestEpoch: false,
  };
  const toy = { kind: 'moons', points: 64, noise: 0.1, seed: 3, classes: 2 } as const;

  it('the baseline learns the same with or without it; the distilled student learns from it', async () => {
    const results = [];
    for (const unlabelled of [0, 200]) {
      const session = new DistillationSession(toyDataset({ ...toy, unlabelled }));
      await session.trainTeachers(config);
      const { results: r, outputs } = await session.distill(config);
      results.push({ r, outputs });
      expect(session.dataset.count).toBe(64 + VALIDATION_POINTS + TEST_POINTS + unlabelled);
      session.dispose();
    }
    const [without, withSet] = results as [(typeof results)[0], (typeof results)[0]];
    // Same teachers (they never see the unlabelled rows), same labelled batches: the same baseline.
    expect(withSet.r.ensemble.testAccuracy).toBe(without.r.ensemble.testAccuracy);
    expect(withSet.r.baseline.testAccuracy).toBe(without.r.baseline.testAccuracy);
    withSet.outputs.baseline.test.forEach((v, i) => expect(v).toBeCloseTo(without.outputs.baseline.test[i]!, 4));
    // The distilled student saw 200 more points: it is not the same network.
    expect(Array.from(withSet.outputs.student.test)).not.toEqual(Array.from(without.outputs.student.test));
  });

  it('refuses DKD, WSLD and teacher-confidence weighting with a message that says why', async () => {
    const session = new DistillationSession(toyDataset({ ...toy, unlabelled: 50 }));
    await session.trainTeachers(config);
    for (const loss of ['dkd', 'wsld', 'confidence'] as const) {
      await expect(session.distill({ ...config, loss })).rejects.toThrow(/the 50 unlabelled points have none/);
    }
    // The session keeps the last run's two students; a second run replaces them: no tensor outlives a run.
    await session.distill(config);
    const memory = tf.memory().numTensors;
    await session.distill(config);
    expect(tf.memory().numTensors).toBe(memory);
    session.dispose();
  });
});
