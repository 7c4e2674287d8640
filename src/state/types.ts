/**
 * The shape of the studio store: the slices composed into one state. Each slice's state and actions
 * are declared beside its code (slices/*-slice.ts) and re-exported here; components read through
 * the named hooks in hooks.ts and call the actions as intents.
 */
import type { StudentMetadata } from '../core/export/export';
import type { SavedModel } from '../shared/protocol';
import type { EngineClient } from '../bridge/client';
import type { SavedData } from '../storage/saved-data';
import type { BackendSlice } from './slices/backend-slice';
import type { ConfigSlice } from './slices/config-slice';
import type { DatasetSlice } from './slices/dataset-slice';
import type { ResultsSlice } from './slices/results-slice';
import type { RunSlice, SeriesSlice } from './slices/run-slice';
import type { SampleSlice } from './slices/sample-slice';
import type { SavedSlice } from './slices/saved-slice';
import type { SweepSlice } from './slices/sweep-slice';
import type { ReplaySlice } from './slices/replay-slice';
import type { TeachersSlice } from './slices/teachers-slice';
import type { TeachingSlice } from './slices/teaching-slice';
import type { ViewSlice } from './slices/view-slice';

export type { BackendSlice, WorkerState } from './slices/backend-slice';
export type { ConfigSlice } from './slices/config-slice';
export type { DatasetImport, DatasetSlice } from './slices/dataset-slice';
export type { ModelChoice, ResultsSlice, StudentRun } from './slices/results-slice';
export type { HyperMark, Job, RunSlice, Series, SeriesSlice, SoftWeightsPoint } from './slices/run-slice';
export type { SampleSlice } from './slices/sample-slice';
export type { SavedSlice } from './slices/saved-slice';
export type { SweepListKey, SweepLists, SweepRun, SweepSlice } from './slices/sweep-slice';
export type { TeacherRecord, TeacherSeries, TeachersSlice } from './slices/teachers-slice';
export type { TeachingSlice } from './slices/teaching-slice';
export type { ViewSlice } from './slices/view-slice';

export type StudioState = ConfigSlice &
  ViewSlice &
  TeachingSlice &
  SavedSlice &
  BackendSlice &
  DatasetSlice &
  RunSlice &
  TeachersSlice &
  SeriesSlice &
  ResultsSlice &
  SampleSlice &
  SweepSlice &
  ReplaySlice;

/** The store's actions: the functions among its fields (every slice's intents). */
export type StudioActions = {
  [K in keyof StudioState as StudioState[K] extends (...args: never[]) => unknown ? K : never]: StudioState[K];
};

/** Everything the store needs from outside; main.tsx wires the real ones, tests pass fakes. */
export interface StudioDeps {
  client: EngineClient;
  /** Fetches the dataset asset (/data/mnist.bin). */
  loadAsset(): Promise<ArrayBuffer>;
  /** Fetches the text dataset asset (/data/brown.json); absent in tests that do not need it. */
  loadTextAsset?(): Promise<ArrayBuffer>;
  /** Builds the model .zip and hands it to the browser under `fileName`. */
  saveModel(fileName: string, model: SavedModel, metadata: StudentMetadata): void;
  /** Hands a file (a sweep's CSV or JSON, a student's .onnx) to the browser. */
  saveFile(fileName: string, data: string | Uint8Array, type: string): void;
  /** Opens the browser's saved data; absent in tests that do not need it (nothing is then saved). */
  openSavedData?(): Promise<SavedData>;
  /** Milliseconds between setHyperparams calls while a slider moves; default 100 (10/s). */
  hyperparamsIntervalMs?: number;
  now?(): Date;
}
