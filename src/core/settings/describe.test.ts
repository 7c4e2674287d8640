import { describe, expect, it } from 'vitest';
import { DEFAULT_CONFIG } from './config';
import { hiddenText, hyperparamsText, lossText } from './describe';

const entry = (temperature: number, alpha: number, step = 0) => ({ step, epoch: 1, batch: step + 1, temperature, alpha });

describe('describing a run', () => {
  it('says T and α as the sliders left them', () => {
    expect(hyperparamsText(DEFAULT_CONFIG, { schedule: [entry(4, 0.9)], temperature: 4, alpha: 0.9 })).toBe('T = 4, α = 0.9');
    expect(hyperparamsText(DEFAULT_CONFIG, { schedule: [entry(4, 0.9), entry(6, 0.5, 10)], temperature: 6, alpha: 0.5 })).toBe(
      'T 4 → 6, α 0.9 → 0.5',
    );
  });

  it('names a schedule, rounds a learnt T, and gives DKD its own weights instead of α', () => {
    const cosine = { ...DEFAULT_CONFIG, temperatureSchedule: 'cosine' as const };
    expect(hyperparamsText(cosine, { schedule: [entry(4, 0.9)], temperature: 1, alpha: 0.9 })).toBe('T 4 → 1 (cosine), α = 0.9');
    const ctkd = { ...DEFAULT_CONFIG, temperatureSchedule: 'ctkd' as const, loss: 'dkd' as const };
    expect(hyperparamsText(ctkd, { schedule: [entry(4, 0.9)], temperature: 5.21374, alpha: 0.9 })).toBe(
      'T learnt 4 → 5.21 (CTKD), α_DKD = 1, β = 8',
    );
    expect(lossText(ctkd)).toBe('DKD, CTKD T');
    expect(lossText(DEFAULT_CONFIG)).toBe('KD');
  });
});

describe('hiddenText', () => {
  it('names the layout, or says there is no hidden layer', () => {
    expect(hiddenText('64')).toBe('64 hidden');
    expect(hiddenText('128-64')).toBe('128-64 hidden');
    expect(hiddenText('none')).toBe('no hidden layer');
    expect(hiddenText('cnn')).toBe('CNN');
  });
});
