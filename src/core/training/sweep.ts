/**
 * Sweeps: many students distilled from the same teachers, one per combination of the values
 * asked for, and what they say together. The studio (one worker call per point) and the CLI
 * expand, summarise and export sweeps with this module, so both print the same rows.
 *
 * Settings are chosen on validation: points are grouped over seeds, and the group with the best
 * mean validation accuracy is the selected one; its test accuracy is reported, never used to choose.
 *
 * The settings a sweep varies, its lists and their expansion are in sweep-axes.ts (re-exported here).
 */
import { formatSetting, settingCell, type ExperimentConfig } from '../settings/config';
import { formatBytes, formatCount, formatDuration, formatPercent, formatSpread } from '../format';
import type { EpochFigures, Results } from '../types';
import { SWEEP_KEYS, sweepLabel, type SweepAxis, type SweepKey, type SweepValue } from './sweep-axes';

export {
  parseSweepList,
  SWEEP_KEYS,
  sweepConfigs,
  sweepLabel,
  sweepSize,
  type SweepAxis,
  type SweepKey,
  type SweepValue,
} from './sweep-axes';

export type PointStatus = 'done' | 'stopped' | 'halted';

/** One student of a sweep: its settings and every figure of its results. */
export interface SweepPoint {
  /** 1-based position in the sweep. */
  index: number;
  config: ExperimentConfig;
  results: Results;
  /** Seconds the point took (training, evaluation, timing). */
  seconds: number;
  /** 'stopped' by the user or 'halted' by a non-finite loss: shown, but left out of the summaries. */
  status: PointStatus;
}

/** The settings a point differs in from the others, as `key = value` for the axes with more than one value. */
export function pointSettings(config: ExperimentConfig, axes: readonly SweepAxis[]): Partial<Record<SweepKey, SweepValue>> {
  const varied = axes.filter((a) => a.values.length > 1 && a.key !== 'seed');
  return Object.fromEntries(varied.map((a) => [a.key, config[a.key]]));
}

/** The key of a point's group: the settings it differs in from the others, its seed aside. */
export function groupKey(config: ExperimentConfig, axes: readonly SweepAxis[]): string {
  return JSON.stringify(pointSettings(config, axes));
}

/** Mean and sample standard deviation (n − 1; NaN for a single value). */
export interface Spread {
  mean: number;
  sd: number;
  n: number;
}

export function spread(values: readonly number[]): Spread {
  const n = values.length;
  if (n === 0) return { mean: NaN, sd: NaN, n };
  const mean = values.reduce((a, b) => a + b, 0) / n;
  const sd = n > 1 ? Math.sqrt(values.reduce((a, v) => a + (v - mean) ** 2, 0) / (n - 1)) : NaN;
  return { mean, sd, n };
}

/** Points with the same settings but their seed: what the charts and the ranking show. */
export interface SweepGroup {
  /** Stable key of the settings (for React and lookups). */
  key: string;
  /** One finished point's config (its seed is one of several). */
  config: ExperimentConfig;
  settings: Partial<Record<SweepKey, SweepValue>>;
  seeds: number[];
  studentVal: Spread;
  studentTest: Spread;
  baselineVal: Spread;
  baselineTest: Spread;
  /** Distilled minus baseline, per seed, in accuracy (not points). */
  testGain: Spread;
  valGain: Spread;
  /** The distilled student's test accuracy at its best epoch on validation and at its last epoch (NaN for runs saved before these were recorded). */
  bestEpochTest: Spread;
  lastEpochTest: Spread;
}

/** The finished points of each group (groupKey), in sweep order: what groups and comparisons are made of. */
export function finishedByGroup(points: readonly SweepPoint[], axes: readonly SweepAxis[]): Map<string, SweepPoint[]> {
  const groups = new Map<string, SweepPoint[]>();
  for (const point of points) {
    if (point.status !== 'done') continue;
    const key = groupKey(point.config, axes);
    groups.set(key, [...(groups.get(key) ?? []), point]);
  }
  return groups;
}

/** Finished points grouped over seeds, best mean validation accuracy first (ties: earlier in the sweep). */
export function groupPoints(points: readonly SweepPoint[], axes: readonly SweepAxis[]): SweepGroup[] {
  const groups = finishedByGroup(points, axes);
  const summaries = [...groups.entries()].map(([key, members]): SweepGroup => {
    const of = (pick: (r: Results) => number) => spread(members.map((m) => pick(m.results)));
    return {
      key,
      config: members[0]!.config,
      settings: pointSettings(members[0]!.config, axes),
      seeds: members.map((m) => m.config.seed),
      studentVal: of((r) => r.student.valAccuracy),
      studentTest: of((r) => r.student.testAccuracy),
      baselineVal: of((r) => r.baseline.valAccuracy),
      baselineTest: of((r) => r.baseline.testAccuracy),
      testGain: of((r) => r.student.testAccuracy - r.baseline.testAccuracy),
      valGain: of((r) => r.student.valAccuracy - r.baseline.valAccuracy),
      bestEpochTest: of((r) => r.epochs?.student?.best.testAccuracy ?? NaN),
      lastEpochTest: of((r) => r.epochs?.student?.last.testAccuracy ?? NaN),
    };
  });
  return summaries.sort((a, b) => b.studentVal.mean - a.studentVal.mean);
}

/** The group chosen on validation (the first of groupPoints), or null before any point finished. */
export function selectedGroup(groups: readonly SweepGroup[]): SweepGroup | null {
  return groups[0] ?? null;
}

const CSV_COLUMNS: [string, (p: SweepPoint) => SweepValue][] = [
  ['point', (p) => p.index],
  ['status', (p) => p.status],
  // Settings as the URL and the CLI write them (on/off settings as on/off).
  ...SWEEP_KEYS.map((key): [string, (p: SweepPoint) => SweepValue] => [key, (p) => settingCell(key, p.config[key])]),
  ['temperatureEnd', (p) => p.config.temperatureEnd],
  ['finalTemperature', (p) => p.results.temperature],
  ['finalAlpha', (p) => p.results.alpha],
  ...(['student', 'baseline', 'ensemble'] as const).flatMap((model): [string, (p: SweepPoint) => SweepValue][] => [
    [`${model}ValAccuracy`, (p) => p.results[model].valAccuracy],
    [`${model}TestAccuracy`, (p) => p.results[model].testAccuracy],
    [`${model}Ece`, (p) => p.results[model].ece],
    [`${model}Mce`, (p) => p.results[model].mce],
    [`${model}Nll`, (p) => p.results[model].nll],
    [`${model}Brier`, (p) => p.results[model].brier],
    [`${model}Agreement`, (p) => p.results[model].agreement],
    [`${model}MeanKl`, (p) => p.results[model].meanKl],
    [`${model}Params`, (p) => p.results[model].params],
    [`${model}Bytes`, (p) => p.results[model].bytes],
    [`${model}MsPer1000`, (p) => p.results[model].msPer1000],
  ]),
  ['studentKeptEpoch', (p) => p.results.student.keptEpoch ?? ''],
  ['baselineKeptEpoch', (p) => p.results.baseline.keptEpoch ?? ''],
  ['studentBestEpoch', (p) => p.results.epochs?.student?.best.epoch ?? ''],
  ['studentBestEpochTestAccuracy', (p) => p.results.epochs?.student?.best.testAccuracy ?? ''],
  ['studentLastEpoch', (p) => p.results.epochs?.student?.last.epoch ?? ''],
  ['studentLastEpochTestAccuracy', (p) => p.results.epochs?.student?.last.testAccuracy ?? ''],
  ['testGainPoints', (p) => (p.results.student.testAccuracy - p.results.baseline.testAccuracy) * 100],
  ['valGainPoints', (p) => (p.results.student.valAccuracy - p.results.baseline.valAccuracy) * 100],
  ['seconds', (p) => p.seconds],
];

/** Quotes a CSV cell when it needs it (RFC 4180). */
export function csvCell(value: SweepValue): string {
  const text = typeof value === 'number' ? (Number.isFinite(value) ? String(value) : '') : String(value);
  return /[",\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** Every point with every figure, one row each (an empty cell for a figure not measured, e.g. timing of a stopped point). */
export function sweepCsv(points: readonly SweepPoint[]): string {
  const header = CSV_COLUMNS.map(([name]) => name).join(',');
  const rows = points.map((p) => CSV_COLUMNS.map(([, cell]) => csvCell(cell(p))).join(','));
  return `${[header, ...rows].join('\n')}\n`;
}

export interface SweepReport {
  /** The settings every point shares (each point's config has the varied ones). */
  base: ExperimentConfig;
  teacherConfig: ExperimentConfig;
  axes: SweepAxis[];
  points: SweepPoint[];
  /** Grouped over seeds, best mean validation accuracy first. */
  groups: SweepGroup[];
  selected: string | null;
}

export function sweepReport(base: ExperimentConfig, teacherConfig: ExperimentConfig, axes: SweepAxis[], points: SweepPoint[]): SweepReport {
  const groups = groupPoints(points, axes);
  return { base, teacherConfig, axes, points, groups, selected: selectedGroup(groups)?.key ?? null };
}

/** A column of a sweep table: the studio's tables and the CLI's print the same ones. */
export interface SweepColumn<Row> {
  id: string;
  header: string;
  cell(row: Row): string;
  /** What the studio sorts by (numbers ascending; NaN last). */
  sortValue(row: Row): number | string;
}

/** "37: 94.31 %": an epoch and its test accuracy; "–" for runs saved before epochs were recorded. */
const epochCell = (e: EpochFigures | undefined) => (e ? `${e.epoch}: ${formatPercent(e.testAccuracy)}` : '–');

const points = (x: number) => (Number.isFinite(x) ? `${x >= 0 ? '+' : ''}${(x * 100).toFixed(2)}` : '–');

function settingColumns<Row>(axes: readonly SweepAxis[], configOf: (row: Row) => ExperimentConfig): SweepColumn<Row>[] {
  return axes
    .filter((a) => a.values.length > 1 && a.key !== 'seed')
    .map((a) => ({
      id: a.key,
      header: sweepLabel(a.key),
      cell: (row) => formatSetting(a.key, configOf(row)[a.key]),
      sortValue: (row) => {
        const value = configOf(row)[a.key];
        return typeof value === 'boolean' ? formatSetting(a.key, value) : value;
      },
    }));
}

/** Every point: its settings and seed, both students' accuracies, the gain, the student's parameters, bytes and latency, the final T, its time and status. */
export function pointColumns(axes: readonly SweepAxis[]): SweepColumn<SweepPoint>[] {
  const gain = (p: SweepPoint, split: 'valAccuracy' | 'testAccuracy') => p.results.student[split] - p.results.baseline[split];
  return [
    { id: 'point', header: '#', cell: (p) => String(p.index), sortValue: (p) => p.index },
    ...settingColumns<SweepPoint>(axes, (p) => p.config),
    { id: 'seed', header: 'Seed', cell: (p) => String(p.config.seed), sortValue: (p) => p.config.seed },
    {
      id: 'val',
      header: 'Val acc',
      cell: (p) => formatPercent(p.results.student.valAccuracy),
      sortValue: (p) => p.results.student.valAccuracy,
    },
    { id: 'valGain', header: 'Val gain', cell: (p) => points(gain(p, 'valAccuracy')), sortValue: (p) => gain(p, 'valAccuracy') },
    {
      id: 'test',
      header: 'Test acc',
      cell: (p) => formatPercent(p.results.student.testAccuracy),
      sortValue: (p) => p.results.student.testAccuracy,
    },
    { id: 'testGain', header: 'Test gain', cell: (p) => points(gain(p, 'testAccuracy')), sortValue: (p) => gain(p, 'testAccuracy') },
    {
      id: 'baselineTest',
      header: 'Baseline test',
      cell: (p) => formatPercent(p.results.baseline.testAccuracy),
      sortValue: (p) => p.results.baseline.testAccuracy,
    },
    {
      id: 'bestEpoch',
      header: 'Best epoch (test)',
      cell: (p) => epochCell(p.results.epochs?.student?.best),
      sortValue: (p) => p.results.epochs?.student?.best.testAccuracy ?? NaN,
    },
    {
      id: 'lastEpoch',
      header: 'Last epoch (test)',
      cell: (p) => epochCell(p.results.epochs?.student?.last),
      sortValue: (p) => p.results.epochs?.student?.last.testAccuracy ?? NaN,
    },
    {
      id: 'params',
      header: 'Params',
      cell: (p) => formatCount(p.results.student.params),
      sortValue: (p) => p.results.student.params,
    },
    {
      id: 'bytes',
      header: 'Size',
      cell: (p) => formatBytes(p.results.student.bytes),
      sortValue: (p) => p.results.student.bytes,
    },
    {
      id: 'ms',
      header: 'ms / 1,000',
      cell: (p) => (Number.isFinite(p.results.student.msPer1000) ? p.results.student.msPer1000.toFixed(1) : '–'),
      sortValue: (p) => p.results.student.msPer1000,
    },
    { id: 'finalT', header: 'Final T', cell: (p) => p.results.temperature.toFixed(2), sortValue: (p) => p.results.temperature },
    { id: 'seconds', header: 'Time', cell: (p) => formatDuration(p.seconds), sortValue: (p) => p.seconds },
    { id: 'status', header: 'Status', cell: (p) => p.status, sortValue: (p) => p.status },
  ];
}

/** Settings grouped over seeds, ranked by mean validation accuracy: mean ± sample sd over the seeds, gains in points. */
export function groupColumns(axes: readonly SweepAxis[]): SweepColumn<SweepGroup & { rank: number }>[] {
  type Row = SweepGroup & { rank: number };
  return [
    { id: 'rank', header: 'Rank', cell: (g) => String(g.rank), sortValue: (g) => g.rank },
    ...settingColumns<Row>(axes, (g) => g.config),
    { id: 'seeds', header: 'Seeds', cell: (g) => String(g.seeds.length), sortValue: (g) => g.seeds.length },
    { id: 'val', header: 'Val acc', cell: (g) => formatSpread(g.studentVal), sortValue: (g) => g.studentVal.mean },
    { id: 'valGain', header: 'Val gain', cell: (g) => formatSpread(g.valGain, points), sortValue: (g) => g.valGain.mean },
    { id: 'test', header: 'Test acc', cell: (g) => formatSpread(g.studentTest), sortValue: (g) => g.studentTest.mean },
    { id: 'testGain', header: 'Test gain', cell: (g) => formatSpread(g.testGain, points), sortValue: (g) => g.testGain.mean },
    {
      id: 'baselineTest',
      header: 'Baseline test',
      cell: (g) => formatSpread(g.baselineTest),
      sortValue: (g) => g.baselineTest.mean,
    },
    { id: 'bestTest', header: 'Test, best epoch', cell: (g) => formatSpread(g.bestEpochTest), sortValue: (g) => g.bestEpochTest.mean },
    { id: 'lastTest', header: 'Test, last epoch', cell: (g) => formatSpread(g.lastEpochTest), sortValue: (g) => g.lastEpochTest.mean },
  ];
}

/** A plain-text table of rows under the given columns (the CLI's output). */
export function textTable<Row>(columns: readonly SweepColumn<Row>[], rows: readonly Row[]): string {
  const cells = rows.map((row) => columns.map((c) => c.cell(row)));
  const widths = columns.map((c, i) => Math.max(c.header.length, ...cells.map((r) => r[i]!.length)));
  const line = (values: string[]) => values.map((v, i) => v.padStart(widths[i]!)).join('  ');
  return [line(columns.map((c) => c.header)), ...cells.map(line)].join('\n');
}
