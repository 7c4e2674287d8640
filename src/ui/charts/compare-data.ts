/**
 * The comparison's charts as data: one series per compared run, a y axis fitted to every run's
 * values (accuracies on a padded 0–100 % range; losses from 0, or on a log scale around the
 * positive values), the x range of all runs, the runs with nothing to draw, and a description that
 * names the y range and each run. Pure, so the axes are tested in Node (compare-data.test.ts).
 */
import { fittedRange } from './axis';
import { niceLinear, niceLog, type Point } from './svg/scale';

export interface CompareSeries {
  key: string;
  /** The run's name, as the legend shows it. */
  label: string;
  points: readonly Point[];
}

/** What the y axis shows: accuracies (fractions, 0–1) or losses, the latter on a linear or a log scale. */
export type CompareKind = 'accuracy' | 'loss';

export interface CompareAxis {
  domain: [number, number];
  ticks: number[];
  log: boolean;
}

/** A series' values the y scale can place: finite, and positive on a log scale. */
export function drawable(value: number, log: boolean): boolean {
  return Number.isFinite(value) && (!log || value > 0);
}

/** The least and greatest drawable y of every series together; null when there is none. */
export function yExtent(series: readonly CompareSeries[], log: boolean): { min: number; max: number } | null {
  let min = Infinity;
  let max = -Infinity;
  for (const s of series)
    for (const [x, y] of s.points) {
      if (!Number.isFinite(x) || !drawable(y, log)) continue;
      if (y < min) min = y;
      if (y > max) max = y;
    }
  return min <= max ? { min, max } : null;
}

/**
 * A y axis on round ticks that holds every drawable value of every series. Accuracies: a padded
 * range inside 0–100 % (fittedRange). Losses: from 0 (or below it, for a negative value) to above
 * the largest; on a log scale from the round value below the smallest positive value to the one
 * above the largest (values ≤ 0 have no place there and are left out).
 */
export function compareYAxis(series: readonly CompareSeries[], kind: CompareKind, log = false, maxTicks = 6): CompareAxis {
  const useLog = kind === 'loss' && log;
  const extent = yExtent(series, useLog);
  if (kind === 'accuracy') {
    const fit = fittedRange(extent ? [extent.min, extent.max] : [], maxTicks + 1);
    return { ...fit, log: false };
  }
  if (useLog) return { ...(extent ? fittedLog(extent.min, extent.max, maxTicks) : niceLog(0.1, 1, maxTicks)), log: true };
  const fit = extent ? niceLinear(Math.min(0, extent.min), Math.max(0, extent.max), maxTicks) : niceLinear(0, 1, maxTicks);
  return { ...fit, log: false };
}

/**
 * A log axis from the 1-2-5 value below `min` to the one above `max` (0.12–10.2 → 0.1–20). Ticks
 * at every 1-2-5 value when they fit in `maxTicks`; else at the powers of ten niceLog picks, with
 * the domain's ends labelled too where they are clear of those (by a ninth of the axis, for six
 * ticks). niceLog alone would widen the domain to whole decades (0.1–100), a third of it empty.
 */
export function fittedLog(min: number, max: number, maxTicks: number): { domain: [number, number]; ticks: number[] } {
  const fine = niceLog(min, max, Infinity);
  if (fine.ticks.length <= maxTicks) return fine;
  const [lo, hi] = fine.domain;
  const decades = niceLog(min, max, maxTicks).ticks.filter((t) => t >= lo && t <= hi);
  const gap = (Math.log10(hi) - Math.log10(lo)) / (1.5 * maxTicks);
  const clear = (end: number) => decades.every((t) => Math.abs(Math.log10(t) - Math.log10(end)) >= gap);
  const ticks = [...(clear(lo) ? [lo] : []), ...decades, ...(clear(hi) ? [hi] : [])];
  return { domain: fine.domain, ticks };
}

/** The x range of every series together, from 0 at most and at least 1 wide. */
export function compareXDomain(series: readonly CompareSeries[]): [number, number] {
  let min = 0;
  let max = 1;
  for (const s of series)
    for (const [x] of s.points) {
      if (!Number.isFinite(x)) continue;
      if (x < min) min = x;
      if (x > max) max = x;
    }
  return [min, max];
}

export interface ComparePlot {
  x: [number, number];
  y: CompareAxis;
  /** The series with at least one point the axes can place. */
  drawn: CompareSeries[];
  /** The others, each with why it is not drawn. */
  empty: { series: CompareSeries; reason: string }[];
}

/** Why a series has no line: no points at all, none finite, or none above 0 on a log scale. */
function emptyReason(series: CompareSeries, kind: CompareKind, log: boolean): string | null {
  const what = kind === 'accuracy' ? 'accuracy' : 'loss';
  if (series.points.length === 0) return `no ${what} readings`;
  if (series.points.some(([x, y]) => Number.isFinite(x) && drawable(y, log))) return null;
  if (log && series.points.some(([x, y]) => Number.isFinite(x) && Number.isFinite(y))) return `no ${what} above 0 for a log scale`;
  return `no finite ${what} readings`;
}

/** The axes and lines of one comparison chart, and the runs it cannot draw. */
export function comparePlot(series: readonly CompareSeries[], kind: CompareKind, log = false, maxTicks = 6): ComparePlot {
  const useLog = kind === 'loss' && log;
  const drawn: CompareSeries[] = [];
  const empty: ComparePlot['empty'] = [];
  for (const s of series) {
    const reason = emptyReason(s, kind, useLog);
    if (reason === null) drawn.push(s);
    else empty.push({ series: s, reason });
  }
  return { x: compareXDomain(drawn), y: compareYAxis(drawn, kind, useLog, maxTicks), drawn, empty };
}

/**
 * What the chart shows, for a screen reader and for tests: each run's range of values and its last
 * point (or why it has none), then the y axis's range and scale. "Run 1: 0.41 to 2.3, 0.52 at batch
 * 300; Run 2: no loss readings. Y axis from 0 to 3, linear."
 */
export function compareDescription(
  plot: ComparePlot,
  series: readonly CompareSeries[],
  format: (v: number) => string,
  xName: string,
): string {
  const log = plot.y.log;
  const runs = series.map((s) => {
    const missing = plot.empty.find((e) => e.series.key === s.key);
    if (missing) return `${s.label}: ${missing.reason}`;
    const extent = yExtent([s], log)!;
    const last = [...s.points].reverse().find(([x, y]) => Number.isFinite(x) && drawable(y, log))!;
    return `${s.label}: ${format(extent.min)} to ${format(extent.max)}, ${format(last[1])} at ${xName} ${last[0]}`;
  });
  const [lo, hi] = plot.y.domain;
  return `${runs.join('; ')}. Y axis from ${format(lo)} to ${format(hi)}, ${log ? 'log scale' : 'linear'}.`;
}
