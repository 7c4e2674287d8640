/**
 * What the sweep chart draws, from the finished points: validation accuracy against the first
 * setting that varies (T when it does), one line per combination of the other varied settings
 * (e.g. one per alpha), mean ± sd over seeds; the baseline's band; the point chosen on validation.
 */
import {
  groupPoints,
  selectedGroup,
  spread,
  type Spread,
  type SweepAxis,
  type SweepGroup,
  type SweepKey,
  type SweepPoint,
  type SweepValue,
} from '../../core/training/sweep';
import { formatSetting } from '../../core/settings/config';
import { shortSettingName } from '../../state/sweep';

/** The x axis is the first of these that varies; the others that vary make the lines. */
const X_ORDER: readonly SweepKey[] = ['temperature', 'alpha', 'studentHidden', 'loss', 'temperatureSchedule', 'studentEpochs'];

export interface SweepChartPoint {
  /** Position on the x axis (0-based, evenly spaced: T = 1, 2, 4, 8, 16 land log-spaced). */
  x: number;
  val: Spread;
  group: SweepGroup;
}

export interface SweepChartLine {
  key: string;
  /** "α = 0.9", or "Distilled student" when only x varies. */
  name: string;
  points: SweepChartPoint[];
}

export interface SweepChartData {
  /** The setting along x, or null when only seeds vary (one column). */
  xKey: SweepKey | null;
  /** Tick labels, in axis order. */
  xLabels: string[];
  lines: SweepChartLine[];
  /** The baseline student's validation accuracy over every finished point. */
  baseline: Spread;
  selected: { line: string; x: number; group: SweepGroup } | null;
}

const varied = (axes: readonly SweepAxis[]) => axes.filter((a) => a.values.length > 1 && a.key !== 'seed');

/** Axis values in order: numbers ascending, choices as listed. */
const ordered = (axis: SweepAxis): SweepValue[] =>
  axis.values.every((v) => typeof v === 'number') ? [...(axis.values as number[])].sort((a, b) => a - b) : [...axis.values];

export function sweepChartData(points: readonly SweepPoint[], axes: readonly SweepAxis[]): SweepChartData {
  const vary = varied(axes);
  const xAxis = X_ORDER.map((key) => vary.find((a) => a.key === key)).find((a) => a !== undefined) ?? null;
  const lineAxes = vary.filter((a) => a !== xAxis);
  const xValues: (SweepValue | null)[] = xAxis ? ordered(xAxis) : [null];
  const groups = groupPoints(points, axes);
  const lineKeyOf = (g: SweepGroup) => JSON.stringify(lineAxes.map((a) => g.settings[a.key]));

  const lines = new Map<string, SweepChartLine>();
  for (const group of groups) {
    const key = lineKeyOf(group);
    const name =
      lineAxes.length > 0
        ? lineAxes.map((a) => `${shortSettingName(a.key)} = ${formatSetting(a.key, group.settings[a.key])}`).join(', ')
        : 'Distilled student';
    const line = lines.get(key) ?? { key, name, points: [] };
    const x = xAxis ? xValues.indexOf(group.settings[xAxis.key]!) : 0;
    line.points.push({ x, val: group.studentVal, group });
    lines.set(key, line);
  }
  for (const line of lines.values()) line.points.sort((a, b) => a.x - b.x);

  const best = selectedGroup(groups);
  const done = points.filter((p) => p.status === 'done');
  return {
    xKey: xAxis?.key ?? null,
    xLabels: xValues.map((v) => (v === null || !xAxis ? 'all seeds' : formatSetting(xAxis.key, v))),
    // Lines in the order of their settings (stable as points arrive).
    lines: [...lines.values()].sort((a, b) => a.key.localeCompare(b.key, undefined, { numeric: true })),
    baseline: spread(done.map((p) => p.results.baseline.valAccuracy)),
    selected: best ? { line: lineKeyOf(best), x: xAxis ? xValues.indexOf(best.settings[xAxis.key]!) : 0, group: best } : null,
  };
}
