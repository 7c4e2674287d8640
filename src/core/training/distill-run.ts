/**
 * One distillation run: the distilled student and, in lockstep on the same batches, a baseline of
 * the same size and seed trained on hard labels only, so the results show what distillation
 * bought. The loss and T schedule of a batch are in distill-step.ts. T and alpha are read before
 * every batch (the user may move them) and every change is recorded with the batch it took
 * effect from.
 *
 * Over 300 lines on purpose: runDistillation is one loop whose closures (reading the losses,
 * progress, T and alpha per batch) share its state; it reads best whole.
 */
import type * as tf from '@tensorflow/tfjs';
import { batchCount, batches, seededRandom, shuffled, type Dataset } from '../data/data';
import { evaluateModels, splitFigures, type EnsembleView, type EvaluationContext } from '../evaluation/evaluation';
import { JobEta, type RateMeter } from './rates';
import { LoopClock, PROGRESS_INTERVAL_MS, Throttle, Yielder, type JobHooks, type StopSignal } from './job';
import type { DeviceDataset } from '../data/device-data';
import { assertFiniteWeights, createStudent } from '../models/models';
import { DistillStep, labelMask } from '../losses/distill-step';
import { WEIGHT_BINS, type ExperimentConfig } from '../settings/config';
import { PAIR_READING } from '../losses/steps';
import { distillJobWork, pairBatch, shapeOf, splitSizes, workKinds } from './job-work';
import { NonFiniteLossError, READ_EVERY } from './training';
import { createPairTraining } from './pair-training';
import type { TeacherView } from '../ensemble/teacher-view';
import { BestEpoch, bestAndLast } from './best-epoch';
import type { StudentSamples } from './student-samples';
import type {
  DistillProgress,
  EpochPoint,
  Halt,
  JobPhase,
  JobTiming,
  LiveHyperparams,
  LossPoint,
  Results,
  RunOutputs,
  ScheduleEntry,
} from '../types';

export interface DistillJobEnv {
  dataset: Dataset;
  /** The same dataset on the backend, for batches. */
  device: DeviceDataset;
  stop: StopSignal;
  meter: RateMeter;
  /** The teachers as the run sees them (`cache` holds their logits under `view`), with the settings they were trained with. */
  teachers: EnsembleView & { config: ExperimentConfig; view: TeacherView };
  /** T and alpha for the next batch. */
  hyperparams(): LiveHyperparams;
  /** Handed the two students as Layers models when the run starts; they hold the weights of the last finished epoch (teaching mode paints them). */
  watch?(models: { student: tf.LayersModel; baseline: tf.LayersModel }): void;
}

export interface DistilledPair {
  student: tf.LayersModel;
  baseline: tf.LayersModel;
  results: Results;
  outputs: RunOutputs;
  accuracies: EpochPoint[];
  stopped: boolean;
  failure: string | null;
  timing: JobTiming;
}

/**
 * Trains the pair on `samples`: every batch is a batch of the labelled samples (all the baseline
 * learns from) plus an even slice of the unlabelled ones, which only the distilled student learns
 * from, through the teachers' soft labels.
 */
export async function runDistillation(
  env: DistillJobEnv,
  config: ExperimentConfig,
  samples: StudentSamples,
  hooks: JobHooks<DistillProgress> = {},
): Promise<DistilledPair> {
  const { dataset, stop, teachers } = env;
  const { labelled: train, unlabelled } = samples;
  const classes = dataset.classNames.length;
  const shape = shapeOf(dataset);
  const sizes = splitSizes(dataset, train.length, unlabelled.length);
  const members = teachers.models.length;
  const eta = new JobEta(env.meter, distillJobWork(config, { config: teachers.config, members }, sizes, shape), 'distill');
  const pairKind = workKinds.studentPairTraining(config, shape, pairBatch(config.batchSize, sizes.train, sizes.unlabelled));
  const evaluation: EvaluationContext = {
    dataset,
    meter: env.meter,
    eta,
    studentInference: workKinds.studentInference(config, shape),
    ensembleInference: workKinds.ensembleInference(teachers.config, members, shape),
    ensembleVal: teachers.cache.probabilities(dataset.split.val, 1, teachers.mode),
  };
  const perEpoch = batchCount(train.length, config.batchSize);
  // Same seed, same initial weights, same batch order: the only difference is the loss. The two
  // train as one pair (student-pair.ts); these Layers models receive its weights for evaluation and export.
  const student = createStudent(config.studentHidden, classes, config.seed, 'student', dataset);
  const baseline = createStudent(config.studentHidden, classes, config.seed, 'baseline', dataset);
  env.watch?.({ student, baseline });
  const plan = new DistillStep(config, teachers.cache, teachers.mode, labelMask(dataset.count, unlabelled));
  // The unlabelled transfer set is shuffled from a stream of its own, so the labelled batches — all
  // the baseline learns from — are the same with or without it.
  const unlabelledRandom = seededRandom(config.seed ^ UNLABELLED_SHUFFLE);
  const R = PAIR_READING;
  const { pair, trainer } = createPairTraining(config, classes, dataset, plan.variables, 'student pair', (pair) => [
    {
      what: 'distilled student',
      readings: [R.total, R.softTerm, R.hardTerm, R.kl, R.ce, R.correct, R.temperature],
      weights: () => [...pair.weightsOf('student'), ...plan.variables.map((v) => v.clone())],
    },
    { what: 'baseline student', readings: [R.baseline], weights: () => pair.weightsOf('baseline') },
  ]);
  const steps = perEpoch * config.studentEpochs;
  const bestStudent = new BestEpoch(() => pair.weightsOf('student'));
  const bestBaseline = new BestEpoch(() => pair.weightsOf('baseline'));
  const random = seededRandom(config.seed);
  const throttle = new Throttle(hooks.progressIntervalMs ?? PROGRESS_INTERVAL_MS);
  const yielder = new Yielder();
  const clock = new LoopClock();
  const schedule: ScheduleEntry[] = [];
  const allAccuracies: EpochPoint[] = [];
  let losses: LossPoint[] = [];
  let accuracies: EpochPoint[] = [];
  let newSchedule: ScheduleEntry[] = [];
  /** T and alpha of each step since the last read, in order. */
  let windowHyperparams: LiveHyperparams[] = [];
  let step = 0;
  let epochCorrect = 0;
  /** This epoch's soft-term weights so far: their sum and their counts per bin (weighted losses only). */
  let epochWeights: { sum: number; counts: number[] } | null = null;
  /** T of the last batch read (learnt by CTKD, or scheduled). */
  let lastTemperature = config.temperature;
  let windowStart = performance.now();
  let windowImages = 0;
  let finishing: string | null = null;
  let failure: string | null = null;
  let halt: Halt | null = null;

  /** Batches trained up to the last read that found both students finite: where a rollback returns to. */
  let lastGoodStep = 0;
  const readLosses = async (epoch: number) => {
    const { rows, bad, failed } = await trainer.read();
    if (bad !== null) {
      // Both students go back to the same batch (they share one checkpoint), so the table compares like with like.
      trainer.rollback();
      const what = failed.join(' and the ');
      halt = { model: what, value: bad, step, epoch, rolledBackTo: lastGoodStep };
      throw new NonFiniteLossError(
        what,
        bad,
        `Training stopped between batches ${lastGoodStep + 1} and ${step} (epoch ${epoch}); both students were rolled back to their weights after batch ${lastGoodStep}, and the results describe them there.`,
      );
    }
    trainer.commit();
    lastGoodStep = step;
    rows.forEach((row, i) => {
      epochCorrect += row[R.correct]!;
      lastTemperature = row[R.temperature]!;
      if (epochWeights) {
        epochWeights.sum += row[R.weightSum]!;
        for (let b = 0; b < WEIGHT_BINS; b++) epochWeights.counts[b]! += row[R.weightBins + b]!;
      }
      const at = step - rows.length + i + 1;
      if (i === rows.length - 1 || at % READ_EVERY === 0) {
        losses.push({
          step: at,
          epoch,
          temperature: row[R.temperature]!,
          alpha: windowHyperparams[i]!.alpha,
          total: row[R.total]!,
          softTerm: row[R.softTerm]!,
          hardTerm: row[R.hardTerm]!,
          soft: row[R.kl]!,
          hard: row[R.ce]!,
          baseline: row[R.baseline]!,
        });
      }
    });
    windowHyperparams = [];
    eta.record(pairKind, windowImages, (performance.now() - windowStart) / 1000);
    windowImages = 0;
    windowStart = performance.now();
  };

  const emit = (epoch: number, batch: number, force: boolean, phase: JobPhase = 'training') => {
    if (!hooks.onProgress || !(force || throttle.due())) return;
    hooks.onProgress({
      phase,
      epoch,
      epochs: config.studentEpochs,
      batch,
      batches: perEpoch,
      fraction: eta.fraction(),
      secondsLeft: eta.secondsLeft(),
      finishing,
      losses,
      accuracies,
      schedule: newSchedule,
    });
    losses = [];
    accuracies = [];
    newSchedule = [];
  };

  /** The values for the next batch, recorded when they differ from the previous batch's. */
  const hyperparamsFor = (epoch: number, batch: number): LiveHyperparams => {
    const { temperature, alpha } = plan.hyperparams(env.hyperparams());
    const last = schedule[schedule.length - 1];
    if (!last || last.temperature !== temperature || last.alpha !== alpha) {
      const entry = { step, epoch, batch, temperature, alpha };
      schedule.push(entry);
      newSchedule.push(entry);
    }
    return { temperature, alpha };
  };

  try {
    for (let epoch = 1; epoch <= config.studentEpochs && !stop.stopped; epoch++) {
      let batchIndex = 0;
      let seen = 0;
      epochCorrect = 0;
      epochWeights = plan.weighted ? { sum: 0, counts: new Array<number>(WEIGHT_BINS).fill(0) } : null;
      // The epoch's first window starts here: the last epoch's evaluation is timed as inference, not as training.
      windowStart = performance.now();
      clock.start();
      const spread = unlabelled.length > 0 ? spreadOver(shuffled(unlabelled, unlabelledRandom), perEpoch) : null;
      for (const labelled of batches(shuffled(train, random), config.batchSize)) {
        if (stop.stopped) break;
        const indices = spread ? concat(labelled, spread(batchIndex)) : labelled;
        const hyper = hyperparamsFor(epoch, batchIndex + 1);
        const where = { step, steps, epoch, epochs: config.studentEpochs };
        env.device.withBatch(indices, (x, y, at) => {
          trainer.step(() => plan.loss(pair, x, y, at, hyper, where));
        });
        windowHyperparams.push(hyper);
        windowImages += indices.length;
        clock.samples += indices.length;
        seen += labelled.length;
        step++;
        batchIndex++;
        if (batchIndex % READ_EVERY === 0 || batchIndex === perEpoch) await readLosses(epoch);
        await yielder.maybe();
        emit(epoch, batchIndex, false);
      }
      await readLosses(epoch);
      clock.stop();
      pair.writeTo(student, baseline);
      const studentFigures = await splitFigures(evaluation, student);
      const baselineFigures = await splitFigures(evaluation, baseline);
      bestStudent.offer(epoch, studentFigures.valAccuracy);
      bestBaseline.offer(epoch, baselineFigures.valAccuracy);
      const point: EpochPoint = {
        epoch,
        step,
        studentTrainAccuracy: seen > 0 ? epochCorrect / seen : NaN,
        studentValAccuracy: studentFigures.valAccuracy,
        studentValLoss: studentFigures.valLoss,
        studentValEce: studentFigures.valEce,
        studentValAgreement: studentFigures.valAgreement,
        studentValKl: studentFigures.valKl,
        studentTestAccuracy: studentFigures.testAccuracy,
        baselineValAccuracy: baselineFigures.valAccuracy,
        baselineValLoss: baselineFigures.valLoss,
        baselineValEce: baselineFigures.valEce,
        baselineValAgreement: baselineFigures.valAgreement,
        baselineValKl: baselineFigures.valKl,
        baselineTestAccuracy: baselineFigures.testAccuracy,
        softWeights: epochWeights && {
          counts: epochWeights.counts,
          mean: epochWeights.sum / epochWeights.counts.reduce((a, b) => a + b, 0),
        },
      };
      accuracies.push(point);
      allAccuracies.push(point);
      emit(epoch, batchIndex, true);
    }
  } catch (error) {
    if (!(error instanceof NonFiniteLossError)) {
      bestStudent.dispose();
      bestBaseline.dispose();
      pair.dispose();
      plan.dispose();
      student.dispose();
      baseline.dispose();
      throw error;
    }
    failure = error.message;
    emit(step > 0 ? Math.ceil(step / perEpoch) : 0, 0, true);
  } finally {
    trainer.dispose();
  }
  // The students as trained (or as rolled back); then each on its own best epoch, if asked:
  // choosing on validation, so the test figures stay honest.
  pair.writeTo(student, baseline);
  pair.dispose();
  plan.dispose();
  const keptEpochs = config.keepBestEpoch ? { student: bestStudent.restore(student), baseline: bestBaseline.restore(baseline) } : null;
  bestStudent.dispose();
  bestBaseline.dispose();

  // A run that was stopped skips the inference timing: the user wants the figures now.
  const timed = () => {
    if (!stop.stopped) return true;
    finishing = 'Skipping the inference timing; the accuracy figures follow at once.';
    return false;
  };
  timed();
  emit(config.studentEpochs, perEpoch, true, 'evaluating');
  // The guard keeps only finite weights; a model that is not finite is never evaluated as if it were.
  await assertFiniteWeights(student, 'distilled student');
  await assertFiniteWeights(baseline, 'baseline student');
  const rows = await evaluateModels(evaluation, teachers, [student, baseline], timed);
  const studentRow = { ...rows.students[0]!, keptEpoch: keptEpochs?.student ?? null };
  const baselineRow = { ...rows.students[1]!, keptEpoch: keptEpochs?.baseline ?? null };
  const wasTimed = Number.isFinite(studentRow.msPer1000) && Number.isFinite(rows.ensemble.msPer1000);
  const last = schedule[schedule.length - 1] ?? { ...env.hyperparams() };
  const results: Results = {
    ensemble: rows.ensemble,
    student: studentRow,
    baseline: baselineRow,
    compression: rows.ensemble.bytes / studentRow.bytes,
    speedup: wasTimed ? rows.ensemble.msPer1000 / studentRow.msPer1000 : NaN,
    temperature: config.temperatureSchedule === 'constant' ? last.temperature : lastTemperature,
    alpha: last.alpha,
    schedule,
    timed: wasTimed,
    halt,
    teacherView: teachers.view,
    epochs: { student: bestAndLast(allAccuracies, 'student'), baseline: bestAndLast(allAccuracies, 'baseline') },
  };
  const outputs = { ensemble: rows.outputs.ensemble, student: rows.outputs.students[0]!, baseline: rows.outputs.students[1]! };
  return { student, baseline, results, outputs, accuracies: allAccuracies, stopped: stop.stopped, failure, timing: clock.timing() };
}

/** Seeds the unlabelled transfer set's shuffle (xor the run's seed). */
const UNLABELLED_SHUFFLE = 0x7a5f3e;

/**
 * The unlabelled samples riding along with each of an epoch's `batches` labelled batches: batch b
 * takes the b-th of `batches` near-equal slices, so each unlabelled sample is seen once per epoch.
 */
function spreadOver(order: Int32Array, batches: number): (batch: number) => Int32Array {
  return (batch) => order.subarray(Math.floor((batch * order.length) / batches), Math.floor(((batch + 1) * order.length) / batches));
}

function concat(a: Int32Array, b: Int32Array): Int32Array {
  const out = new Int32Array(a.length + b.length);
  out.set(a);
  out.set(b, a.length);
  return out;
}
