/**
 * What a sweep varies: the settings it may vary without retraining the teachers, the lists of
 * values typed for them (parsed and checked), and every combination they expand to. The points
 * those combinations give, and what they say together, are in sweep.ts.
 */
import {
  CHOICES,
  layoutByKey,
  LAYOUTS,
  paramByKey,
  readLayout,
  validateChoice,
  validateParam,
  type ChoiceKey,
  type ExperimentConfig,
  type LayoutKey,
  type NumericKey,
} from '../settings/config';

/** The settings a sweep may vary without retraining the teachers, in the order rows list them. */
export const SWEEP_KEYS = [
  'loss',
  'temperatureSchedule',
  'calibrateTeachers',
  'teacherConfidence',
  'studentHidden',
  'studentEpochs',
  'temperature',
  'alpha',
  'seed',
] as const;
export type SweepKey = (typeof SWEEP_KEYS)[number];
export type SweepValue = number | string;

export interface SweepAxis {
  key: SweepKey;
  values: SweepValue[];
}

const isChoice = (key: SweepKey): key is SweepKey & ChoiceKey => CHOICES.some((c) => c.key === key);
const isLayout = (key: SweepKey): key is SweepKey & LayoutKey => LAYOUTS.some((l) => l.key === key);

/** The setting's name for messages and headers. */
export function sweepLabel(key: SweepKey): string {
  if (isChoice(key)) return CHOICES.find((c) => c.key === key)!.label;
  return isLayout(key) ? layoutByKey(key).label : paramByKey(key as NumericKey).label;
}

/**
 * Parses a comma-separated list of values for `key`: numbers in the setting's range, or its choice
 * values. Returns the values (duplicates dropped, order kept) or a message naming the problem.
 */
export function parseSweepList(key: SweepKey, text: string): { values: SweepValue[] } | { error: string } {
  const parts = text
    .split(',')
    .map((p) => p.trim())
    .filter((p) => p !== '');
  if (parts.length === 0) return { error: `${sweepLabel(key)}: give at least one value.` };
  const values: SweepValue[] = [];
  for (const part of parts) {
    if (isLayout(key)) {
      const read = readLayout(layoutByKey(key), part);
      if ('error' in read) return { error: `${read.error} ("${part}")` };
      values.push(read.layout);
    } else if (isChoice(key)) {
      const error = validateChoice(
        CHOICES.find((c) => c.key === key)!,
        part,
      );
      if (error) return { error: `${error} ("${part}")` };
      values.push(part);
    } else {
      const value = Number(part);
      const error = validateParam(paramByKey(key as NumericKey), value);
      if (error) return { error: `${error} ("${part}")` };
      values.push(value);
    }
  }
  return { values: [...new Set(values)] };
}

/** The number of students a sweep trains. */
export function sweepSize(axes: readonly SweepAxis[]): number {
  return axes.reduce((n, axis) => n * axis.values.length, 1);
}

/**
 * Every combination of the axes' values on top of `base`. Seeds vary slowest: a sweep stopped
 * part-way has every setting at the first seeds rather than a few settings at every seed.
 */
export function sweepConfigs(base: ExperimentConfig, axes: readonly SweepAxis[]): ExperimentConfig[] {
  const ordered = [...axes].sort((a, b) => (a.key === 'seed' ? -1 : b.key === 'seed' ? 1 : 0));
  return ordered.reduce<ExperimentConfig[]>(
    (configs, axis) => configs.flatMap((c) => axis.values.map((v) => ({ ...c, [axis.key]: v }) as ExperimentConfig)),
    [{ ...base }],
  );
}
