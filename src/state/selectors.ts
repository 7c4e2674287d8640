/**
 * Module-level selectors: the view models each part of the UI reads, built on the rules in
 * rules.ts (re-exported here). Components use them through the hooks in hooks.ts.
 */
import { sampleWords } from './words';
import { changedTeacherSettings } from '../core/settings/config';
import { shareCount } from '../core/data/data';
import { isWeighted } from '../core/losses/registry';
import { matchingPreset } from '../core/settings/presets';
import { importProblemPointer } from './messages';
import { sweepSize, type SweepPoint } from '../core/training/sweep';
import type { UnsupportedArchs } from '../shared/protocol';
import {
  currentEstimate,
  currentSweepEstimate,
  distillBlocker,
  drawnSeries,
  isRunning,
  selectedRun,
  sweepBlocker,
  teacherRunBlocker,
} from './rules';
import { readSweepLists, sweepFraction } from './sweep';
import type { StudioActions, StudioState } from './types';

export {
  archBlocker,
  comparedRuns,
  currentSweepEstimate,
  distillBlocker,
  drawnSeries,
  estimateBlocker,
  estimateKey,
  hasUnsavedWork,
  isRunning,
  selectedRun,
  sweepBlocker,
  teacherRunBlocker,
} from './rules';

const NONE_UNSUPPORTED: UnsupportedArchs = {};
const NO_POINTS: SweepPoint[] = [];

const NO_CLASSES: string[] = [];

/** The manifest replay (slices/replay-slice.ts): its state and, when done, each student recorded against replayed. */
export const selectReplay = (s: StudioState) => ({ replay: s.replay });

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
  readsText: s.dataset?.text !== undefined,
});

export const selectEnsemblePanel = (s: StudioState) => ({ teachers: s.teachers, running: isRunning(s) });

export const selectDatasetPanel = (s: StudioState) => ({
  summary: s.datasetSummary,
  datasetImport: s.datasetImport,
  running: isRunning(s) || s.job === 'import' || s.workerState !== 'ready',
  teachers: s.teachers !== null,
  runs: s.runs.length,
  /** The current dataset's texts and encoding (the dataset's own object, so the selection stays equal), or null for images and tables. */
  text: s.dataset?.text ?? null,
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

/**
 * The training points a run's students learn from: `trainingPoints` with their labels (the split's,
 * as "Training images (%)" and "Student labels (%)" take them; session.transferSet), and
 * `transferPoints`, the rest of the teachers' points, which the distilled student sees unlabelled.
 */
function studentPoints(s: StudioState): { trainingPoints: number; transferPoints: number } {
  const { trainPercent, studentLabelPercent, batchSize } = s.config;
  const teachers = s.datasetSummary ? shareCount(s.datasetSummary.train, trainPercent, batchSize) : 0;
  const labelled = shareCount(teachers, studentLabelPercent, batchSize);
  return { trainingPoints: labelled, transferPoints: teachers - labelled };
}

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
  ...studentPoints(s),
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
export const selectWords = (s: StudioState) =>
  sampleWords(s.datasetId, s.mode, !s.dataset || s.dataset.image ? 'image' : s.dataset.text ? 'text' : 'table');

/** Every action of the store (the functions among its fields: each slice's intents), for the components to call. */
export const selectActions = (s: StudioState): StudioActions =>
  Object.fromEntries(Object.entries(s).filter(([, value]) => typeof value === 'function')) as StudioActions;
