/**
 * The shape of the studio store, one interface per concern. Actions live beside their state;
 * components read through the named hooks in hooks.ts and call these actions as intents.
 */
import type { ChoiceKey, ExperimentConfig, NumericKey } from '../core/config';
import type { Dataset } from '../core/data';
import type {
  BackendInfo,
  BackendRequest,
  DatasetSummary,
  DistillResult,
  EpochPoint,
  LossPoint,
  Progress,
  SavedModel,
  TeacherProgress,
  TeacherSnapshot,
} from '../worker/protocol';
import type { EngineClient } from '../worker/client';
import type { StudentMetadata } from './student-metadata';

/** The settings of the next run, and what the user is typing. */
export interface ConfigSlice {
  /** The last valid config; runs, the URL hash and the soft-label chart use this. */
  config: ExperimentConfig;
  /** Raw text of number inputs being edited (kept even when invalid, so the input shows it). */
  drafts: Partial<Record<NumericKey, string>>;
  /** One message per refused input. */
  fieldErrors: Partial<Record<NumericKey, string>>;
  /** Parses and validates the text of a numeric input; a bad value is refused and the config kept. */
  setParam(key: NumericKey, text: string): void;
  /** Sets a select-style setting (CHOICES); values that are not among its options are ignored. */
  setChoice(key: ChoiceKey, value: string): void;
  /** Also sent to a running distillation (throttled). */
  setTemperature(temperature: number): void;
  setAlpha(alpha: number): void;
  /** Replaces the whole config (e.g. a pasted link); clears drafts and errors. */
  replaceConfig(config: ExperimentConfig): void;
}

export type WorkerState = 'starting' | 'ready' | 'crashed' | 'failed';

/** The compute worker and the dataset. */
export interface BackendSlice {
  backendRequest: BackendRequest;
  backend: BackendInfo | null;
  workerState: WorkerState;
  /** Why the worker died, while it is dead. */
  crash: string | null;
  /** The page's own parse of the asset (thumbnails); the worker has its own copy. */
  dataset: Dataset | null;
  datasetSummary: DatasetSummary | null;
  /** Starts the worker and loads MNIST. Call once. */
  boot(): Promise<void>;
  /** Starts a fresh worker on `request`, restoring the dataset and teachers. */
  restartWorker(request: BackendRequest): Promise<void>;
}

export type Job = 'idle' | 'booting' | 'restarting' | 'teachers' | 'distill';

/** What is running, how far it is, and what went wrong. */
export interface RunSlice {
  job: Job;
  /** One line for the live status region. */
  status: string;
  /** The last error that is not a crash (shown in an alert); results are kept. */
  error: string | null;
  teacherProgress: TeacherProgress | null;
  distillProgress: Progress | null;
  stopRequested: boolean;
  trainTeachers(): Promise<void>;
  distill(): Promise<void>;
  /** Stops teacher training or distillation after the current batch. */
  stop(): void;
  dismissError(): void;
}

export interface TeacherRecord {
  snapshot: TeacherSnapshot;
  memberTestAccuracy: number[];
  ensembleTestAccuracy: number;
  stopped: boolean;
}

export interface TeachersSlice {
  teachers: TeacherRecord | null;
}

/** A change of T or alpha during distillation, drawn as a vertical line on the loss chart. */
export interface HyperMark {
  step: number;
  /** T and alpha before the change. */
  from: { temperature: number; alpha: number };
  temperature: number;
  alpha: number;
  label: string;
}

export interface Series {
  /** Loss readings, decimated to at most MAX_LOSS_POINTS (every `stride`-th reading is kept). */
  losses: LossPoint[];
  stride: number;
  /** Readings received so far in this run (kept or not). */
  seen: number;
  accuracies: EpochPoint[];
  marks: HyperMark[];
  /** T and alpha of the latest reading, to detect changes. */
  lastHyper: { temperature: number; alpha: number } | null;
  /** Reading index of the latest mark, so a slider drag makes one mark, not dozens. */
  lastMarkReading: number;
}

export interface SeriesSlice {
  series: Series;
}

export interface StudentRecord {
  result: DistillResult;
  /** The config of the run, with the T and alpha in effect at its end. */
  config: ExperimentConfig;
  classNames: string[];
  createdAt: string;
}

export interface ResultsSlice {
  student: StudentRecord | null;
  downloadStudent(): void;
}

export interface SampleSlice {
  /** Position in the test split (filtered by `sampleDigit` when set). */
  samplePosition: number;
  sampleDigit: number | null;
  showMembers: boolean;
  nextSample(): void;
  previousSample(): void;
  setSampleDigit(digit: number | null): void;
  setShowMembers(show: boolean): void;
}

export type StudioState = ConfigSlice & BackendSlice & RunSlice & TeachersSlice & SeriesSlice & ResultsSlice & SampleSlice;

/** Everything the store needs from outside; main.tsx wires the real ones, tests pass fakes. */
export interface StudioDeps {
  client: EngineClient;
  /** Fetches the dataset asset (/data/mnist.bin). */
  loadAsset(): Promise<ArrayBuffer>;
  /** Builds the student .zip and hands it to the browser. */
  saveStudent(model: SavedModel, metadata: StudentMetadata): void;
  /** Milliseconds between setHyperparams calls while a slider moves; default 100 (10/s). */
  hyperparamsIntervalMs?: number;
  now?(): Date;
}
