/**
 * The shape of the studio store, one interface per concern. Actions live beside their state;
 * components read through the named hooks in hooks.ts and call these actions as intents.
 */
import type { TeacherCalibration } from '../core/ensemble/calibration';
import type { ChoiceKey, ExperimentConfig, FlagKey, NumericKey } from '../core/settings/config';
import type { Dataset } from '../core/data/data';
import type { DatasetInput, StudentMetadata } from '../core/export/export';
import type {
  BackendInfo,
  BackendRequest,
  DatasetSummary,
  DistillResult,
  EpochPoint,
  JobEstimate,
  LossPoint,
  Progress,
  SavedModel,
  ScheduleEntry,
  TeacherEpochPoint,
  TeacherLossPoint,
  TeacherProgress,
  TeacherResult,
  TeacherSnapshot,
} from '../shared/protocol';
import type { EngineClient } from '../bridge/client';
import type { SavedData, StorageUsage } from '../storage/saved-data';
import type { CsvLabelChoice, DatasetPreview } from '../core/import/dataset-files';
import type { LessonSettings } from './lesson';
import type { GridLogits } from '../core/ensemble/grid-maps';
import type { ToySettings } from '../core/data/toy-data';
import type { LayoutKey } from '../core/settings/config';
import type { PresetId } from '../core/settings/presets';
import type { WeightDtype } from '../core/export/quantize';
import type { SweepAxis, SweepPoint } from '../core/training/sweep';
import type { SectionId } from './sections';

/** The settings of the next run, and what the user is typing. */
export interface ConfigSlice {
  /** The last valid config; runs, the URL hash and the soft-label chart use this. */
  config: ExperimentConfig;
  /** Raw text of number inputs being edited (kept even when invalid, so the input shows it). */
  drafts: Partial<Record<NumericKey | LayoutKey, string>>;
  /** One message per refused input. */
  fieldErrors: Partial<Record<NumericKey | LayoutKey, string>>;
  /** Parses and validates the text of a numeric input; a bad value is refused and the config kept. */
  setParam(key: NumericKey, text: string): void;
  /** Parses a layout ("128-64", "none"); a bad one is refused with a message and the config kept. */
  setLayout(key: LayoutKey, text: string): void;
  /** Sets a select-style setting (a choice, or a class); values that are not among its options are ignored. */
  setChoice(key: ChoiceKey, value: string): void;
  /** Turns an on/off setting on or off. */
  setFlag(key: FlagKey, on: boolean): void;
  /** Also sent to a running distillation (throttled). */
  setTemperature(temperature: number): void;
  setAlpha(alpha: number): void;
  /** Replaces the whole config (e.g. a pasted link); clears drafts and errors. */
  replaceConfig(config: ExperimentConfig): void;
  /** Replaces the config with a preset's (not while a job runs). */
  applyPreset(id: PresetId): void;
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
  /** 'mnist' for the bundled dataset, else the id of the imported one (in saved data). */
  datasetId: string;
  /** Starts the worker and loads MNIST. Call once. */
  boot(): Promise<void>;
  /** Starts a fresh worker on `request`, restoring the dataset and teachers. */
  restartWorker(request: BackendRequest): Promise<void>;
}

export type Job = 'idle' | 'booting' | 'restarting' | 'teachers' | 'distill' | 'sweep' | 'import';

/**
 * Bringing in a dataset of one's own: files parsed in the worker, a preview, then the switch. A
 * refusal ('failed') stays here, said next to the file picker, until the next import or Dismiss.
 */
export interface DatasetImport {
  state: 'parsing' | 'preview' | 'switching' | 'failed';
  /** The chosen files' names. */
  files: string[];
  /** What the worker is doing now (parsing stages). */
  stage: string;
  preview: DatasetPreview | null;
  /** The class names as typed, one per class, comma-separated. */
  classNames: string;
  /** Why the files were refused ('failed') or the switch was (back in 'preview'); null when nothing went wrong. */
  error: string | null;
  /** A CSV's columns and its label column, for the "Label column" chooser (kept while it re-parses); null for other formats. */
  labelChoice: CsvLabelChoice | null;
  /** The label column the user chose (null: the one recognised by its name); used again if the same file is chosen again. */
  chosenLabelColumn: string | null;
}

export interface DatasetSlice {
  /** Null when no import is under way (the current dataset is in BackendSlice). */
  datasetImport: DatasetImport | null;
  /** Reads the chosen files (each refused by size before it is read) and parses them in the worker. */
  importDatasetFiles(files: { name: string; size: number; read(): Promise<ArrayBuffer> }[]): Promise<void>;
  /** Parses the chosen CSV again in the worker with `column` as its label column (the preview or the refusal offers it). */
  chooseLabelColumn(column: string): Promise<void>;
  setImportClassNames(text: string): void;
  /** Makes the previewed dataset current: the teachers and runs of the old one are cleared. */
  switchToImportedDataset(): Promise<void>;
  /** Drops the preview or the refusal (the worker forgets the files). */
  cancelImport(): void;
  /** Goes back to the bundled MNIST. */
  switchToBundledDataset(): Promise<void>;
}

/** What is running, how far it is, and what went wrong. */
export interface RunSlice {
  job: Job;
  /** One line for the live status region. */
  status: string;
  /** The last error that is not a crash (shown in an alert); results are kept. */
  error: string | null;
  /** Something the user should know that is not an error (e.g. a link's settings not applied during a run). */
  notice: string | null;
  teacherProgress: TeacherProgress | null;
  distillProgress: Progress | null;
  stopRequested: boolean;
  /**
   * Expected durations of the next jobs, for the settings in `config` on the dataset and backend
   * named by `on` (estimateKey): compare both with the current ones before showing it.
   */
  estimate: (JobEstimate & { config: ExperimentConfig; on: string }) | null;
  trainTeachers(): Promise<void>;
  distill(): Promise<void>;
  /** Stops teacher training or distillation after the current batch (pressed again while caching logits: discards the new teachers). */
  stop(): void;
  dismissError(): void;
  dismissNotice(): void;
  /** Shows a notice (e.g. why a link's settings were not applied). */
  notify(message: string): void;
  /** Asks the worker how long the next jobs would take with the current settings. */
  refreshEstimate(): Promise<void>;
}

export interface TeacherRecord {
  /** Identifies these teachers in saved data (runs point at the teachers they learnt from). */
  id: string;
  snapshot: TeacherSnapshot;
  memberTestAccuracy: number[];
  memberValAccuracy: number[];
  ensembleTestAccuracy: number;
  ensembleValAccuracy: number;
  diversity: TeacherResult['diversity'];
  /** Each member's weight in the ensemble mean (the snapshot's too). */
  weights: number[];
  /** Temperatures fitted on validation, figures before and after on test, for these weights. */
  calibration: TeacherCalibration;
  stopped: boolean;
  /** Seconds the whole job took. */
  seconds: number;
}

/** Live teacher curves: loss readings and epoch-end points of every member. */
export interface TeacherSeries {
  losses: TeacherLossPoint[];
  epochs: TeacherEpochPoint[];
}

export interface TeachersSlice {
  teachers: TeacherRecord | null;
  teacherSeries: TeacherSeries;
  /** The teacher settings are shown in full (before training, or after "Edit"). */
  teacherFormOpen: boolean;
  setTeacherFormOpen(open: boolean): void;
  /** Teacher models of one's own (model.json + weight files, or .zip files): they join the trained teachers. */
  importTeacherModels(files: { name: string; size: number; read(): Promise<ArrayBuffer> }[]): Promise<void>;
  /** Teachers from a file of their logits (.npy, .csv, .json) for every sample of the dataset; refused by size before it is read. */
  importTeacherLogits(file: { name: string; size: number; read(): Promise<ArrayBuffer> }): Promise<void>;
  /** Sends new member weights to the worker; every ensemble figure and the next run use them. Refused (with a message) while a job runs. */
  setTeacherWeights(weights: number[]): Promise<void>;
}

/** A change of T or alpha during distillation, drawn as a vertical line on the loss and accuracy charts. */
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
  /** Every T/alpha the run used, from the batch it took effect (exact, from the worker). */
  schedule: ScheduleEntry[];
  /** Changes of the schedule, a slider drag folded into one. */
  marks: HyperMark[];
  /** Student batches per epoch, to place marks on the accuracy chart's epoch axis. */
  batchesPerEpoch: number;
  /** Soft-term weights per epoch (weighted losses only; the accuracy points carry them too). */
  softWeights: SoftWeightsPoint[];
  /** The loss and T schedule of the run drawn (they name the loss terms and say where T comes from). */
  distilledWith: Pick<ExperimentConfig, 'loss' | 'temperatureSchedule'>;
}

export interface SoftWeightsPoint {
  epoch: number;
  counts: number[];
  mean: number;
}

export interface SeriesSlice {
  series: Series;
}

/** One distillation of this page: its settings, results and both students' weights. */
export interface StudentRun {
  /** 1, 2, …: "Run 1" in the table (unique across visits: saved runs keep theirs). */
  id: number;
  /** "Run 1" until the user renames it. */
  name: string;
  /** The dataset and the teachers it was distilled on and from (ids in saved data). */
  datasetId: string;
  teachersId: string;
  /** What an exported student needs to say about its input. */
  dataset: DatasetInput;
  /** The loss readings of the run (decimated as the chart keeps them), for comparing runs' curves. */
  losses: LossPoint[];
  result: DistillResult;
  /** The config of the run as started (T and alpha as at the start; the schedule has the rest). */
  config: ExperimentConfig;
  /** The settings the teachers it learnt from were trained with, and how many there were. */
  teacherConfig: ExperimentConfig;
  teacherMembers: number;
  /** The logits file the teachers came from, when they were imported rather than trained. */
  teachersImportedFrom: string | null;
  classNames: string[];
  createdAt: string;
}

export type ModelChoice = 'student' | 'baseline';

export interface ResultsSlice {
  /** Every finished distillation of this page, oldest first. */
  runs: StudentRun[];
  /** The run the details table and the downloads show; null means the newest. */
  selectedRunId: number | null;
  selectRun(id: number | null): void;
  /** Builds the .zip of a run's distilled student or baseline and hands it to the browser. */
  /** Hands a run's student to the browser as a .zip; the distilled student may be quantized (`weights`). */
  downloadModel(runId: number, which: ModelChoice, weights?: WeightDtype): void;
  /** Hands a run's student to the browser as an .onnx file (float32 weights). */
  downloadOnnx(runId: number, which: ModelChoice): void;
  /** Hands a run to the browser: its metrics per epoch as CSV, or the whole run (no weights) as JSON (state/run-export.ts). */
  exportRun(runId: number, format: 'csv' | 'json'): void;
  /** Hands several runs side by side to the browser as CSV or JSON, one row (entry) per run in the order given. */
  exportComparison(runIds: number[], format: 'csv' | 'json'): void;
}

export interface SampleSlice {
  /** Position in the test split (filtered by `sampleDigit` when set). */
  samplePosition: number;
  sampleDigit: number | null;
  showMembers: boolean;
  /** Show the newest run's distilled student next to the ensemble. */
  showStudent: boolean;
  nextSample(): void;
  previousSample(): void;
  setSampleDigit(digit: number | null): void;
  setShowMembers(show: boolean): void;
  setShowStudent(show: boolean): void;
}

/** The lists a sweep takes, as typed (one text per setting). */
export type SweepLists = Record<SweepListKey, string>;
export type SweepListKey = 'temperature' | 'alpha' | 'studentHidden' | 'loss' | 'calibrateTeachers' | 'seed';

/** A sweep: its students, one after another, with the teachers of the page. */
export interface SweepRun {
  /** The lists as typed when it started (a restored sweep puts them back in the inputs). */
  lists: SweepLists;
  /** The settings every point shares (the form's at the start). */
  base: ExperimentConfig;
  teacherConfig: ExperimentConfig;
  /** The teachers it distilled from (their id in saved data), and when it started (ISO 8601). */
  teachersId: string;
  createdAt: string;
  axes: SweepAxis[];
  configs: ExperimentConfig[];
  /** Finished points (and a stopped or halted one), in order. */
  points: SweepPoint[];
  /** 0-based index of the point training now; null when the sweep is over. */
  current: number | null;
  /** Expected seconds of each point, from this backend's measured speed (null: not known). */
  expectedSeconds: number[] | null;
  /** A sweep that was running when the page closed comes back 'stopped', with its finished points. */
  state: 'running' | 'done' | 'stopped' | 'failed';
  /** Set when it came from saved data: 'closed' when it was still running as the page closed. */
  restored: 'saved' | 'closed' | null;
}

export interface SweepSlice {
  sweepLists: SweepLists;
  /** One message per list that cannot be read. */
  sweepErrors: Partial<Record<SweepListKey, string>>;
  sweep: SweepRun | null;
  /** Expected seconds of the sweep the lists describe, for the current settings (null: not known yet). */
  sweepEstimate: {
    seconds: number;
    /** Expected seconds of each point, in sweep order. */
    perPoint: number[];
    basis: 'measured' | 'probe';
    lists: SweepLists;
    config: ExperimentConfig;
    /** The dataset and backend it was measured on (estimateKey). */
    on: string;
  } | null;
  setSweepList(key: SweepListKey, text: string): void;
  /** Trains one student per combination, one after another; Stop ends it keeping the finished points. */
  runSweep(): Promise<void>;
  /** Asks the worker how long the sweep would take (one probe per kind of student). */
  refreshSweepEstimate(): Promise<void>;
  /** Hands every point of the sweep to the browser as a CSV or JSON file. */
  exportSweep(format: 'csv' | 'json'): void;
  /** Copies a point's settings into the form (to run it alone, e.g. to download its student). */
  applySweepSettings(index: number): void;
}

/** Work kept in the browser (IndexedDB) across reloads, and the runs picked for comparison. */
export interface SavedSlice {
  saved: {
    /** 'off' when the browser has no usable storage (the page works in memory, and says so). */
    state: 'opening' | 'on' | 'off';
    usage: StorageUsage | null;
    /** The last problem with saving, shown under the runs (e.g. the quota). */
    problem: string | null;
    /** Writes queued or under way: until they end, leaving the page would lose what they carry. */
    pending: number;
    /** What the page holds that the last attempt failed to save ("run 3", "the sweep"), until it is saved. */
    unsaved: string[];
  };
  /** Runs ticked for comparison, in the order ticked. */
  compareIds: number[];
  /** Restores the last dataset, teachers, runs and the dataset's sweep from saved data (at boot, after MNIST is loaded). */
  restoreSaved(): Promise<void>;
  renameRun(id: number, name: string): void;
  /** Makes a run current: its teachers (from saved data, if others are current now) and its details and downloads. */
  loadRun(id: number): Promise<void>;
  deleteRun(id: number): void;
  toggleCompare(id: number): void;
  /** Deletes every saved dataset, teacher ensemble, run and sweep (what is on the page stays). */
  clearSaved(): Promise<void>;
}

/** Teaching mode: 2D datasets whose decision regions are painted (its own route, ?mode=teaching). */
export interface TeachingSlice {
  mode: 'studio' | 'teaching';
  toy: ToySettings;
  /** One message per setting that cannot be used (the dataset is kept). */
  toyErrors: string[];
  /** Logits over the grid: every teacher's, the last distilled student's and its baseline's. */
  grid: GridLogits | null;
  /** Generates the 2D dataset with these settings and loads it into the worker (clears teachers and runs). */
  setToy(changes: Partial<ToySettings>): Promise<void>;
  /** Asks the worker for the models' logits over the grid (after teachers train, after a run). */
  refreshGrid(): Promise<void>;
  /** The classroom view: large, high-contrast, controls reduced to T, alpha, Train and Reset. */
  classroom: boolean;
  setClassroom(on: boolean): void;
  /** The classroom's one button: trains the teachers if there are none, then distils; stops a running job. */
  trainOrStop(): Promise<void>;
  /** The guided lesson (lesson.ts): the step shown and the settings it started from, or null when it is not running. */
  lesson: { step: number; saved: LessonSettings } | null;
  /** Starts the lesson at its first step, remembering the settings it will change. */
  startLesson(): void;
  /** Shows a step, applying its setup. */
  showLessonStep(step: number): void;
  /** Ends the lesson and puts back every setting it changed. */
  endLesson(): void;
}

/** What the studio page shows beside the setup column: one section at a time (its id is in the URL's `?section=`). */
export interface ViewSlice {
  section: SectionId;
  /** The newest run, when it finished while another section was shown: the Results tab marks it as new until it is seen. */
  unseenRunId: number | null;
  /** Shows a section (Results marks its new run as seen). */
  showSection(section: SectionId): void;
}

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
  SweepSlice;

/** Everything the store needs from outside; main.tsx wires the real ones, tests pass fakes. */
export interface StudioDeps {
  client: EngineClient;
  /** Fetches the dataset asset (/data/mnist.bin). */
  loadAsset(): Promise<ArrayBuffer>;
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
