/**
 * A distillation session: the dataset, the trained teachers with their cached logits, the last
 * student, and the throughput measured so far. One job runs at a time. The same class runs in
 * the web worker (src/worker/engine.ts) and in Node (scripts/distill.ts), so the browser and the
 * CLI train exactly the same way. The jobs themselves are in teacher-training.ts and distill-run.ts.
 */
import type * as tf from '@tensorflow/tfjs';
import { assertValidConfig, isCnnLayout, paramByKey, validateParam, type ExperimentConfig } from './config';
import { gatherLabels, seededRandom, shuffled, type Dataset } from './data';
import { runDistillation } from './distill-run';
import { DeviceDataset } from './device-data';
import { LogitsCache } from './ensemble';
import { ensembleDiversity } from './diversity';
import { quantizedRows } from './evaluation';
import { JobGate, RateMeter, type JobHooks } from './job';
import { accuracy } from './metrics';
import { assertTrainableHere, cnnTrainingBlocker } from './models';
import { fromSavedModel, toSavedModel } from './model-io';
import { trainEnsemble } from './teacher-training';
import { distillJobWork, probeThroughput, teacherJobWork, type SplitSizes } from './throughput';
import type {
  DatasetSummary,
  DistillProgress,
  DistillResult,
  JobEstimate,
  LiveHyperparams,
  TeacherProgress,
  TeacherResult,
  TeacherSnapshot,
} from './types';

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
  cache: LogitsCache;
}

export class DistillationSession {
  private teachers: Teachers | null = null;
  private student: tf.LayersModel | null = null;
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
    for (const key of ['temperature', 'alpha'] as const) {
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
      };
      const trained = await trainEnsemble(env, config, this.trainingIndices(config), hooks);
      const snapshot: TeacherSnapshot = { config, members: await Promise.all(trained.models.map(toSavedModel)), logits: trained.logits };
      this.replaceTeachers({ config, models: trained.models, cache: new LogitsCache(trained.logits, this.classes) });
      const ensembleTestAccuracy = this.ensembleAccuracy('test');
      const { test } = this.dataset.split;
      return {
        snapshot,
        memberTestAccuracy: trained.memberTestAccuracy,
        memberValAccuracy: trained.memberValAccuracy,
        ensembleTestAccuracy,
        diversity: ensembleDiversity(trained.logits, test, gatherLabels(this.dataset, test), this.classes, ensembleTestAccuracy),
        ensembleValAccuracy: this.ensembleAccuracy('val'),
        stopped: trained.stopped,
        timing: trained.timing,
      };
    });
  }

  /** Rebuilds teachers and cache from plain data (a worker restart, or a saved session). */
  async restoreTeachers(snapshot: TeacherSnapshot): Promise<void> {
    if (snapshot.members.length !== snapshot.logits.length)
      throw new Error('The teacher snapshot has a different number of models and logit tables.');
    const cache = new LogitsCache(snapshot.logits, this.classes);
    if (cache.count !== this.dataset.count)
      throw new Error(`The teacher snapshot covers ${cache.count} samples, the dataset has ${this.dataset.count}.`);
    const models = await Promise.all(snapshot.members.map(fromSavedModel));
    this.replaceTeachers({ config: snapshot.config, models, cache });
  }

  /** Trains the distilled student and, in lockstep on the same batches, the hard-label baseline. */
  async distill(config: ExperimentConfig, hooks: JobHooks<DistillProgress> = {}): Promise<DistillResult> {
    assertValidConfig(config);
    const cnnBlocker = isCnnLayout(config.studentHidden) ? cnnTrainingBlocker('student') : null;
    if (cnnBlocker) throw new Error(cnnBlocker);
    const teachers = this.teachers;
    if (!teachers) throw new Error('Train the teachers before distilling a student.');
    return this.gate.exclusive(async () => {
      this.live = { temperature: config.temperature, alpha: config.alpha };
      const env = {
        dataset: this.dataset,
        device: this.device,
        stop: this.gate.stop,
        meter: this.meter,
        teachers: { ...teachers, mode: teachers.config.ensembleMode },
        hyperparams: () => this.live ?? { temperature: config.temperature, alpha: config.alpha },
      };
      // The teachers' subset of the training split, whatever the student's seed: a seed sweep varies the student only.
      const train = this.trainingIndices({ ...config, seed: teachers.config.seed });
      const pair = await runDistillation(env, config, train, hooks);
      try {
        const [student, baseline] = await Promise.all([toSavedModel(pair.student), toSavedModel(pair.baseline)]);
        const quantized = await quantizedRows(this.dataset, student, pair.student);
        this.student?.dispose();
        this.student = pair.student;
        return {
          quantized,
          results: pair.results,
          student,
          baseline,
          accuracies: pair.accuracies,
          stopped: pair.stopped,
          failure: pair.failure,
          timing: pair.timing,
        };
      } finally {
        pair.baseline.dispose();
        this.live = null;
      }
    });
  }

  /**
   * Expected seconds of a teacher job and of a distillation with `config`, from the speeds
   * measured so far; kinds of work not measured yet are probed with a few real steps first.
   * Null while another job runs (a probe would slow it and be skewed by it).
   */
  async estimate(config: ExperimentConfig): Promise<JobEstimate | null> {
    if (this.gate.busy) return null;
    assertValidConfig(config);
    const probed = await probeThroughput(this.device, config, this.meter);
    const sizes: SplitSizes = {
      train: this.trainingIndices(config).length,
      val: this.dataset.split.val.length,
      test: this.dataset.split.test.length,
      all: this.dataset.count,
    };
    const teacherConfig = this.teachers?.config ?? config;
    const members = this.teachers?.models.length ?? config.ensembleSize;
    const teacherSeconds = this.meter.secondsFor(teacherJobWork(config, sizes, this.classes));
    const distillSeconds = this.meter.secondsFor(distillJobWork(config, teacherConfig, members, sizes, this.classes));
    if (teacherSeconds === null || distillSeconds === null) return null;
    return { teacherSeconds, distillSeconds, basis: probed.length > 0 ? 'probe' : 'measured' };
  }

  /** Accuracy of the ensemble at T = 1 with the teachers' own ensemble mean, on a split. */
  ensembleAccuracy(split: 'val' | 'test'): number {
    const teachers = this.requireTeachers();
    const indices = this.dataset.split[split];
    return accuracy(
      teachers.cache.probabilities(indices, 1, teachers.config.ensembleMode),
      gatherLabels(this.dataset, indices),
      this.classes,
    );
  }

  ensembleTestAccuracy(): number {
    return this.ensembleAccuracy('test');
  }

  dispose(): void {
    this.teachers?.models.forEach((m) => m.dispose());
    this.teachers?.cache.dispose();
    this.teachers = null;
    this.device.dispose();
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

  /** The teachers' cached logits (the benchmark's bare loop reads the same soft targets). */
  get teacherCache(): LogitsCache {
    return this.requireTeachers().cache;
  }

  private requireTeachers(): Teachers {
    if (!this.teachers) throw new Error('No teachers yet: train them first.');
    return this.teachers;
  }

  private replaceTeachers(next: Teachers): void {
    this.teachers?.models.forEach((m) => m.dispose());
    this.teachers?.cache.dispose();
    this.teachers = next;
  }
}
