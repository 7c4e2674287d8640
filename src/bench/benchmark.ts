/**
 * `npm run bench`: the studio against bare tfjs on identical work with identical statistics.
 * Runs wherever the engine runs (the worker, or Node). Three sides, each timed the same way:
 *
 * - studio: the session's jobs as the UI runs them; its batch loops (guards, progress, yielding)
 *   and its whole jobs (validation, testing, logit caching, evaluation, saving);
 * - tuned bare: the fastest bare loop we can write on this backend, the same step code as the
 *   studio (steps.ts: the wasm matmul fix, batches gathered on the backend, the student pair) and
 *   nothing else; studio loops / tuned bare is the studio's own overhead;
 * - stock bare: the textbook loop on stock tfjs (tfjs's own wasm BatchMatMul, batches built in
 *   JavaScript, the student and baseline as separate models, predict's default batch size).
 *
 * The same models, seeds, batches, losses and read-back cadence (every READ_EVERY batches) on
 * every side. One warm-up run of each side, then `repeats` runs each in rotating order; each
 * figure is the median of its runs.
 */
import * as tf from '@tensorflow/tfjs';
import type { ExperimentConfig } from '../core/settings/config';
import { batches, seededRandom, shuffled, type Dataset } from '../core/data/data';
import type { DeviceDataset } from '../core/data/device-data';
import type { LogitsCache } from '../core/ensemble/ensemble';
import { medianSeconds, TIMING_SAMPLES } from '../core/evaluation/evaluation';
import { crossEntropy, distillationLoss, ensembleLogTargets } from '../core/losses/losses';
import { createStudent, createTeacher, trainableVariables } from '../core/models/models';
import { imagesTensor, predictLogits, withBatch } from '../core/models/predict';
import type { DistillationSession } from '../core/training/session';
import { DistillStep } from '../core/losses/distill-step';
import { teacherLoss } from '../core/losses/steps';
import { createStudentPair } from '../core/models/student-pair';
import { memberSeed } from '../core/training/teacher-training';
import { loopsRunning } from '../core/training/job';
import { createOptimizer, READ_EVERY } from '../core/training/training';
import { fastWasmMatMulActive, useFastWasmMatMul } from '../core/models/wasm-matmul';

/** One figure in images per second on each side (medians), and the ratios that matter. */
export interface Figure {
  studio: number;
  tunedBare: number;
  stockBare: number;
  /** studio / stock bare tfjs: what the studio's engineering buys. */
  vsStock: number;
  /** studio / tuned bare: 1 means no overhead of the studio's own. */
  vsTuned: number;
  runs: { studio: number[]; tunedBare: number[]; stockBare: number[] };
}

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

export interface BenchmarkReport {
  backend: string;
  config: ExperimentConfig;
  repeats: number;
  /** Whether the wasm BatchMatMul fix was available (wasm only). */
  wasmMatMulFix: boolean;
  teacherTraining: Figure;
  teacherWholeJob: Figure;
  /** Images per second through the distilled student (the baseline trains on the same batches on every side). */
  distillation: Figure;
  distillationWholeJob: Figure;
  /** 1,000 test images through every member: the studio's predictLogits against stock model.predict (tuned = studio). */
  ensembleInference: Figure;
  studentInference: Figure;
  steps: { teacher: StepCost; distillation: StepCost };
  memory: MemoryCheck;
}

const now = () => performance.now();

export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

function figure(runs: Figure['runs']): Figure {
  const studio = median(runs.studio);
  const tunedBare = median(runs.tunedBare);
  const stockBare = median(runs.stockBare);
  return { studio, tunedBare, stockBare, vsStock: studio / stockBare, vsTuned: studio / tunedBare, runs };
}

type Side = 'studio' | 'tunedBare' | 'stockBare';

/** One warm-up run of each side, then `repeats` rounds, each starting with a different side. */
async function rotate<S, B>(
  repeats: number,
  sides: { studio: () => Promise<S>; tunedBare: () => Promise<B>; stockBare: () => Promise<B> },
): Promise<{ studio: S[]; tunedBare: B[]; stockBare: B[] }> {
  const order: Side[] = ['studio', 'tunedBare', 'stockBare'];
  const out = { studio: [] as S[], tunedBare: [] as B[], stockBare: [] as B[] };
  const run = async (side: Side, keep: boolean) => {
    if (side === 'studio') {
      const result = await sides.studio();
      if (keep) out.studio.push(result);
    } else {
      const result = await sides[side]();
      if (keep) out[side].push(result);
    }
  };
  for (const side of order) await run(side, false);
  for (let r = 0; r < repeats; r++) {
    for (let k = 0; k < order.length; k++) await run(order[(r + k) % order.length]!, true);
  }
  return out;
}

/** Runs `run` with tfjs's stock wasm BatchMatMul, then puts the fix back. */
async function withStockMatMul<T>(run: () => Promise<T>): Promise<T> {
  const fixed = fastWasmMatMulActive();
  useFastWasmMatMul(false);
  try {
    return await run();
  } finally {
    if (fixed) useFastWasmMatMul(true);
  }
}

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
async function bareTeachers(data: Dataset | DeviceDataset, config: ExperimentConfig, train: Int32Array): Promise<number> {
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
async function tunedBareDistillation(
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
async function stockBareDistillation(
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

/** Inference over the same 1,000 test images: the studio's predictLogits (also the tuned side) against stock predict. */
async function inferenceFigure(dataset: Dataset, models: tf.LayersModel[], repeats: number): Promise<Figure> {
  const indices = dataset.split.test.subarray(0, TIMING_SAMPLES);
  const studio = async () => {
    for (const model of models) await predictLogits(model, dataset, indices);
  };
  const stock = async () => {
    const x = imagesTensor(dataset, indices);
    for (const model of models) {
      const logits = model.predict(x) as tf.Tensor;
      await logits.data();
      logits.dispose();
    }
    x.dispose();
  };
  const rate = async (run: () => Promise<void>) => indices.length / (await medianSeconds(run));
  const runs = await rotate(repeats, {
    studio: () => rate(studio),
    tunedBare: () => rate(studio),
    stockBare: () => withStockMatMul(() => rate(stock)),
  });
  return figure(runs);
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

async function stepCosts(session: DistillationSession, config: ExperimentConfig): Promise<BenchmarkReport['steps']> {
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
async function memoryCheck(session: DistillationSession, config: ExperimentConfig): Promise<MemoryCheck> {
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

/** Runs every figure on `config` (keep it small: each side trains (1 + repeats) times). */
export async function runBenchmark(session: DistillationSession, asked: ExperimentConfig, repeats = 3): Promise<BenchmarkReport> {
  // The stock loop is vanilla KD at a constant T: every side distils that way, so all do the same work.
  const config: ExperimentConfig = { ...asked, loss: 'kd', temperatureSchedule: 'constant' };
  const { dataset, device } = session;
  const train = session.trainingIndices(config);
  const wasmMatMulFix = fastWasmMatMulActive();

  const teacherImages = config.ensembleSize * config.teacherEpochs * train.length;
  const teachers = await rotate(repeats, {
    studio: async () => (await session.trainTeachers(config)).timing,
    tunedBare: () => bareTeachers(device, config, train),
    stockBare: () => withStockMatMul(() => bareTeachers(dataset, config, train)),
  });
  const studentImages = config.studentEpochs * train.length;
  const cache = session.teacherCache;
  const distilled = await rotate(repeats, {
    studio: async () => (await session.distill(config)).timing,
    tunedBare: () => tunedBareDistillation(device, config, train, cache, config),
    stockBare: () => withStockMatMul(() => stockBareDistillation(dataset, config, train, cache, config)),
  });
  const rates = (timings: { samples: number; loopSeconds: number; totalSeconds: number }[], whole: boolean) =>
    timings.map((t) => t.samples / (whole ? t.totalSeconds : t.loopSeconds));
  const perSecond = (images: number) => (seconds: number[]) => seconds.map((s) => images / s);
  const teacherBare = { tunedBare: perSecond(teacherImages)(teachers.tunedBare), stockBare: perSecond(teacherImages)(teachers.stockBare) };
  const distillBare = {
    tunedBare: perSecond(studentImages)(distilled.tunedBare),
    stockBare: perSecond(studentImages)(distilled.stockBare),
  };

  return {
    backend: tf.getBackend(),
    config,
    repeats,
    wasmMatMulFix,
    teacherTraining: figure({ studio: rates(teachers.studio, false), ...teacherBare }),
    teacherWholeJob: figure({ studio: rates(teachers.studio, true), ...teacherBare }),
    distillation: figure({ studio: rates(distilled.studio, false), ...distillBare }),
    distillationWholeJob: figure({ studio: rates(distilled.studio, true), ...distillBare }),
    ensembleInference: await inferenceFigure(dataset, session.teacherModels, repeats),
    studentInference: await inferenceFigure(dataset, [session.lastStudent!], repeats),
    steps: await stepCosts(session, config),
    memory: await memoryCheck(session, config),
  };
}
