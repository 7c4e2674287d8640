/**
 * Live training series, kept small enough for the charts to redraw a few times a second:
 * loss readings are decimated to at most MAX_LOSS_POINTS, and the T/alpha schedule the worker
 * reports becomes marks. Pure functions: each returns a new Series (the charts re-render only
 * when it changes).
 */
import type { EpochPoint, LiveHyperparams, LossPoint, ScheduleEntry, TeacherEpochPoint, TeacherLossPoint } from '../shared/protocol';
import type { HyperMark, Series, StudentRun, TeacherSeries } from './types';

/** About two pixels per point on a laptop screen: more costs redraw time and shows nothing new. */
export const MAX_LOSS_POINTS = 300;
export const MAX_MARKS = 40;
/** Schedule changes this many batches apart or closer are one gesture (a slider drag): one mark. */
export const MARK_MERGE_STEPS = 24;
/** Teacher loss readings kept per job (decimated like the student's). */
export const MAX_TEACHER_POINTS = 200;

export function emptySeries(distilledWith: Series['distilledWith'] = { loss: 'kd', temperatureSchedule: 'constant' }): Series {
  return { losses: [], stride: 1, seen: 0, accuracies: [], schedule: [], marks: [], batchesPerEpoch: 1, softWeights: [], distilledWith };
}

export function emptyTeacherSeries(): TeacherSeries {
  return { losses: [], epochs: [] };
}

/**
 * Keeps every `stride`-th of `seen + points` readings; when more than `cap` are kept, every other
 * one is dropped and the stride doubles, so a chart always spans the whole run with evenly spaced points.
 */
function decimate<T>(
  kept: readonly T[],
  stride: number,
  seen: number,
  points: readonly T[],
  cap: number,
): { kept: T[]; stride: number; seen: number } {
  let out = kept.slice();
  for (const point of points) {
    if (seen % stride === 0) {
      out.push(point);
      if (out.length > cap) {
        out = out.filter((_, i) => i % 2 === 0);
        stride *= 2;
      }
    }
    seen++;
  }
  return { kept: out, stride, seen };
}

export function appendLosses(series: Series, points: readonly LossPoint[], cap = MAX_LOSS_POINTS): Series {
  if (points.length === 0) return series;
  const { kept, stride, seen } = decimate(series.losses, series.stride, series.seen, points, cap);
  return { ...series, losses: kept, stride, seen };
}

export function appendAccuracies(series: Series, points: readonly EpochPoint[]): Series {
  if (points.length === 0) return series;
  const weights = points.flatMap((p) => (p.softWeights ? [{ epoch: p.epoch, ...p.softWeights }] : []));
  return {
    ...series,
    accuracies: [...series.accuracies, ...points],
    softWeights: weights.length > 0 ? [...series.softWeights, ...weights] : series.softWeights,
  };
}

export function appendSchedule(series: Series, entries: readonly ScheduleEntry[]): Series {
  if (entries.length === 0) return series;
  const schedule = [...series.schedule, ...entries];
  return { ...series, schedule, marks: marksFromSchedule(schedule) };
}

/**
 * A finished run's curves as the charts draw them, from its record (a run of this visit or one
 * restored from saved data): its loss readings (decimated as they were kept), its epochs' figures
 * and soft-term weights, and its T/alpha schedule with the marks made from it.
 */
export function runSeries(run: StudentRun): Series {
  const { losses, config } = run;
  const { accuracies } = run.result;
  const { schedule } = run.result.results;
  const first = accuracies[0];
  return {
    ...appendAccuracies(emptySeries({ loss: config.loss, temperatureSchedule: config.temperatureSchedule }), accuracies),
    losses,
    seen: losses.length,
    schedule,
    marks: marksFromSchedule(schedule),
    // The first epoch's point is taken after its last batch: its step is the batches of one epoch
    // (approximately, for a run stopped during its first epoch).
    batchesPerEpoch: first && first.step > 0 ? first.step / first.epoch : 1,
  };
}

/** Teacher readings: at most `cap` loss points per job, decimated evenly; every epoch point. */
export function appendTeacherPoints(
  series: TeacherSeries,
  losses: readonly TeacherLossPoint[],
  epochs: readonly TeacherEpochPoint[],
  cap = MAX_TEACHER_POINTS,
): TeacherSeries {
  if (losses.length === 0 && epochs.length === 0) return series;
  let kept = [...series.losses, ...losses];
  while (kept.length > cap) kept = kept.filter((_, i) => i % 2 === 0 || i === kept.length - 1);
  return { losses: kept, epochs: epochs.length > 0 ? [...series.epochs, ...epochs] : series.epochs };
}

/**
 * One mark per change of T or alpha, from the schedule. Changes within MARK_MERGE_STEPS batches
 * of each other are one gesture: one mark at its start, from the values before it to where it
 * ended; a gesture that ends where it started leaves no mark.
 */
export function marksFromSchedule(schedule: readonly ScheduleEntry[], mergeSteps = MARK_MERGE_STEPS): HyperMark[] {
  const marks: HyperMark[] = [];
  let i = 1;
  while (i < schedule.length) {
    const before = schedule[i - 1]!;
    let end = i;
    while (end + 1 < schedule.length && schedule[end + 1]!.step - schedule[end]!.step <= mergeSteps) end++;
    const after = schedule[end]!;
    if (!sameHyper(before, after)) marks.push(makeMark(schedule[i]!.step, before, after));
    i = end + 1;
  }
  return marks.slice(-MAX_MARKS);
}

function sameHyper(a: LiveHyperparams, b: LiveHyperparams): boolean {
  return a.temperature === b.temperature && a.alpha === b.alpha;
}

function makeMark(step: number, from: LiveHyperparams, to: LiveHyperparams): HyperMark {
  return {
    step,
    from: { temperature: from.temperature, alpha: from.alpha },
    temperature: to.temperature,
    alpha: to.alpha,
    label: changeLabel(from, to),
  };
}

/** e.g. "T=6", "α=0.5", or "T=6, α=0.5" when both changed. */
export function changeLabel(before: LiveHyperparams, after: LiveHyperparams): string {
  const parts: string[] = [];
  if (after.temperature !== before.temperature) parts.push(`T=${after.temperature}`);
  if (after.alpha !== before.alpha) parts.push(`α=${after.alpha}`);
  return parts.join(', ');
}

/** The T/alpha strip's data: the schedule as a step function over [0, lastStep]. */
export function scheduleSteps(
  schedule: readonly ScheduleEntry[],
  lastStep: number,
): { step: number; temperature: number; alpha: number }[] {
  if (schedule.length === 0) return [];
  const points = schedule.map(({ step, temperature, alpha }) => ({ step, temperature, alpha }));
  const last = points[points.length - 1]!;
  if (lastStep > last.step) points.push({ ...last, step: lastStep });
  return points;
}
