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
 * figure is the median of its runs. The bare sides are in bare-loops.ts, the step and memory
 * figures in step-costs.ts, the teachers' speed rows against PyTorch in teacher-speed.ts.
 */
import * as tf from '@tensorflow/tfjs';
import type { ExperimentConfig } from '../core/settings/config';
import type { Dataset } from '../core/data/data';
import { medianSeconds, TIMING_SAMPLES } from '../core/evaluation/evaluation';
import { imagesTensor, predictLogits } from '../core/models/predict';
import type { DistillationSession } from '../core/training/session';
import { fastWasmMatMulActive, useFastWasmMatMul } from '../core/models/wasm-matmul';
import { fastWasmGatherActive, useFastWasmGather } from '../core/models/wasm-gather';
import { sharedWasmIdentityActive, useSharedWasmIdentity } from '../core/models/wasm-identity';
import { bareTeachers, stockBareDistillation, tunedBareDistillation } from './bare-loops';
import { memoryCheck, stepCosts, type MemoryCheck, type StepCost } from './step-costs';
import { teacherSpeed, type SpeedReport } from './teacher-speed';

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
  /** The teachers' speed rows against PyTorch's (teacher-speed.ts); on wasm only, the backend the targets are set on. */
  speed: SpeedReport | null;
}

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

/** Runs `run` with tfjs's stock wasm kernels (BatchMatMul, GatherV2, Identity), then puts the fixes back. */
async function withStockMatMul<T>(run: () => Promise<T>): Promise<T> {
  const fixes = [
    { active: fastWasmMatMulActive(), use: useFastWasmMatMul },
    { active: fastWasmGatherActive(), use: useFastWasmGather },
    { active: sharedWasmIdentityActive(), use: useSharedWasmIdentity },
  ];
  fixes.forEach((fix) => fix.use(false));
  try {
    return await run();
  } finally {
    fixes.forEach((fix) => fix.active && fix.use(true));
  }
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
    speed: tf.getBackend() === 'wasm' ? await teacherSpeed(device) : null,
  };
}
