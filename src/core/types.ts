/**
 * Plain-data types the engine produces: progress, results, saved models. They cross the worker
 * boundary by structured clone, so they hold only data (no tensors, no functions).
 */
import type { ExperimentConfig } from './config';

export interface DatasetSummary {
  name: string;
  classNames: string[];
  count: number;
  train: number;
  val: number;
  test: number;
}

/** A TensorFlow.js Layers model as plain data (what model.save hands to an IOHandler). */
export interface SavedModel {
  modelTopology: object;
  weightSpecs: WeightSpec[];
  weightData: ArrayBuffer;
}

export interface WeightSpec {
  name: string;
  shape: number[];
  dtype: 'float32' | 'int32' | 'bool' | 'string' | 'complex64';
}

/** What a job is doing: its batches, or the evaluation/caching that follows them. */
export type JobPhase = 'training' | 'evaluating' | 'caching logits';

export interface Progress {
  phase: JobPhase;
  /** 0..1 over the whole job. */
  fraction: number;
  epoch: number;
  epochs: number;
  batch: number;
  batches: number;
  /** Estimated from the rate so far; null until it can be estimated. */
  secondsLeft: number | null;
}

export interface TeacherProgress extends Progress {
  /** 0-based index of the member being trained. */
  member: number;
  members: number;
  /** Mean training loss of the current epoch so far. */
  loss: number;
  /** Test accuracy of each member finished so far. */
  memberTestAccuracy: number[];
}

/** Teacher state the page keeps, so a new worker can be restored without retraining. */
export interface TeacherSnapshot {
  config: ExperimentConfig;
  members: SavedModel[];
  /** One Float32Array per member: count × classes logits for every sample, in inference mode. */
  logits: Float32Array[];
}

/**
 * Where a job's time went: its batch loops (forward, backward, guard reads, yielding, progress)
 * against the whole job, which also evaluates, caches logits and saves weights.
 */
export interface JobTiming {
  /** Images through the training loops (for teachers: summed over members). */
  samples: number;
  loopSeconds: number;
  totalSeconds: number;
}

export interface TeacherResult {
  timing: JobTiming;
  snapshot: TeacherSnapshot;
  memberTestAccuracy: number[];
  ensembleTestAccuracy: number;
  /** True when the user stopped training early (the members trained so far are kept). */
  stopped: boolean;
}

export interface LiveHyperparams {
  temperature: number;
  alpha: number;
}

/** One loss reading of the distilled student, taken every few batches. */
export interface LossPoint {
  /** Student batches seen so far (x axis). */
  step: number;
  epoch: number;
  temperature: number;
  alpha: number;
  /** alpha·T²·KL + (1 − alpha)·CE */
  total: number;
  /** KL(p_teacher,T ‖ p_student,T), without the alpha·T² factor. */
  soft: number;
  /** CE(y, p_student) at T = 1. */
  hard: number;
  /** CE of the baseline student on the same batch step. */
  baseline: number;
}

/** Accuracies at the end of an epoch. */
export interface EpochPoint {
  epoch: number;
  step: number;
  /** Accuracy on the epoch's training batches, as the student saw them (its running accuracy). */
  studentTrainAccuracy: number;
  studentTestAccuracy: number;
  baselineTestAccuracy: number;
}

export interface DistillProgress extends Progress {
  /** Readings since the previous progress message (batched, a few messages per second). */
  losses: LossPoint[];
  accuracies: EpochPoint[];
}

export interface ModelRow {
  params: number;
  bytes: number;
  testAccuracy: number;
  /** Expected calibration error, 15 equal-width confidence bins. */
  ece: number;
  /** Fraction of test images where top-1 agrees with the ensemble (1 for the ensemble). */
  agreement: number;
  /** Mean KL(p_ensemble ‖ p_model) at T = 1 over the test split (0 for the ensemble). */
  meanKl: number;
  /** Milliseconds to classify 1,000 images, measured in the worker after a warm-up. */
  msPer1000: number;
}

export interface Results {
  ensemble: ModelRow;
  student: ModelRow;
  baseline: ModelRow;
  /** ensemble bytes / student bytes */
  compression: number;
  /** ensemble ms / student ms */
  speedup: number;
  temperature: number;
  alpha: number;
}

export interface DistillResult {
  /** Samples counts images through the distilled student (the baseline trains on the same batches). */
  timing: JobTiming;
  results: Results;
  student: SavedModel;
  /** True when stopped by the user; the results describe the student as it was then. */
  stopped: boolean;
  /** Set when training was halted because the loss became NaN/Infinity; the student is the last good one. */
  failure: string | null;
}

export type ProgressCallback<P> = (progress: P) => void;
