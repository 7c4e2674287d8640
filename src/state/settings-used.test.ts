import { describe, expect, it } from 'vitest';
import { formatUsed, hyperparamsUsed, runSettingsUsed, type RunWithSchedule } from './settings-used';

const entry = (step: number, temperature: number, alpha: number) => ({ step, epoch: 1, batch: step + 1, temperature, alpha });

describe('settings as a run used them', () => {
  it('a run whose T and alpha held still', () => {
    const used = hyperparamsUsed([entry(0, 4, 0.9)], { temperature: 4, alpha: 0.9 });
    expect(used).toEqual({ temperature: { min: 4, max: 4, last: 4 }, alpha: { min: 0.9, max: 0.9, last: 0.9 } });
    expect(formatUsed(used.temperature, 4)).toBe('4');
  });

  it('a run moved from T = 3, α = 0.9 to T = 8, α = 0.3 reads as such, not as where it started', () => {
    const used = hyperparamsUsed([entry(0, 3, 0.9), entry(40, 8, 0.9), entry(90, 8, 0.3)], { temperature: 3, alpha: 0.9 });
    expect(formatUsed(used.temperature, 3)).toBe('3 → 8');
    expect(formatUsed(used.alpha, 0.9)).toBe('0.9 → 0.3');
  });

  it('a setting that went up and came down says its range and where it ended', () => {
    const used = hyperparamsUsed([entry(0, 4, 0.9), entry(10, 12, 0.9), entry(20, 6, 0.9)], { temperature: 4, alpha: 0.9 });
    expect(formatUsed(used.temperature, 4)).toBe('4–12, ended at 6');
  });

  it('a run that trained no batch uses its start', () => {
    expect(hyperparamsUsed([], { temperature: 2, alpha: 0.5 }).alpha).toEqual({ min: 0.5, max: 0.5, last: 0.5 });
  });
});

/** A run as runSettingsUsed reads it: KD with a constant T unless `config` says otherwise. */
function run(
  schedule: ReturnType<typeof entry>[],
  config: Partial<RunWithSchedule['config']> = {},
  readings: number[] = [],
  lastTemperature = schedule.at(-1)?.temperature ?? 4,
): RunWithSchedule {
  return {
    config: { temperature: 4, alpha: 0.9, temperatureSchedule: 'constant', loss: 'kd', ...config },
    losses: readings.map((temperature) => ({ temperature })),
    result: { results: { schedule, temperature: lastTemperature } },
  };
}

describe('a run’s settings as used', () => {
  it('sliders: T and alpha from the schedule, with the values of the first batch', () => {
    const used = runSettingsUsed(run([entry(0, 3, 0.9), entry(40, 8, 0.9), entry(90, 8, 0.3)], { temperature: 3 }));
    expect(used).toEqual({
      temperature: { min: 3, max: 8, last: 8 },
      firstTemperature: 3,
      alpha: { min: 0.3, max: 0.9, last: 0.3 },
      firstAlpha: 0.9,
    });
  });

  it('an annealed T: from its start to the T of the last batch, though the schedule holds only the start', () => {
    const used = runSettingsUsed(run([entry(0, 4, 0.9)], { temperatureSchedule: 'cosine' }, [3.9, 2.5, 1.2], 1));
    expect(used.temperature).toEqual({ min: 1, max: 4, last: 1 });
    expect(formatUsed(used.temperature, used.firstTemperature)).toBe('4 → 1');
    // Stopped early, without readings: start and last still bound a monotone schedule.
    expect(runSettingsUsed(run([entry(0, 4, 0.9)], { temperatureSchedule: 'linear' }, [], 2.5)).temperature).toEqual({
      min: 2.5,
      max: 4,
      last: 2.5,
    });
  });

  it('a learnt T (CTKD) that rose and fell: its range over the readings and where it ended', () => {
    const used = runSettingsUsed(run([entry(0, 4, 0.9)], { temperatureSchedule: 'ctkd' }, [4.5, 6.2, 5.1], 5));
    expect(formatUsed(used.temperature, used.firstTemperature)).toBe('4–6.2, ended at 5');
  });

  it('DKD has no alpha', () => {
    expect(runSettingsUsed(run([entry(0, 4, 0.9)], { loss: 'dkd' })).alpha).toBeNull();
  });

  it('a run that trained no batch: its config', () => {
    const used = runSettingsUsed(run([], { temperature: 2, alpha: 0.5 }, [], 2));
    expect(used.temperature).toEqual({ min: 2, max: 2, last: 2 });
    expect(used.alpha).toEqual({ min: 0.5, max: 0.5, last: 0.5 });
    expect(used.firstAlpha).toBe(0.5);
  });
});
