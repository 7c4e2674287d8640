/**
 * What saved data holds, as the page hands it over and gets it back: a dataset, teachers, a run, a
 * sweep, and the answers of a lookup or a listing. The IndexedDB behind them is in indexed-db.ts,
 * the checks a stored value passes before it is trusted in checks.ts.
 */
import type { ExperimentConfig } from '../core/settings/config';
import type { ImportedData } from '../core/import/types';
import type { SweepAxis, SweepPoint } from '../core/training/sweep';

export interface SavedDataset {
  id: string;
  name: string;
  /** ISO 8601, like `StudentRun.createdAt`. */
  createdAt: string;
  data: ImportedData;
}

export interface SavedTeachers {
  id: string;
  createdAt: string;
  datasetId: string;
  /** The caller's teacher record (e.g. a `TeacherRecord`): any structured-cloneable object. */
  record: unknown;
}

export interface SavedRun {
  /** The run's number ("Run 3"); runs list in this order. */
  id: number;
  name: string;
  createdAt: string;
  datasetId: string;
  teachersId: string;
  /** The caller's run and chart series (e.g. a `StudentRun` and a `Series`): structured-cloneable objects. */
  run: unknown;
  series: unknown;
}

export type SavedSweepState = 'running' | 'done' | 'stopped' | 'failed';

/** A sweep as it stood at its last change: written when it starts, as each point finishes, and when it ends. */
export interface SavedSweep {
  /** The dataset it ran on: one sweep per dataset is kept (the newest). */
  datasetId: string;
  /** When it started (ISO 8601). */
  createdAt: string;
  teachersId: string;
  /** The lists as typed in the sweep's inputs, one text per setting. */
  lists: Record<string, string>;
  /** The settings every point shares (the form's at the start), and the teachers'. */
  base: ExperimentConfig;
  teacherConfig: ExperimentConfig;
  /** The values the lists gave, and every point's settings in sweep order. */
  axes: SweepAxis[];
  configs: ExperimentConfig[];
  /** Finished points (and a stopped or halted one), in order, with their figures. */
  points: SweepPoint[];
  /** The key of the settings chosen on validation (core/sweep.ts, `sweepReport().selected`); null before a point finished. */
  chosen: string | null;
  /** 'running' when the page closed before the sweep ended. */
  state: SavedSweepState;
}

/** A stored record that was left out of a listing, and why (said so a person can understand it). */
export interface Skipped {
  key: IDBValidKey;
  reason: string;
}

/** What asking for one record found. */
export type Lookup<T> = { status: 'found'; value: T } | { status: 'missing' } | { status: 'unreadable'; reason: string };

export interface StorageUsage {
  /** Bytes this site uses and may use, as the browser estimates them; null where it does not say. */
  usedBytes: number | null;
  quotaBytes: number | null;
}

export interface SavedData {
  putDataset(dataset: SavedDataset): Promise<void>;
  getDataset(id: string): Promise<Lookup<SavedDataset>>;
  /** In id order. */
  listDatasets(): Promise<{ datasets: SavedDataset[]; skipped: Skipped[] }>;
  deleteDataset(id: string): Promise<void>;
  putTeachers(teachers: SavedTeachers): Promise<void>;
  getTeachers(id: string): Promise<Lookup<SavedTeachers>>;
  /** In id order. */
  listTeachers(): Promise<{ teachers: SavedTeachers[]; skipped: Skipped[] }>;
  deleteTeachers(id: string): Promise<void>;
  putRun(run: SavedRun): Promise<void>;
  /** Oldest (lowest id) first. */
  listRuns(): Promise<{ runs: SavedRun[]; skipped: Skipped[] }>;
  /** Rejects with a StorageError when the run is not saved or cannot be read. */
  renameRun(id: number, name: string): Promise<void>;
  deleteRun(id: number): Promise<void>;
  /** Replaces the dataset's saved sweep. */
  putSweep(sweep: SavedSweep): Promise<void>;
  getSweep(datasetId: string): Promise<Lookup<SavedSweep>>;
  /** In dataset-id order. */
  listSweeps(): Promise<{ sweeps: SavedSweep[]; skipped: Skipped[] }>;
  deleteSweep(datasetId: string): Promise<void>;
  /** undefined when nothing is stored under `key`. */
  getMeta(key: string): Promise<unknown>;
  setMeta(key: string, value: unknown): Promise<void>;
  usage(): Promise<StorageUsage>;
  /** Empties every store (the database itself stays). */
  clearAll(): Promise<void>;
  /** Closes the connection; later calls reject with a StorageError. */
  close(): void;
}
