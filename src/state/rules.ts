/**
 * The studio's rules, read from the state: what may start now and why not, what an estimate holds
 * for, what the leave-page prompt guards, and which run the details and charts show. The slices
 * ask them before they act; the view-model selectors (selectors.ts) build on them.
 */
import { datasetProblems } from '../core/settings/config';
import { isCnnLayout } from '../core/settings/layouts';
import { backendLabel } from './format';
import { runSeries } from './series';
import { readSweepLists } from './sweep';
import type { Series, StudentRun, StudioState } from './types';

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
export function currentEstimate(s: StudioState): { teacherSeconds: number; distillSeconds: number; basis: 'measured' | 'probe' } | null {
  return s.estimate && s.estimate.config === s.config && s.estimate.on === estimateKey(s) ? s.estimate : null;
}

/** The sweep's estimate if it was asked for exactly these lists and settings, on this dataset and backend. */
export function currentSweepEstimate(s: StudioState) {
  const e = s.sweepEstimate;
  return e && e.lists === s.sweepLists && e.config === s.config && e.on === estimateKey(s) ? e : null;
}

/** The runs ticked for comparison, oldest first. */
export function comparedRuns(runs: readonly StudentRun[], compareIds: readonly number[]): StudentRun[] {
  return runs.filter((r) => compareIds.includes(r.id));
}
