/**
 * Live training series, kept small enough for the charts to redraw a few times a second:
 * loss readings are decimated to at most MAX_LOSS_POINTS, and T/alpha changes become marks.
 * Pure functions: each returns a new Series (the charts re-render only when it changes).
 */
import type { EpochPoint, LiveHyperparams, LossPoint } from '../worker/protocol';
import type { HyperMark, Series } from './types';

export const MAX_LOSS_POINTS = 600;
export const MAX_MARKS = 40;
/** A change within this many readings of the previous mark updates that mark instead of adding one. */
export const MARK_MERGE_READINGS = 3;

/**
 * Appends a batch of readings. Every `stride`-th reading is kept; when more than `cap` are kept,
 * every other one is dropped and the stride doubles, so the chart always spans the whole run
 * with evenly spaced points. A reading whose T or alpha differs from the previous one adds a mark.
 */
export function appendLosses(series: Series, points: readonly LossPoint[], cap = MAX_LOSS_POINTS): Series {
  if (points.length === 0) return series;
  let { stride, seen, lastHyper, lastMarkReading } = series;
  let losses = series.losses.slice();
  let marks = series.marks.slice();
  for (const point of points) {
    const hyper: LiveHyperparams = { temperature: point.temperature, alpha: point.alpha };
    if (lastHyper && !sameHyper(hyper, lastHyper)) {
      const previous = marks[marks.length - 1];
      if (previous && seen - lastMarkReading <= MARK_MERGE_READINGS) {
        // A slider being dragged: one mark for the whole gesture, showing where it ended up.
        marks[marks.length - 1] = makeMark(previous.step, previous.from, hyper);
        if (sameHyper(previous.from, hyper)) marks.pop(); // dragged back to where it was
      } else {
        marks.push(makeMark(point.step, lastHyper, hyper));
        if (marks.length > MAX_MARKS) marks = marks.slice(-MAX_MARKS);
      }
      lastMarkReading = seen;
    }
    lastHyper = hyper;
    if (seen % stride === 0) {
      losses.push(point);
      if (losses.length > cap) {
        losses = losses.filter((_, i) => i % 2 === 0);
        stride *= 2;
      }
    }
    seen++;
  }
  return { ...series, losses, stride, seen, marks, lastHyper, lastMarkReading };
}

export function appendAccuracies(series: Series, points: readonly EpochPoint[]): Series {
  if (points.length === 0) return series;
  return { ...series, accuracies: [...series.accuracies, ...points] };
}

function sameHyper(a: LiveHyperparams, b: LiveHyperparams): boolean {
  return a.temperature === b.temperature && a.alpha === b.alpha;
}

function makeMark(step: number, from: LiveHyperparams, to: LiveHyperparams): HyperMark {
  return { step, from, temperature: to.temperature, alpha: to.alpha, label: changeLabel(from, to) };
}

/** e.g. "T=6", "α=0.5", or "T=6, α=0.5" when both changed. */
export function changeLabel(before: LiveHyperparams, after: LiveHyperparams): string {
  const parts: string[] = [];
  if (after.temperature !== before.temperature) parts.push(`T=${after.temperature}`);
  if (after.alpha !== before.alpha) parts.push(`α=${after.alpha}`);
  return parts.join(', ');
}
