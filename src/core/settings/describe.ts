/**
 * A run's loss and temperature in words, for the results table, the downloaded model's README
 * and its file name: the same text wherever a run is described.
 */
import type { ExperimentConfig } from './config';
import { lossById } from '../losses/registry';
import type { Results } from '../types';

/** T to two decimals at most: a learnt or annealed T is not worth more digits. */
export const roundTemperature = (t: number): number => Number(t.toFixed(2));

type RunConfig = Pick<ExperimentConfig, 'loss' | 'temperatureSchedule' | 'temperatureEnd' | 'dkdAlpha' | 'dkdBeta'>;
type RunResults = Pick<Results, 'schedule' | 'temperature' | 'alpha'>;

/**
 * "T = 4, α = 0.9"; "T 4 → 6, α 0.9 → 0.5" when the sliders moved; "T 4 → 1 (cosine), α = 0.9"
 * for a schedule; "T learnt 4 → 5.21 (CTKD)"; DKD names its own weights instead of α.
 */
export function hyperparamsText(config: RunConfig, results: RunResults): string {
  const first = results.schedule[0] ?? { temperature: results.temperature, alpha: results.alpha };
  const last = roundTemperature(results.temperature);
  const start = roundTemperature(first.temperature);
  let t: string;
  if (config.temperatureSchedule === 'ctkd') t = `T learnt ${start} → ${last} (CTKD)`;
  else if (config.temperatureSchedule !== 'constant') t = `T ${start} → ${last} (${config.temperatureSchedule})`;
  else t = start === last ? `T = ${last}` : `T ${start} → ${last}`;
  const a =
    config.loss === 'dkd'
      ? `α_DKD = ${config.dkdAlpha}, β = ${config.dkdBeta}`
      : first.alpha === results.alpha
        ? `α = ${results.alpha}`
        : `α ${first.alpha} → ${results.alpha}`;
  return `${t}, ${a}`;
}

/** "KD" or the variant's name with the T schedule where it is not constant, e.g. "DKD, cosine T". */
export function lossText(config: Pick<ExperimentConfig, 'loss' | 'temperatureSchedule'>): string {
  const schedule =
    config.temperatureSchedule === 'constant'
      ? ''
      : config.temperatureSchedule === 'ctkd'
        ? ', CTKD T'
        : `, ${config.temperatureSchedule} T`;
  return `${lossById(config.loss).short}${schedule}`;
}

/** "64 hidden", "128-64 hidden", "no hidden layer" or "CNN": the student's layout in a table cell. */
export function hiddenText(layout: string): string {
  if (layout === 'cnn') return 'CNN';
  return layout === 'none' ? 'no hidden layer' : `${layout} hidden`;
}

/** "as trained", "calibrated, confidence × 2", "weights 2, 1, 1": how a run saw its teachers. */
export function teacherViewText(
  config: Pick<ExperimentConfig, 'calibrateTeachers' | 'teacherConfidence'>,
  weights: readonly number[],
): string {
  const parts: string[] = [];
  if (config.calibrateTeachers) parts.push('calibrated');
  if (config.teacherConfidence !== 1) parts.push(`confidence × ${config.teacherConfidence}`);
  if (weights.some((w) => w !== weights[0])) parts.push(`weights ${weights.join(', ')}`);
  return parts.length > 0 ? parts.join(', ') : 'as trained';
}
