/**
 * What one training step of the studio costs (kernels dispatched, read-backs from the backend) and
 * whether a long distillation keeps tf.memory() flat: the benchmark's step and memory figures.
 */
import * as tf from '@tensorflow/tfjs';
import type { ExperimentConfig } from '../core/settings/config';
import { createTeacher, trainableVariables } from '../core/models/models';
import type { DistillationSession } from '../core/training/session';
import { DistillStep } from '../core/losses/distill-step';
import { teacherLoss } from '../core/losses/steps';
import { createStudentPair } from '../core/models/student-pair';
import { loopsRunning } from '../core/training/job';
import { createOptimizer } from '../core/training/training';
import type { BenchmarkReport } from './benchmark';

/** Work per training step of the studio's own step code, from tf.profile and a read-back counter. */
export interface StepCost {
  /** Kernels dispatched by one step. */
  kernels: number;
  /** Read-backs from the backend per step, counted over a whole job's loops. */
  readbacksPerStep: number;
}

export interface MemoryCheck {
  epochs: number;
  /** tf.memory() at the end of epoch 2 and of the last epoch of a distillation. */
  atEpoch2: { numTensors: number; numBytes: number };
  atLastEpoch: { numTensors: number; numBytes: number };
  flat: boolean;
}

/** Counts the backend's read-backs made inside the jobs' training loops while `run` runs (not their evaluation). */
async function countReadbacks<T>(run: () => Promise<T>): Promise<{ result: T; readbacks: number }> {
  const backend = tf.backend() as unknown as Record<'read' | 'readSync', (...args: unknown[]) => unknown>;
  const original = { read: backend.read, readSync: backend.readSync };
  let readbacks = 0;
  backend.read = function (...args: unknown[]) {
    if (loopsRunning.count > 0) readbacks++;
    return original.read.apply(this, args);
  };
  backend.readSync = function (...args: unknown[]) {
    if (loopsRunning.count > 0) readbacks++;
    return original.readSync.apply(this, args);
  };
  try {
    return { result: await run(), readbacks };
  } finally {
    backend.read = original.read;
    backend.readSync = original.readSync;
  }
}

/** Kernels of one step of `lossParts` with `variables`, as the studio's trainer runs it (variableGrads + applyGradients). */
async function kernelsPerStep(variables: tf.Variable[], config: ExperimentConfig, lossParts: () => tf.Tensor[]): Promise<number> {
  const optimizer = createOptimizer(config.optimizer, config.learningRate);
  const step = () =>
    tf.tidy(() => {
      const { value, grads } = tf.variableGrads(() => lossParts()[0] as tf.Scalar, variables);
      optimizer.applyGradients(grads);
      return value;
    });
  step().dispose(); // the optimizer's state is created at the first step
  const profile = await tf.profile(() => step());
  optimizer.dispose();
  return profile.kernels.length;
}

export async function stepCosts(session: DistillationSession, config: ExperimentConfig): Promise<BenchmarkReport['steps']> {
  const { device } = session;
  const classes = device.dataset.classNames.length;
  const indices = session.trainingIndices(config).subarray(0, config.batchSize);
  const teacher = createTeacher(config.teacherArch, config.teacherHidden, classes, config.seed);
  const pair = createStudentPair(config.studentHidden, classes, config.seed, session.dataset);
  const hyper = { temperature: config.temperature, alpha: config.alpha };
  const at = tf.tensor1d(indices, 'int32');
  const x = device.imagesOf(at);
  const y = device.labelsOf(at);
  const teacherKernels = await kernelsPerStep(trainableVariables(teacher), config, () => teacherLoss(teacher, x, y));
  const plan = new DistillStep(config, session.teacherCache, config.ensembleMode);
  const pairKernels = await kernelsPerStep(pair.variables, config, () =>
    plan.loss(pair, x, y, at, hyper, { step: 0, steps: 1, epoch: 1, epochs: 1 }),
  );
  plan.dispose();
  tf.dispose([at, x, y]);
  teacher.dispose();
  pair.dispose();
  const steps = (epochs: number) => epochs * Math.ceil(session.trainingIndices(config).length / config.batchSize);
  const teachers = await countReadbacks(() => session.trainTeachers({ ...config, ensembleSize: 1, teacherEpochs: 1 }));
  const distilled = await countReadbacks(() => session.distill({ ...config, studentEpochs: 1 }));
  return {
    teacher: { kernels: teacherKernels, readbacksPerStep: teachers.readbacks / steps(1) },
    distillation: { kernels: pairKernels, readbacksPerStep: distilled.readbacks / steps(1) },
  };
}

/** A 20-epoch distillation on a few images: tf.memory() at the end of epoch 2 and of epoch 20 must be the same. */
export async function memoryCheck(session: DistillationSession, config: ExperimentConfig): Promise<MemoryCheck> {
  const epochs = 20;
  const at: Record<number, { numTensors: number; numBytes: number }> = {};
  await session.distill(
    { ...config, studentEpochs: epochs, trainPercent: Math.min(config.trainPercent, 5) },
    {
      progressIntervalMs: 0,
      onProgress: (p) => {
        for (const point of p.accuracies) {
          const { numTensors, numBytes } = tf.memory();
          at[point.epoch] = { numTensors, numBytes };
        }
      },
    },
  );
  const atEpoch2 = at[2]!;
  const atLastEpoch = at[epochs]!;
  return {
    epochs,
    atEpoch2,
    atLastEpoch,
    flat: atEpoch2.numTensors === atLastEpoch.numTensors && atEpoch2.numBytes === atLastEpoch.numBytes,
  };
}
