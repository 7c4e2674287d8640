/**
 * The studio's side of a sweep, as pure functions: reading the typed lists, naming a point, and
 * how far along the sweep is and how long it has left.
 */
import { formatSetting, shortName, type ExperimentConfig } from '../core/settings/config';
import { parseSweepList, pointSettings, type SweepAxis, type SweepKey, type SweepPoint } from '../core/training/sweep';
import { formatDuration } from './format';
import type { SweepListKey, SweepLists } from './types';

/** The lists the panel offers, in the order it shows them. */
export const SWEEP_LIST_KEYS: readonly SweepListKey[] = ['temperature', 'alpha', 'studentHidden', 'loss', 'calibrateTeachers', 'seed'];

/** Sensible first lists: the T grid at two alphas, three seeds (30 students). */
export const DEFAULT_SWEEP_LISTS: SweepLists = {
  temperature: '1, 2, 4, 8, 16',
  alpha: '0.5, 0.9',
  studentHidden: '64',
  loss: 'kd',
  calibrateTeachers: 'off',
  seed: '0, 1, 2',
};

/** The axes the lists describe, or a message per list that cannot be read. */
export function readSweepLists(lists: SweepLists): { axes: SweepAxis[]; errors: Partial<Record<SweepListKey, string>> } {
  const axes: SweepAxis[] = [];
  const errors: Partial<Record<SweepListKey, string>> = {};
  for (const key of SWEEP_LIST_KEYS) {
    const parsed = parseSweepList(key, lists[key]);
    if ('error' in parsed) errors[key] = parsed.error;
    else axes.push({ key, values: parsed.values });
  }
  return { axes, errors };
}

/** "T", "α", "hidden": a setting's name where space is short (labels, legends), from the registry. */
export const shortSettingName = (key: SweepKey): string => shortName(key);

/** "T = 4, α = 0.9": the settings that tell this point from the others ('' when only the seed varies). */
export function settingsLabel(config: ExperimentConfig, axes: readonly SweepAxis[]): string {
  return Object.entries(pointSettings(config, axes))
    .map(([key, value]) => `${shortName(key)} = ${formatSetting(key, value)}`)
    .join(', ');
}

/** "T = 4, α = 0.9, seed 1": the point's settings and its seed. */
export function pointLabel(config: ExperimentConfig, axes: readonly SweepAxis[]): string {
  const settings = settingsLabel(config, axes);
  return settings ? `${settings}, seed ${config.seed}` : `seed ${config.seed}`;
}

/**
 * Seconds the points after the current one will take: their expected times scaled by how the
 * finished points compared with theirs (null when nothing is known yet).
 */
function laterSeconds(expected: readonly number[] | null, done: readonly SweepPoint[], current: number, count: number): number | null {
  const later = count - current - 1;
  if (later === 0) return 0;
  const finished = done.filter((p) => p.status === 'done');
  if (expected) {
    const expectedSoFar = finished.reduce((sum, p) => sum + expected[p.index - 1]!, 0);
    const tookSoFar = finished.reduce((sum, p) => sum + p.seconds, 0);
    const scale = expectedSoFar > 0 ? tookSoFar / expectedSoFar : 1;
    return expected.slice(current + 1, count).reduce((a, b) => a + b, 0) * scale;
  }
  if (finished.length === 0) return null;
  return (finished.reduce((sum, p) => sum + p.seconds, 0) / finished.length) * later;
}

/** Seconds left in the whole sweep, from the current point's own estimate and the later points'; null when not known. */
export function sweepSecondsLeft(
  expected: readonly number[] | null,
  done: readonly SweepPoint[],
  current: number,
  count: number,
  currentSecondsLeft: number | null,
): number | null {
  const later = laterSeconds(expected, done, current, count);
  return currentSecondsLeft === null || later === null ? null : currentSecondsLeft + later;
}

/** Fraction of the sweep done: finished points plus the current one's fraction, weighted by expected time when known. */
export function sweepFraction(expected: readonly number[] | null, current: number, count: number, currentFraction: number): number {
  const weights = expected ?? Array<number>(count).fill(1);
  const total = weights.reduce((a, b) => a + b, 0);
  const before = weights.slice(0, current).reduce((a, b) => a + b, 0);
  return total > 0 ? Math.min(1, (before + (weights[current] ?? 0) * currentFraction) / total) : 0;
}

/** ", about 3 min left in the sweep", or nothing while unknown. */
export function sweepTimeLeft(seconds: number | null): string {
  return seconds === null ? '' : `, about ${formatDuration(seconds)} left in the sweep`;
}
