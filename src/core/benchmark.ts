/**
 * `npm run bench`: the studio against bare tfjs on identical work with identical statistics, so
 * that studio / bare is the studio's own overhead and nothing else. Runs wherever the engine runs
 * (the worker, or Node).
 *
 * Identical work: the same models (every member with its own architecture), seeds, batches and
 * loss functions; soft targets from the same cached teacher logits; losses read back every
 * READ_EVERY batches on both sides. Identical statistics: one warm-up run of each side first
 * (shaders compiled, kernels packed), then `repeats` runs of each in alternating order (studio
 * first, then bare first, …), and the median of each side's runs.
 */
import * as tf from '@tensorflow/tfjs';
import type { ExperimentConfig } from './config';
import { batches, seededRandom, shuffled, type Dataset } from './data';
import { crossEntropy, distillationLoss, ensembleLogTargets } from './losses';
import { createStudent, createTeacher, trainableVariables } from './models';
import { imagesTensor, predictLogits, withBatch } from './predict';
import type { DistillationSession } from './session';
import { memberSeed } from './teacher-training';
import { TIMING_RUNS, TIMING_SAMPLES } from './evaluation';
import { createOptimizer, READ_EVERY } from './training';
import type { LogitsCache } from './ensemble';

/** One figure: images per second through the studio and through bare tfjs, each the median of its runs. */
export interface FigurePair {
  studio: number;
  bare: number;
  /** studio / bare: 1 means no overhead; above 1, the studio is faster. */
  ratio: number;
  studioRuns: number[];
  bareRuns: number[];
}

export interface BenchmarkReport {
  backend: string;
  config: ExperimentConfig;
  /** Timed runs per side (after one warm-up run each). */
  repeats: number;
  /** Training images per second inside the studio's batch loops, against the bare loop. */
  teacherTraining: FigurePair;
  /** The studio's whole teacher job (validation per epoch, testing, logit caching, saving) against the bare loop. */
  teacherWholeJob: FigurePair;
  /** Images per second through the distilled student (the baseline trains on the same batches, on both sides). */
  distillation: FigurePair;
  distillationWholeJob: FigurePair;
  /** 1,000 test images through every member: the studio's predictLogits against stock model.predict. */
  ensembleInference: FigurePair;
  studentInference: FigurePair;
}

const now = () => performance.now();

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

function pair(studioRuns: number[], bareRuns: number[]): FigurePair {
  const studio = median(studioRuns);
  const bare = median(bareRuns);
  return { studio, bare, ratio: studio / bare, studioRuns, bareRuns };
}

/** Runs `studio` and `bare` once each untimed, then `repeats` times each, alternating which goes first. */
async function alternate<S, B>(repeats: number, studio: () => Promise<S>, bare: () => Promise<B>): Promise<{ studio: S[]; bare: B[] }> {
  await studio();
  await bare();
  const out = { studio: [] as S[], bare: [] as B[] };
  for (let r = 0; r < repeats; r++) {
    if (r % 2 === 0) {
      out.studio.push(await studio());
      out.bare.push(await bare());
    } else {
      out.bare.push(await bare());
      out.studio.push(await studio());
    }
  }
  return out;
}

/**
 * The bare loop: `optimizer.minimize` in a tidy per batch, readings read back every READ_EVERY
 * batches (as the studio does), nothing else: no guard, no progress, no yielding, no evaluation.
 * `step` returns the batch's readings (one scalar per trained model).
 */
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
    pending.forEach((t) => t.dispose());
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

/** Bare teacher training: every member, its own architecture, seed and batch order; seconds. */
async function bareTeachers(dataset: Dataset, config: ExperimentConfig, train: Int32Array): Promise<number> {
  const classes = dataset.classNames.length;
  const start = now();
  for (let m = 0; m < config.ensembleSize; m++) {
    const seed = memberSeed(config.seed, m);
    const model = createTeacher(config.teacherArch, config.teacherHidden, classes, seed, m);
    const optimizer = createOptimizer(config.optimizer, config.learningRate);
    const variables = trainableVariables(model);
    const random = seededRandom(seed);
    await bareLoop(
      () => shuffled(train, random),
      config.batchSize,
      config.teacherEpochs,
      (indices) => {
        let loss: tf.Scalar | null = null;
        withBatch(dataset, indices, (x, y) => {
          loss = optimizer.minimize(() => crossEntropy(model.apply(x, { training: true }) as tf.Tensor2D, y), true, variables);
        });
        return loss!;
      },
    );
    optimizer.dispose();
    model.dispose();
  }
  return (now() - start) / 1000;
}

/** Bare distillation: the student on soft targets from the cached logits, the baseline on labels, same batches; seconds. */
async function bareDistillation(
  dataset: Dataset,
  config: ExperimentConfig,
  train: Int32Array,
  cache: LogitsCache,
  teacherConfig: ExperimentConfig,
): Promise<number> {
  const classes = dataset.classNames.length;
  const student = createStudent(config.studentHidden, classes, config.seed, 'bare_student');
  const baseline = createStudent(config.studentHidden, classes, config.seed, 'bare_baseline');
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

/** Median seconds of TIMING_RUNS runs of `run` (each ends with its read-back) after one warm-up. */
async function medianSeconds(run: () => Promise<void>): Promise<number> {
  await run();
  const times: number[] = [];
  for (let i = 0; i < TIMING_RUNS; i++) {
    const start = now();
    await run();
    times.push((now() - start) / 1000);
  }
  return median(times);
}

/** Inference of `models` over the same 1,000 test images: the studio's predictLogits against stock predict. */
async function inferencePair(dataset: Dataset, models: tf.LayersModel[], repeats: number): Promise<FigurePair> {
  const indices = dataset.split.test.subarray(0, TIMING_SAMPLES);
  const studio = async () => {
    for (const model of models) await predictLogits(model, dataset, indices);
  };
  const bare = async () => {
    const x = imagesTensor(dataset, indices);
    for (const model of models) {
      const logits = model.predict(x) as tf.Tensor;
      await logits.data();
      logits.dispose();
    }
    x.dispose();
  };
  const rate = async (run: () => Promise<void>) => indices.length / (await medianSeconds(run));
  const runs = await alternate(
    repeats,
    () => rate(studio),
    () => rate(bare),
  );
  return pair(runs.studio, runs.bare);
}

/** Runs every figure on `config` (keep it small: this trains for real, (1 + repeats) × 2 times). */
export async function runBenchmark(session: DistillationSession, config: ExperimentConfig, repeats = 3): Promise<BenchmarkReport> {
  const { dataset } = session;
  const train = session.trainingIndices(config);

  const teacherImages = config.ensembleSize * config.teacherEpochs * train.length;
  const teachers = await alternate(
    repeats,
    async () => (await session.trainTeachers(config)).timing,
    () => bareTeachers(dataset, config, train),
  );

  const studentImages = config.studentEpochs * train.length;
  const cache = session.teacherCache;
  const distilled = await alternate(
    repeats,
    async () => (await session.distill(config)).timing,
    () => bareDistillation(dataset, config, train, cache, config),
  );

  return {
    backend: tf.getBackend(),
    config,
    repeats,
    teacherTraining: pair(
      teachers.studio.map((t) => t.samples / t.loopSeconds),
      teachers.bare.map((s) => teacherImages / s),
    ),
    teacherWholeJob: pair(
      teachers.studio.map((t) => t.samples / t.totalSeconds),
      teachers.bare.map((s) => teacherImages / s),
    ),
    distillation: pair(
      distilled.studio.map((t) => t.samples / t.loopSeconds),
      distilled.bare.map((s) => studentImages / s),
    ),
    distillationWholeJob: pair(
      distilled.studio.map((t) => t.samples / t.totalSeconds),
      distilled.bare.map((s) => studentImages / s),
    ),
    ensembleInference: await inferencePair(dataset, session.teacherModels, repeats),
    studentInference: await inferencePair(dataset, [session.lastStudent!], repeats),
  };
}
