import { describe, expect, it } from 'vitest';
import { formatUsed, hyperparamsUsed } from './settings-used';

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
