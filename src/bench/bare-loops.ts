/**
 * The benchmark's bare sides (benchmark.ts): the fastest loop we can write on this backend with the
 * studio's own step code ("tuned bare"), and the textbook loop on stock tfjs ("stock bare"), for
 * teacher training and distillation. Each returns the seconds it took.
 */
import * as tf from '@tensorflow/tfjs';
import type { ExperimentConfig } from '../core/settings/config';
import { batches, seededRandom, shuffled, type Dataset } from '../core/data/data';
import type { DeviceDataset } from '../core/data/device-data';
import type { LogitsCache } from '../core/ensemble/ensemble';
import { crossEntropy, distillationLoss, ensembleLogTargets } from '../core/losses/losses';
import { createStudent, createTeacher, trainableVariables } from '../core/models/models';
import { withBatch } from '../core/models/predict';
import { DistillStep } from '../core/losses/distill-step';
import { teacherLoss } from '../core/losses/steps';
import { createStudentPair } from '../core/models/student-pair';
import { memberSeed } from '../core/training/teacher-training';
import { createOptimizer, READ_EVERY } from '../core/training/training';

const now = () => performance.now();

/** The bare loop: each batch's step in a tidy, readings read back every READ_EVERY batches, nothing else. */
async function bareLoop(
  order: () => Int32Array,
  batchSize: number,
  epochs: number,
  step: (indices: Int32Array) => tf.Tensor,
): Promise<void> {
  let pending: tf.Tensor[] = [];
  const read = async () => {
    if (pending.length === 0) return;
    const all = tf.stack(pending);
    await all.data();
    all.dispose();
    tf.dispose(pending);
    pending = [];
  };
  for (let e = 0; e < epochs; e++) {
    let b = 0;
    for (const indices of batches(order(), batchSize)) {
      pending.push(step(indices));
      if (++b % READ_EVERY === 0) await read();
    }
    await read();
  }
}

/** Teacher training without the studio: every member, its own architecture, seed and batch order; seconds. */
export async function bareTeachers(data: Dataset | DeviceDataset, config: ExperimentConfig, train: Int32Array): Promise<number> {
  const dataset = 'dataset' in data ? data.dataset : data;
  const classes = dataset.classNames.length;
  const start = now();
  for (let m = 0; m < config.ensembleSize; m++) {
    const seed = memberSeed(config.seed, m);
    const model = createTeacher(config.teacherArch, config.teacherHidden, classes, seed, m, dataset);
    const optimizer = createOptimizer(config.optimizer, config.learningRate);
    const variables = trainableVariables(model);
    const random = seededRandom(seed);
    await bareLoop(
      () => shuffled(train, random),
      config.batchSize,
      config.teacherEpochs,
      (indices) => {
        let loss: tf.Scalar | null = null;
        const step = (x: tf.Tensor2D, y: tf.Tensor1D) => {
          loss = optimizer.minimize(() => teacherLoss(model, x, y)[0]!, true, variables);
        };
        if ('dataset' in data) data.withBatch(indices, step);
        else withBatch(dataset, indices, step);
        return loss!;
      },
    );
    optimizer.dispose();
    model.dispose();
  }
  return (now() - start) / 1000;
}

/** The tuned bare distillation: the studio's pair step on batches and soft targets gathered on the backend; seconds. */
export async function tunedBareDistillation(
  device: DeviceDataset,
  config: ExperimentConfig,
  train: Int32Array,
  cache: LogitsCache,
  teacherConfig: ExperimentConfig,
): Promise<number> {
  const classes = device.dataset.classNames.length;
  const pair = createStudentPair(config.studentHidden, classes, config.seed, device.dataset);
  const optimizer = createOptimizer(config.optimizer, config.learningRate);
  const random = seededRandom(config.seed);
  const hyper = { temperature: config.temperature, alpha: config.alpha };
  const plan = new DistillStep(config, cache, teacherConfig.ensembleMode);
  const where = { step: 0, steps: 1, epoch: 1, epochs: 1 }; // a constant T: the position changes nothing
  const start = now();
  await bareLoop(
    () => shuffled(train, random),
    config.batchSize,
    config.studentEpochs,
    (indices) => {
      let loss: tf.Scalar | null = null;
      device.withBatch(indices, (x, y, at) => {
        loss = optimizer.minimize(() => plan.loss(pair, x, y, at, hyper, where)[0] as tf.Scalar, true, pair.variables);
      });
      return loss!;
    },
  );
  const seconds = (now() - start) / 1000;
  optimizer.dispose();
  pair.dispose();
  plan.dispose();
  return seconds;
}

/** The textbook distillation: two models, two optimizers, batches and soft targets built in JavaScript; seconds. */
export async function stockBareDistillation(
  dataset: Dataset,
  config: ExperimentConfig,
  train: Int32Array,
  cache: LogitsCache,
  teacherConfig: ExperimentConfig,
): Promise<number> {
  const classes = dataset.classNames.length;
  const student = createStudent(config.studentHidden, classes, config.seed, 'bare_student', dataset);
  const baseline = createStudent(config.studentHidden, classes, config.seed, 'bare_baseline', dataset);
  const optimizers = [
    createOptimizer(config.optimizer, config.learningRate),
    createOptimizer(config.optimizer, config.learningRate),
  ] as const;
  const variables = [trainableVariables(student), trainableVariables(baseline)] as const;
  const random = seededRandom(config.seed);
  const start = now();
  await bareLoop(
    () => shuffled(train, random),
    config.batchSize,
    config.studentEpochs,
    (indices) => {
      let readings: tf.Tensor | null = null;
      withBatch(dataset, indices, (x, y) => {
        readings = tf.tidy(() => {
          const targets = ensembleLogTargets(cache.batchTensor(indices), config.temperature, teacherConfig.ensembleMode);
          const s = optimizers[0].minimize(
            () => distillationLoss(student.apply(x, { training: true }) as tf.Tensor2D, targets, y, config.temperature, config.alpha).total,
            true,
            variables[0],
          );
          const b = optimizers[1].minimize(() => crossEntropy(baseline.apply(x, { training: true }) as tf.Tensor2D, y), true, variables[1]);
          return tf.stack([s!, b!]);
        });
      });
      return readings!;
    },
  );
  const seconds = (now() - start) / 1000;
  optimizers.forEach((o) => o.dispose());
  student.dispose();
  baseline.dispose();
  return seconds;
}
