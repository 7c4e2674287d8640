/**
 * The contract between the page and the compute worker. The worker exposes one object of type
 * StudioEngine through comlink; the page only ever calls these methods (src/worker/client.ts).
 *
 * Everything the user must not lose (teacher weights, cached logits, the last good student)
 * crosses to the page as plain data, so a crashed worker can be replaced and restored.
 */
import type { BackendName, ExperimentConfig } from '../core/config';

export type BackendRequest = BackendName | 'auto';

export interface BackendInfo {
  /** The backend tfjs runs on. */
  name: BackendName;
  requested: BackendRequest;
  /** Preferred backends that were tried and skipped, with the reason. */
  skipped: { name: BackendName; reason: string }[];
  /** e.g. "WASM with SIMD, 2 threads". */
  detail: string;
}

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

export interface Progress {
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

export interface TeacherResult {
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
  results: Results;
  student: SavedModel;
  /** True when stopped by the user; the results describe the student as it was then. */
  stopped: boolean;
  /** Set when training was halted because the loss became NaN/Infinity; the student is the last good one. */
  failure: string | null;
}

export type ProgressCallback<P> = (progress: P) => void;

export interface StudioEngine {
  /** Picks and initialises a backend: the request, or the first of webgpu → webgl → wasm → cpu that works. */
  init(request: BackendRequest): Promise<BackendInfo>;
  /** Hands the worker the dataset asset (a copy; the page keeps its own). */
  loadDataset(asset: ArrayBuffer): Promise<DatasetSummary>;
  trainTeachers(config: ExperimentConfig, onProgress: ProgressCallback<TeacherProgress>): Promise<TeacherResult>;
  /** Rebuilds the teachers and their cached logits from a snapshot (after a worker restart). */
  restoreTeachers(snapshot: TeacherSnapshot): Promise<void>;
  /** Trains the distilled student and its baseline; needs teachers. */
  distill(config: ExperimentConfig, onProgress: ProgressCallback<DistillProgress>): Promise<DistillResult>;
  /** Takes effect on the running distillation within one batch. */
  setHyperparams(hyperparams: LiveHyperparams): void;
  /** Asks the running job to stop after the current batch. */
  stop(): void;
  /** tfjs tensor count, for leak checks. */
  memory(): { numTensors: number; numBytes: number };
}
