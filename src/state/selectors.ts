/**
 * Module-level selectors: what a run needs before it may start, and the slices each part of the
 * UI reads. Components use them through the hooks in hooks.ts.
 */
import { sampleWords } from './words';
import { changedTeacherSettings, datasetProblems } from '../core/settings/config';
import { isCnnLayout } from '../core/settings/layouts';
import { isWeighted } from '../core/losses/registry';
import { matchingPreset } from '../core/settings/presets';
import { backendLabel } from './format';
import { importProblemPointer } from './messages';
import { sweepSize, type SweepPoint } from '../core/training/sweep';
import type { UnsupportedArchs } from '../shared/protocol';
import { runSeries } from './series';
import { readSweepLists, sweepFraction } from './sweep';
import type { Series, StudentRun, StudioState } from './types';

const NONE_UNSUPPORTED: UnsupportedArchs = {};
const NO_POINTS: SweepPoint[] = [];
const NO_CLASSES: string[] = [];

/** Why no job can start now (for any job), or null. */
function jobBlocker(s: StudioState): string | null {
  if (isRunning(s)) return 'A job is running: wait for it or press Stop.';
  if (s.job === 'booting') return 'Waiting for the compute worker and the dataset.';
  if (s.job === 'restarting') return 'The compute worker is restarting.';
  if (s.workerState === 'crashed') return 'The compute worker crashed: restart it first.';
  if (s.workerState === 'failed') return 'The compute worker is not running: choose a backend to start it.';
  if (!s.datasetSummary) return 'The dataset has not loaded.';
  const errors = [...Object.values(s.fieldErrors), ...datasetProblems(s.config, s.datasetSummary.classNames.length)];
  if (errors.length > 0) return `Fix the settings first: ${errors.join(' ')}`;
  return null;
}

/** Why the chosen teacher model cannot train on this backend (known before the click), or null. */
export function archBlocker(s: StudioState): string | null {
  const { teacherArch, ensembleSize } = s.config;
  if (teacherArch === 'mixed' && ensembleSize < 2) return null; // one member: an MLP
  return s.backend?.unsupported[teacherArch] ?? null;
}

/** Why "Train teachers" cannot run now, or null. */
export function teacherRunBlocker(s: StudioState): string | null {
  return jobBlocker(s) ?? archBlocker(s);
}

const NO_TEACHERS = 'Train teachers first: the student learns from their soft labels.';

/** Why "Distill student" cannot run now, or null. */
export function distillBlocker(s: StudioState): string | null {
  const blocker = jobBlocker(s);
  if (blocker) return blocker;
  if (!s.teachers) return NO_TEACHERS;
  return cnnStudentBlocker(s, [s.config.studentHidden]);
}

/** Why a CNN student among `layouts` cannot train on this backend (no conv gradients on WASM), or null. */
function cnnStudentBlocker(s: StudioState, layouts: readonly unknown[]): string | null {
  if (!s.backend?.unsupported.cnn || !layouts.some((l) => isCnnLayout(String(l)))) return null;
  return `The CNN student cannot train on ${backendLabel(s.backend.name)} (no convolution gradients there). Choose WebGPU, WebGL or CPU, or an MLP student.`;
}

/** Why no time estimate can be asked for now, or null. */
export function estimateBlocker(s: StudioState): string | null {
  return s.job !== 'idle' ? 'a job is running' : jobBlocker(s);
}

export function isRunning(s: StudioState): boolean {
  return s.job === 'teachers' || s.job === 'distill' || s.job === 'sweep';
}

/** Why "Run sweep" cannot run now, or null. */
export function sweepBlocker(s: StudioState): string | null {
  // The form's own student does not matter here: the lists give each point's.
  const blocker = jobBlocker(s) ?? (s.teachers ? null : NO_TEACHERS);
  if (blocker) return blocker;
  const errors = Object.values(s.sweepErrors);
  if (errors.length > 0) return `Fix the sweep's lists first: ${errors.join(' ')}`;
  const sizes = readSweepLists(s.sweepLists).axes.find((a) => a.key === 'studentHidden')?.values ?? [];
  return cnnStudentBlocker(s, sizes);
}

/**
 * Something the user would lose by leaving the page (the leave-page prompt asks only then): a
 * running job; a write to saved data still under way; something the browser refused to save; or,
 * where nothing is saved (no usable storage, teaching mode), trained teachers, runs or a sweep's
 * students. An idle page whose work is saved leaves without asking.
 */
export function hasUnsavedWork(s: StudioState): boolean {
  if (isRunning(s) || s.saved.pending > 0 || s.saved.unsaved.length > 0) return true;
  const saving = s.saved.state === 'on' && s.mode === 'studio';
  return !saving && (s.teachers !== null || s.runs.length > 0 || (s.sweep?.points.length ?? 0) > 0);
}

/** The run the details table shows: the selected one, else the newest. */
export function selectedRun(s: StudioState): StudentRun | null {
  return s.runs.find((r) => r.id === s.selectedRunId) ?? s.runs.at(-1) ?? null;
}

/** Each run's curves are built once (the charts' selectors must answer the same arrays for the same state). */
const runSeriesCache = new WeakMap<StudentRun, Series>();

function cachedRunSeries(run: StudentRun): Series {
  let series = runSeriesCache.get(run);
  if (!series) {
    series = runSeries(run);
    runSeriesCache.set(run, series);
  }
  return series;
}

const hasCurves = (series: Series) => series.losses.length > 0 || series.accuracies.length > 0;

/**
 * What the loss, accuracy and weight charts draw, and the run it belongs to (null: the live
 * series). A distillation or sweep that is running owns the charts. Otherwise a run picked with
 * "Show run N" is drawn from its record; else the curves of this visit's last job; else (after a
 * reload) the newest run's, from its record.
 */
export function drawnSeries(s: StudioState): { series: Series; run: StudentRun | null } {
  if (s.job === 'distill' || s.job === 'sweep') return { series: s.series, run: null };
  const picked = s.selectedRunId === null ? undefined : s.runs.find((r) => r.id === s.selectedRunId);
  if (picked) return { series: cachedRunSeries(picked), run: picked };
  if (hasCurves(s.series)) return { series: s.series, run: null };
  const newest = s.runs.at(-1);
  return newest ? { series: cachedRunSeries(newest), run: newest } : { series: s.series, run: null };
}

/**
 * What an estimate holds for besides the settings: the dataset and the backend it was measured on
 * (a figure from another dataset or backend is never shown).
 */
export function estimateKey(s: Pick<StudioState, 'datasetId' | 'backend'>): string {
  return `${s.datasetId}|${s.backend?.name ?? ''}`;
}

/** Expected seconds of each job for the current settings, if measured for exactly these settings, dataset and backend. */
function currentEstimate(s: StudioState): { teacherSeconds: number; distillSeconds: number; basis: 'measured' | 'probe' } | null {
  return s.estimate && s.estimate.config === s.config && s.estimate.on === estimateKey(s) ? s.estimate : null;
}

export const selectConfigForm = (s: StudioState) => ({
  config: s.config,
  drafts: s.drafts,
  fieldErrors: s.fieldErrors,
  running: isRunning(s),
  unsupported: s.backend?.unsupported ?? NONE_UNSUPPORTED,
  classNames: s.datasetSummary?.classNames ?? NO_CLASSES,
  preset: matchingPreset(s.config),
});

export const selectBackend = (s: StudioState) => ({
  backendRequest: s.backendRequest,
  backend: s.backend,
  workerState: s.workerState,
  busy: s.job !== 'idle',
});

export const selectStatus = (s: StudioState) => ({ status: s.status, error: s.error, notice: s.notice, crash: s.crash, job: s.job });

export const selectRunBar = (s: StudioState) => ({
  job: s.job,
  teacherBlocker: teacherRunBlocker(s),
  distillBlocker: distillBlocker(s),
  estimate: currentEstimate(s),
  backendName: s.backend?.name ?? null,
  stopRequested: s.stopRequested,
  fraction: jobFraction(s),
});

/** How far the running job is, 0..1 (a sweep counts its finished students and the current one's progress). */
function jobFraction(s: StudioState): number {
  if (s.job === 'teachers') return s.teacherProgress?.fraction ?? 0;
  if (s.job === 'distill') return s.distillProgress?.fraction ?? 0;
  if (s.job === 'sweep' && s.sweep) {
    const current = s.sweep.current ?? s.sweep.configs.length;
    return sweepFraction(s.sweep.expectedSeconds, current, s.sweep.configs.length, s.distillProgress?.fraction ?? 0);
  }
  return 0;
}

/** The sweep's estimate if it was asked for exactly these lists and settings, on this dataset and backend. */
export function currentSweepEstimate(s: StudioState) {
  const e = s.sweepEstimate;
  return e && e.lists === s.sweepLists && e.config === s.config && e.on === estimateKey(s) ? e : null;
}

/** Every student of the page (runs and finished sweep points) for the accuracy/size chart. */
export const selectPareto = (s: StudioState) => ({
  runs: s.runs,
  sweepPoints: s.sweep?.points ?? NO_POINTS,
  ensembleTestAccuracy: s.teachers?.ensembleTestAccuracy ?? null,
});

/** Whether the page's sweep is kept in this browser, in words ('' while there is none or nothing is known yet). */
function sweepSavedText(s: StudioState): string {
  if (!s.sweep) return '';
  if (s.saved.state === 'off') return 'Not saved in this browser: it stays on this page until it is closed.';
  if (s.saved.unsaved.includes('the sweep')) return 'Not saved: the browser refused to save it; leaving the page would lose it.';
  if (s.saved.state === 'on') return 'Saved in this browser as each student finishes; a reload brings it back.';
  return '';
}

export const selectSweepPanel = (s: StudioState) => ({
  savedText: sweepSavedText(s),
  lists: s.sweepLists,
  errors: s.sweepErrors,
  blocker: sweepBlocker(s),
  size: sweepSize(readSweepLists(s.sweepLists).axes),
  estimate: currentSweepEstimate(s),
  backendName: s.backend?.name ?? null,
  job: s.job,
  sweep: s.sweep,
});

export const selectTeacherPanel = (s: StudioState) => ({
  job: s.job,
  progress: s.teacherProgress,
  teachers: s.teachers,
  series: s.teacherSeries,
  formOpen: s.teacherFormOpen || s.teachers === null,
  /** Teacher settings edited since training, comma-separated ('' when none): a string, so the hook's shallow compare holds. */
  changed: s.teachers ? changedTeacherSettings(s.config, s.teachers.snapshot.config).join(',') : '',
});

export const selectStudentPanel = (s: StudioState) => ({
  job: s.job,
  temperature: s.config.temperature,
  alpha: s.config.alpha,
  loss: s.config.loss,
  temperatureSchedule: s.config.temperatureSchedule,
  running: isRunning(s),
  sweeping: s.job === 'sweep',
});

export const selectEnsemblePanel = (s: StudioState) => ({ teachers: s.teachers, running: isRunning(s) });

export const selectDatasetPanel = (s: StudioState) => ({
  summary: s.datasetSummary,
  datasetImport: s.datasetImport,
  running: isRunning(s) || s.job === 'import' || s.workerState !== 'ready',
  teachers: s.teachers !== null,
  runs: s.runs.length,
});

/** The alerts' pointer to a problem said in the Dataset panel (an import refused), or null. */
export const selectImportProblem = (s: StudioState) => ({ pointer: importProblemPointer(s.datasetImport) });

/** The page's copy of the dataset (labels, thumbnails). */
export const selectDataset = (s: StudioState) => ({ dataset: s.dataset, datasetId: s.datasetId });

export const selectSample = (s: StudioState) => ({
  dataset: s.dataset,
  snapshot: s.teachers?.snapshot ?? null,
  temperature: s.config.temperature,
  // The soft labels come from the trained teachers, combined as they were trained to be.
  mode: s.teachers?.snapshot.config.ensembleMode ?? s.config.ensembleMode,
  samplePosition: s.samplePosition,
  sampleDigit: s.sampleDigit,
  showMembers: s.showMembers,
  showStudent: s.showStudent,
  teachers: s.teachers,
  calibrateTeachers: s.config.calibrateTeachers,
  teacherConfidence: s.config.teacherConfidence,
  /** The newest run's outputs: its student's distribution can be shown beside the ensemble's. */
  latestRun: s.runs.at(-1) ?? null,
});

export const selectLossChart = (s: StudioState) => {
  const { series, run } = drawnSeries(s);
  return {
    losses: series.losses,
    marks: series.marks,
    schedule: series.schedule,
    distilledWith: series.distilledWith,
    /** The run drawn from its record, by name; null for the live curves. */
    runName: run?.name ?? null,
  };
};

/** The epochs with soft-term weights (WSLD, teacher confidence), and the loss of the run they came from. */
export const selectWeightChart = (s: StudioState) => {
  const { series } = drawnSeries(s);
  return {
    epochs: series.softWeights,
    /** The drawn run's loss if it had weights, else the next run's. */
    loss: isWeighted(series.distilledWith.loss) ? series.distilledWith.loss : s.config.loss,
  };
};

export const selectAccuracyChart = (s: StudioState) => {
  const { series, run } = drawnSeries(s);
  // A run drawn from its record is measured against its own teachers.
  const ensemble = run ? run.result.results.ensemble : null;
  return {
    accuracies: series.accuracies,
    marks: series.marks,
    batchesPerEpoch: series.batchesPerEpoch,
    ensembleValAccuracy: ensemble ? ensemble.valAccuracy : (s.teachers?.ensembleValAccuracy ?? null),
    ensembleTestAccuracy: ensemble ? ensemble.testAccuracy : (s.teachers?.ensembleTestAccuracy ?? null),
    runName: run?.name ?? null,
  };
};

export const selectSaved = (s: StudioState) => ({ saved: s.saved });

/** One empty list, so the shallow comparison of a selector without a dataset holds. */
const NO_NAMES: string[] = [];

export const selectTeaching = (s: StudioState) => ({
  mode: s.mode,
  toy: s.toy,
  toyErrors: s.toyErrors,
  grid: s.grid,
  teachers: s.teachers,
  temperature: s.config.temperature,
  calibrateTeachers: s.config.calibrateTeachers,
  teacherConfidence: s.config.teacherConfidence,
  ensembleMode: s.teachers?.snapshot.config.ensembleMode ?? s.config.ensembleMode,
  classNames: s.dataset?.classNames ?? NO_NAMES,
  running: isRunning(s),
  classroom: s.classroom,
  lesson: s.lesson,
  /** Labelled training points a run learns from (the split's, as "Training images (%)" takes them; session.trainingIndices). */
  trainingPoints: s.datasetSummary
    ? s.config.trainPercent >= 100
      ? s.datasetSummary.train
      : Math.min(s.datasetSummary.train, Math.max(s.config.batchSize, Math.round((s.datasetSummary.train * s.config.trainPercent) / 100)))
    : 0,
  alpha: s.config.alpha,
  job: s.job,
  status: s.status,
});

/**
 * The classroom view's figures: the newest run's test accuracies (distilled and baseline), the
 * ensemble's, whether students are training now, and what a reset would delete (the teachers and
 * the runs of the page).
 */
export const selectClassroom = (s: StudioState) => {
  const results = s.runs.at(-1)?.result.results;
  return {
    runId: s.runs.at(-1)?.id ?? null,
    studentTestAccuracy: results?.student.testAccuracy ?? null,
    baselineTestAccuracy: results?.baseline.testAccuracy ?? null,
    ensembleTestAccuracy: s.teachers?.ensembleTestAccuracy ?? null,
    teacherCount: s.teachers?.memberTestAccuracy.length ?? 0,
    runCount: s.runs.length,
    distilling: s.job === 'distill',
  };
};

/** The loss as it is being trained: the loss chart's readings (the distilled student's total, the baseline's CE), decimated. */
export const selectLiveLoss = (s: StudioState) => ({ losses: s.series.losses });

/** The section shown, and what its tabs mark: a run finished since Results was last shown, how many runs are ticked to compare. */
export const selectSections = (s: StudioState) => ({
  section: s.section,
  unseenRunId: s.unseenRunId,
  compareCount: s.compareIds.length,
});

/** The runs and which of them are ticked for comparison (comparedRuns picks them). */
export const selectCompare = (s: StudioState) => ({ runs: s.runs, compareIds: s.compareIds });

/** The runs ticked for comparison, oldest first. */
export function comparedRuns(runs: readonly StudentRun[], compareIds: readonly number[]): StudentRun[] {
  return runs.filter((r) => compareIds.includes(r.id));
}

/**
 * The run bar's headline: the newest run's test accuracies (distilled, baseline) and whether the
 * Results section is shown (else the bar offers it).
 */
export const selectRunHeadline = (s: StudioState) => {
  const run = s.runs.at(-1) ?? null;
  return {
    run,
    resultsShown: s.section === 'results',
    /** Teaching mode has no sections to offer. */
    sections: s.mode === 'studio',
  };
};

export const selectResults = (s: StudioState) => ({
  compareIds: s.compareIds,
  teachersId: s.teachers?.id ?? null,
  busy: isRunning(s),
  runs: s.runs,
  selected: selectedRun(s),
  training: s.job === 'distill' ? (s.runs.at(-1)?.id ?? 0) + 1 : null,
});

/** What the page calls a sample of the current dataset (words.ts). */
export const selectWords = (s: StudioState) => sampleWords(s.datasetId, s.mode, s.dataset ? s.dataset.image !== null : true);

export const selectActions = (s: StudioState) => ({
  setParam: s.setParam,
  setLayout: s.setLayout,
  setChoice: s.setChoice,
  setFlag: s.setFlag,
  setTemperature: s.setTemperature,
  setAlpha: s.setAlpha,
  replaceConfig: s.replaceConfig,
  applyPreset: s.applyPreset,
  restartWorker: s.restartWorker,
  trainTeachers: s.trainTeachers,
  distill: s.distill,
  stop: s.stop,
  dismissError: s.dismissError,
  dismissNotice: s.dismissNotice,
  selectRun: s.selectRun,
  downloadModel: s.downloadModel,
  downloadOnnx: s.downloadOnnx,
  exportRun: s.exportRun,
  exportComparison: s.exportComparison,
  setTeacherFormOpen: s.setTeacherFormOpen,
  setTeacherWeights: s.setTeacherWeights,
  importTeacherLogits: s.importTeacherLogits,
  importTeacherModels: s.importTeacherModels,
  renameRun: s.renameRun,
  setToy: s.setToy,
  setClassroom: s.setClassroom,
  trainOrStop: s.trainOrStop,
  startLesson: s.startLesson,
  showLessonStep: s.showLessonStep,
  endLesson: s.endLesson,
  loadRun: s.loadRun,
  deleteRun: s.deleteRun,
  toggleCompare: s.toggleCompare,
  clearSaved: s.clearSaved,
  importDatasetFiles: s.importDatasetFiles,
  chooseLabelColumn: s.chooseLabelColumn,
  setImportClassNames: s.setImportClassNames,
  switchToImportedDataset: s.switchToImportedDataset,
  cancelImport: s.cancelImport,
  switchToBundledDataset: s.switchToBundledDataset,
  nextSample: s.nextSample,
  previousSample: s.previousSample,
  setSampleDigit: s.setSampleDigit,
  setShowMembers: s.setShowMembers,
  setShowStudent: s.setShowStudent,
  setSweepList: s.setSweepList,
  runSweep: s.runSweep,
  exportSweep: s.exportSweep,
  applySweepSettings: s.applySweepSettings,
  showSection: s.showSection,
});
