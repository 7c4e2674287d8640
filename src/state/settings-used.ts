/**
 * The live settings as a run used them. T and alpha can move during a run (the sliders, a
 * schedule, CTKD), so a run's config holds only where they started; its schedule holds every value
 * from the batch it took effect. Tables that describe a run quote these, not the config.
 */
import type { ScheduleEntry } from '../shared/protocol';

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
