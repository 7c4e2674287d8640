/**
 * A run's figures as files: its metrics per epoch (CSV) and the whole run without its weights
 * (JSON); several runs side by side are in comparison-export.ts. Pure functions of the runs: no
 * DOM, no store; the results slice names the files and hands them to the browser.
 *
 * CSV cells are quoted as RFC 4180 asks (core/sweep.ts, csvCell); a figure that was not measured
 * (NaN, e.g. the timing of a stopped run) is an empty cell. In the JSON it is null.
 */
import { settingCell, type ExperimentConfig } from '../core/settings/config';
import { csvCell, SWEEP_KEYS, type SweepValue } from '../core/training/sweep';
import type { EpochPoint, LossPoint, ModelRow, QuantizedRow, ScheduleEntry } from '../shared/protocol';
import type { Series, StudentRun } from './types';

type Cell = SweepValue | boolean | null | undefined;
export type Column<Row> = readonly [name: string, cell: (row: Row) => Cell];

const cell = (value: Cell): string =>
  value === null || value === undefined ? '' : csvCell(typeof value === 'boolean' ? String(value) : value);

/** Header and rows, one line each, ending with a newline. */
export function csv<Row>(columns: readonly Column<Row>[], rows: readonly Row[]): string {
  const lines = [columns.map(([name]) => cell(name)).join(','), ...rows.map((row) => columns.map(([, pick]) => cell(pick(row))).join(','))];
  return `${lines.join('\n')}\n`;
}

/** The settings a run's rows start with: what it is and how it was distilled (the keys a sweep varies, in its order). */
function runColumns<Row>(run: (row: Row) => StudentRun): Column<Row>[] {
  return [
    ['run', (r) => run(r).id],
    ['name', (r) => run(r).name],
    ['teachersImportedFrom', (r) => run(r).teachersImportedFrom],
    ...SWEEP_KEYS.map((key): Column<Row> => [key, (r) => settingCell(key, run(r).config[key])]),
    ['temperatureEnd', (r) => run(r).config.temperatureEnd],
  ];
}

/** The per-epoch figures of both students, as the worker reports them (validation split unless named). */
const EPOCH_FIELDS = [
  'epoch',
  'step',
  'studentTrainAccuracy',
  'studentValAccuracy',
  'studentValLoss',
  'studentValEce',
  'studentValAgreement',
  'studentValKl',
  'studentTestAccuracy',
  'baselineValAccuracy',
  'baselineValLoss',
  'baselineValEce',
  'baselineValAgreement',
  'baselineValKl',
  'baselineTestAccuracy',
] as const satisfies readonly (keyof EpochPoint)[];

/** The schedule entry in effect at 0-based batch `step` (the last one that started at or before it). */
function scheduleAt(schedule: readonly ScheduleEntry[], step: number): ScheduleEntry | undefined {
  let found = schedule[0];
  for (const entry of schedule) if (entry.step <= step) found = entry;
  return found;
}

const mean = (values: readonly number[]): number => (values.length === 0 ? NaN : values.reduce((a, b) => a + b, 0) / values.length);

interface EpochRow {
  run: StudentRun;
  point: EpochPoint;
  /** The loss readings of this epoch (kept ones: the series is decimated). */
  readings: LossPoint[];
}

const LOSS_COLUMNS: Column<EpochRow>[] = [
  ['lossReadings', (r) => r.readings.length],
  ['meanLoss', (r) => mean(r.readings.map((p) => p.total))],
  ['meanSoftTerm', (r) => mean(r.readings.map((p) => p.softTerm))],
  ['meanHardTerm', (r) => mean(r.readings.map((p) => p.hardTerm))],
  ['meanBaselineLoss', (r) => mean(r.readings.map((p) => p.baseline))],
];

/**
 * T of the epoch's last batch: from its last loss reading (which carries the T that batch used,
 * scheduled or learnt), else from the schedule when T is the slider's (a constant schedule); else unknown.
 */
function epochTemperature({ run, point, readings }: EpochRow): number | null {
  const last = readings.at(-1);
  if (last) return last.temperature;
  if (run.config.temperatureSchedule !== 'constant') return null;
  return scheduleAt(run.result.results.schedule, point.step - 1)?.temperature ?? null;
}

function epochAlpha({ run, point, readings }: EpochRow): number | null {
  return readings.at(-1)?.alpha ?? scheduleAt(run.result.results.schedule, point.step - 1)?.alpha ?? null;
}

/**
 * One row per finished epoch of `run`: its id, name and key settings, then both students' accuracies
 * (train, validation, test), validation loss, ECE, agreement with and KL to the ensemble, the
 * soft-term weights' mean (weighted losses), T and α of the epoch's last batch. With loss readings
 * (`series`, by default the run's own), each epoch also gets the mean of its readings' loss terms.
 */
export function runMetricsCsv(run: StudentRun, series: Pick<Series, 'losses'> = { losses: run.losses ?? [] }): string {
  const withLosses = series.losses.length > 0;
  const rows = run.result.accuracies.map((point): EpochRow => ({
    run,
    point,
    readings: withLosses ? series.losses.filter((p) => p.epoch === point.epoch) : [],
  }));
  const columns: Column<EpochRow>[] = [
    ...runColumns<EpochRow>((r) => r.run),
    ...EPOCH_FIELDS.map((key): Column<EpochRow> => [key, (r) => r.point[key]]),
    ['softWeightsMean', (r) => r.point.softWeights?.mean],
    ['epochTemperature', epochTemperature],
    ['epochAlpha', epochAlpha],
    ...(withLosses ? LOSS_COLUMNS : []),
  ];
  return csv(columns, rows);
}

/** What a run file holds: everything but the models' weights and their cached outputs (typed arrays). */
export interface RunRecord {
  id: number;
  name: string;
  createdAt: string;
  dataset: StudentRun['dataset'];
  classNames: string[];
  config: ExperimentConfig;
  teacherConfig: ExperimentConfig;
  teacherMembers: number;
  teachersImportedFrom: string | null;
  /** The results table: every figure of each model, its reliability bins included (plain numbers, ECE_BINS per model). */
  results: {
    ensemble: ModelRow;
    student: ModelRow;
    baseline: ModelRow;
    compression: number;
    speedup: number;
    temperature: number;
    alpha: number;
    timed: boolean;
    halt: StudentRun['result']['results']['halt'];
    teacherView: StudentRun['result']['results']['teacherView'];
  };
  /** The distilled student under each weight format (float32 first). */
  quantized: QuantizedRow[];
  /** Every T/α the run used, from the batch it took effect. */
  schedule: ScheduleEntry[];
  accuracies: EpochPoint[];
  /** The loss readings as the chart kept them (decimated). */
  losses: LossPoint[];
  stopped: boolean;
  failure: string | null;
  timing: StudentRun['result']['timing'];
}

/** A copy of `value` holding plain arrays where it held typed ones (nothing of a run's should, but a file must not). */
function plain<T>(value: T): T {
  if (ArrayBuffer.isView(value)) return Array.from(value as unknown as ArrayLike<number>) as T;
  if (Array.isArray(value)) return value.map(plain) as T;
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, plain(v)])) as T;
  }
  return value;
}

/** The run as plain data: settings, results, quantized table, schedule, accuracies and loss readings; no weights, no outputs. */
export function runRecord(run: StudentRun): RunRecord {
  const { result } = run;
  const { ensemble, student, baseline, compression, speedup, temperature, alpha, timed, halt, teacherView, schedule } = result.results;
  return plain({
    id: run.id,
    name: run.name,
    createdAt: run.createdAt,
    dataset: run.dataset,
    classNames: run.classNames,
    config: run.config,
    teacherConfig: run.teacherConfig,
    teacherMembers: run.teacherMembers,
    teachersImportedFrom: run.teachersImportedFrom,
    results: { ensemble, student, baseline, compression, speedup, temperature, alpha, timed, halt, teacherView },
    quantized: result.quantized,
    schedule,
    accuracies: result.accuracies,
    losses: run.losses ?? [],
    stopped: result.stopped,
    failure: result.failure,
    timing: result.timing,
  });
}

export const json = (value: unknown): string => `${JSON.stringify(value, null, 2)}\n`;

/** The run as pretty-printed JSON (runRecord): its settings and every figure, without weights or outputs. */
export function runJson(run: StudentRun): string {
  return json({ kind: 'distill-studio run', version: 1, run: runRecord(run) });
}
/** File names of the exports: distill-run-3-metrics.csv, distill-run-3.json (comparisons: comparison-export.ts). */
export const runExportName = (runId: number, format: 'csv' | 'json'): string =>
  format === 'csv' ? `distill-run-${runId}-metrics.csv` : `distill-run-${runId}.json`;
