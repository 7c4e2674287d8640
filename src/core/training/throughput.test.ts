/**
 * The work each job does (the estimate's arithmetic), kinds keyed by what sets their cost, and the
 * countdown of a distillation whose batches carry an unlabelled transfer set.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { useNodeBackend } from '../../../scripts/lib/node-runtime';
import { DEFAULT_CONFIG, type ExperimentConfig } from '../settings/config';
import { RateMeter } from './rates';
import { DistillationSession } from './session';
import { distillJobWork, pairBatch, teacherJobWork, workKinds, type SplitSizes } from './job-work';
import { toyDataset } from '../data/toy-data';
import type { DistillProgress } from '../types';

const sizes: SplitSizes = { train: 7000, val: 1000, test: 2000, all: 10_000, unlabelled: 0 };
const mnist = { features: 784, classes: 10 };

describe('the work of a job', () => {
  it('a teacher job: per member its epochs, a validation pass per epoch, a test pass and the logits of every sample', () => {
    const config: ExperimentConfig = { ...DEFAULT_CONFIG, ensembleSize: 2, teacherEpochs: 4 };
    const work = teacherJobWork(config, sizes, mnist);
    expect(work.map(([kind, images]) => [kind.key.split(':')[0], images])).toEqual([
      ['teacher-train', 4 * 7000],
      ['teacher-infer', 4 * 1000 + 2000 + 10_000],
      ['teacher-train', 4 * 7000],
      ['teacher-infer', 4 * 1000 + 2000 + 10_000],
    ]);
  });

  it('a distillation: the pair over labelled and unlabelled samples, both students evaluated each epoch and at the end, the timing on at most the test split', () => {
    const config: ExperimentConfig = { ...DEFAULT_CONFIG, studentEpochs: 10, batchSize: 16 };
    const toy: SplitSizes = { train: 210, val: 200, test: 400, all: 2810, unlabelled: 2000 };
    const work = new Map(distillJobWork(config, { config, members: 3 }, toy, { features: 2, classes: 2 }).map(([k, n]) => [k.key, n]));
    // 210 labelled samples make 14 batches of 16; each carries 2000 / 14 ≈ 143 unlabelled ones.
    expect(pairBatch(16, 210, 2000)).toBe(16 + 143);
    const pair = workKinds.studentPairTraining(config, { features: 2, classes: 2 }, 159);
    expect(work.get(pair.key)).toBe(10 * (210 + 2000));
    const timed = 400 * 6; // the test split is smaller than the 1,000 timing images
    expect(work.get(workKinds.studentInference(config, { features: 2, classes: 2 }).key)).toBe(11 * 2 * (200 + 400) + 2 * timed);
    expect(work.get(workKinds.ensembleInference(config, 3, { features: 2, classes: 2 }).key)).toBe(timed);
    // Teachers imported as logits have no models to time.
    expect(distillJobWork(config, { config, members: 0 }, toy, { features: 2, classes: 2 })).toHaveLength(2);
  });

  it('keys every kind by the data it runs on: a rate measured on MNIST is never read for a 16-column table', () => {
    const table = { features: 16, classes: 4 };
    const meter = new RateMeter();
    for (const [kind, images] of teacherJobWork(DEFAULT_CONFIG, sizes, mnist)) meter.record(kind, images, 10);
    for (const [kind] of teacherJobWork(DEFAULT_CONFIG, sizes, table)) expect(meter.measured(kind)).toBeNull();
    // Its cost is its own too (16 inputs, not 784), for the guess from the cost per image.
    const wide = workKinds.teacherTraining(DEFAULT_CONFIG, 'mlp', mnist);
    const narrow = workKinds.teacherTraining(DEFAULT_CONFIG, 'mlp', table);
    expect(narrow.cost).toBeLessThan(wide.cost / 2);
  });

  it("prices a CNN by its layers on the dataset's images: the CNN (32-64) about 16× the small CNN on MNIST, more on larger images", () => {
    const mnistImages = { ...mnist, image: { height: 28, width: 28, channels: 1 } };
    const config = { ...DEFAULT_CONFIG, teacherArch: 'cnn-32-64' as const };
    const big = workKinds.teacherInference(config, 'cnn-32-64', mnistImages);
    // conv 28·28·32·9, conv 14·14·64·288, dense 3136·128 and 128·10 multiply-adds per image.
    expect(big.cost).toBe(28 * 28 * 32 * 9 + 14 * 14 * 64 * 288 + 3136 * 128 + 128 * 10);
    expect(big.key).toBe('teacher-infer:cnn-32-64:512:784x10');
    // The small CNN: conv 24·24·8·25, conv 10·10·16·72, dense 400·64 and 64·10; no image shape is MNIST's.
    const small = workKinds.teacherInference(config, 'cnn', mnist);
    expect(small.cost).toBe(24 * 24 * 8 * 25 + 10 * 10 * 16 * 72 + 400 * 64 + 64 * 10);
    expect(workKinds.teacherInference(config, 'cnn', mnistImages).cost).toBe(small.cost);
    expect(workKinds.teacherTraining(config, 'cnn-32-64', mnistImages).cost).toBe(3 * big.cost);
    const colour = { features: 32 * 32 * 3, classes: 10, image: { height: 32, width: 32, channels: 3 } };
    expect(workKinds.teacherInference(config, 'cnn-32-64', colour).cost).toBe(
      32 * 32 * 32 * 27 + 16 * 16 * 64 * 288 + 8 * 8 * 64 * 128 + 128 * 10,
    );
    // A mixed ensemble's members: MLP, CNN, MLP.
    const mixed = teacherJobWork({ ...DEFAULT_CONFIG, teacherArch: 'mixed', ensembleSize: 3 }, sizes, mnistImages);
    expect(mixed.filter((_, i) => i % 2 === 0).map(([kind]) => kind.key.split(':')[1])).toEqual(['mlp', 'cnn', 'mlp']);
  });
});

describe("a distillation's countdown with an unlabelled transfer set", () => {
  beforeAll(async () => {
    await useNodeBackend('cpu');
  });

  it('counts the unlabelled samples the batches carry, so epoch 1 of 4 is not nearly the whole job', async () => {
    const config: ExperimentConfig = {
      ...DEFAULT_CONFIG,
      ensembleSize: 1,
      teacherHidden: 8,
      teacherEpochs: 1,
      batchSize: 16,
      studentHidden: '4',
      studentEpochs: 4,
      keepBestEpoch: false,
    };
    const session = new DistillationSession(toyDataset({ kind: 'moons', points: 64, noise: 0.1, seed: 3, classes: 2, unlabelled: 400 }));
    await session.trainTeachers(config);
    await session.estimate(config);
    const progress: DistillProgress[] = [];
    await session.distill(config, { progressIntervalMs: 0, onProgress: (p) => progress.push(p) });
    const afterEpoch1 = progress.find((p) => p.accuracies.some((a) => a.epoch === 1))!;
    // 400 unlabelled and 64 labelled samples an epoch: without them in the plan the pair's work ran
    // out within epoch 1 (time left 0, fraction 1). With them about three epochs of work remain; the
    // bound leaves room for a busy machine, since the fraction follows the wall clock.
    expect(afterEpoch1.secondsLeft).toBeGreaterThan(0);
    expect(afterEpoch1.fraction).toBeLessThan(0.9);
    session.dispose();
  });
});
