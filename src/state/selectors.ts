/**
 * Module-level selectors: what a run needs before it may start, and the slices each part of the
 * UI reads. Components use them through the hooks in hooks.ts.
 */
import type { StudioState } from './types';

/** Why "Train teachers" cannot run now, or null. */
export function teacherRunBlocker(s: StudioState): string | null {
  if (s.job === 'teachers' || s.job === 'distill') return 'A job is running: wait for it or press Stop.';
  if (s.job === 'booting') return 'Waiting for the compute worker and the dataset.';
  if (s.job === 'restarting') return 'The compute worker is restarting.';
  if (s.workerState === 'crashed') return 'The compute worker crashed: restart it first.';
  if (s.workerState === 'failed') return 'The compute worker is not running: choose a backend to start it.';
  if (!s.datasetSummary) return 'The dataset has not loaded.';
  const errors = Object.values(s.fieldErrors);
  if (errors.length > 0) return `Fix the settings first: ${errors.join(' ')}`;
  return null;
}

/** Why "Distill student" cannot run now, or null. */
export function distillBlocker(s: StudioState): string | null {
  const blocker = teacherRunBlocker(s);
  if (blocker) return blocker;
  if (!s.teachers) return 'Train teachers first: the student learns from their soft labels.';
  return null;
}

export function isRunning(s: StudioState): boolean {
  return s.job === 'teachers' || s.job === 'distill';
}

export const selectConfigForm = (s: StudioState) => ({
  config: s.config,
  drafts: s.drafts,
  fieldErrors: s.fieldErrors,
  running: isRunning(s),
});

export const selectBackend = (s: StudioState) => ({
  backendRequest: s.backendRequest,
  backend: s.backend,
  workerState: s.workerState,
  busy: s.job !== 'idle',
});

export const selectStatus = (s: StudioState) => ({ status: s.status, error: s.error, crash: s.crash, job: s.job });

export const selectTeacherPanel = (s: StudioState) => ({
  job: s.job,
  progress: s.teacherProgress,
  teachers: s.teachers,
  blocker: teacherRunBlocker(s),
  stopRequested: s.stopRequested,
});

export const selectStudentPanel = (s: StudioState) => ({
  job: s.job,
  progress: s.distillProgress,
  temperature: s.config.temperature,
  alpha: s.config.alpha,
  distillBlocker: distillBlocker(s),
  running: isRunning(s),
  stopRequested: s.stopRequested,
  hasStudent: s.student !== null,
});

export const selectSample = (s: StudioState) => ({
  dataset: s.dataset,
  snapshot: s.teachers?.snapshot ?? null,
  temperature: s.config.temperature,
  mode: s.config.ensembleMode,
  samplePosition: s.samplePosition,
  sampleDigit: s.sampleDigit,
  showMembers: s.showMembers,
});

export const selectLossChart = (s: StudioState) => ({ losses: s.series.losses, marks: s.series.marks });

export const selectAccuracyChart = (s: StudioState) => ({
  accuracies: s.series.accuracies,
  ensembleTestAccuracy: s.teachers?.ensembleTestAccuracy ?? null,
});

export const selectResults = (s: StudioState) => ({ student: s.student });

export const selectActions = (s: StudioState) => ({
  setParam: s.setParam,
  setChoice: s.setChoice,
  setTemperature: s.setTemperature,
  setAlpha: s.setAlpha,
  restartWorker: s.restartWorker,
  trainTeachers: s.trainTeachers,
  distill: s.distill,
  stop: s.stop,
  dismissError: s.dismissError,
  downloadStudent: s.downloadStudent,
  nextSample: s.nextSample,
  previousSample: s.previousSample,
  setSampleDigit: s.setSampleDigit,
  setShowMembers: s.setShowMembers,
});
