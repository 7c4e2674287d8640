import { describe, expect, it } from 'vitest';
import { annealedTemperature, ctkdLambda, dkdWarmup, scaledEpochs } from './schedules';

describe('temperature schedules', () => {
  const linear = { temperatureSchedule: 'linear', temperature: 8, temperatureEnd: 2 } as const;
  const cosine = { ...linear, temperatureSchedule: 'cosine' } as const;

  it('linear and cosine start at T, end at the final T, and meet halfway', () => {
    for (const config of [linear, cosine]) {
      expect(annealedTemperature(config, 0, 101)).toBe(8);
      expect(annealedTemperature(config, 100, 101)).toBeCloseTo(2, 10);
      expect(annealedTemperature(config, 50, 101)).toBeCloseTo(5, 10);
    }
    expect(annealedTemperature(linear, 25, 101)).toBeCloseTo(6.5, 10);
    expect(annealedTemperature(cosine, 25, 101)).toBeCloseTo(2 + (6 * (1 + Math.cos(Math.PI / 4))) / 2, 10);
  });

  it('a constant schedule, or a one-batch run, stays at T', () => {
    expect(annealedTemperature({ ...linear, temperatureSchedule: 'constant' }, 40, 101)).toBe(8);
    expect(annealedTemperature(linear, 0, 1)).toBe(8);
  });

  it('the papers’ epochs scale from 240 to the run, at least one', () => {
    expect(scaledEpochs(20, 240)).toBe(20);
    expect(scaledEpochs(20, 80)).toBe(7);
    expect(scaledEpochs(10, 5)).toBe(1);
  });

  it('DKD warms up linearly to 1 over its scaled 20 of 240 epochs', () => {
    expect(dkdWarmup(1, 240)).toBeCloseTo(1 / 20, 10);
    expect(dkdWarmup(20, 240)).toBe(1);
    expect(dkdWarmup(60, 240)).toBe(1);
    expect(dkdWarmup(1, 80)).toBeCloseTo(1 / 7, 10);
  });

  it('CTKD’s λ rises from 0 to 1 on a cosine over its scaled 10 of 240 epochs, then stays', () => {
    expect(ctkdLambda(1, 240)).toBe(0);
    expect(ctkdLambda(6, 240)).toBeCloseTo(0.5, 10);
    expect(ctkdLambda(11, 240)).toBeCloseTo(1, 10);
    expect(ctkdLambda(100, 240)).toBe(1);
    const rising = [1, 2, 3, 4, 5, 6].map((e) => ctkdLambda(e, 240));
    expect(rising.every((v, i) => i === 0 || v > rising[i - 1]!)).toBe(true);
  });
});
