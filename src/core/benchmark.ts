/**
 * Throughput figures for `npm run bench`: the studio's own training loops against bare tfjs on
 * the same models and batches, so the studio's overhead (guards, progress, cache look-ups,
 * yielding) shows. Runs wherever the engine runs (the worker, or Node).
 */
import * as tf from '@tensorflow/tfjs';
import type { ExperimentConfig } from './config';
import { gatherLabels, seededRandom, shuffled } from './data';
import { distillationLoss } from './losses';
import { imagesTensor } from './predict';
import { DistillationSession } from './session';
import { createOptimizer } from './training';
import { createStudent, createTeacher, trainableVariables } from './models';

export interface ThroughputFigures {
  /** Training images per second through one teacher. */
  teacherTrainingSamplesPerSecond: number;
  /** Training images per second through the distilled student and, on the same batches, the baseline. */
  distillationSamplesPerSecond: number;
  ensembleInferenceSamplesPerSecond: number;
  studentInferenceSamplesPerSecond: number;
}

export interface BenchmarkReport {
  backend: string;
  config: ExperimentConfig;
  /** The studio's training loops: compare with bareTfjs for the studio's own overhead. */
  studio: ThroughputFigures;
  /** Whole jobs as the user waits for them (evaluation, logit caching and saving included). */
  studioWholeJobs: Pick<ThroughputFigures, 'teacherTrainingSamplesPerSecond' | 'distillationSamplesPerSecond'>;
  bareTfjs: ThroughputFigures;
}

const seconds = (start: number) => (performance.now() - start) / 1000;

/**
 * Studio figures through the session, exactly as the UI runs it: training throughput of its batch
 * loops (guards, cache look-ups, yielding and progress included), and of the whole jobs (also
 * per-epoch tests, logit caching, evaluation and saving); inference through the session's timing.
 */
async function studioFigures(session: DistillationSession, config: ExperimentConfig): Promise<{ loops: ThroughputFigures; wholeJobs: Pick<ThroughputFigures, 'teacherTrainingSamplesPerSecond' | 'distillationSamplesPerSecond'> }> {
  const teachers = await session.trainTeachers(config);
  const distilled = await session.distill(config);
  const indices = session.dataset.split.test.subarray(0, 1000);
  const ensembleMs = await session.timeInference(session.teacherModels, indices);
  const studentMs = await session.timeInference([session.lastStudent!], indices);
  return {
    loops: {
      teacherTrainingSamplesPerSecond: teachers.timing.samples / teachers.timing.loopSeconds,
      distillationSamplesPerSecond: distilled.timing.samples / distilled.timing.loopSeconds,
      ensembleInferenceSamplesPerSecond: 1e6 / ensembleMs,
      studentInferenceSamplesPerSecond: 1e6 / studentMs,
    },
    wholeJobs: {
      teacherTrainingSamplesPerSecond: teachers.timing.samples / teachers.timing.totalSeconds,
      distillationSamplesPerSecond: distilled.timing.samples / distilled.timing.totalSeconds,
    },
  };
}

/** Bare tfjs: the textbook loop (tidy → minimize) on the same models and batches, nothing else. */
async function bareFigures(session: DistillationSession, config: ExperimentConfig): Promise<ThroughputFigures> {
  const { dataset } = session;
  const classes = dataset.classNames.length;
  const order = shuffled(session.trainingIndices(config), seededRandom(config.seed));
  const batchList: Int32Array[] = [];
  for (let s = 0; s < order.length; s += config.batchSize) batchList.push(order.subarray(s, s + config.batchSize));

  type Loss = (x: tf.Tensor2D, y: tf.Tensor1D, logits: tf.Tensor2D) => tf.Scalar;
  /** Trains each (model, loss) pair one step per batch, as the studio does; returns images/s. */
  const trainEpochs = async (jobs: [tf.LayersModel, Loss][], epochs: number) => {
    const steps = jobs.map(([model, loss]) => ({ model, loss, optimizer: createOptimizer(config.optimizer, config.learningRate), variables: trainableVariables(model) }));
    const start = performance.now();
    for (let e = 0; e < epochs; e++) {
      for (const indices of batchList) {
        const values = tf.tidy(() => {
          const x = imagesTensor(dataset, indices);
          const y = tf.tensor1d(gatherLabels(dataset, indices), 'int32');
          return tf.stack(steps.map(({ model, loss, optimizer, variables }) =>
            optimizer.minimize(() => loss(x, y, model.apply(x, { training: true }) as tf.Tensor2D), true, variables)!));
        });
        await values.data();
        values.dispose();
      }
    }
    const elapsed = seconds(start);
    steps.forEach(({ optimizer }) => optimizer.dispose());
    return (order.length * epochs) / elapsed;
  };

  const crossEntropy: Loss = (_x, y, logits) => tf.losses.softmaxCrossEntropy(tf.oneHot(y, classes), logits) as tf.Scalar;
  const teacher = createTeacher(config.teacherArch, config.teacherHidden, classes, config.seed);
  const teacherRate = await trainEpochs([[teacher, crossEntropy]], config.teacherEpochs);

  // Like the studio: a distilled student (soft targets from the teacher) and a baseline, on the same batches.
  const student = createStudent(config.studentHidden, classes, config.seed);
  const baseline = createStudent(config.studentHidden, classes, config.seed);
  const targetsFor = (x: tf.Tensor2D) => tf.logSoftmax(tf.div(teacher.predict(x) as tf.Tensor2D, config.temperature)) as tf.Tensor2D;
  const distillRate = await trainEpochs([
    [student, (x, y, logits) => distillationLoss(logits, targetsFor(x), y, config.temperature, config.alpha).total],
    [baseline, crossEntropy],
  ], config.studentEpochs);
  baseline.dispose();

  const x = imagesTensor(dataset, dataset.split.test.subarray(0, 1000));
  const timePredict = async (models: tf.LayersModel[]) => {
    const run = async () => {
      const out = tf.tidy(() => tf.mean(tf.stack(models.map((m) => tf.softmax(m.predict(x) as tf.Tensor2D))), 0));
      await out.data();
      out.dispose();
    };
    await run();
    const start = performance.now();
    for (let i = 0; i < 5; i++) await run();
    return (5 * x.shape[0]) / seconds(start);
  };
  const members = Array.from({ length: config.ensembleSize }, () => teacher);
  const figures = {
    teacherTrainingSamplesPerSecond: teacherRate,
    distillationSamplesPerSecond: distillRate,
    ensembleInferenceSamplesPerSecond: await timePredict(members),
    studentInferenceSamplesPerSecond: await timePredict([student]),
  };
  x.dispose();
  teacher.dispose();
  student.dispose();
  return figures;
}

/** Runs both measurements on `config` (use few epochs: this trains for real). */
export async function runBenchmark(session: DistillationSession, config: ExperimentConfig): Promise<BenchmarkReport> {
  const { loops, wholeJobs } = await studioFigures(session, config);
  const bareTfjs = await bareFigures(session, config);
  return { backend: tf.getBackend(), config, studio: loops, studioWholeJobs: wholeJobs, bareTfjs };
}
