/**
 * Things that change over a run by plan: annealed temperatures, DKD's warm-up and CTKD's λ.
 * The papers' epoch counts are for 240-epoch CIFAR runs; here they scale with the run's length.
 */
import type { ExperimentConfig } from '../settings/config';

/** The papers' run length, in epochs. */
const PAPER_EPOCHS = 240;

/** `paperEpochs` of a 240-epoch schedule, scaled to a run of `epochs` (at least one). */
export function scaledEpochs(paperEpochs: number, epochs: number): number {
  return Math.max(1, Math.round((paperEpochs * epochs) / PAPER_EPOCHS));
}

/**
 * T of a batch under a linear or cosine schedule: from `temperature` at the first batch to
 * `temperatureEnd` at the last (`step` is 0-based, of `steps` batches in all).
 */
export function annealedTemperature(
  config: Pick<ExperimentConfig, 'temperatureSchedule' | 'temperature' | 'temperatureEnd'>,
  step: number,
  steps: number,
): number {
  const progress = steps > 1 ? Math.min(Math.max(step / (steps - 1), 0), 1) : 0;
  const { temperature: start, temperatureEnd: end } = config;
  if (config.temperatureSchedule === 'linear') return start + (end - start) * progress;
  if (config.temperatureSchedule === 'cosine') return end + ((start - end) * (1 + Math.cos(Math.PI * progress))) / 2;
  return start;
}

/** DKD's warm-up factor in epoch `epoch` (1-based): min(epoch / warm-up, 1), the warm-up 20 of 240 epochs. */
export function dkdWarmup(epoch: number, epochs: number): number {
  return Math.min(epoch / scaledEpochs(20, epochs), 1);
}

/**
 * CTKD's gradient-reversal strength λ in epoch `epoch` (1-based): rising from 0 to 1 on a cosine
 * over the first 10 of 240 epochs (scaled), so the temperature turns adversarial gradually.
 */
export function ctkdLambda(epoch: number, epochs: number): number {
  const ramp = scaledEpochs(10, epochs);
  const progress = Math.min((epoch - 1) / ramp, 1);
  return (1 - Math.cos(Math.PI * progress)) / 2;
}
