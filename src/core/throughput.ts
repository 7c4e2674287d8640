/**
 * How long a job will take on this backend: the work each job does (images per kind of work),
 * the kinds' speeds from the RateMeter, and a probe that times a few real steps when a kind has
 * not been measured yet, so the page can state the expected time before the click.
 */
import * as tf from '@tensorflow/tfjs';
import type { ExperimentConfig, TeacherArch } from './config';
import { gatherLabels, PIXELS, seededRandom, shuffled, type Dataset } from './data';
import { TIMING_RUNS, TIMING_SAMPLES } from './evaluation';
import type { RateMeter, WorkKind } from './job';
import { crossEntropy, distillationLoss } from './losses';
import { createStudent, createTeacher, memberArch } from './models';
import { imagesTensor, predictLogits } from './predict';
import { createOptimizer, GuardedTrainer } from './training';

/** Multiply-adds per image of the CNN teacher (two conv layers dominate; see createCnnTeacher). */
const CNN_MACS = 24 * 24 * 8 * 25 + 10 * 10 * 16 * 72 + 400 * 64 + 64 * 10;

function teacherMacs(arch: 'mlp' | 'cnn', hidden: number, classes: number): number {
  return arch === 'cnn' ? CNN_MACS : PIXELS * hidden + hidden * hidden + hidden * classes;
}

function studentMacs(hidden: number, classes: number): number {
  return PIXELS * hidden + hidden * classes;
}

/** A training step costs about three forward passes (forward, two backward products). */
const TRAIN_COST = 3;

/** The kinds of work of a config; keys name everything that changes the speed per image. */
export const workKinds = {
  teacherTraining(config: ExperimentConfig, arch: 'mlp' | 'cnn', classes: number): WorkKind {
    return {
      key: `teacher-train:${arch}:${config.teacherHidden}:${config.batchSize}:${config.optimizer}`,
      cost: TRAIN_COST * teacherMacs(arch, config.teacherHidden, classes),
    };
  },
  teacherInference(config: ExperimentConfig, arch: 'mlp' | 'cnn', classes: number): WorkKind {
    return { key: `teacher-infer:${arch}:${config.teacherHidden}`, cost: teacherMacs(arch, config.teacherHidden, classes) };
  },
  ensembleInference(config: ExperimentConfig, members: number, classes: number): WorkKind {
    const archs = Array.from({ length: members }, (_, m) => memberArch(config.teacherArch, m));
    const cost = archs.reduce((sum, arch) => sum + teacherMacs(arch, config.teacherHidden, classes), 0);
    return { key: `ensemble-infer:${archs.join('+')}:${config.teacherHidden}`, cost };
  },
  /** One distillation step: the distilled student and the baseline, on the same batch. */
  studentPairTraining(config: ExperimentConfig, classes: number): WorkKind {
    return {
      key: `student-pair:${config.studentHidden}:${config.batchSize}:${config.optimizer}`,
      cost: 2 * TRAIN_COST * studentMacs(config.studentHidden, classes),
    };
  },
  studentInference(config: ExperimentConfig, classes: number): WorkKind {
    return { key: `student-infer:${config.studentHidden}`, cost: studentMacs(config.studentHidden, classes) };
  },
};

export interface SplitSizes {
  /** Images a run trains on (after "Training images (%)"). */
  train: number;
  val: number;
  test: number;
  /** Every image of the dataset (the teachers' logits are cached for all). */
  all: number;
}

/** A teacher job: per member, its epochs, a validation pass per epoch, a test pass, and its logits for every image. */
export function teacherJobWork(config: ExperimentConfig, sizes: SplitSizes, classes: number, fromMember = 0): [WorkKind, number][] {
  const work: [WorkKind, number][] = [];
  for (let m = fromMember; m < config.ensembleSize; m++) {
    const arch = memberArch(config.teacherArch, m);
    work.push([workKinds.teacherTraining(config, arch, classes), config.teacherEpochs * sizes.train]);
    work.push([workKinds.teacherInference(config, arch, classes), config.teacherEpochs * sizes.val + sizes.test + sizes.all]);
  }
  return work;
}

/**
 * A distillation job: the student pair's epochs, both students on validation and test after each
 * epoch and at the end, and the inference timing of the ensemble and of both students.
 */
export function distillJobWork(
  config: ExperimentConfig,
  teacherConfig: ExperimentConfig,
  members: number,
  sizes: SplitSizes,
  classes: number,
): [WorkKind, number][] {
  const timed = TIMING_SAMPLES * (TIMING_RUNS + 1);
  const evaluations = config.studentEpochs + 1;
  return [
    [workKinds.studentPairTraining(config, classes), config.studentEpochs * sizes.train],
    [workKinds.studentInference(config, classes), evaluations * 2 * (sizes.val + sizes.test) + 2 * timed],
    [workKinds.ensembleInference(teacherConfig, members, classes), timed],
  ];
}

const PROBE_STEPS = 3;
const PROBE_IMAGES = 500;

/**
 * Times a few real steps of every kind the config needs that the meter has not measured yet: one
 * warm-up step, then PROBE_STEPS timed ones (the same step code the jobs run). Returns the kinds it measured.
 */
export async function probeThroughput(dataset: Dataset, config: ExperimentConfig, meter: RateMeter): Promise<string[]> {
  const classes = dataset.classNames.length;
  const random = seededRandom(config.seed + 17);
  const order = shuffled(dataset.split.train, random);
  const batch = (k: number) =>
    order.subarray(
      (k * config.batchSize) % (order.length - config.batchSize),
      ((k * config.batchSize) % (order.length - config.batchSize)) + config.batchSize,
    );
  const inferIndices = dataset.split.val.subarray(0, PROBE_IMAGES);
  const probed: string[] = [];

  /** Runs `step` once untimed, then PROBE_STEPS times, reading the readings back as the jobs do. */
  const timeSteps = async (trainers: GuardedTrainer[], step: (x: tf.Tensor2D, y: tf.Tensor1D) => void): Promise<number> => {
    const run = async (k: number) => {
      const indices = batch(k);
      const x = imagesTensor(dataset, indices);
      const y = tf.tensor1d(gatherLabels(dataset, indices), 'int32');
      try {
        step(x, y);
      } finally {
        x.dispose();
        y.dispose();
      }
    };
    await run(0);
    for (const t of trainers) await t.check();
    const start = performance.now();
    for (let k = 1; k <= PROBE_STEPS; k++) await run(k);
    for (const t of trainers) await t.check();
    return (performance.now() - start) / 1000;
  };
  const timeInference = async (model: tf.LayersModel): Promise<number> => {
    await predictLogits(model, dataset, inferIndices.subarray(0, 32));
    const start = performance.now();
    await predictLogits(model, dataset, inferIndices);
    return (performance.now() - start) / 1000;
  };

  const archs = new Set(Array.from({ length: config.ensembleSize }, (_, m) => memberArch(config.teacherArch, m)));
  for (const arch of archs) {
    const train = workKinds.teacherTraining(config, arch, classes);
    const infer = workKinds.teacherInference(config, arch, classes);
    if (meter.measured(train) !== null && meter.measured(infer) !== null) continue;
    const model = createTeacher(arch as TeacherArch, config.teacherHidden, classes, config.seed);
    const trainer = new GuardedTrainer(model, createOptimizer(config.optimizer, config.learningRate), 'probe');
    try {
      const seconds = await timeSteps([trainer], (x, y) =>
        trainer.step(() => [crossEntropy(model.apply(x, { training: true }) as tf.Tensor2D, y)]),
      );
      meter.record(train, PROBE_STEPS * config.batchSize, seconds);
      meter.record(infer, inferIndices.length, await timeInference(model));
      probed.push(train.key, infer.key);
    } finally {
      trainer.dispose();
      model.dispose();
    }
  }

  const pair = workKinds.studentPairTraining(config, classes);
  const studentInfer = workKinds.studentInference(config, classes);
  if (meter.measured(pair) === null || meter.measured(studentInfer) === null) {
    const student = createStudent(config.studentHidden, classes, config.seed, 'probe_student');
    const baseline = createStudent(config.studentHidden, classes, config.seed, 'probe_baseline');
    const trainers = [student, baseline].map((m) => new GuardedTrainer(m, createOptimizer(config.optimizer, config.learningRate), 'probe'));
    // Stand-in soft targets: the speed of a step does not depend on their values.
    const targets = tf.tidy(() => tf.logSoftmax(tf.randomNormal([config.batchSize, classes], 0, 1, 'float32', 1)) as tf.Tensor2D);
    try {
      const seconds = await timeSteps(trainers, (x, y) => {
        trainers[0]!.step(() => {
          const t = targets.slice([0, 0], [x.shape[0], classes]) as tf.Tensor2D;
          return [distillationLoss(student.apply(x, { training: true }) as tf.Tensor2D, t, y, config.temperature, config.alpha).total];
        });
        trainers[1]!.step(() => [crossEntropy(baseline.apply(x, { training: true }) as tf.Tensor2D, y)]);
      });
      meter.record(pair, PROBE_STEPS * config.batchSize, seconds);
      meter.record(studentInfer, inferIndices.length, await timeInference(student));
      probed.push(pair.key, studentInfer.key);
    } finally {
      targets.dispose();
      trainers.forEach((t) => t.dispose());
      student.dispose();
      baseline.dispose();
    }
  }
  return probed;
}
