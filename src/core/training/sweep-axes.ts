/**
 * What a sweep varies: the settings it may vary without retraining the teachers, the lists of
 * values typed for them (parsed and checked), and every combination they expand to. The points
 * those combinations give, and what they say together, are in sweep.ts.
 */
import { settingLabel, SWEEPABLE, type ExperimentConfig, type SweepableKey } from '../settings/config';
import { readSetting } from '../settings/kinds';
import { SETTINGS } from '../settings/registry';

/** The settings a sweep may vary without retraining the teachers (the registry's `sweep`), in the order rows list them. */
export const SWEEP_KEYS = SWEEPABLE;
export type SweepKey = SweepableKey;
export type SweepValue = number | string | boolean;

export interface SweepAxis {
  key: SweepKey;
  values: SweepValue[];
}

/** The setting's name for messages and headers. */
export const sweepLabel = (key: SweepKey): string => settingLabel(key);

/**
 * Parses a comma-separated list of values for `key`: numbers in the setting's range, its choice
 * values, on/off, layouts. Returns the values (duplicates dropped, order kept) or a message naming the problem.
 */
export function parseSweepList(key: SweepKey, text: string): { values: SweepValue[] } | { error: string } {
  const parts = text
    .split(',')
    .map((p) => p.trim())
    .filter((p) => p !== '');
  if (parts.length === 0) return { error: `${sweepLabel(key)}: give at least one value.` };
  const values: SweepValue[] = [];
  for (const part of parts) {
    const read = readSetting(SETTINGS[key], part);
    if ('error' in read) return { error: `${read.error} ("${part}")` };
    values.push(read.value);
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
