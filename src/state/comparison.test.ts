import { describe, expect, it } from 'vitest';
import { DEFAULT_CONFIG, type ExperimentConfig } from '../core/settings/config';
import { comparedSettings, NO_ALPHA } from './comparison';
import type { RunSettings } from './comparison-export';
import { scheduleEntry } from '../../test-support/store';

/** A run as the comparison table reads it: its config, schedule, loss readings' T and last T. */
function run(config: Partial<ExperimentConfig>, schedule = [scheduleEntry(0, config.temperature ?? 3, config.alpha ?? 0.9)]): RunSettings {
  return {
    config: { ...DEFAULT_CONFIG, ...config },
    losses: [],
    result: { results: { schedule, temperature: schedule.at(-1)!.temperature } },
  };
}

const rowsOf = (runs: RunSettings[]) => comparedSettings(runs).map((r) => [r.label, ...r.cells, r.differs ? 'differs' : 'same']);

describe('the comparison table’s settings', () => {
  it('a run that started at T = 3, α = 0.9 and ended at T = 8, α = 0.3 reads as such, and differs from one that held', () => {
    const held = run({ temperature: 3, alpha: 0.9 });
    const moved = run({ temperature: 3, alpha: 0.9 }, [scheduleEntry(0, 3, 0.9), scheduleEntry(40, 8, 0.9), scheduleEntry(90, 8, 0.3)]);
    expect(rowsOf([held, moved])).toEqual([
      ['Temperature, as used', '3', '3 → 8', 'differs'],
      ['Alpha, as used', '0.9', '0.9 → 0.3', 'differs'],
    ]);
  });

  it('the settings that differ first, in config order, then T and α where they are the same; DKD has no α', () => {
    const kd = run({ loss: 'kd', seed: 1 });
    const dkd = run({ loss: 'dkd', seed: 1 });
    expect(rowsOf([kd, dkd])).toEqual([
      ['Alpha, as used', '0.9', NO_ALPHA, 'differs'],
      ['Loss', 'kd', 'dkd', 'differs'],
      ['Temperature, as used', '3', '3', 'same'],
    ]);
  });

  it('runs alike: only T and α, neither highlighted', () => {
    expect(rowsOf([run({}), run({})])).toEqual([
      ['Temperature, as used', '3', '3', 'same'],
      ['Alpha, as used', '0.9', '0.9', 'same'],
    ]);
  });
});
