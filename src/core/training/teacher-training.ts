/**
 * Teacher training: each ensemble member on hard labels, with its loss and validation accuracy
 * reported live, then every member's logits for every image, cached so that the student (and the
 * soft-label view) never has to run the teachers again.
 */
import type * as tf from '@tensorflow/tfjs';
import type { ExperimentConfig } from '../settings/config';
import { batchCount, batches, gatherLabels, seededRandom, shuffled, type Dataset } from '../data/data';
import {
  JobCancelledError,
  LoopClock,
  PROGRESS_INTERVAL_MS,
  Throttle,
  yieldToEventLoop,
  Yielder,
  type JobHooks,
  type StopSignal,
} from './job';
import { JobEta, measured, type RateMeter } from './rates';
import { accuracy } from '../evaluation/metrics';
import { createTeacher, memberArch } from '../models/models';
import type { DeviceDataset } from '../data/device-data';
import { allIndices, predictLogits } from '../models/predict';
import { teacherLoss } from '../losses/steps';
import { shapeOf, splitSizes, teacherJobWork, workKinds } from './job-work';
import { createOptimizer, GuardedTrainer, NonFiniteLossError, READ_EVERY } from './training';
import type { JobTiming, TeacherEpochPoint, TeacherLossPoint, TeacherProgress } from '../types';

/** Images per inference call while caching logits: small enough that a Stop is seen within a second. */
const CACHE_CHUNK = 500;

export interface TeacherJobEnv {
  dataset: Dataset;
  /** The same dataset on the backend, for batches. */
  device: DeviceDataset;
  stop: StopSignal;
  meter: RateMeter;
  /** Whether teachers of an earlier job exist; they stay if this job fails or is cancelled. */
  previousTeachers: boolean;
  /** Handed the list of members finished so far (it grows as they finish; teaching mode paints them). */
  watch?(finished: readonly tf.LayersModel[]): void;
}

export interface TrainedEnsemble {
  models: tf.LayersModel[];
  /** One count × classes table per member, for every image. */
  logits: Float32Array[];
  memberTestAccuracy: number[];
  memberValAccuracy: number[];
  stopped: boolean;
  timing: JobTiming;
}

/** Seeds of the ensemble members: distinct and derived from the experiment's seed. */
export function memberSeed(seed: number, member: number): number {
  return seed + 1000 * (member + 1);
}

type Report = (at: Pick<TeacherProgress, 'phase' | 'member' | 'epoch' | 'batch' | 'loss'>, force?: boolean) => void;

/** Trains the ensemble on `train`; throws (disposing what it built) on a NaN loss, a cancel, or a Stop before any member finished an epoch. */
export async function trainEnsemble(
  env: TeacherJobEnv,
  config: ExperimentConfig,
  train: Int32Array,
  hooks: JobHooks<TeacherProgress> = {},
): Promise<TrainedEnsemble> {
  const { dataset, stop } = env;
  const classes = dataset.classNames.length;
  const shape = shapeOf(dataset);
  const sizes = splitSizes(dataset, train.length, 0); // the teachers see labelled samples only
  const eta = new JobEta(env.meter, teacherJobWork(config, sizes, shape), 'teachers');
  const perEpoch = batchCount(train.length, config.batchSize);
  const throttle = new Throttle(hooks.progressIntervalMs ?? PROGRESS_INTERVAL_MS);
  const clock = new LoopClock();
  const models: tf.LayersModel[] = [];
  env.watch?.(models);
  const memberTestAccuracy: number[] = [];
  const memberValAccuracy: number[] = [];
  let losses: TeacherLossPoint[] = [];
  let epochPoints: TeacherEpochPoint[] = [];
  let finishing: string | null = null;

  const report: Report = (at, force = false) => {
    if (!hooks.onProgress || !(force || throttle.due())) return;
    hooks.onProgress({
      ...at,
      members: config.ensembleSize,
      epochs: config.teacherEpochs,
      batches: perEpoch,
      fraction: eta.fraction(),
      secondsLeft: eta.secondsLeft(),
      finishing,
      memberTestAccuracy: [...memberTestAccuracy],
      losses,
      epochPoints,
    });
    losses = [];
    epochPoints = [];
  };
  const member = new MemberTrainer(env, config, train, eta, clock, report, {
    loss: (point) => losses.push(point),
    epoch: (point) => epochPoints.push(point),
  });

  try {
    for (let m = 0; m < config.ensembleSize && !stop.stopped; m++) {
      const trained = await member.train(m);
      if (!trained) break;
      models.push(trained.model);
      report({ phase: 'evaluating', member: m, epoch: config.teacherEpochs, batch: perEpoch, loss: NaN }, true);
      const inference = workKinds.teacherInference(config, memberArch(config.teacherArch, m), shape);
      const on = (indices: Int32Array) =>
        measured(env.meter, eta, inference, indices.length, async () =>
          accuracy(await predictLogits(trained.model, dataset, indices), gatherLabels(dataset, indices), classes),
        );
      memberValAccuracy.push(trained.valAccuracy ?? (await on(dataset.split.val)));
      memberTestAccuracy.push(await on(dataset.split.test));
    }
    if (models.length === 0) {
      throw new JobCancelledError(
        `Teacher training was stopped before the first teacher finished an epoch; ${env.previousTeachers ? 'the previous teachers are kept' : 'no teachers were kept'}.`,
      );
    }
    // What is left: caching the logits of the members that were trained, and nothing else.
    eta.replaceRemaining(
      models.map((_, m) => [workKinds.teacherInference(config, memberArch(config.teacherArch, m), shape), dataset.count]),
    );
    const logits = await cacheLogits(
      env,
      config,
      models,
      eta,
      (text) => {
        finishing = text;
      },
      report,
    );
    return { models, logits, memberTestAccuracy, memberValAccuracy, stopped: stop.stopped, timing: clock.timing() };
  } catch (error) {
    models.forEach((m) => m.dispose());
    if (error instanceof NonFiniteLossError) {
      const kept = env.previousTeachers ? 'the previous teachers are kept' : 'no teachers were kept';
      throw new NonFiniteLossError(error.what, error.value, `Teacher training stopped; ${kept}.`);
    }
    throw error;
  }
}

/**
 * Every member's logits for every image, in chunks so Stop is seen quickly. The first Stop
 * (here or during training) lets caching finish, since the trained members are worthless
 * without it; a further Stop during caching discards them.
 */
async function cacheLogits(
  env: TeacherJobEnv,
  config: ExperimentConfig,
  models: tf.LayersModel[],
  eta: JobEta,
  setFinishing: (text: string | null) => void,
  report: Report,
): Promise<Float32Array[]> {
  const { dataset, stop } = env;
  const classes = dataset.classNames.length;
  const shape = shapeOf(dataset);
  const requestsAtStart = stop.requests;
  const all = allIndices(dataset);
  const plural = models.length === 1 ? '' : 's';
  const tables: Float32Array[] = [];
  /** A further Stop during caching (beyond the one that may have ended training) discards the new teachers. */
  const throwIfDiscarded = () => {
    if (stop.requests <= Math.max(requestsAtStart, 1)) return;
    throw new JobCancelledError(
      `Stopped while caching the teachers' logits: the ${models.length} new teacher${plural} ${models.length === 1 ? 'was' : 'were'} discarded; ` +
        `${env.previousTeachers ? 'the previous teachers are kept' : 'no teachers were kept'}.`,
    );
  };
  for (const [m, model] of models.entries()) {
    const inference = workKinds.teacherInference(config, memberArch(config.teacherArch, m), shape);
    const table = new Float32Array(dataset.count * classes);
    for (let start = 0; start < dataset.count; start += CACHE_CHUNK) {
      throwIfDiscarded();
      setFinishing(
        stop.stopped
          ? `Caching the logits of the ${models.length} trained teacher${plural} so ${models.length === 1 ? 'it is' : 'they are'} kept. ` +
              `Press Stop again to discard ${models.length === 1 ? 'it' : 'them'}${env.previousTeachers ? ' and keep the previous teachers' : ''}.`
          : null,
      );
      report({ phase: 'caching logits', member: m, epoch: config.teacherEpochs, batch: 0, loss: NaN }, start === 0);
      const chunk = all.subarray(start, start + CACHE_CHUNK);
      table.set(await measured(env.meter, eta, inference, chunk.length, () => predictLogits(model, dataset, chunk)), start * classes);
      await yieldToEventLoop();
    }
    tables.push(table);
  }
  throwIfDiscarded();
  return tables;
}

/** One member's training loop: loss windows and epoch points go to `sink`, speed to the meter. */
class MemberTrainer {
  private readonly classes: number;
  private readonly perEpoch: number;
  private readonly yielder = new Yielder();

  constructor(
    private readonly env: TeacherJobEnv,
    private readonly config: ExperimentConfig,
    private readonly indices: Int32Array,
    private readonly eta: JobEta,
    private readonly clock: LoopClock,
    private readonly report: Report,
    private readonly sink: { loss(point: TeacherLossPoint): void; epoch(point: TeacherEpochPoint): void },
  ) {
    this.classes = env.dataset.classNames.length;
    this.perEpoch = batchCount(indices.length, config.batchSize);
  }

  /**
   * Trains member `m` on hard labels. Returns null when stopped before it finished an epoch
   * (such a member is not worth keeping); `valAccuracy` is null when the weights changed after
   * the last validation pass (stopped mid-epoch).
   */
  async train(m: number): Promise<{ model: tf.LayersModel; valAccuracy: number | null } | null> {
    const { config, env, perEpoch } = this;
    const { dataset, stop } = env;
    const seed = memberSeed(config.seed, m);
    const arch = memberArch(config.teacherArch, m);
    const shape = shapeOf(dataset);
    const trainKind = workKinds.teacherTraining(config, arch, shape);
    const inferKind = workKinds.teacherInference(config, arch, shape);
    const model = createTeacher(config.teacherArch, config.teacherHidden, this.classes, seed, m, dataset);
    const trainer = GuardedTrainer.forModel(model, createOptimizer(config.optimizer, config.learningRate), `teacher ${m + 1}`);
    const random = seededRandom(seed);
    let finishedEpochs = 0;
    let valAccuracy: number | null = null;
    try {
      for (let epoch = 1; epoch <= config.teacherEpochs && !stop.stopped; epoch++) {
        let lossSum = 0;
        let lossCount = 0;
        let batch = 0;
        let windowImages = 0;
        let windowStart = performance.now();
        this.clock.start();
        for (const indices of batches(shuffled(this.indices, random), config.batchSize)) {
          if (stop.stopped) break;
          env.device.withBatch(indices, (x, y) => trainer.step(() => teacherLoss(model, x, y, config.teacherLabelSmoothing)));
          batch++;
          windowImages += indices.length;
          this.clock.samples += indices.length;
          if (batch % READ_EVERY === 0 || batch === perEpoch) {
            const rows = await trainer.check();
            const windowLoss = rows.reduce((sum, [loss]) => sum + loss!, 0) / rows.length;
            lossSum += windowLoss * rows.length;
            lossCount += rows.length;
            this.sink.loss({ member: m, epoch: epoch - 1 + batch / perEpoch, loss: windowLoss });
            this.eta.record(trainKind, windowImages, (performance.now() - windowStart) / 1000);
            windowImages = 0;
            windowStart = performance.now();
          }
          await this.yielder.maybe();
          this.report({ phase: 'training', member: m, epoch, batch, loss: lossCount ? lossSum / lossCount : NaN });
        }
        await trainer.check();
        this.eta.done(trainKind, windowImages);
        this.clock.stop();
        if (stop.stopped) {
          if (batch > 0) valAccuracy = null;
          break;
        }
        finishedEpochs++;
        valAccuracy = await measured(env.meter, this.eta, inferKind, dataset.split.val.length, async () =>
          accuracy(await predictLogits(model, dataset, dataset.split.val), gatherLabels(dataset, dataset.split.val), this.classes),
        );
        this.sink.epoch({ member: m, epoch, trainLoss: lossSum / lossCount, valAccuracy });
        this.report({ phase: 'training', member: m, epoch, batch, loss: lossSum / lossCount }, true);
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
    return { model, valAccuracy };
  }
}
