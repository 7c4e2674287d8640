/**
 * A distillation session: the dataset, the trained teachers with their cached logits, the last
 * student, and the throughput measured so far. One job runs at a time. The same class runs in
 * the web worker (src/worker/engine.ts) and in Node (scripts/distill.ts), so the browser and the
 * CLI train exactly the same way. The jobs themselves are in teacher-training.ts and distill-run.ts.
 */
import * as tf from '@tensorflow/tfjs';
import { calibrateTeachers, type TeacherCalibration } from '../ensemble/calibration';
import {
  assertValidConfig,
  LIVE_SETTINGS,
  omittedClass,
  paramByKey,
  validateParam,
  type EnsembleMode,
  type ExperimentConfig,
} from '../settings/config';
import { isCnnLayout } from '../settings/layouts';
import { lossById } from '../losses/registry';
import { gatherLabels, seededRandom, shuffled, type Dataset } from '../data/data';
import { runDistillation } from './distill-run';
import { DeviceDataset } from '../data/device-data';
import { ensembleProbabilities, LogitsCache } from '../ensemble/ensemble';
import type { ImportedLogits } from '../import/types';
import { gatherRows } from '../ensemble/soft-labels';
import { ensembleDiversity } from '../ensemble/diversity';
import { quantizedRows } from '../evaluation/evaluation';
import { JobGate, RateMeter, type JobHooks, type JobType } from './job';
import { LABEL_DEPENDENT } from '../losses/kd-losses';
import { accuracy } from '../evaluation/metrics';
import { assertTrainableHere, cnnTrainingBlocker } from '../models/models';
import { fromSavedModel, toSavedModel } from '../models/model-io';
import { allIndices, predictLogits } from '../models/predict';
import { trainEnsemble } from './teacher-training';
import { isPlainView, scaledLogits, teacherView, weightsProblem, type TeacherView } from '../ensemble/teacher-view';
import { distillJobWork, probeThroughput, shapeOf, splitSizes, teacherJobWork, type TeacherSide } from './throughput';
import type {
  DatasetSummary,
  DistillProgress,
  DistillResult,
  JobEstimate,
  LiveHyperparams,
  SavedModel,
  TeacherFigures,
  TeacherProgress,
  TeacherResult,
  TeacherSnapshot,
} from '../types';

export type { JobHooks };
export { memberSeed } from './teacher-training';

export function summarizeDataset(dataset: Dataset): DatasetSummary {
  const { train, val, test } = dataset.split;
  return {
    name: dataset.name,
    classNames: dataset.classNames,
    count: dataset.count,
    train: train.length,
    val: val.length,
    test: test.length,
  };
}

interface Teachers {
  config: ExperimentConfig;
  models: tf.LayersModel[];
  /** The members' logits as trained, equal weights. */
  cache: LogitsCache;
  /** Each member's weight in the mean (the user's; equal by default). */
  weights: number[];
  /** Temperatures fitted on validation for these members and weights. */
  calibration: TeacherCalibration;
  /** The cache as a run sees the teachers (scaled, weighted), kept for the view it was made for. */
  viewed: { key: string; cache: LogitsCache } | null;
}

export class DistillationSession {
  private teachers: Teachers | null = null;
  private student: tf.LayersModel | null = null;
  /** The baseline of the last run (teaching mode paints its decision regions). */
  private baseline: tf.LayersModel | null = null;
  /** The members a running teacher job has finished so far. */
  private trainingTeachers: readonly tf.LayersModel[] | null = null;
  /** The students of the running distillation, as of their last finished epoch. */
  private training: { student: tf.LayersModel; baseline: tf.LayersModel } | null = null;
  private readonly gate = new JobGate();
  /** Speed of each kind of work on this backend, from every job and probe so far. */
  private readonly meter = new RateMeter();
  private live: LiveHyperparams | null = null;
  /** The dataset on the backend (uploaded at the first job). */
  readonly device: DeviceDataset;

  constructor(readonly dataset: Dataset) {
    this.device = new DeviceDataset(dataset);
  }

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

  get busy(): boolean {
    return this.gate.busy;
  }

  /** Takes effect at the next batch of a running distillation. Values outside the settings' ranges are refused. */
  setHyperparams(hyperparams: LiveHyperparams): void {
    for (const key of LIVE_SETTINGS) {
      const error = validateParam(paramByKey(key), hyperparams[key]);
      if (error) throw new Error(error);
    }
    this.live = { ...hyperparams };
  }

  /** Stops the running job after the current batch (a second press during logit caching discards the new teachers). */
  stop(): void {
    this.gate.stop.request();
  }

  /** Trains the ensemble; on success it replaces the previous teachers, on failure they are kept. */
  async trainTeachers(config: ExperimentConfig, hooks: JobHooks<TeacherProgress> = {}): Promise<TeacherResult> {
    assertValidConfig(config);
    assertTrainableHere(config.teacherArch, config.ensembleSize);
    return this.gate.exclusive(async () => {
      const env = {
        dataset: this.dataset,
        device: this.device,
        stop: this.gate.stop,
        meter: this.meter,
        previousTeachers: this.teachers !== null,
        watch: (finished: readonly tf.LayersModel[]) => (this.trainingTeachers = finished),
      };
      const job = this.jobClock('teachers');
      const trained = await trainEnsemble(env, config, this.trainingIndices(config), hooks).finally(() => (this.trainingTeachers = null));
      const weights = trained.models.map(() => 1);
      const snapshot: TeacherSnapshot = {
        config,
        members: await Promise.all(trained.models.map(toSavedModel)),
        logits: trained.logits,
        weights,
        importedFrom: null,
      };
      this.replaceTeachers(config, trained.models, new LogitsCache(trained.logits, this.classes), weights);
      const figures = this.teacherFigures();
      if (!trained.stopped) job.finish();
      return {
        ...figures,
        snapshot,
        memberTestAccuracy: trained.memberTestAccuracy,
        memberValAccuracy: trained.memberValAccuracy,
        stopped: trained.stopped,
        timing: trained.timing,
      };
    });
  }

  /** The ensemble's accuracy, make-up and calibration with the current member weights. */
  teacherFigures(): TeacherFigures {
    const { weights, calibration, cache } = this.requireTeachers();
    const { test } = this.dataset.split;
    const ensembleTestAccuracy = this.ensembleAccuracy('test');
    return {
      weights: [...weights],
      ensembleTestAccuracy,
      ensembleValAccuracy: this.ensembleAccuracy('val'),
      diversity: ensembleDiversity(cache.members, test, gatherLabels(this.dataset, test), this.classes, ensembleTestAccuracy),
      calibration,
    };
  }

  /**
   * Sets each member's weight in the ensemble mean: the soft targets of the next run and every
   * ensemble figure use them (the ensemble's temperature is refitted for them). Refused while a job runs.
   */
  setTeacherWeights(weights: number[]): TeacherFigures {
    const teachers = this.requireTeachers();
    if (this.gate.busy) throw new Error('Teacher weights can be changed when no job is running.');
    const problem = weightsProblem(weights, teachers.cache.members.length);
    if (problem) throw new Error(problem);
    teachers.weights = [...weights];
    teachers.calibration = this.calibrate(teachers.cache.members, teachers.weights, teachers.config.ensembleMode);
    return this.teacherFigures();
  }

  /**
   * Teachers from logits computed elsewhere (e.g. a PyTorch ensemble too large for a browser): no
   * models, only their logits for every sample, validated against the dataset. Distillation reads
   * only the logits, so it runs as with trained teachers; the ensemble's size and speed are unknown.
   */
  importTeacherLogits(logits: ImportedLogits, config: ExperimentConfig): TeacherResult {
    if (this.gate.busy) throw new Error('Teacher logits can be imported when no job is running.');
    if (logits.count !== this.dataset.count || logits.classes !== this.classes) {
      throw new Error(
        `${logits.name}: ${logits.count} × ${logits.classes} logits do not fit the dataset (${this.dataset.count} samples, ${this.classes} classes).`,
      );
    }
    const weights = logits.members.map(() => 1);
    this.replaceTeachers(config, [], new LogitsCache(logits.members, this.classes), weights);
    return this.importedResult({ config, members: [], logits: logits.members, weights, importedFrom: logits.name });
  }

  /** What an import (logits or models) reports: the new ensemble's figures, and each member's accuracy from its logits. */
  private importedResult(snapshot: TeacherSnapshot): TeacherResult {
    const { val, test } = this.dataset.split;
    const memberAccuracy = (split: Int32Array) =>
      snapshot.logits.map((table) => accuracy(gatherRows(table, split, this.classes), gatherLabels(this.dataset, split), this.classes));
    return {
      ...this.teacherFigures(),
      snapshot,
      memberTestAccuracy: memberAccuracy(test),
      memberValAccuracy: memberAccuracy(val),
      stopped: false,
      timing: { samples: 0, loopSeconds: 0, totalSeconds: 0 },
    };
  }

  /**
   * Teacher models of one's own (TensorFlow.js Layers models, e.g. trained elsewhere): each is
   * checked against the dataset ([batch, features] in, [batch, classes] out), its logits for every
   * sample are cached, and it joins the trained teachers (or makes the ensemble, if there are none).
   */
  async importTeacherModels(imported: { name: string; model: SavedModel }[], config: ExperimentConfig): Promise<TeacherResult> {
    if (this.gate.busy) throw new Error('Teacher models can be imported when no job is running.');
    const current = this.teachers;
    if (current && current.models.length !== current.cache.members.length) {
      throw new Error(
        'The current teachers are imported logits: models cannot join them. Train teachers, or import the models alone after reloading the dataset.',
      );
    }
    const models: tf.LayersModel[] = [];
    try {
      for (const { name, model: saved } of imported) {
        const model = await fromSavedModel(saved).catch((error: unknown) => {
          throw new Error(`${name}: TensorFlow.js could not load this model (${(error as Error).message}).`);
        });
        models.push(model);
        const shapeText = (shape: (number | null)[]) => `[${shape.map((d) => d ?? 'batch').join(', ')}]`;
        const input = model.inputs[0]?.shape ?? [];
        const output = model.outputs[0]?.shape ?? [];
        if (input.length !== 2 || input[1] !== this.dataset.features) {
          throw new Error(`${name}: the model takes input ${shapeText(input)}; this dataset needs [batch, ${this.dataset.features}].`);
        }
        if (output.length !== 2 || output[1] !== this.classes) {
          throw new Error(
            `${name}: the model outputs ${shapeText(output)}; this dataset has ${this.classes} classes, so [batch, ${this.classes}].`,
          );
        }
      }
      const all = allIndices(this.dataset);
      const logits = [...(current?.cache.members ?? [])];
      for (const model of models) logits.push(await predictLogits(model, this.dataset, all));
      const teacherConfig = current?.config ?? config;
      const weights = [...(current?.weights ?? []), ...models.map(() => 1)];
      const members = [...(current?.models ?? []), ...models];
      const savedMembers = await Promise.all(members.map(toSavedModel));
      // The trained members are kept as they are: only the old cache goes.
      current?.cache.dispose();
      current?.viewed?.cache.dispose();
      const cache = new LogitsCache(logits, this.classes);
      this.teachers = {
        config: teacherConfig,
        models: members,
        cache,
        weights,
        calibration: this.calibrate(logits, weights, teacherConfig.ensembleMode),
        viewed: null,
      };
      return this.importedResult({ config: teacherConfig, members: savedMembers, logits, weights, importedFrom: null });
    } catch (error) {
      models.forEach((m) => m.dispose());
      throw error;
    }
  }

  /** Rebuilds teachers and cache from plain data (a worker restart, or a saved session). */
  async restoreTeachers(snapshot: TeacherSnapshot): Promise<TeacherFigures> {
    const expectedModels = snapshot.importedFrom === null ? snapshot.logits.length : 0;
    if (snapshot.members.length !== expectedModels)
      throw new Error('The teacher snapshot has a different number of models and logit tables.');
    const problem = weightsProblem(snapshot.weights, snapshot.logits.length);
    if (problem) throw new Error(`The teacher snapshot's weights: ${problem}`);
    const cache = new LogitsCache(snapshot.logits, this.classes);
    if (cache.count !== this.dataset.count)
      throw new Error(`The teacher snapshot covers ${cache.count} samples, the dataset has ${this.dataset.count}.`);
    const models = await Promise.all(snapshot.members.map(fromSavedModel));
    this.replaceTeachers(snapshot.config, models, cache, [...snapshot.weights]);
    return this.teacherFigures();
  }

  /** Trains the distilled student and, in lockstep on the same batches, the hard-label baseline. */
  async distill(config: ExperimentConfig, hooks: JobHooks<DistillProgress> = {}): Promise<DistillResult> {
    assertValidConfig(config);
    const cnnBlocker = isCnnLayout(config.studentHidden) ? cnnTrainingBlocker('student') : null;
    if (cnnBlocker) throw new Error(cnnBlocker);
    if (this.dataset.unlabelled.length > 0 && LABEL_DEPENDENT.includes(config.loss)) {
      const loss = lossById(config.loss).label;
      throw new Error(
        `${loss} reads the true label of every sample, and the ${this.dataset.unlabelled.length} unlabelled points have none. Choose vanilla KD or logit standardisation, or set Unlabelled points to 0.`,
      );
    }
    const teachers = this.teachers;
    if (!teachers) throw new Error('Train the teachers before distilling a student.');
    return this.gate.exclusive(async () => {
      this.live = { temperature: config.temperature, alpha: config.alpha };
      const view = teacherView(config, teachers.calibration, teachers.weights);
      const env = {
        dataset: this.dataset,
        device: this.device,
        stop: this.gate.stop,
        meter: this.meter,
        teachers: {
          config: teachers.config,
          models: teachers.models,
          cache: this.viewedCache(view),
          mode: teachers.config.ensembleMode,
          view,
        },
        hyperparams: () => this.live ?? { temperature: config.temperature, alpha: config.alpha },
        watch: (models: { student: tf.LayersModel; baseline: tf.LayersModel }) => (this.training = models),
      };
      const job = this.jobClock('distill');
      const pair = await runDistillation(env, config, this.transferSet(config), hooks).finally(() => (this.training = null));
      try {
        const [student, baseline] = await Promise.all([toSavedModel(pair.student), toSavedModel(pair.baseline)]);
        const quantized = await quantizedRows(this.dataset, student, pair.student);
        this.student?.dispose();
        this.student = pair.student;
        this.baseline?.dispose();
        this.baseline = pair.baseline;
        if (!pair.stopped && pair.failure === null) job.finish();
        return {
          quantized,
          results: pair.results,
          outputs: pair.outputs,
          student,
          baseline,
          accuracies: pair.accuracies,
          stopped: pair.stopped,
          failure: pair.failure,
          timing: pair.timing,
        };
      } finally {
        if (this.baseline !== pair.baseline) pair.baseline.dispose();
        this.live = null;
      }
    });
  }

  /**
   * Expected seconds of a teacher job and of a distillation with `config` on this dataset and
   * backend: each job's work at the speeds measured so far, times the wall time per measured second
   * of earlier jobs of its kind. Kinds of work not measured yet are probed with real steps first.
   * The distillation learns from the current teachers if there are any (else from teachers trained
   * with `config`). Null while another job runs (a probe would slow it and be skewed by it).
   */
  async estimate(config: ExperimentConfig): Promise<JobEstimate | null> {
    if (this.gate.busy) return null;
    assertValidConfig(config);
    const teachers: TeacherSide = this.teachers
      ? { config: this.teachers.config, members: this.teachers.models.length }
      : { config, members: config.ensembleSize };
    const studentSizes = splitSizes(this.dataset, this.studentSamples(config, teachers.config.seed).length);
    const probed = await probeThroughput(this.device, this.meter, config, teachers, studentSizes);
    const shape = shapeOf(this.dataset);
    const teacherWork = this.meter.secondsFor(teacherJobWork(config, splitSizes(this.dataset, this.trainingIndices(config).length), shape));
    const distillWork = this.meter.secondsFor(distillJobWork(config, teachers, studentSizes, shape));
    if (teacherWork === null || distillWork === null) return null;
    return {
      teacherSeconds: teacherWork * this.meter.overhead('teachers'),
      distillSeconds: distillWork * this.meter.overhead('distill'),
      basis: probed.length > 0 ? 'probe' : 'measured',
    };
  }

  /** Times a job from now; `finish()` tells the meter its wall time and the part its kinds of work measured. */
  private jobClock(type: JobType): { finish(): void } {
    const started = performance.now();
    const recorded = this.meter.recordedSeconds;
    return {
      finish: () => this.meter.recordJob(type, (performance.now() - started) / 1000, this.meter.recordedSeconds - recorded),
    };
  }

  /**
   * The students' labelled training samples: the teachers' subset of the training split, whatever
   * the student's seed (a seed sweep varies the student only), less the omitted class if one is
   * set. The dataset's unlabelled samples join the distilled student's batches in the run.
   */
  transferSet(config: ExperimentConfig): Int32Array {
    return this.studentSamples(config, this.requireTeachers().config.seed);
  }

  /** The students' labelled samples with teachers trained with `teacherSeed` (see transferSet). */
  private studentSamples(config: ExperimentConfig, teacherSeed: number): Int32Array {
    const train = this.trainingIndices({ ...config, seed: teacherSeed });
    const omitted = omittedClass(config);
    if (omitted === null) return train;
    if (omitted >= this.classes) throw new Error(`There is no class ${omitted} to omit: the dataset has ${this.classes} classes.`);
    const kept = train.filter((i) => this.dataset.labels[i] !== omitted);
    if (kept.length === 0) throw new Error('Omitting that class leaves no training images.');
    return kept;
  }

  /** Accuracy of the ensemble at T = 1 with the teachers' own ensemble mean and weights, on a split. */
  ensembleAccuracy(split: 'val' | 'test'): number {
    const teachers = this.requireTeachers();
    const indices = this.dataset.split[split];
    const probs = ensembleProbabilities(teachers.cache.members, indices, this.classes, teachers.config.ensembleMode, teachers.weights);
    return accuracy(probs, gatherLabels(this.dataset, indices), this.classes);
  }

  ensembleTestAccuracy(): number {
    return this.ensembleAccuracy('test');
  }

  dispose(): void {
    this.disposeTeachers();
    this.device.dispose();
    this.student?.dispose();
    this.student = null;
    this.baseline?.dispose();
    this.baseline = null;
  }

  /**
   * Every teacher's, the last distilled student's and its baseline's logits at `points` (raw
   * inputs, count × features, standardised here as the dataset's were): the decision regions of
   * teaching mode, painted over a grid.
   */
  async logitsAt(points: Float32Array): Promise<{ members: Float32Array[]; student: Float32Array | null; baseline: Float32Array | null }> {
    const { features, standardization } = this.dataset;
    if (points.length % features !== 0) throw new Error(`${points.length} values are not points of ${features} features.`);
    const inputs = standardization
      ? points.map((v, i) => (v - standardization.mean[i % features]!) / standardization.std[i % features]!)
      : points;
    const x = tf.tensor2d(inputs, [inputs.length / features, features]);
    const read = async (model: tf.LayersModel | null) => {
      if (!model) return null;
      const logits = model.predict(x) as tf.Tensor;
      const data = (await logits.data()) as Float32Array;
      logits.dispose();
      return data;
    };
    try {
      const members: Float32Array[] = [];
      // During a teacher job, the members it has finished; else the teachers.
      for (const model of this.trainingTeachers ?? this.teachers?.models ?? []) members.push((await read(model))!);
      // During a run, its students as of their last finished epoch; else the last run's.
      const students = this.training ?? { student: this.student, baseline: this.baseline };
      return { members, student: await read(students.student), baseline: await read(students.baseline) };
    } finally {
      x.dispose();
    }
  }

  /** The distilled student of the last run (for benchmarks and exports), if any. */
  get lastStudent(): tf.LayersModel | null {
    return this.student;
  }

  get teacherModels(): tf.LayersModel[] {
    return this.requireTeachers().models;
  }

  /** The teachers' cached logits (the benchmark's bare loop reads the same soft targets). */
  get teacherCache(): LogitsCache {
    return this.requireTeachers().cache;
  }

  private requireTeachers(): Teachers {
    if (!this.teachers) throw new Error('No teachers yet: train them first.');
    return this.teachers;
  }

  private replaceTeachers(config: ExperimentConfig, models: tf.LayersModel[], cache: LogitsCache, weights: number[]): void {
    const calibration = this.calibrate(cache.members, weights, config.ensembleMode);
    this.disposeTeachers();
    this.teachers = { config, models, cache, weights, calibration, viewed: null };
  }

  private disposeTeachers(): void {
    this.teachers?.models.forEach((m) => m.dispose());
    this.teachers?.cache.dispose();
    this.teachers?.viewed?.cache.dispose();
    this.teachers = null;
  }

  private calibrate(logits: readonly Float32Array[], weights: readonly number[], mode: EnsembleMode): TeacherCalibration {
    const { val, test } = this.dataset.split;
    const splits = { val, test, valLabels: gatherLabels(this.dataset, val), testLabels: gatherLabels(this.dataset, test) };
    return calibrateTeachers(logits, splits, this.classes, mode, weights);
  }

  /** The teachers' cache as `view` sees them: the plain cache when the view changes nothing, else a scaled, weighted copy (kept for the next run). */
  private viewedCache(view: TeacherView): LogitsCache {
    const teachers = this.requireTeachers();
    if (isPlainView(view)) return teachers.cache;
    const key = JSON.stringify(view);
    if (teachers.viewed?.key !== key) {
      teachers.viewed?.cache.dispose();
      teachers.viewed = { key, cache: new LogitsCache(scaledLogits(teachers.cache.members, view.scales), this.classes, view.weights) };
    }
    return teachers.viewed.cache;
  }
}
