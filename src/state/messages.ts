/** The one-line texts of the live status region, built from worker data. */
import type { DatasetSummary, Progress, Results, TeacherProgress, TeacherResult } from '../worker/protocol';
import { formatCount, formatDuration, formatPercent, formatRatio } from './format';

export function readyMessage(d: DatasetSummary): string {
  return `Ready: ${formatCount(d.count)} digits (${formatCount(d.train)} train / ${formatCount(d.val)} val / ${formatCount(d.test)} test)`;
}

function timeLeft(p: Progress): string {
  return p.secondsLeft === null ? '' : `, about ${formatDuration(p.secondsLeft)} left`;
}

export function teacherProgressMessage(p: TeacherProgress): string {
  if (p.phase === 'evaluating') return `Testing teacher ${p.member + 1} of ${p.members} on the test split…`;
  if (p.phase === 'caching logits') return `Caching every teacher's logits for all ${p.members > 1 ? 'members and ' : ''}samples…`;
  return `Training teacher ${p.member + 1} of ${p.members} — epoch ${p.epoch}/${p.epochs}, batch ${p.batch}/${p.batches}${timeLeft(p)}`;
}

export function distillProgressMessage(p: Progress, temperature: number, alpha: number): string {
  if (p.phase === 'evaluating') return 'Evaluating the students and the ensemble on the test split, timing inference…';
  return `Distilling the student — epoch ${p.epoch}/${p.epochs}, batch ${p.batch}/${p.batches} (T = ${temperature}, alpha = ${alpha})${timeLeft(p)}`;
}

export function teachersDoneMessage(r: TeacherResult): string {
  const members = r.memberTestAccuracy.map((a) => formatPercent(a)).join(', ');
  const count = r.snapshot.members.length;
  const head = r.stopped
    ? `Stopped: kept ${count} of ${r.snapshot.config.ensembleSize} teachers`
    : `Done: ${count} teacher${count === 1 ? '' : 's'} trained`;
  return `${head}; ensemble test accuracy ${formatPercent(r.ensembleTestAccuracy)} (members ${members}).`;
}

export function distillDoneMessage(r: Results, stopped: boolean, failure: string | null): string {
  const head = failure ? 'Halted' : stopped ? 'Stopped' : 'Done';
  return (
    `${head}: distilled student ${formatPercent(r.student.testAccuracy)} vs baseline ${formatPercent(r.baseline.testAccuracy)} ` +
    `test accuracy (ensemble ${formatPercent(r.ensemble.testAccuracy)}); ${formatRatio(r.compression)} smaller, ` +
    `${formatRatio(r.speedup)} faster than the ensemble.`
  );
}

/** The reason without trailing punctuation or advice of its own (a lost GPU device brings some). */
export function crashReason(reason: string): string {
  return reason.split(/\s+Restart the worker/i)[0].replace(/[.\s]+$/, '');
}

export function crashMessage(reason: string): string {
  return `The compute worker crashed: ${crashReason(reason)}. Restart it on another backend.`;
}
