/**
 * Several runs side by side as files (CSV, JSON) with the settings they differ in, T and alpha
 * counted as used over each run. Pure functions of the runs, like run-export.ts (whose CSV cells
 * and run records they share).
 */
import { DEFAULT_CONFIG, settingCell, TEACHER_SETTINGS, type ExperimentConfig } from '../core/settings/config';
import type { ModelRow, QuantizedRow } from '../shared/protocol';
import { csv, json, runRecord, type Column } from './run-export';
import { runSettingsUsed, type RunWithSchedule, type UsedRange } from './settings-used';
import type { StudentRun } from './types';

/** What telling runs' settings apart needs: the config, and what runSettingsUsed reads. */
export type RunSettings = Omit<RunWithSchedule, 'config'> & { config: ExperimentConfig };

/** Every setting key, in the order of the config table, then any other key a run's config has. */
function configKeys(runs: readonly RunSettings[]): (keyof ExperimentConfig)[] {
  const keys = new Set<string>(Object.keys(DEFAULT_CONFIG));
  for (const run of runs) for (const key of Object.keys(run.config)) keys.add(key);
  return [...keys] as (keyof ExperimentConfig)[];
}

/**
 * A setting as the run used it, for telling runs apart: T and alpha over the whole run (where they
 * started, their range and where they ended; alpha null where the loss has none), anything else as
 * configured.
 */
function settingUsed(run: RunSettings, key: keyof ExperimentConfig): unknown {
  if (key !== 'temperature' && key !== 'alpha') return run.config[key];
  const used = runSettingsUsed(run);
  return key === 'temperature'
    ? { first: used.firstTemperature, ...used.temperature }
    : used.alpha && { first: used.firstAlpha, ...used.alpha };
}

/**
 * The settings whose values are not the same in every run (in config order); empty for fewer than
 * two runs. T and alpha count as used over the run (runSettingsUsed), not as started: two runs
 * started at T = 3, one moved to 8, differ.
 */
export function differingSettings(runs: readonly RunSettings[]): (keyof ExperimentConfig)[] {
  if (runs.length < 2) return [];
  return configKeys(runs).filter((key) => new Set(runs.map((r) => JSON.stringify(settingUsed(r, key)))).size > 1);
}

const MODEL_FIGURES = [
  'valAccuracy',
  'testAccuracy',
  'ece',
  'mce',
  'nll',
  'brier',
  'agreement',
  'meanKl',
  'params',
  'bytes',
  'msPer1000',
] as const satisfies readonly (keyof ModelRow)[];
const DTYPES: QuantizedRow['dtype'][] = ['float32', 'float16', 'uint16', 'uint8'];
const capital = (s: string) => s[0]!.toUpperCase() + s.slice(1);

const RANGE_PARTS = ['min', 'max', 'last'] as const satisfies readonly (keyof UsedRange)[];

/**
 * T and alpha as used over the run (runSettingsUsed): temperatureUsedMin, …Max, …Last, then
 * alphaUsedMin, …; alpha's are empty for a loss without alpha (DKD).
 */
const USED_COLUMNS: Column<StudentRun>[] = (['temperature', 'alpha'] as const).flatMap((key) =>
  RANGE_PARTS.map((part): Column<StudentRun> => [`${key}Used${capital(part)}`, (r) => runSettingsUsed(r)[key]?.[part]]),
);

function comparisonColumns(runs: readonly StudentRun[]): Column<StudentRun>[] {
  const quantized = (run: StudentRun, dtype: QuantizedRow['dtype']) => run.result.quantized.find((q) => q.dtype === dtype);
  return [
    ['run', (r) => r.id],
    ['name', (r) => r.name],
    ['createdAt', (r) => r.createdAt],
    ['dataset', (r) => r.dataset?.name],
    ['teachersImportedFrom', (r) => r.teachersImportedFrom],
    ['teacherMembers', (r) => r.teacherMembers],
    // Settings as the URL and the CLI write them (on/off settings as on/off).
    ...configKeys(runs).map((key): Column<StudentRun> => [key, (r) => settingCell(key, r.config[key])]),
    ...TEACHER_SETTINGS.map((key): Column<StudentRun> => [`teachers.${key}`, (r) => settingCell(key, r.teacherConfig[key])]),
    ['epochsFinished', (r) => r.result.accuracies.length],
    ['stopped', (r) => r.result.stopped],
    ['failure', (r) => r.result.failure],
    ['finalTemperature', (r) => r.result.results.temperature],
    ['finalAlpha', (r) => r.result.results.alpha],
    ...USED_COLUMNS,
    ...(['student', 'baseline', 'ensemble'] as const).flatMap((model) =>
      MODEL_FIGURES.map((figure): Column<StudentRun> => [`${model}${capital(figure)}`, (r) => r.result.results[model][figure]]),
    ),
    ['studentKeptEpoch', (r) => r.result.results.student.keptEpoch],
    ['baselineKeptEpoch', (r) => r.result.results.baseline.keptEpoch],
    ['testGainPoints', (r) => (r.result.results.student.testAccuracy - r.result.results.baseline.testAccuracy) * 100],
    ['valGainPoints', (r) => (r.result.results.student.valAccuracy - r.result.results.baseline.valAccuracy) * 100],
    ['compression', (r) => r.result.results.compression],
    ['speedup', (r) => r.result.results.speedup],
    ...DTYPES.flatMap((dtype): Column<StudentRun>[] => [
      [`${dtype}Bytes`, (r) => quantized(r, dtype)?.bytes],
      [`${dtype}TestAccuracy`, (r) => quantized(r, dtype)?.testAccuracy],
      [`${dtype}Agreement`, (r) => quantized(r, dtype)?.agreement],
    ]),
  ];
}

/**
 * The runs side by side, one row each: id, name, every setting (and the teachers'), T and alpha as
 * used over the run, and the final figures of the three models, the gain in points, compression,
 * speed-up and the quantized students.
 */
export function comparisonCsv(runs: readonly StudentRun[]): string {
  return csv(comparisonColumns(runs), runs);
}

/**
 * The runs side by side as pretty-printed JSON: the settings they differ in, then each run as
 * runJson has it with `settingsUsed`, T and alpha over the run (min, max, last; alpha null for DKD).
 */
export function comparisonJson(runs: readonly StudentRun[]): string {
  return json({
    kind: 'distill-studio comparison',
    version: 1,
    differingSettings: differingSettings(runs),
    runs: runs.map((run) => {
      const { temperature, alpha } = runSettingsUsed(run);
      return { ...runRecord(run), settingsUsed: { temperature, alpha } };
    }),
  });
}

/** The file name of a comparison: distill-runs-1-3-comparison.csv. */
export const comparisonExportName = (runIds: readonly number[], format: 'csv' | 'json'): string =>
  `distill-runs-${runIds.join('-')}-comparison.${format}`;
