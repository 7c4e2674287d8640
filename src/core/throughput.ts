/**
 * How long a job will take on this backend: the work each job does (images per kind of work),
 * the kinds' speeds from the RateMeter, and a probe that times a few real steps when a kind has
 * not been measured yet, so the page can state the expected time before the click.
 */
import * as tf from '@tensorflow/tfjs';
import { isCnnLayout, layoutWidths, type ExperimentConfig, type TeacherArch } from './config';
import { PIXELS, seededRandom, shuffled } from './data';
import type { DeviceDataset } from './device-data';
import { TIMING_RUNS, TIMING_SAMPLES } from './evaluation';
import type { RateMeter, WorkKind } from './job';
import { createStudent, createTeacher, memberArch } from './models';
import { predictLogits } from './predict';
import { createStudentPair } from './student-pair';
import { DistillStep } from './distill-step';
import { LogitsCache } from './ensemble';
import { teacherLoss } from './steps';
import { createOptimizer, GuardedTrainer } from './training';

/**
 * Multiply-adds per image, for MNIST's 28×28 inputs: a rough cost that orders kinds of work. The
 * estimates themselves come from speeds measured on the loaded dataset (probes or earlier jobs).
 */
/** Multiply-adds per image of the CNN teacher (two conv layers dominate; see createCnnTeacher). */
const CNN_MACS = 24 * 24 * 8 * 25 + 10 * 10 * 16 * 72 + 400 * 64 + 64 * 10;

function teacherMacs(arch: 'mlp' | 'cnn', hidden: number, classes: number): number {
  return arch === 'cnn' ? CNN_MACS : PIXELS * hidden + hidden * hidden + hidden * classes;
}

/** Multiply-adds per image of the CNN student (see createCnnStudent). */
const CNN_STUDENT_MACS = 24 * 24 * 8 * 25;

function studentMacs(layout: string, classes: number): number {
  if (isCnnLayout(layout)) return CNN_STUDENT_MACS + 12 * 12 * 8 * classes;
  const dims = [PIXELS, ...layoutWidths(layout), classes];
  return dims.slice(1).reduce((sum, width, i) => sum + dims[i]! * width, 0);
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
      key: `student-pair:${config.studentHidden}:${config.batchSize}:${config.optimizer}:${config.loss}:${config.temperatureSchedule}`,
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
 * warm-up step, then PROBE_STEPS timed ones, with the jobs' own step code. Returns the kinds it measured.
 */
export async function probeThroughput(device: DeviceDataset, config: ExperimentConfig, meter: RateMeter): Promise<string[]> {
  const { dataset } = device;
  const classes = dataset.classNames.length;
  const order = shuffled(dataset.split.train, seededRandom(config.seed + 17));
  const batch = (k: number) => {
    const start = (k * config.batchSize) % (order.length - config.batchSize);
    return order.subarray(start, start + config.batchSize);
  };
  const inferIndices = dataset.split.val.subarray(0, PROBE_IMAGES);
  const probed: string[] = [];

  /** Runs one step untimed, then PROBE_STEPS timed ones, reading the readings back as the jobs do. */
  const timeSteps = async (
    trainer: GuardedTrainer,
    lossParts: (x: tf.Tensor2D, y: tf.Tensor1D, at: tf.Tensor1D) => tf.Tensor[],
  ): Promise<number> => {
    const run = (k: number) => device.withBatch(batch(k), (x, y, at) => trainer.step(() => lossParts(x, y, at)));
    run(0);
    await trainer.check();
    const start = performance.now();
    for (let k = 1; k <= PROBE_STEPS; k++) run(k);
    await trainer.check();
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
    const model = createTeacher(arch as TeacherArch, config.teacherHidden, classes, config.seed, 0, dataset);
    const trainer = GuardedTrainer.forModel(model, createOptimizer(config.optimizer, config.learningRate), 'probe');
    try {
      meter.record(train, PROBE_STEPS * config.batchSize, await timeSteps(trainer, (x, y) => teacherLoss(model, x, y)));
      meter.record(infer, inferIndices.length, await timeInference(model));
      probed.push(train.key, infer.key);
    } finally {
      trainer.dispose();
      model.dispose();
    }
  }

  const pairKind = workKinds.studentPairTraining(config, classes);
  const studentInfer = workKinds.studentInference(config, classes);
  if (meter.measured(pairKind) === null || meter.measured(studentInfer) === null) {
    const pair = createStudentPair(config.studentHidden, classes, config.seed, dataset);
    const student = createStudent(config.studentHidden, classes, config.seed, 'probe_student', dataset);
    // Stand-in teachers: the speed of a step does not depend on their logits' values.
    const members = tf.tidy(() => tf.randomNormal([1, dataset.count, classes], 0, 1, 'float32', 1)) as tf.Tensor3D;
    const stand = new LogitsCache([members.dataSync() as Float32Array], classes);
    members.dispose();
    const plan = new DistillStep(config, stand, config.ensembleMode);
    const trainer = new GuardedTrainer({
      variables: [...pair.variables, ...plan.variables],
      optimizer: createOptimizer(config.optimizer, config.learningRate),
      what: 'probe',
    });
    const hyper = { temperature: config.temperature, alpha: config.alpha };
    const where = { step: 0, steps: PROBE_STEPS + 1, epoch: 1, epochs: config.studentEpochs };
    try {
      const seconds = await timeSteps(trainer, (x, y, at) => plan.loss(pair, x, y, at, hyper, where));
      meter.record(pairKind, PROBE_STEPS * config.batchSize, seconds);
      meter.record(studentInfer, inferIndices.length, await timeInference(student));
      probed.push(pairKind.key, studentInfer.key);
    } finally {
      stand.dispose();
      plan.dispose();
      trainer.dispose();
      pair.dispose();
      student.dispose();
    }
  }
  return probed;
}
