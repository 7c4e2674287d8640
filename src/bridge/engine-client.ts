/**
 * What the page asks of the compute worker: the store's EngineClient (tests pass a fake), and the
 * bridge as its entry points hold it. client.ts implements them over comlink.
 */
import type * as Comlink from 'comlink';
import type {
  BackendInfo,
  BackendRequest,
  CsvLabelChoice,
  DatasetSummary,
  DistillProgress,
  DistillResult,
  JobEstimate,
  LiveHyperparams,
  StudioEngine,
  DatasetImportOptions,
  DatasetPreview,
  ImportedData,
  ImportFile,
  TeacherFigures,
  TeacherProgress,
  TeacherResult,
  TeacherSnapshot,
} from '../shared/protocol';
import type { ExperimentConfig } from '../core/settings/config';

/** What the store needs from the compute side; tests pass a fake. */
export interface EngineClient {
  /** Starts a worker on the requested backend (terminating any previous one). */
  start(request: BackendRequest): Promise<BackendInfo>;
  /**
   * Terminates the worker, starts a new one, hands it the dataset again and restores the teachers
   * from the last snapshot, if the page holds them.
   */
  restart(request: BackendRequest): Promise<RestartResult>;
  /** Sends the worker a copy of the asset; the client keeps the original for restarts. */
  loadDataset(asset: ArrayBuffer): Promise<DatasetSummary>;
  /** Parses chosen files in the worker (their buffers are transferred: the caller's copies are emptied). */
  previewDataset(files: ImportFile[], options: DatasetImportOptions, onProgress: (stage: string) => void): Promise<DatasetPreview>;
  /** Parses the CSV of the last preview again with other options (its label column); the worker still holds its bytes. */
  reparseDataset(options: DatasetImportOptions, onProgress: (stage: string) => void): Promise<DatasetPreview>;
  /** The last previewed CSV's columns and the label column `options` pick (after a refusal too); null if it was not a CSV. */
  pendingLabelChoice(options: DatasetImportOptions): Promise<CsvLabelChoice | null>;
  /** Lets the worker forget the previewed dataset and its files. */
  discardImport(): Promise<void>;
  /** Teacher models from files (buffers transferred); kept for restarts like trained ones. */
  importTeacherModels(files: ImportFile[], config: ExperimentConfig): Promise<TeacherResult>;
  /** Logits of every teacher, the last student and its baseline at raw input points (teaching mode). */
  logitsAt(points: Float32Array): Promise<{ members: Float32Array[]; student: Float32Array | null; baseline: Float32Array | null }>;
  /** Loads an imported dataset (a saved one, at boot); the client keeps it for restarts. */
  loadImportedDataset(data: ImportedData, classNames: string[]): Promise<DatasetSummary>;
  /** Teachers from a logits file (its buffer is transferred); kept for restarts like trained ones. */
  importTeacherLogits(file: ImportFile, config: ExperimentConfig): Promise<TeacherResult>;
  /** Makes the previewed dataset current; the client keeps it for restarts and forgets the old teachers. */
  useImportedDataset(classNames: string[]): Promise<{ summary: DatasetSummary; data: ImportedData; classNames: string[] }>;
  trainTeachers(config: ExperimentConfig, onProgress: (p: TeacherProgress) => void): Promise<TeacherResult>;
  /** Puts these teachers back into the worker (used after a partial/failed run) and keeps them for restarts. */
  restoreTeachers(snapshot: TeacherSnapshot): Promise<void>;
  /** Sets each teacher's weight in the ensemble mean; the held snapshot keeps them for restarts. */
  setTeacherWeights(weights: number[]): Promise<TeacherFigures>;
  distill(config: ExperimentConfig, onProgress: (p: DistillProgress) => void): Promise<DistillResult>;
  setHyperparams(hyperparams: LiveHyperparams): void;
  stop(): void;
  /** Expected seconds of the next teacher job and distillation with `config` (null while a job runs). */
  estimate(config: ExperimentConfig): Promise<JobEstimate | null>;
  /** Called once per worker death (error event, messageerror, lost device) with a readable reason. */
  onCrash(listener: (message: string) => void): () => void;
  dispose(): void;
}

/**
 * The bridge as its entry points hold it: the store's EngineClient, and `remote` for an engine that
 * offers more than the studio's (the benchmark's worker), with the same crash handling.
 */
export interface WorkerClient<E extends StudioEngine> extends EngineClient {
  remote<T>(run: (engine: Comlink.Remote<E>) => Promise<T>): Promise<T>;
}

export interface RestartResult {
  backend: BackendInfo;
  /** Null when the page has no dataset yet (it failed to load before the restart). */
  dataset: DatasetSummary | null;
  restoredTeachers: boolean;
}
