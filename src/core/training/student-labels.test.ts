/**
 * "Student labels (%)": the students see the true labels of a seeded, class-mixed share of their
 * training images; the distilled student also learns the teachers' soft labels on the rest (an
 * unlabelled transfer set), the baseline only the labelled share. At 100 % nothing changes.
 */
import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { useNodeBackend } from '../../../scripts/lib/node-runtime';
import { mnistSubset, tinyConfig } from '../../../test-support/fixtures';
import { DEFAULT_CONFIG, type ExperimentConfig } from '../settings/config';
import { makeDataset, type Dataset } from '../data/data';
import { DeviceDataset } from '../data/device-data';
import { DistillStep, labelMask } from '../losses/distill-step';
import { PAIR_READING as R } from '../losses/steps';
import { LogitsCache } from '../ensemble/ensemble';
import { createStudentPair } from '../models/student-pair';
import { createTeacher } from '../models/models';
import { allIndices, predictLogits } from '../models/predict';
import { toyDataset } from '../data/toy-data';
import { runDistillation, type DistillJobEnv } from './distill-run';
import { StopSignal } from './job';
import { RateMeter } from './rates';
import { DistillationSession } from './session';
import { studentSamples, type SampleSettings } from './student-samples';
import { pairBatch, workKinds } from './job-work';

const sorted = (a: ArrayLike<number>) => Array.from(a).sort((x, y) => x - y);
const at = (percent: number, more: Partial<SampleSettings> = {}): SampleSettings => ({
  studentLabelPercent: percent,
  omitClass: 'none',
  batchSize: 32,
  ...more,
});

describe("the students' samples", () => {
  const dataset = mnistSubset(1000);
  const pool = dataset.split.train;

  it('at 10 %: a tenth of the pool keeps its labels, every class among them, the rest is the transfer set', () => {
    const { labelled, unlabelled } = studentSamples(dataset, pool, at(10), 7);
    expect(labelled.length).toBe(Math.round(pool.length / 10));
    // The pool is sorted by class: a share that was not shuffled would be all 0s.
    const perClass = new Array<number>(10).fill(0);
    for (const i of labelled) perClass[dataset.labels[i]!]! += 1;
    expect(perClass.every((n) => n > 0)).toBe(true);
    expect(Math.max(...perClass)).toBeLessThanOrEqual(0.2 * labelled.length);
    // Together they are the pool, each sample once.
    expect(sorted([...labelled, ...unlabelled])).toEqual(sorted(pool));
    expect(new Set([...labelled, ...unlabelled]).size).toBe(pool.length);
  });

  it('is seeded (by the teachers’ seed), and a smaller share is part of a larger one', () => {
    const tenth = studentSamples(dataset, pool, at(10), 7).labelled;
    expect(Array.from(studentSamples(dataset, pool, at(10), 7).labelled)).toEqual(Array.from(tenth));
    expect(sorted(studentSamples(dataset, pool, at(10), 8).labelled)).not.toEqual(sorted(tenth));
    const twentieth = studentSamples(dataset, pool, at(5), 7).labelled;
    const inTenth = new Set(tenth);
    expect(twentieth.length).toBe(Math.max(32, Math.round(pool.length / 20)));
    expect(Array.from(twentieth).every((i) => inTenth.has(i))).toBe(true);
    // At least one batch of labels.
    expect(studentSamples(dataset, pool, at(1, { batchSize: 64 }), 7).labelled.length).toBe(64);
  });

  it('at 100 %: the pool itself with its labels and the dataset’s own unlabelled rows, as before the setting', () => {
    const all = studentSamples(dataset, pool, at(100), 7);
    expect(all.labelled).toBe(pool);
    expect(all.unlabelled).toBe(dataset.unlabelled);
  });

  it('an omitted class is neither labelled nor in the transfer set; the other classes keep the same labelled images', () => {
    const kept = studentSamples(dataset, pool, at(10), 7);
    const omitting = studentSamples(dataset, pool, at(10, { omitClass: '3' }), 7);
    expect([...omitting.labelled, ...omitting.unlabelled].some((i) => dataset.labels[i] === 3)).toBe(false);
    expect(Array.from(omitting.labelled)).toEqual(Array.from(kept.labelled).filter((i) => dataset.labels[i] !== 3));
    expect(omitting.labelled.length + omitting.unlabelled.length).toBe(pool.filter((i) => dataset.labels[i] !== 3).length);
  });

  it('puts the dataset’s own unlabelled rows in the transfer set too', () => {
    const labels = Uint8Array.from({ length: 60 }, (_, i) => i % 2);
    const withRows = makeDataset('t', ['a', 'b'], new Float32Array(60), labels, { columns: ['x'] }, { unlabelled: 10 });
    const { labelled, unlabelled } = studentSamples(withRows, withRows.split.train, at(50, { batchSize: 8 }), 0);
    expect(labelled.length).toBe(Math.round(withRows.split.train.length / 2));
    expect(Array.from(unlabelled.subarray(unlabelled.length - 10))).toEqual(Array.from(withRows.unlabelled));
    expect(unlabelled.length).toBe(withRows.split.train.length - labelled.length + 10);
  });
});

describe('the loss of a batch with unlabelled rows', () => {
  beforeAll(async () => {
    await useNodeBackend('cpu');
  });

  /** Six samples of three features and three classes; rows 3–5 have no label in the run. */
  const dataset = makeDataset(
    't',
    ['a', 'b', 'c'],
    Float32Array.from({ length: 18 }, (_, i) => Math.sin(i * 1.7)),
    Uint8Array.from([0, 1, 2, 0, 1, 2]),
    { columns: ['x', 'y', 'z'] },
  );
  const teacher = new LogitsCache([Float32Array.from({ length: 18 }, (_, i) => Math.cos(i * 0.9) * 3)], 3);
  const config = { ...DEFAULT_CONFIG, temperature: 2, alpha: 0.5 };
  const hyper = { temperature: 2, alpha: 0.5 };
  const where = { step: 0, steps: 1, epoch: 1, epochs: 1 };
  afterAll(() => teacher.dispose());

  /** The pair step's readings on rows `rows` with labels `labels`, each row with a label unless `unlabelled` says not. */
  function readings(rows: number[], labels: number[], unlabelled: number[]): number[] {
    const pair = createStudentPair('4', 3, 0, dataset);
    const plan = new DistillStep(config, teacher, 'arithmetic', labelMask(dataset.count, Int32Array.from(unlabelled)));
    try {
      return tf.tidy(() => {
        const x = tf.tensor2d(
          rows.flatMap((r) => Array.from(dataset.values.subarray(r * 3, r * 3 + 3))),
          [rows.length, 3],
        );
        const parts = plan.loss(pair, x, tf.tensor1d(labels, 'int32'), tf.tensor1d(rows, 'int32'), hyper, where);
        return parts.slice(0, R.temperature).map((t) => t.dataSync()[0]!);
      });
    } finally {
      plan.dispose();
      pair.dispose();
    }
  }

  it('the hard term of an unlabelled row contributes nothing; its soft term counts; the baseline sees the labelled rows alone', () => {
    const all = [0, 1, 2, 3, 4, 5];
    const masked = readings(all, [0, 1, 2, 0, 1, 2], [3, 4, 5]);
    // Other labels on the unlabelled rows change nothing at all.
    expect(readings(all, [0, 1, 2, 2, 2, 0], [3, 4, 5])).toEqual(masked);
    // Without the mask they would count.
    expect(readings(all, [0, 1, 2, 2, 2, 0], [])[R.ce]).not.toBeCloseTo(masked[R.ce]!, 3);
    // The hard term and the baseline are those of the labelled rows alone; the soft term is not.
    const labelledOnly = readings([0, 1, 2], [0, 1, 2], []);
    expect(masked[R.ce]).toBeCloseTo(labelledOnly[R.ce]!, 6);
    expect(masked[R.baseline]).toBeCloseTo(labelledOnly[R.baseline]!, 6);
    expect(masked[R.correct]).toBe(labelledOnly[R.correct]);
    expect(masked[R.kl]).not.toBeCloseTo(labelledOnly[R.kl]!, 3);
  });

  it('keeps no tensor beyond the step', () => {
    const before = tf.memory().numTensors;
    readings([0, 3], [0, 0], [3]);
    expect(tf.memory().numTensors).toBe(before);
  });
});

describe('a distillation at 10 % student labels', () => {
  let dataset: Dataset;
  let env: () => DistillJobEnv;
  let device: DeviceDataset;

  beforeAll(async () => {
    await useNodeBackend('wasm');
    dataset = mnistSubset(600);
    const teacher = createTeacher('mlp', 24, 10, 5);
    const cache = new LogitsCache([await predictLogits(teacher, dataset, allIndices(dataset))], 10);
    device = new DeviceDataset(dataset);
    env = () => ({
      dataset,
      device,
      stop: new StopSignal(),
      meter: new RateMeter(),
      teachers: { models: [teacher], cache, mode: 'arithmetic', config: tinyConfig(), view: { weights: [1], scales: [1] } },
      hyperparams: () => ({ temperature: 4, alpha: 0.9 }),
    });
  });

  afterAll(() => device.dispose());

  it("the distilled student's batches carry the rest of the images; the baseline learns from the labelled share alone", async () => {
    const config = tinyConfig({ studentEpochs: 2, studentLabelPercent: 10, keepBestEpoch: false });
    const samples = studentSamples(dataset, dataset.split.train, config, config.seed);
    expect(samples.unlabelled.length).toBeGreaterThan(samples.labelled.length);
    const withTransfer = await runDistillation(env(), config, samples);
    const without = await runDistillation(env(), config, { labelled: samples.labelled, unlabelled: new Int32Array(0) });
    expect(withTransfer.timing.samples).toBe(2 * (samples.labelled.length + samples.unlabelled.length));
    expect(without.timing.samples).toBe(2 * samples.labelled.length);
    // Same labelled batches: the same baseline; the distilled student learnt from more.
    withTransfer.outputs.baseline.test.forEach((v, i) => expect(v).toBeCloseTo(without.outputs.baseline.test[i]!, 4));
    expect(Array.from(withTransfer.outputs.student.test)).not.toEqual(Array.from(without.outputs.student.test));
    for (const run of [withTransfer, without]) {
      run.student.dispose();
      run.baseline.dispose();
    }
  });
});

describe('a session at 10 % student labels', () => {
  let session: DistillationSession;

  beforeAll(async () => {
    await useNodeBackend('wasm');
    session = new DistillationSession(mnistSubset(600));
    await session.trainTeachers(tinyConfig());
  });

  afterAll(() => session.dispose());

  it('draws the transfer set from the teachers’ images; at 100 % it is what it was', () => {
    const full = session.transferSet(tinyConfig());
    expect(full.labelled).toBe(session.trainingIndices(tinyConfig()));
    expect(full.unlabelled).toBe(session.dataset.unlabelled);
    const tenth = session.transferSet(tinyConfig({ studentLabelPercent: 10 }));
    expect(tenth.labelled.length + tenth.unlabelled.length).toBe(full.labelled.length);
  });

  it('refuses the losses that read every label, saying why', async () => {
    for (const loss of ['dkd', 'wsld', 'confidence'] as const) {
      await expect(session.distill(tinyConfig({ loss, studentLabelPercent: 10 }))).rejects.toThrow(
        /reads the true label of every sample, and the \d+ training images beyond Student labels \(%\) at 10 have none\. .*set Student labels \(%\) to 100\./,
      );
    }
    // Logit standardisation reads no label in its soft term: it runs.
    const run = await session.distill(tinyConfig({ loss: 'ls', studentLabelPercent: 10 }));
    expect(run.failure).toBeNull();
  });
});

describe('the estimate and the countdown with a transfer set of training images', () => {
  beforeAll(async () => {
    await useNodeBackend('cpu');
  });

  it('count the images beyond the labelled share in the student pair’s work, in batches that carry them', async () => {
    const config: ExperimentConfig = {
      ...DEFAULT_CONFIG,
      ensembleSize: 1,
      teacherHidden: 8,
      teacherEpochs: 1,
      batchSize: 16,
      studentHidden: '4',
      studentEpochs: 4,
      keepBestEpoch: false,
      studentLabelPercent: 10,
    };
    const session = new DistillationSession(toyDataset({ kind: 'moons', points: 256, noise: 0.1, seed: 3, classes: 2, unlabelled: 0 }));
    await session.trainTeachers(config);
    const samples = session.transferSet(config);
    expect([samples.labelled.length, samples.unlabelled.length]).toEqual([26, 230]);
    // Every plan of work the meter is asked to time (the estimate's, and the run's countdown), as it was asked.
    const asked: Map<string, number>[] = [];
    const secondsFor = RateMeter.prototype.secondsFor;
    const spy = vi.spyOn(RateMeter.prototype, 'secondsFor').mockImplementation(function (this: RateMeter, work) {
      const list = [...work];
      asked.push(new Map(list.map(([kind, images]) => [kind.key, images])));
      return secondsFor.call(this, list);
    });
    const pairKey = workKinds.studentPairTraining(config, { features: 2, classes: 2 }, pairBatch(16, 26, 230)).key;
    // 26 labelled images make 2 batches of 16 and 10; each carries 115 of the 230 others.
    expect(pairKey).toContain(':131:');
    const pairImages = () => Math.max(...asked.map((plan) => plan.get(pairKey) ?? 0));
    try {
      await session.estimate(config);
      expect(pairImages()).toBe(4 * 256);
      asked.length = 0;
      // The countdown is worked out for each progress report.
      await session.distill(config, { progressIntervalMs: 0, onProgress: () => undefined });
      expect(pairImages()).toBe(4 * 256);
    } finally {
      spy.mockRestore();
      session.dispose();
    }
  });
});
