/**
 * A distillation session: the dataset, the trained teachers with their cached logits, the last
 * student, and the throughput measured so far. One job runs at a time. The same class runs in
 * the web worker (src/worker/engine.ts) and in Node (scripts/distill.ts), so the browser and the
 * CLI train exactly the same way. The jobs themselves are in teacher-training.ts and distill-run.ts,
 * the teachers with their cache and calibration in teacher-ensemble.ts.
 *
 * One file over 300 lines on purpose: it is the engine's one entry, every job and query guarded by
 * the same gate, and each method hands its work to the module that does it; it reads best whole.
 */
import { datasetHash } from '../data/dataset-hash';
import * as tf from '@tensorflow/tfjs';
import { assertValidConfig, LIVE_SETTINGS, paramByKey, validateParam, type ExperimentConfig } from '../settings/config';
import { isCnnLayout } from '../settings/layouts';
import { seededShare, type Dataset } from '../data/data';
import { runDistillation } from './distill-run';
import { DeviceDataset } from '../data/device-data';
import { LogitsCache } from '../ensemble/ensemble';
import type { ImportedLogits } from '../import/types';
import { quantizedRows } from '../evaluation/evaluation';
import { JobGate, type JobHooks } from './job';
import { RateMeter, type JobType } from './rates';
import { assertTrainableHere, cnnTrainingBlocker } from '../models/models';
import { toSavedModel } from '../models/model-io';
import { trainEnsemble } from './teacher-training';
import { TeacherEnsemble } from './teacher-ensemble';
import { teacherView } from '../ensemble/teacher-view';
import { distillJobWork, shapeOf, splitSizes, teacherJobWork, type TeacherSide } from './job-work';
import { probeThroughput } from './throughput';
import { studentSamples, unlabelledRefusal, type StudentSamples } from './student-samples';
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
    hash: datasetHash(dataset),
  };
}

/** Seeds the choice of "Training images (%)" (xor the seed). */
const TRAIN_SHARE_STREAM = 0x5eed;

export class DistillationSession {
  private readonly ensemble: TeacherEnsemble;
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
    this.ensemble = new TeacherEnsemble(dataset);
  }

  get classes(): number {
    return this.dataset.classNames.length;
  }

  /** The training samples a run uses: all of the split, or a seeded subset of `trainPercent` %. */
  trainingIndices(config: ExperimentConfig): Int32Array {
    return seededShare(this.dataset.split.train, config.trainPercent, config.batchSize, config.seed ^ TRAIN_SHARE_STREAM);
  }

  get hasTeachers(): boolean {
    return this.ensemble.current !== null;
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
        previousTeachers: this.ensemble.current !== null,
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
      this.ensemble.replace(config, trained.models, new LogitsCache(trained.logits, this.classes), weights);
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
    return this.ensemble.figures();
  }

  /**
   * Sets each member's weight in the ensemble mean: the soft targets of the next run and every
   * ensemble figure use them (the ensemble's temperature is refitted for them). Refused while a job runs.
   */
  setTeacherWeights(weights: number[]): TeacherFigures {
    this.ensemble.require();
    if (this.gate.busy) throw new Error('Teacher weights can be changed when no job is running.');
    return this.ensemble.setWeights(weights);
  }

  /** Teachers from logits computed elsewhere (TeacherEnsemble.importLogits). Refused while a job runs. */
  importTeacherLogits(logits: ImportedLogits, config: ExperimentConfig): TeacherResult {
    if (this.gate.busy) throw new Error('Teacher logits can be imported when no job is running.');
    return this.ensemble.importLogits(logits, config);
  }

  /** Teacher models of one's own join the teachers (TeacherEnsemble.importModels). Refused while a job runs. */
  async importTeacherModels(imported: { name: string; model: SavedModel }[], config: ExperimentConfig): Promise<TeacherResult> {
    if (this.gate.busy) throw new Error('Teacher models can be imported when no job is running.');
    return this.ensemble.importModels(imported, config);
  }

  /** Rebuilds teachers and cache from plain data (a worker restart, or a saved session). */
  async restoreTeachers(snapshot: TeacherSnapshot): Promise<TeacherFigures> {
    return this.ensemble.restore(snapshot);
  }

  /** Trains the distilled student and, in lockstep on the same batches, the hard-label baseline. */
  async distill(config: ExperimentConfig, hooks: JobHooks<DistillProgress> = {}): Promise<DistillResult> {
    assertValidConfig(config);
    const cnnBlocker = isCnnLayout(config.studentHidden) ? cnnTrainingBlocker('student') : null;
    if (cnnBlocker) throw new Error(cnnBlocker);
    const teachers = this.ensemble.current;
    if (!teachers) throw new Error('Train the teachers before distilling a student.');
    const samples = this.transferSet(config);
    const refusal = unlabelledRefusal(this.dataset, samples, config);
    if (refusal) throw new Error(refusal);
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
          cache: this.ensemble.viewedCache(view),
          mode: teachers.config.ensembleMode,
          view,
        },
        hyperparams: () => this.live ?? { temperature: config.temperature, alpha: config.alpha },
        watch: (models: { student: tf.LayersModel; baseline: tf.LayersModel }) => (this.training = models),
      };
      const job = this.jobClock('distill');
      const pair = await runDistillation(env, config, samples, hooks).finally(() => (this.training = null));
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
    const current = this.ensemble.current;
    const teachers: TeacherSide = current
      ? { config: current.config, members: current.models.length }
      : { config, members: config.ensembleSize };
    const samples = this.studentSamples(config, teachers.config.seed);
    const studentSizes = splitSizes(this.dataset, samples.labelled.length, samples.unlabelled.length);
    const probed = await probeThroughput(this.device, this.meter, config, teachers, samples);
    const shape = shapeOf(this.dataset);
    const teacherWork = this.meter.secondsFor(
      teacherJobWork(config, splitSizes(this.dataset, this.trainingIndices(config).length, 0), shape),
    );
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
   * The students' samples (student-samples.ts), drawn from the teachers' subset of the training
   * split whatever the student's seed (a seed sweep varies the student only): the labelled share
   * ("Student labels (%)") and the transfer set the distilled student also learns from (the rest of
   * that subset, then the dataset's unlabelled rows), both without the omitted class if one is set.
   */
  transferSet(config: ExperimentConfig): StudentSamples {
    return this.studentSamples(config, this.ensemble.require().config.seed);
  }

  /**
   * Why `config` cannot be distilled from teachers trained with `teacherSeed` (a loss that reads
   * every label, with samples that have none; unlabelledRefusal), or null: known before the
   * teachers train, so the CLI refuses a sweep at once rather than after them.
   */
  samplesProblem(config: ExperimentConfig, teacherSeed: number): string | null {
    return unlabelledRefusal(this.dataset, this.studentSamples(config, teacherSeed), config);
  }

  /** The students' samples with teachers trained with `teacherSeed` (see transferSet). */
  private studentSamples(config: ExperimentConfig, teacherSeed: number): StudentSamples {
    return studentSamples(this.dataset, this.trainingIndices({ ...config, seed: teacherSeed }), config, teacherSeed);
  }

  /** Accuracy of the ensemble at T = 1 with the teachers' own ensemble mean and weights, on a split. */
  ensembleAccuracy(split: 'val' | 'test'): number {
    return this.ensemble.accuracy(split);
  }

  ensembleTestAccuracy(): number {
    return this.ensembleAccuracy('test');
  }

  dispose(): void {
    this.ensemble.dispose();
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
      for (const model of this.trainingTeachers ?? this.ensemble.current?.models ?? []) members.push((await read(model))!);
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
    return this.ensemble.require().models;
  }

  /** The teachers' cached logits (the benchmark's bare loop reads the same soft targets). */
  get teacherCache(): LogitsCache {
    return this.ensemble.require().cache;
  }
}
