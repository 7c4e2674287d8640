/**
 * The live settings as a run used them. T and alpha can move during a run (the sliders, a
 * schedule, CTKD), so a run's config holds only where they started; its schedule holds every value
 * from the batch it took effect. Tables that describe a run quote these, not the config.
 */
import type { ExperimentConfig } from '../core/settings/config';
import type { LossPoint, Results, ScheduleEntry } from '../shared/protocol';

/** The values one setting took over a run: the least, the greatest, and the one of its last batch. */
export interface UsedRange {
  min: number;
  max: number;
  last: number;
}

/** T and alpha over a run's schedule; `start` stands in for a run that trained no batch. */
export function hyperparamsUsed(
  schedule: readonly ScheduleEntry[],
  start: { temperature: number; alpha: number },
): { temperature: UsedRange; alpha: UsedRange } {
  const range = (key: 'temperature' | 'alpha'): UsedRange => {
    if (schedule.length === 0) return { min: start[key], max: start[key], last: start[key] };
    const values = schedule.map((entry) => entry[key]);
    return { min: Math.min(...values), max: Math.max(...values), last: values.at(-1)! };
  };
  return { temperature: range('temperature'), alpha: range('alpha') };
}

/** "4" when a setting held still; "3 → 8" (first to last) or "3–8, ended at 5" when it moved. */
export function formatUsed(range: UsedRange, first: number, digits = 2): string {
  const f = (v: number) => String(+v.toFixed(digits));
  if (range.min === range.max) return f(range.min);
  if ((first === range.min && range.last === range.max) || (first === range.max && range.last === range.min))
    return `${f(first)} → ${f(range.last)}`;
  return `${f(range.min)}–${f(range.max)}, ended at ${f(range.last)}`;
}

/** What a run's settings as used are read from: its config, its schedule and T of its last batch, its loss readings. */
export interface RunWithSchedule {
  config: Pick<ExperimentConfig, 'temperature' | 'alpha' | 'temperatureSchedule' | 'loss'>;
  losses: readonly Pick<LossPoint, 'temperature'>[];
  result: { results: Pick<Results, 'schedule' | 'temperature'> };
}

/** T and alpha as a run used them, with the values of its first batch (where formatUsed's arrow starts). */
export interface RunSettingsUsed {
  temperature: UsedRange;
  firstTemperature: number;
  /** null where the loss has no alpha: DKD weighs its terms with its own α_DKD and β. */
  alpha: UsedRange | null;
  firstAlpha: number;
}

/**
 * T and alpha over a whole run. The schedule holds what the sliders set (hyperparamsUsed); where
 * a schedule or CTKD sets T instead, the schedule holds only the start, so T's range comes from
 * the start, the loss readings (each carries its batch's T) and the T of the last batch.
 */
export function runSettingsUsed(run: RunWithSchedule): RunSettingsUsed {
  const { schedule, temperature: lastTemperature } = run.result.results;
  const used = hyperparamsUsed(schedule, run.config);
  const first = schedule[0] ?? run.config;
  let temperature = used.temperature;
  let firstTemperature = first.temperature;
  if (run.config.temperatureSchedule !== 'constant') {
    const values = [run.config.temperature, ...run.losses.map((p) => p.temperature), lastTemperature].filter(Number.isFinite);
    temperature = { min: Math.min(...values), max: Math.max(...values), last: values.at(-1)! };
    firstTemperature = run.config.temperature;
  }
  return {
    temperature,
    firstTemperature,
    alpha: run.config.loss === 'dkd' ? null : used.alpha,
    firstAlpha: first.alpha,
  };
}
