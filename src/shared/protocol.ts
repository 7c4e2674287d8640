/**
 * The contract between the page and the compute worker. The worker exposes one object of type
 * StudioEngine through comlink; the page only ever calls these methods, through the bridge's
 * EngineClient (src/bridge/client.ts), which is derived from this type: the API is declared here once.
 *
 * Everything the user must not lose (teacher weights, cached logits, the last good student)
 * crosses to the page as plain data, so a crashed worker can be replaced and restored.
 */
import { BACKENDS, type BackendName, type ExperimentConfig } from '../core/settings/config';
import type {
  DatasetSummary,
  DistillProgress,
  DistillResult,
  JobEstimate,
  LiveHyperparams,
  ProgressCallback,
  TeacherFigures,
  TeacherProgress,
  TeacherResult,
  TeacherSnapshot,
  UnsupportedArchs,
} from '../core/types';
import type { CsvLabelChoice, DatasetImportOptions, DatasetPreview } from '../core/import/dataset-files';
import type { ImportedData } from '../core/import/types';
import type { TextEncoding } from '../core/text/corpus';

export type { CsvLabelChoice, DatasetImportOptions, DatasetPreview, ImportedData, TextEncoding };

export type BackendRequest = BackendName | 'auto';

/** A chosen file as it crosses to the worker (its bytes transferred, not copied). */
export interface ImportFile {
  name: string;
  buffer: ArrayBuffer;
}

/** `?backend=webgpu|webgl|wasm|cpu` from a URL's search string; anything else means 'auto'. */
export function backendFromSearch(search: string): BackendRequest {
  const value = new URLSearchParams(search).get('backend');
  return value !== null && (BACKENDS as readonly string[]).includes(value) ? (value as BackendRequest) : 'auto';
}

/** Names of the engine's errors, as they arrive on the page (comlink carries name and message). */
export const ENGINE_ERRORS = { cancelled: 'JobCancelledError', nonFinite: 'NonFiniteLossError' } as const;

export interface BackendInfo {
  /** The backend tfjs runs on. */
  name: BackendName;
  requested: BackendRequest;
  /** Preferred backends that were tried and skipped, with the reason. */
  skipped: { name: BackendName; reason: string }[];
  /** e.g. "WASM with SIMD, 2 threads". */
  detail: string;
  /** Teacher models this backend cannot train, with the reason (the page disables them). */
  unsupported: UnsupportedArchs;
}

export type * from '../core/types';

export interface StudioEngine {
  /** Picks and initialises a backend: the request, or the first of webgpu → webgl → wasm → cpu that works. */
  init(request: BackendRequest): Promise<BackendInfo>;
  /** Hands the worker the dataset asset (a copy; the page keeps its own). */
  loadDataset(asset: ArrayBuffer): Promise<DatasetSummary>;
  /**
   * Parses chosen files (IDX, CSV, a zip of images) into a dataset held aside, and describes it;
   * the current dataset, teachers and runs are untouched. `onProgress` names each stage. A CSV's
   * bytes stay in the worker until the import is used or discarded (even when refused), so that
   * another label column can be read from them.
   */
  previewDataset(files: ImportFile[], options: DatasetImportOptions, onProgress: (stage: string) => void): Promise<DatasetPreview>;
  /** Parses the CSV of the last previewDataset again with other options (its label column), without the page sending it again. */
  reparseDataset(options: DatasetImportOptions, onProgress: (stage: string) => void): Promise<DatasetPreview>;
  /**
   * The columns of the CSV of the last previewDataset (its header, read alone) and the label column
   * `options` pick, also after the CSV was refused: the "Label column" chooser. Null for other formats.
   */
  pendingLabelChoice(options: DatasetImportOptions): Promise<CsvLabelChoice | null>;
  /** Forgets the dataset held aside and the files it came from (the import was cancelled). */
  discardImport(): Promise<void>;
  /** Makes the previewed dataset current (with the class names given): a new session, without teachers. Returns it for the page's copy. */
  useImportedDataset(classNames: string[]): Promise<{ summary: DatasetSummary; data: ImportedData; classNames: string[] }>;
  /** Teachers from a file of their logits for every sample (.npy, .csv, .json), checked against the dataset; replaces the current teachers. */
  importTeacherLogits(file: ImportFile, config: ExperimentConfig): Promise<TeacherResult>;
  /** Teacher models of one's own (model.json + weight files, or .zip files), checked against the dataset; they join the trained teachers. */
  importTeacherModels(files: ImportFile[], config: ExperimentConfig): Promise<TeacherResult>;
  /** Every teacher's, the last student's and its baseline's logits at these raw input points (teaching mode's decision regions). */
  logitsAt(points: Float32Array): Promise<{ members: Float32Array[]; student: Float32Array | null; baseline: Float32Array | null }>;
  /**
   * Reads a text corpus asset (public/data/brown.json), tokenises it with `encoding` (the vocabulary
   * built on its training split) and makes it current: a new session, without teachers. Returns it
   * for the page's copy, like useImportedDataset.
   */
  loadTextCorpus(
    asset: ArrayBuffer,
    encoding: TextEncoding,
  ): Promise<{ summary: DatasetSummary; data: ImportedData; classNames: string[] }>;
  /** Loads an imported dataset again (a worker restart). */
  loadImportedDataset(data: ImportedData, classNames: string[]): Promise<DatasetSummary>;
  trainTeachers(config: ExperimentConfig, onProgress: ProgressCallback<TeacherProgress>): Promise<TeacherResult>;
  /** Rebuilds the teachers and their cached logits from a snapshot (after a worker restart). */
  restoreTeachers(snapshot: TeacherSnapshot): Promise<TeacherFigures>;
  /** Sets each teacher's weight in the ensemble mean; returns the ensemble's figures with them. Refused while a job runs. */
  setTeacherWeights(weights: number[]): Promise<TeacherFigures>;
  /** Trains the distilled student and its baseline; needs teachers. */
  distill(config: ExperimentConfig, onProgress: ProgressCallback<DistillProgress>): Promise<DistillResult>;
  /** Takes effect on the running distillation within one batch. */
  setHyperparams(hyperparams: LiveHyperparams): void;
  /** Asks the running job to stop after the current batch (a second call while caching logits discards the new teachers). */
  stop(): void;
  /**
   * Expected seconds of a teacher job and a distillation with `config` on this backend, from
   * measured throughput (probing a few real steps if needed); null while a job runs.
   */
  estimate(config: ExperimentConfig): Promise<JobEstimate | null>;
  /**
   * Registers a callback for faults outside any call, such as a lost GPU device. After a fault the
   * page should restart the worker (on another backend) and restore the teachers.
   */
  watchFaults(onFault: (message: string) => void): void;
}
