/** The one-line texts of the live status region, built from worker data. */
import type { DatasetSummary, Progress, Results, TeacherProgress, TeacherResult } from '../shared/protocol';
import { formatCount, formatDuration, formatPercent, formatRatio } from './format';
import type { DatasetImport, Job } from './types';

export function readyMessage(d: DatasetSummary): string {
  const what = d.name === 'MNIST' ? `${formatCount(d.count)} digits` : `${d.name}, ${formatCount(d.count)} samples`;
  return `Ready: ${what} (${formatCount(d.train)} train / ${formatCount(d.val)} val / ${formatCount(d.test)} test)`;
}

/**
 * The run bar's and the alerts' pointer to an import's problem, or null: the message itself is said
 * in the Dataset panel, next to the file picker (a refusal) or the preview's buttons (a refused switch).
 */
export function importProblemPointer(pending: DatasetImport | null): string | null {
  if (!pending?.error) return null;
  return pending.state === 'failed'
    ? 'The dataset could not be imported: see the Dataset panel.'
    : 'The dataset was not switched: see the Dataset panel.';
}

/** ", about 12 s left" (the whole job: evaluation and caching included), or nothing before it can be estimated. */
export function timeLeft(p: Progress): string {
  return p.secondsLeft === null ? '' : `, about ${formatDuration(p.secondsLeft)} left`;
}

export function teacherProgressMessage(p: TeacherProgress): string {
  if (p.finishing) return `${p.finishing}${timeLeft(p).replace(/^, a/, ' A')}`.trim();
  if (p.phase === 'evaluating') return `Testing teacher ${p.member + 1} of ${p.members} on the validation and test splits${timeLeft(p)}`;
  if (p.phase === 'caching logits')
    return `Caching every teacher's logits for every sample (teacher ${p.member + 1} of ${p.members})${timeLeft(p)}`;
  return `Training teacher ${p.member + 1} of ${p.members} — epoch ${p.epoch}/${p.epochs}, batch ${p.batch}/${p.batches}${timeLeft(p)}`;
}

export function distillProgressMessage(p: Progress, temperature: number, alpha: number): string {
  if (p.finishing) return `${p.finishing}${timeLeft(p).replace(/^, a/, ' A')}`.trim();
  if (p.phase === 'evaluating') return `Evaluating the students and the ensemble, timing inference${timeLeft(p)}`;
  return `Distilling the student — epoch ${p.epoch}/${p.epochs}, batch ${p.batch}/${p.batches} (T = ${temperature}, alpha = ${alpha})${timeLeft(p)}`;
}

/**
 * What the status says the moment Stop is pressed, from what the job was doing: a Stop during
 * logit caching lets the caching finish (the teachers need it) and a second press discards them;
 * a Stop during evaluation skips the inference timing.
 */
export function stoppingMessage(job: Job, progress: Progress | null, presses: number): string {
  if (job === 'teachers' && progress?.phase === 'caching logits') {
    return presses > 1
      ? 'Discarding the new teachers…'
      : `Finishing the logits cache so the trained teachers are kept${timeLeft(progress)}. Press Stop again to discard them.`;
  }
  if (job === 'distill' && progress?.phase === 'evaluating') return 'Skipping the inference timing; the accuracy figures follow at once…';
  if (job === 'teachers') return 'Stopping after the current batch; the teachers that finished an epoch are kept…';
  return 'Stopping after the current batch…';
}

export function teachersDoneMessage(r: TeacherResult): string {
  const members = r.memberTestAccuracy.map((a) => formatPercent(a)).join(', ');
  const count = r.snapshot.members.length;
  const head = r.stopped
    ? `Stopped: kept ${count} of ${r.snapshot.config.ensembleSize} teachers`
    : `Done: ${count} teacher${count === 1 ? '' : 's'} trained`;
  return `${head}; ensemble test accuracy ${formatPercent(r.ensembleTestAccuracy)} (members ${members}).`;
}

export function distillDoneMessage(runId: number, r: Results, stopped: boolean, failure: string | null): string {
  const head = failure ? 'Halted' : stopped ? 'Stopped' : 'Done';
  const speed = Number.isFinite(r.speedup) ? `, ${formatRatio(r.speedup)} faster` : '';
  return (
    `${head}: run ${runId}, distilled student ${formatPercent(r.student.testAccuracy)} vs baseline ${formatPercent(r.baseline.testAccuracy)} ` +
    `test accuracy (ensemble ${formatPercent(r.ensemble.testAccuracy)}); ${formatRatio(r.compression)} smaller${speed} than the ensemble.`
  );
}

/** The reason without trailing punctuation or advice of its own (a lost GPU device brings some). */
export function crashReason(reason: string): string {
  return (reason.split(/\s+Restart the worker/i)[0] ?? reason).replace(/[.\s]+$/, '');
}

export function crashMessage(reason: string): string {
  return `The compute worker crashed: ${crashReason(reason)}. Restart it on another backend.`;
}

/** "Sweep: student 3 of 30 (T = 4, α = 0.9, seed 0) — epoch 2/20, about 5 min left in the sweep". */
export function sweepProgressMessage(index: number, count: number, label: string, p: Progress, secondsLeft: string): string {
  const head = `Sweep: student ${index + 1} of ${count} (${label})`;
  if (p.finishing) return `${head} — ${p.finishing.replace(/[.…]+$/, '')}${secondsLeft}`;
  if (p.phase === 'evaluating') return `${head} — evaluating${secondsLeft}`;
  return `${head} — epoch ${p.epoch}/${p.epochs}, batch ${p.batch}/${p.batches}${secondsLeft}`;
}

/** The line a sweep ends on: how many students, and the settings chosen on validation with their test accuracy. */
export function sweepDoneMessage(state: 'done' | 'stopped', kept: number, count: number, halted: number, best: string | null): string {
  const head = state === 'stopped' ? `Sweep stopped: ${kept} of ${count} students finished` : `Sweep done: ${count} students`;
  const halts = halted > 0 ? `; ${halted} halted on a non-finite loss` : '';
  return `${head}${halts}${best ? `; best on validation: ${best}` : ''}.`;
}
