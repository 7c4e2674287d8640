/**
 * Plain-data types the engine produces: progress, results, saved models. They cross the worker
 * boundary by structured clone, so they hold only data (no tensors, no functions).
 *
 * Over 300 lines on purpose: one vocabulary (declarations only) that both threads read; it reads
 * best whole.
 */
import type { TeacherCalibration } from './ensemble/calibration';
import type { EnsembleDiversity } from './ensemble/diversity';
import type { TeacherView } from './ensemble/teacher-view';
import type { ExperimentConfig, TeacherArch } from './settings/config';

export interface DatasetSummary {
  name: string;
  classNames: string[];
  count: number;
  train: number;
  val: number;
  test: number;
  /** SHA-256 of the samples, labels and split (data/dataset-hash.ts): what a manifest pins. */
  hash: string;
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
  /** How the bytes are stored when not as `dtype` (tfjs dequantizes on load; core/quantize.ts). */
  quantization?: { dtype: 'float16' } | { dtype: 'uint8' | 'uint16'; min: number; scale: number };
}

/** What a job is doing: its batches, or the evaluation/caching that follows them. */
export type JobPhase = 'training' | 'evaluating' | 'caching logits';

export interface Progress {
  phase: JobPhase;
  /** 0..1 over the whole job, evaluation and logit caching included. */
  fraction: number;
  epoch: number;
  epochs: number;
  batch: number;
  batches: number;
  /** Seconds until the whole job ends, from the throughput measured so far; null until it can be estimated. */
  secondsLeft: number | null;
  /** Set once Stop was pressed and the job still finishes something: what, and for how long. */
  finishing: string | null;
}

/** A teacher's training loss, read every few batches. */
export interface TeacherLossPoint {
  member: number;
  /** Epochs of this member so far, fractional (batch / batches per epoch). */
  epoch: number;
  loss: number;
}

/** A teacher at the end of one of its epochs. */
export interface TeacherEpochPoint {
  member: number;
  epoch: number;
  /** Mean training loss of the epoch (with dropout active). */
  trainLoss: number;
  valAccuracy: number;
}

export interface TeacherProgress extends Progress {
  /** 0-based index of the member being trained. */
  member: number;
  members: number;
  /** Mean training loss of the current epoch so far. */
  loss: number;
  /** Test accuracy of each member finished so far. */
  memberTestAccuracy: number[];
  /** Readings since the previous progress message. */
  losses: TeacherLossPoint[];
  epochPoints: TeacherEpochPoint[];
}

/** Teacher state the page keeps, so a new worker can be restored without retraining. */
export interface TeacherSnapshot {
  /** The settings the teachers were trained with (not the form's current ones). */
  config: ExperimentConfig;
  members: SavedModel[];
  /** One Float32Array per member: count × classes logits for every sample, in inference mode. */
  logits: Float32Array[];
  /** Each member's weight in the ensemble mean (equal unless the user changed them). */
  weights: number[];
  /** Set when the teachers are logits imported from a file (its name): then there are no models, only the logits. */
  importedFrom: string | null;
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

/** What the ensemble is, with the current member weights: recomputed in the worker when they change. */
export interface TeacherFigures {
  weights: number[];
  ensembleTestAccuracy: number;
  ensembleValAccuracy: number;
  /** The members' calibration and diversity on the test split (core/diversity.ts). */
  diversity: EnsembleDiversity;
  /** Temperatures fitted on validation, and the members and ensemble on test before and after (core/calibration.ts). */
  calibration: TeacherCalibration;
}

export interface TeacherResult extends TeacherFigures {
  timing: JobTiming;
  snapshot: TeacherSnapshot;
  memberTestAccuracy: number[];
  memberValAccuracy: number[];
  /** True when the user stopped training early (the members trained so far are kept). */
  stopped: boolean;
}

export interface LiveHyperparams {
  temperature: number;
  alpha: number;
}

/** T and alpha from a batch on: one entry when the run starts, one per change while it runs. */
export interface ScheduleEntry extends LiveHyperparams {
  /** 0-based index of the first student batch trained with these values. */
  step: number;
  /** 1-based epoch and batch within it of that batch. */
  epoch: number;
  batch: number;
}

/** One loss reading of the distilled student, taken every few batches. */
export interface LossPoint {
  /** Student batches seen so far (x axis). */
  step: number;
  epoch: number;
  /** T of this batch: the slider's, a schedule's, or CTKD's learnt value. */
  temperature: number;
  alpha: number;
  /** The student's loss: softTerm + hardTerm (for vanilla KD, alpha·T²·KL + (1 − alpha)·CE). */
  total: number;
  /** The soft term as it enters the total (vanilla KD: alpha·T²·KL(p_teacher,T ‖ p_student,T)). */
  softTerm: number;
  /** The hard term as it enters the total (vanilla KD: (1 − alpha)·CE(y, p_student)). */
  hardTerm: number;
  /** KL(p_teacher,T ‖ p_student,T) without weights (DKD: α_DKD·TCKD + β·NCKD). */
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
  studentValAccuracy: number;
  /** Mean cross-entropy on the validation split (nats). */
  studentValLoss: number;
  /** Calibration (ECE) and fidelity to the ensemble (top-1 agreement, mean KL in nats), on the validation split. */
  studentValEce: number;
  studentValAgreement: number;
  studentValKl: number;
  studentTestAccuracy: number;
  baselineValAccuracy: number;
  baselineValLoss: number;
  baselineValEce: number;
  baselineValAgreement: number;
  baselineValKl: number;
  baselineTestAccuracy: number;
  /**
   * For losses that weigh the soft term per sample (WSLD, teacher confidence): the epoch's weights
   * over the transfer set, counted in WEIGHT_BINS equal bins of [0, 1], and their mean; null for the others.
   */
  softWeights: { counts: number[]; mean: number } | null;
}

export interface DistillProgress extends Progress {
  /** Readings since the previous progress message (batched, a few messages per second). */
  losses: LossPoint[];
  accuracies: EpochPoint[];
  /** Changes of T or alpha since the previous message (the first message carries the start values). */
  schedule: ScheduleEntry[];
}

export interface ModelRow {
  /** For a student trained with "Keep best epoch": the epoch whose weights it holds (best validation accuracy); else null. */
  keptEpoch: number | null;
  params: number;
  bytes: number;
  valAccuracy: number;
  testAccuracy: number;
  /** Expected calibration error, ECE_BINS equal-width confidence bins. */
  ece: number;
  /** Maximum calibration error over the same bins. */
  mce: number;
  /** Negative log-likelihood of the test labels (nats) and the multi-class Brier score. */
  nll: number;
  brier: number;
  /** The reliability diagram on the test split: ECE_BINS equal-width confidence bins (an empty bin's accuracy and confidence are NaN). */
  reliability: { count: number; accuracy: number; confidence: number }[];
  /** Fraction of test images where top-1 agrees with the ensemble (1 for the ensemble). */
  agreement: number;
  /** Mean KL(p_ensemble ‖ p_model) at T = 1 over the test split (0 for the ensemble). */
  meanKl: number;
  /** Milliseconds to classify 1,000 images, measured in the worker after a warm-up; NaN if not timed. */
  msPer1000: number;
}

/** A student's accuracies after one epoch of its run. */
export interface EpochFigures {
  epoch: number;
  valAccuracy: number;
  testAccuracy: number;
}

/** The epoch with the best validation accuracy (the earliest on a tie) and the last epoch. */
export interface BestAndLast {
  best: EpochFigures;
  last: EpochFigures;
}

/** Where a run was halted by a non-finite loss, and where its students were rolled back to. */
export interface Halt {
  /** 'distilled student', 'baseline student', or both, joined by 'and the'. */
  model: string;
  value: number;
  /** Batches trained when the non-finite reading was found, and its epoch. */
  step: number;
  epoch: number;
  /** Both students hold their weights after this many batches. */
  rolledBackTo: number;
}

export interface Results {
  ensemble: ModelRow;
  student: ModelRow;
  baseline: ModelRow;
  /** ensemble bytes / student bytes */
  compression: number;
  /** ensemble ms / student ms; NaN if not timed */
  speedup: number;
  /** T and alpha of the last batch trained. */
  temperature: number;
  alpha: number;
  /** Every T/alpha the run used, from the batch it took effect. */
  schedule: ScheduleEntry[];
  /** False when the run was stopped and the inference timing was skipped. */
  timed: boolean;
  /** Set when a non-finite loss halted the run. */
  halt: Halt | null;
  /**
   * Each student at its best epoch on validation and at its last epoch, side by side, whether or
   * not it kept the best (absent in runs saved before it was recorded, null when no epoch finished).
   */
  epochs?: { student: BestAndLast | null; baseline: BestAndLast | null };
  /** How the run saw the teachers: each member's logit scale (calibration × confidence) and weight. */
  teacherView: TeacherView;
}

/** A model's log-probabilities at T = 1 on the validation and test splits (rows in split order). */
export interface SplitOutputs {
  val: Float32Array;
  test: Float32Array;
}

/** What each model of a run said about every validation and test image (confusion matrices, bias shifts, the soft-label chart). */
export interface RunOutputs {
  ensemble: SplitOutputs;
  student: SplitOutputs;
  baseline: SplitOutputs;
}

/** The distilled student with its weights stored as `dtype`, loaded back and measured on the test split. */
export interface QuantizedRow {
  dtype: 'float32' | 'float16' | 'uint16' | 'uint8';
  /** Bytes of the weights file. */
  bytes: number;
  testAccuracy: number;
  /** Fraction of test images where its top-1 class is the float32 student's. */
  agreement: number;
}

export interface DistillResult {
  /** The distilled student under each weight format the download offers (float32 first). */
  quantized: QuantizedRow[];
  /** Samples counts images through the distilled student (the baseline trains on the same batches). */
  timing: JobTiming;
  results: Results;
  outputs: RunOutputs;
  student: SavedModel;
  /** The hard-label baseline, same size, seed and batches. */
  baseline: SavedModel;
  /** Accuracies of every finished epoch (the same points the progress messages carried). */
  accuracies: EpochPoint[];
  /** True when stopped by the user; the results describe the student as it was then. */
  stopped: boolean;
  /** Set when training was halted because the loss became NaN/Infinity; the student is the last good one. */
  failure: string | null;
}

/** What a run will cost before it starts, from throughput measured on this backend. */
export interface JobEstimate {
  teacherSeconds: number;
  distillSeconds: number;
  /** 'measured': from earlier jobs; 'probe': from a few timed steps taken just now. */
  basis: 'measured' | 'probe';
}

/** Teacher models this backend cannot train, with the reason (e.g. missing gradient kernels). */
export type UnsupportedArchs = Partial<Record<TeacherArch, string>>;

export type ProgressCallback<P> = (progress: P) => void;
