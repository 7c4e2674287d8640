/**
 * How long a job will take on this backend and dataset: a probe that times real steps of every
 * kind of work not measured yet, with the jobs' own step code, so the page can state the expected
 * time before the click. The work each job does is counted in job-work.ts, the speeds kept in
 * rates.ts.
 */
import * as tf from '@tensorflow/tfjs';
import type { ExperimentConfig } from '../settings/config';
import { seededRandom, shuffled } from '../data/data';
import type { DeviceDataset } from '../data/device-data';
import { ensembleRun, TIMING_SAMPLES } from '../evaluation/evaluation';
import { Yielder } from './job';
import type { RateMeter, WorkKind } from './rates';
import { createStudent, createTeacher, memberArch, type MemberArch } from '../models/models';
import { imagesTensor, predictLogits } from '../models/predict';
import { createPairTraining } from './pair-training';
import { DistillStep, labelMask } from '../losses/distill-step';
import { LogitsCache } from '../ensemble/ensemble';
import { teacherLoss } from '../losses/steps';
import { createOptimizer, GuardedTrainer, READ_EVERY, stepsTaken } from './training';
import { pairBatch, shapeOf, splitSizes, workKinds, type TeacherSide } from './job-work';
import type { StudentSamples } from './student-samples';

/**
 * A probe's warm-up: untimed windows of READ_EVERY steps (or of one inference run) until two in a
 * row are no faster than the best before them and PROBE_WARMUP_WINDOWS have run — for training,
 * also WARM_KIND_STEPS of this step and WARM_PROCESS_STEPS of any in this process (the worker) —
 * at least PROBE_WARMUP_STEPS, at most PROBE_WARMUP_SECONDS. The first steps allocate, compile and
 * pack; then the JavaScript engine takes a few hundred steps to optimise tfjs's code and the step's
 * own, and until then a small model's step costs up to three times what it costs in a job (measured
 * in CPU time: README, "Estimates"). In Chromium a small model's step still speeds up after 256
 * steps of its kind (the spirals' student pair: its probe read 1.7–2× the job's rate then), so a
 * kind warms for 640. A large model's step is bound by its arithmetic, and the time limit ends its
 * warm-up first.
 */
const PROBE_WARMUP_STEPS = 2;
const PROBE_WARMUP_WINDOWS = 4;
const PROBE_WARMUP_SECONDS = 2.5;
const WARM_KIND_STEPS = 640;
const WARM_PROCESS_STEPS = 400;
/**
 * Then a probe times windows of READ_EVERY steps (as the jobs read) for at least PROBE_SECONDS and
 * PROBE_WINDOWS windows (at most PROBE_MAX_WINDOWS; a slow backend stops after PROBE_MIN_STEPS once
 * twice that time has passed), and takes the median window's seconds per image: a moment in which
 * the machine was busy with something else (seconds of it, on a shared machine) does not become the
 * estimate. A small model's windows in a worker vary by 3× from one to the next (collection,
 * yielding), so the median needs a few dozen of them: 0.3 s of windows missed by ±35 %. Inference runs are timed one by one the same way (PROBE_RUNS to PROBE_MAX_RUNS).
 */
const PROBE_SECONDS = 0.8;
const PROBE_WINDOWS = 3;
const PROBE_MAX_WINDOWS = 24;
const PROBE_MIN_STEPS = 3;
const PROBE_RUNS = 3;
const PROBE_MAX_RUNS = 10;
/** Images of a probe's inference call (the jobs predict in chunks of this size). */
const PROBE_IMAGES = 500;

function medianOf(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

const secondsSince = (start: number) => (performance.now() - start) / 1000;

/**
 * Runs `step(k)` for k = 0, 1, … until it stops getting faster (see PROBE_WARMUP_STEPS), in windows
 * of `every` steps that end with `read`; returns the steps taken.
 */
async function warmUp(step: (k: number) => unknown, read: () => Promise<unknown>, training: boolean): Promise<number> {
  const every = training ? READ_EVERY : 1;
  const start = performance.now();
  let windowStart = start;
  let best = Infinity;
  let flat = 0;
  let steps = 0;
  for (;;) {
    await step(steps++);
    if (steps % every === 0) {
      await read();
      const window = secondsSince(windowStart);
      windowStart = performance.now();
      flat = window >= 0.9 * best ? flat + 1 : 0;
      best = Math.min(best, window);
      const warm = !training || (steps >= WARM_KIND_STEPS && stepsTaken.count >= WARM_PROCESS_STEPS);
      if (flat >= 2 && steps / every >= PROBE_WARMUP_WINDOWS && warm) break;
    }
    if (steps >= PROBE_WARMUP_STEPS && secondsSince(start) >= PROBE_WARMUP_SECONDS) break;
  }
  if (steps % every !== 0) await read();
  return steps;
}

/**
 * Times training steps as a job's loop runs them, after the warm-up: `step(k)` trains on a batch and
 * returns its samples; the loop yields to the event loop as the jobs do (Yielder: a small model's
 * step pays for it) and reads back every READ_EVERY steps. Windows as PROBE_SECONDS says; the
 * images it trained on, and the seconds they took at the median window's rate.
 */
async function timeSteps(step: (k: number) => number, read: () => Promise<unknown>): Promise<{ images: number; seconds: number }> {
  const yielder = new Yielder();
  const jobStep = async (k: number) => {
    const images = step(k);
    await yielder.maybe();
    return images;
  };
  let k = await warmUp(jobStep, read, true);
  const start = performance.now();
  const perImage: number[] = [];
  let images = 0;
  for (let steps = 0; perImage.length < PROBE_MAX_WINDOWS;) {
    const windowStart = performance.now();
    let windowImages = 0;
    let slow = false;
    for (let w = 0; w < READ_EVERY && !slow; w++) {
      windowImages += await jobStep(k++);
      steps++;
      slow = steps >= PROBE_MIN_STEPS && secondsSince(start) >= 2 * PROBE_SECONDS;
    }
    await read();
    perImage.push(secondsSince(windowStart) / windowImages);
    images += windowImages;
    if (slow || (perImage.length >= PROBE_WINDOWS && secondsSince(start) >= PROBE_SECONDS)) break;
  }
  return { images, seconds: medianOf(perImage) * images };
}

/** Times `run` (an inference on `images` images) after its warm-up: the median of PROBE_RUNS or more runs over a third of PROBE_SECONDS. */
async function timeRuns(run: () => Promise<unknown>, images: number): Promise<{ images: number; seconds: number }> {
  await warmUp(run, async () => undefined, false);
  const start = performance.now();
  const times: number[] = [];
  do {
    const runStart = performance.now();
    await run();
    times.push(secondsSince(runStart));
  } while (times.length < PROBE_MAX_RUNS && (times.length < PROBE_RUNS || secondsSince(start) < PROBE_SECONDS / 3));
  return { images: times.length * images, seconds: medianOf(times) * times.length };
}

/**
 * Times real steps of every kind of work the teacher job and the distillation of `config` need that
 * the meter has not measured yet, with the jobs' own step code, batches and inference calls (see
 * timeSteps and timeRuns). `teachers` are the ones a distillation would learn from, `samples` the
 * samples it would see. Returns the kinds it measured.
 */
export async function probeThroughput(
  device: DeviceDataset,
  meter: RateMeter,
  config: ExperimentConfig,
  teachers: TeacherSide,
  samples: StudentSamples,
): Promise<string[]> {
  const { dataset } = device;
  const sizes = splitSizes(dataset, samples.labelled.length, samples.unlabelled.length);
  const shape = shapeOf(dataset);
  const { classes } = shape;
  const probed: string[] = [];
  const record = (kind: WorkKind, timed: { images: number; seconds: number }) => {
    meter.record(kind, timed.images, timed.seconds);
    probed.push(kind.key);
  };
  const random = seededRandom(config.seed + 17);
  const order = shuffled(dataset.split.train, random);
  const labelledBatch = (k: number) => {
    const size = Math.min(config.batchSize, order.length);
    const start = (k * size) % Math.max(1, order.length - size + 1);
    return order.subarray(start, start + size);
  };
  const inferIndices =
    dataset.split.val.length > 0 ? dataset.split.val.subarray(0, PROBE_IMAGES) : dataset.split.test.subarray(0, PROBE_IMAGES);
  const inference = (model: tf.LayersModel) => timeRuns(() => predictLogits(model, dataset, inferIndices), inferIndices.length);

  /** Stand-in teachers by architecture and width (the speed of a step or a prediction does not depend on the weights). */
  const teacherModels = new Map<string, tf.LayersModel>();
  const teacherModel = (arch: MemberArch, hidden: number) => {
    const key = `${arch}:${hidden}`;
    let model = teacherModels.get(key);
    if (!model) teacherModels.set(key, (model = createTeacher(arch, hidden, classes, config.seed, 0, dataset)));
    return model;
  };

  try {
    const archs = new Set(Array.from({ length: config.ensembleSize }, (_, m) => memberArch(config.teacherArch, m)));
    for (const arch of archs) {
      const train = workKinds.teacherTraining(config, arch, shape);
      const infer = workKinds.teacherInference(config, arch, shape);
      const model = teacherModel(arch, config.teacherHidden);
      if (meter.measured(train) === null) {
        const trainer = GuardedTrainer.forModel(model, createOptimizer(config.optimizer, config.learningRate), 'probe');
        try {
          const step = (k: number) => {
            const batch = labelledBatch(k);
            device.withBatch(batch, (x, y) => trainer.step(() => teacherLoss(model, x, y)));
            return batch.length;
          };
          record(train, await timeSteps(step, () => trainer.check()));
        } finally {
          trainer.dispose();
        }
      }
      if (meter.measured(infer) === null) record(infer, await inference(model));
    }

    const ensemble = workKinds.ensembleInference(teachers.config, teachers.members, shape);
    const timing = dataset.split.test.subarray(0, TIMING_SAMPLES);
    if (teachers.members > 0 && timing.length > 0 && meter.measured(ensemble) === null) {
      const members = Array.from({ length: teachers.members }, (_, m) =>
        teacherModel(memberArch(teachers.config.teacherArch, m), teachers.config.teacherHidden),
      );
      const x = imagesTensor(dataset, timing);
      try {
        record(ensemble, await timeRuns(ensembleRun(members, x, teachers.config.ensembleMode), timing.length));
      } finally {
        x.dispose();
      }
    }
  } finally {
    teacherModels.forEach((model) => model.dispose());
  }

  const batch = pairBatch(config.batchSize, sizes.train, sizes.unlabelled);
  const pairKind = workKinds.studentPairTraining(config, shape, batch);
  const studentInfer = workKinds.studentInference(config, shape);
  if (meter.measured(pairKind) === null) {
    const { unlabelled } = samples;
    // Stand-in teachers: the speed of a step does not depend on their logits' values.
    const members = tf.tidy(() => tf.randomNormal([1, dataset.count, classes], 0, 1, 'float32', 1)) as tf.Tensor3D;
    const stand = new LogitsCache([members.dataSync() as Float32Array], classes);
    members.dispose();
    const plan = new DistillStep(config, stand, config.ensembleMode, labelMask(dataset.count, unlabelled));
    // Built as the distillation builds them, so a DOT step is timed with its two tapes.
    const { pair, trainer } = createPairTraining(config, classes, dataset, plan.variables, 'probe');
    const extra = batch - Math.min(config.batchSize, order.length);
    const unlabelledOrder = shuffled(unlabelled, random);
    const hyper = { temperature: config.temperature, alpha: config.alpha };
    try {
      const step = (k: number) => {
        const labelled = labelledBatch(k);
        let indices = labelled;
        if (extra > 0 && unlabelledOrder.length > 0) {
          const start = (k * extra) % Math.max(1, unlabelledOrder.length - extra + 1);
          indices = new Int32Array(labelled.length + Math.min(extra, unlabelledOrder.length));
          indices.set(labelled);
          indices.set(unlabelledOrder.subarray(start, start + extra), labelled.length);
        }
        const where = { step: 0, steps: 1, epoch: 1, epochs: config.studentEpochs };
        device.withBatch(indices, (x, y, at) => trainer.step(() => plan.loss(pair, x, y, at, hyper, where)));
        return indices.length;
      };
      record(pairKind, await timeSteps(step, () => trainer.check()));
    } finally {
      stand.dispose();
      plan.dispose();
      trainer.dispose();
      pair.dispose();
    }
  }
  if (meter.measured(studentInfer) === null) {
    const student = createStudent(config.studentHidden, classes, config.seed, 'probe_student', dataset);
    try {
      record(studentInfer, await inference(student));
    } finally {
      student.dispose();
    }
  }
  return probed;
}
