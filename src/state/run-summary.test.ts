import { describe, expect, it } from 'vitest';
import { DEFAULT_CONFIG } from '../core/settings/config';
import { formatGain, runHeadline, runLabel, usedSettings } from './run-summary';
import { distillResult, lossPoint, scheduleEntry } from '../../test-support/store';
import type { StudentRun } from './types';

function run(overrides: Partial<StudentRun> = {}, accuracy = 0.9401, baseline = 0.9376): StudentRun {
  return {
    id: 3,
    name: 'Run 3',
    datasetId: 'mnist',
    teachersId: 't',
    dataset: { name: 'MNIST', features: 784, image: null, columns: null, standardization: null },
    losses: [],
    result: distillResult(accuracy, null, baseline),
    config: DEFAULT_CONFIG,
    teacherConfig: DEFAULT_CONFIG,
    teacherMembers: 3,
    teachersImportedFrom: null,
    classNames: [],
    createdAt: '2026-01-02T03:04:05.000Z',
    ...overrides,
  };
}

describe('a run in a few words', () => {
  it('the headline: distilled vs baseline test accuracy and the gain in points', () => {
    expect(runHeadline(run())).toBe('Run 3: distilled 94.01 % · baseline 93.76 % · +0.25 points');
    expect(runHeadline(run({}, 0.9, 0.9295))).toBe('Run 3: distilled 90.00 % · baseline 92.95 % · −2.95 points');
  });

  it('names a renamed, stopped or halted run', () => {
    expect(runLabel(run({ name: 'first try' }))).toBe('Run 3 (first try)');
    const stopped = run();
    stopped.result = { ...stopped.result, stopped: true };
    expect(runLabel(stopped)).toBe('Run 3 (stopped)');
    const halted = run({ name: 'x' });
    halted.result = { ...halted.result, failure: 'NaN' };
    expect(runLabel(halted)).toBe('Run 3 (x, halted)');
  });

  it('a gain keeps its sign, with a true minus', () => {
    expect(formatGain(0.0025)).toBe('+0.25');
    expect(formatGain(-0.01)).toBe('−1.00');
    expect(formatGain(0)).toBe('+0.00');
  });

  it('T and α as the run used them, not as it started; DKD names its own weights', () => {
    const moved = run({ config: { ...DEFAULT_CONFIG, temperature: 3, alpha: 0.9 } });
    moved.result.results.schedule = [scheduleEntry(0, 3, 0.9), scheduleEntry(40, 8, 0.9), scheduleEntry(90, 8, 0.3)];
    expect(usedSettings(moved)).toEqual({ temperature: '3 → 8', alpha: '0.9 → 0.3' });
    // An annealed T: the schedule holds its start only; the readings and the last batch hold the rest.
    const annealed = run({
      config: { ...DEFAULT_CONFIG, temperature: 4, temperatureSchedule: 'cosine', temperatureEnd: 1 },
      losses: [lossPoint(1, 4), lossPoint(50, 2.5), lossPoint(99, 1.02)],
    });
    annealed.result.results.temperature = 1;
    expect(usedSettings(annealed).temperature).toBe('4 → 1');
    const dkd = run({ config: { ...DEFAULT_CONFIG, loss: 'dkd', dkdAlpha: 1, dkdBeta: 8 } });
    expect(usedSettings(dkd)).toEqual({ temperature: '4', alpha: 'α_DKD 1, β 8' });
  });
});
