/**
 * A distillation session: the dataset, the trained teachers with their cached logits, and the
 * last student. The same class runs in the web worker (src/worker/engine.ts) and in Node
 * (scripts/distill.ts), so the browser and the CLI train exactly the same way.
 */
import * as tf from '@tensorflow/tfjs';
import { assertValidConfig, type ExperimentConfig } from './config';
import { batchCount, batches, gatherLabels, seededRandom, shuffled, type Dataset } from './data';
import { LogitsCache } from './ensemble';
import { crossEntropy, distillationLoss, ensembleSoftTargets } from './losses';
import { accuracy, expectedCalibrationError, meanKl, topOneAgreement } from './metrics';
import { assertTrainableHere, createStudent, createTeacher, weightBytes } from './models';
import { fromSavedModel, toSavedModel } from './model-io';
import { allIndices, imagesTensor, predictLogits, softmaxRows } from './predict';
import { createOptimizer, Eta, GuardedTrainer, LoopClock, NonFiniteLossError, StopSignal, Throttle, yieldToEventLoop } from './training';
import type {
  DatasetSummary, DistillProgress, DistillResult, EpochPoint, JobPhase, LiveHyperparams, LossPoint, ModelRow, Results,
  TeacherProgress, TeacherResult, TeacherSnapshot,
} from './types';

/** Loss readings are fetched from the backend every this many batches (each read stalls a GPU). */
const READ_EVERY = 8;
const PROGRESS_INTERVAL_MS = 250;
const TIMING_SAMPLES = 1000;

export interface JobHooks<P> {
  onProgress?: (progress: P) => void;
  /** Minimum ms between progress calls (the last one always comes). */
  progressIntervalMs?: number;
}

/** Seeds of the ensemble members: distinct and derived from the experiment's seed. */
export function memberSeed(seed: number, member: number): number {
  return seed + 1000 * (member + 1);
}

export function summarizeDataset(dataset: Dataset): DatasetSummary {
  const { train, val, test } = dataset.split;
  return { name: dataset.name, classNames: dataset.classNames, count: dataset.count, train: train.length, val: val.length, test: test.length };
}

interface Teachers {
  config: ExperimentConfig;
  models: tf.LayersModel[];
  cache: LogitsCache;
}

export class DistillationSession {
  private teachers: Teachers | null = null;
  private student: tf.LayersModel | null = null;
  private readonly stopSignal = new StopSignal();
  private live: LiveHyperparams = { temperature: 4, alpha: 0.9 };
  private busy = false;

  constructor(readonly dataset: Dataset) {}

  get classes(): number {
    return this.dataset.classNames.length;
  }

  /** The training samples a run uses: all of the split, or a seeded subset of `trainPercent` %. */
  trainingIndices(config: ExperimentConfig): Int32Array {
    const { train } = this.dataset.split;
    if (config.trainPercent >= 100) return train;
    const count = Math.max(config.batchSize, Math.round((train.length * config.trainPercent) / 100));
    return shuffled(train, seededRandom(config.seed ^ 0x5eed)).slice(0, Math.min(count, train.length));
  }

  get hasTeachers(): boolean {
    return this.teachers !== null;
  }

  /** Takes effect at the next batch of a running distillation. */
  setHyperparams(hyperparams: LiveHyperparams): void {
    if (!(hyperparams.temperature >= 1 && hyperparams.temperature <= 100)) throw new Error(`Temperature must be ≥ 1, got ${hyperparams.temperature}.`);
    if (!(hyperparams.alpha >= 0 && hyperparams.alpha <= 1)) throw new Error(`Alpha must be between 0 and 1, got ${hyperparams.alpha}.`);
    this.live = { ...hyperparams };
  }

  stop(): void {
    this.stopSignal.request();
  }

  /** Trains the ensemble; on success it replaces the previous teachers, on failure they are kept. */
  async trainTeachers(config: ExperimentConfig, hooks: JobHooks<TeacherProgress> = {}): Promise<TeacherResult> {
    assertValidConfig(config);
    assertTrainableHere(config.teacherArch, config.ensembleSize);
    return this.exclusive(async () => {
      const { test } = this.dataset.split;
      const train = this.trainingIndices(config);
      const perEpoch = batchCount(train.length, config.batchSize);
      const totalBatches = config.ensembleSize * config.teacherEpochs * perEpoch;
      const eta = new Eta();
      const throttle = new Throttle(hooks.progressIntervalMs ?? PROGRESS_INTERVAL_MS);
      const models: tf.LayersModel[] = [];
      const memberTestAccuracy: number[] = [];
      let done = 0;
      const clock = new LoopClock();
      const report = (at: Pick<TeacherProgress, 'phase' | 'member' | 'epoch' | 'batch' | 'loss'>) => hooks.onProgress?.({
        ...at, members: config.ensembleSize, epochs: config.teacherEpochs, batches: perEpoch,
        fraction: done / totalBatches, secondsLeft: eta.secondsLeft(done / totalBatches), memberTestAccuracy: [...memberTestAccuracy],
      });
      try {
        for (let member = 0; member < config.ensembleSize && !this.stopSignal.stopped; member++) {
          const model = await this.trainMember(config, member, train, clock, (epoch, batch, loss) => {
            done++;
            if (throttle.due() || batch === perEpoch) report({ phase: 'training', member, epoch, batch, loss });
          });
          if (!model) break;
          models.push(model);
          report({ phase: 'evaluating', member, epoch: config.teacherEpochs, batch: perEpoch, loss: NaN });
          memberTestAccuracy.push(accuracy(await predictLogits(model, this.dataset, test), gatherLabels(this.dataset, test), this.classes));
        }
        if (models.length === 0) throw new Error('Teacher training was stopped before the first teacher finished an epoch; the previous teachers are kept.');
        report({ phase: 'caching logits', member: models.length - 1, epoch: config.teacherEpochs, batch: perEpoch, loss: NaN });
        const logits: Float32Array[] = [];
        for (const model of models) logits.push(await predictLogits(model, this.dataset, allIndices(this.dataset)));
        const snapshot: TeacherSnapshot = { config, members: await Promise.all(models.map(toSavedModel)), logits };
        this.replaceTeachers({ config, models, cache: new LogitsCache(logits, this.classes) });
        return {
          snapshot, memberTestAccuracy, ensembleTestAccuracy: this.ensembleTestAccuracy(), stopped: this.stopSignal.stopped, timing: clock.timing(),
        };
      } catch (error) {
        models.forEach((m) => m.dispose());
        if (error instanceof NonFiniteLossError) {
          const kept = this.teachers ? 'the previous teachers are kept' : 'no teachers were kept';
          throw new NonFiniteLossError(error.what, error.value, `Teacher training stopped; ${kept}.`);
        }
        throw error;
      }
    });
  }

  /**
   * Trains one ensemble member on hard labels. `onBatch` gets the 1-based epoch and batch and the
   * epoch's mean loss so far (NaN before the first reading). Returns null when stopped before the
   * member finished an epoch: such a member is not worth keeping.
   */
  private async trainMember(
    config: ExperimentConfig, member: number, train: Int32Array, clock: LoopClock,
    onBatch: (epoch: number, batch: number, loss: number) => void,
  ): Promise<tf.LayersModel | null> {
    const seed = memberSeed(config.seed, member);
    const model = createTeacher(config.teacherArch, config.teacherHidden, this.classes, seed, member);
    const trainer = new GuardedTrainer(model, createOptimizer(config.optimizer, config.learningRate), `teacher ${member + 1}`);
    const random = seededRandom(seed);
    const perEpoch = batchCount(train.length, config.batchSize);
    let finishedEpochs = 0;
    try {
      for (let epoch = 1; epoch <= config.teacherEpochs && !this.stopSignal.stopped; epoch++) {
        let lossSum = 0;
        let lossCount = 0;
        let batch = 0;
        clock.start();
        for (const indices of batches(shuffled(train, random), config.batchSize)) {
          if (this.stopSignal.stopped) break;
          this.withBatch(indices, (x, y) => trainer.step(() => [crossEntropy(model.apply(x, { training: true }) as tf.Tensor2D, y)]));
          batch++;
          clock.samples += indices.length;
          if (batch % READ_EVERY === 0 || batch === perEpoch) {
            for (const [loss] of await trainer.check()) { lossSum += loss; lossCount++; }
          }
          await yieldToEventLoop();
          onBatch(epoch, batch, lossCount ? lossSum / lossCount : NaN);
        }
        await trainer.check();
        clock.stop();
        if (!this.stopSignal.stopped) finishedEpochs++;
      }
    } catch (error) {
      model.dispose();
      throw error;
    } finally {
      trainer.dispose();
    }
    if (finishedEpochs === 0) {
      model.dispose();
      return null;
    }
    return model;
  }

  /** Rebuilds teachers and cache from plain data (a worker restart, or a saved session). */
  async restoreTeachers(snapshot: TeacherSnapshot): Promise<void> {
    if (snapshot.members.length !== snapshot.logits.length) throw new Error('The teacher snapshot has a different number of models and logit tables.');
    const cache = new LogitsCache(snapshot.logits, this.classes);
    if (cache.count !== this.dataset.count) throw new Error(`The teacher snapshot covers ${cache.count} samples, the dataset has ${this.dataset.count}.`);
    const models = await Promise.all(snapshot.members.map(fromSavedModel));
    this.replaceTeachers({ config: snapshot.config, models, cache });
  }

  /** Trains the distilled student and, in lockstep on the same batches, the hard-label baseline. */
  async distill(config: ExperimentConfig, hooks: JobHooks<DistillProgress> = {}): Promise<DistillResult> {
    assertValidConfig(config);
    const teachers = this.teachers;
    if (!teachers) throw new Error('Train the teachers before distilling a student.');
    return this.exclusive(async () => {
      this.live = { temperature: config.temperature, alpha: config.alpha };
      const train = this.trainingIndices(config);
      const perEpoch = batchCount(train.length, config.batchSize);
      const total = perEpoch * config.studentEpochs;
      // Same seed, same initial weights, same batch order: the only difference is the loss.
      const student = createStudent(config.studentHidden, this.classes, config.seed, 'student');
      const baseline = createStudent(config.studentHidden, this.classes, config.seed, 'baseline');
      const studentTrainer = new GuardedTrainer(student, createOptimizer(config.optimizer, config.learningRate), 'distilled student');
      const baselineTrainer = new GuardedTrainer(baseline, createOptimizer(config.optimizer, config.learningRate), 'baseline student');
      const random = seededRandom(config.seed);
      const eta = new Eta();
      const throttle = new Throttle(hooks.progressIntervalMs ?? PROGRESS_INTERVAL_MS);
      let losses: LossPoint[] = [];
      let accuracies: EpochPoint[] = [];
      let windowHyperparams: LiveHyperparams[] = [];
      let step = 0;
      let epochCorrect = 0;
      const clock = new LoopClock();
      let failure: string | null = null;

      const readLosses = async (epoch: number) => {
        const studentRows = await studentTrainer.check();
        const baselineRows = await baselineTrainer.check();
        studentRows.forEach(([totalLoss, soft, hard, correct], i) => {
          epochCorrect += correct;
          const at = step - studentRows.length + i + 1;
          if (i === studentRows.length - 1 || at % READ_EVERY === 0) {
            losses.push({ step: at, epoch, ...windowHyperparams[i], total: totalLoss, soft, hard, baseline: baselineRows[i][0] });
          }
        });
        windowHyperparams = [];
      };

      const emit = (epoch: number, batch: number, force: boolean, phase: JobPhase = 'training') => {
        if (!hooks.onProgress || !(force || throttle.due())) return;
        hooks.onProgress({
          phase, epoch, epochs: config.studentEpochs, batch, batches: perEpoch, fraction: step / total,
          secondsLeft: eta.secondsLeft(step / total), losses, accuracies,
        });
        losses = [];
        accuracies = [];
      };

      try {
        for (let epoch = 1; epoch <= config.studentEpochs && !this.stopSignal.stopped; epoch++) {
          let batchIndex = 0;
          epochCorrect = 0;
          clock.start();
          for (const indices of batches(shuffled(train, random), config.batchSize)) {
            if (this.stopSignal.stopped) break;
            const { temperature, alpha } = this.live;
            this.withBatch(indices, (x, y) => {
              studentTrainer.step(() => {
                const targets = tf.tidy(() => ensembleSoftTargets(teachers.cache.batchTensor(indices), temperature, config.ensembleMode));
                const logits = student.apply(x, { training: true }) as tf.Tensor2D;
                const parts = distillationLoss(logits, targets, y, temperature, alpha);
                // The student has no dropout, so its training-mode predictions are its real ones:
                // the epoch's training accuracy comes free from the batches it trained on.
                const correct = tf.sum(tf.cast(tf.equal(tf.argMax(logits, 1), y), 'float32')) as tf.Scalar;
                return [parts.total, parts.soft, parts.hard, correct];
              });
              baselineTrainer.step(() => [crossEntropy(baseline.apply(x, { training: true }) as tf.Tensor2D, y)]);
            });
            windowHyperparams.push({ temperature, alpha });
            clock.samples += indices.length;
            step++;
            batchIndex++;
            if (batchIndex % READ_EVERY === 0 || batchIndex === perEpoch) await readLosses(epoch);
            await yieldToEventLoop();
            emit(epoch, batchIndex, false);
          }
          await readLosses(epoch);
          clock.stop();
          const seen = Math.min(train.length, batchIndex * config.batchSize);
          accuracies.push(await this.epochAccuracies(epoch, step, epochCorrect / seen, student, baseline));
          emit(epoch, batchIndex, true);
        }
      } catch (error) {
        if (!(error instanceof NonFiniteLossError)) {
          student.dispose();
          baseline.dispose();
          throw error;
        }
        failure = error.message;
        emit(step > 0 ? Math.ceil(step / perEpoch) : 0, 0, true);
      } finally {
        studentTrainer.dispose();
        baselineTrainer.dispose();
      }

      emit(config.studentEpochs, perEpoch, true, 'evaluating');
      const results = await this.evaluate(student, baseline);
      const saved = await toSavedModel(student);
      baseline.dispose();
      this.student?.dispose();
      this.student = student;
      return { results, student: saved, stopped: this.stopSignal.stopped, failure, timing: clock.timing() };
    });
  }

  /** Test accuracy of the ensemble at T = 1 with the configured mean. */
  ensembleTestAccuracy(): number {
    const teachers = this.requireTeachers();
    const { test } = this.dataset.split;
    return accuracy(teachers.cache.probabilities(test, 1, teachers.config.ensembleMode), gatherLabels(this.dataset, test), this.classes);
  }

  memory(): { numTensors: number; numBytes: number } {
    const { numTensors, numBytes } = tf.memory();
    return { numTensors, numBytes };
  }

  dispose(): void {
    this.teachers?.models.forEach((m) => m.dispose());
    this.teachers = null;
    this.student?.dispose();
    this.student = null;
  }

  /** The distilled student of the last run (for benchmarks and exports), if any. */
  get lastStudent(): tf.LayersModel | null {
    return this.student;
  }

  get teacherModels(): tf.LayersModel[] {
    return this.requireTeachers().models;
  }

  private requireTeachers(): Teachers {
    if (!this.teachers) throw new Error('No teachers yet: train them first.');
    return this.teachers;
  }

  private replaceTeachers(next: Teachers): void {
    this.teachers?.models.forEach((m) => m.dispose());
    this.teachers = next;
  }

  /** Runs one job at a time; Stop applies to the job that is running. */
  private async exclusive<T>(job: () => Promise<T>): Promise<T> {
    if (this.busy) throw new Error('Another job is running; stop it first.');
    this.busy = true;
    this.stopSignal.reset();
    try {
      return await job();
    } finally {
      this.busy = false;
    }
  }

  private withBatch(indices: Int32Array, train: (x: tf.Tensor2D, y: tf.Tensor1D) => void): void {
    const x = imagesTensor(this.dataset, indices);
    const y = tf.tensor1d(gatherLabels(this.dataset, indices), 'int32');
    try {
      train(x, y);
    } finally {
      x.dispose();
      y.dispose();
    }
  }

  private async epochAccuracies(epoch: number, step: number, trainAccuracy: number, student: tf.LayersModel, baseline: tf.LayersModel): Promise<EpochPoint> {
    const { test } = this.dataset.split;
    const acc = async (model: tf.LayersModel, indices: Int32Array) =>
      accuracy(await predictLogits(model, this.dataset, indices), gatherLabels(this.dataset, indices), this.classes);
    return {
      epoch, step,
      studentTrainAccuracy: trainAccuracy,
      studentTestAccuracy: await acc(student, test),
      baselineTestAccuracy: await acc(baseline, test),
    };
  }

  /** The results table: each model on the test split, against the ensemble at T = 1. */
  async evaluate(student: tf.LayersModel, baseline: tf.LayersModel): Promise<Results> {
    const teachers = this.requireTeachers();
    const { test } = this.dataset.split;
    const labels = gatherLabels(this.dataset, test);
    const ensembleProbs = teachers.cache.probabilities(test, 1, teachers.config.ensembleMode);
    const timingIndices = test.subarray(0, TIMING_SAMPLES);
    const ensembleBytes = teachers.models.reduce((sum, m) => sum + weightBytes(m), 0);
    const ensemble: ModelRow = {
      params: teachers.models.reduce((sum, m) => sum + m.countParams(), 0),
      bytes: ensembleBytes,
      testAccuracy: accuracy(ensembleProbs, labels, this.classes),
      ece: expectedCalibrationError(ensembleProbs, labels, this.classes),
      agreement: 1,
      meanKl: 0,
      msPer1000: await this.timeInference(teachers.models, timingIndices, teachers.config.ensembleMode === 'geometric'),
    };
    const rowFor = async (model: tf.LayersModel): Promise<ModelRow> => {
      const probs = softmaxRows(await predictLogits(model, this.dataset, test), this.classes);
      return {
        params: model.countParams(),
        bytes: weightBytes(model),
        testAccuracy: accuracy(probs, labels, this.classes),
        ece: expectedCalibrationError(probs, labels, this.classes),
        agreement: topOneAgreement(probs, ensembleProbs, this.classes),
        meanKl: meanKl(ensembleProbs, probs, this.classes),
        msPer1000: await this.timeInference([model], timingIndices, false),
      };
    };
    const studentRow = await rowFor(student);
    const baselineRow = await rowFor(baseline);
    return {
      ensemble, student: studentRow, baseline: baselineRow,
      compression: ensemble.bytes / studentRow.bytes,
      speedup: ensemble.msPer1000 / studentRow.msPer1000,
      temperature: this.live.temperature,
      alpha: this.live.alpha,
    };
  }

  /**
   * Milliseconds for `models` (averaged as an ensemble when there are several) to classify
   * 1,000 images, end to end including the read-back; median of 5 runs after a warm-up.
   */
  async timeInference(models: tf.LayersModel[], indices: Int32Array, geometric: boolean): Promise<number> {
    const x = imagesTensor(this.dataset, indices);
    const run = async () => {
      const probs = tf.tidy(() => {
        const outputs = models.map((m) => m.predict(x) as tf.Tensor2D);
        return geometric ? tf.softmax(tf.mean(tf.stack(outputs), 0)) : tf.mean(tf.stack(outputs.map((o) => tf.softmax(o))), 0);
      });
      await probs.data();
      probs.dispose();
    };
    try {
      await run();
      const times: number[] = [];
      for (let i = 0; i < 5; i++) {
        const start = performance.now();
        await run();
        times.push(performance.now() - start);
      }
      times.sort((a, b) => a - b);
      return (times[2] * 1000) / indices.length;
    } finally {
      x.dispose();
    }
  }
}
