import { describe, expect, it } from 'vitest';
import {
  assertValidConfig,
  configFromHash,
  configToHash,
  DEFAULT_CONFIG,
  PARAMS,
  paramByKey,
  validateConfig,
  validateParam,
  type ExperimentConfig,
} from './config';

describe('validateParam', () => {
  it('accepts the default of every parameter and both ends of its range', () => {
    for (const p of PARAMS) {
      expect(validateParam(p, p.defaultValue), p.key).toBeNull();
      expect(validateParam(p, p.min), p.key).toBeNull();
      expect(validateParam(p, p.max), p.key).toBeNull();
    }
  });

  it('names the parameter for out-of-range, non-integer and non-numeric values', () => {
    const alpha = paramByKey('alpha');
    expect(validateParam(alpha, 3)).toBe('Alpha must be between 0 and 1.');
    expect(validateParam(alpha, -0.01)).toBe('Alpha must be between 0 and 1.');
    expect(validateParam(alpha, NaN)).toBe('Alpha must be a number.');
    expect(validateParam(paramByKey('temperature'), 0.5)).toBe('Temperature must be between 1 and 20.');
    expect(validateParam(paramByKey('studentEpochs'), 12.5)).toBe('Student epochs must be a whole number.');
    expect(validateParam(paramByKey('ensembleSize'), Infinity)).toBe('Ensemble size must be a number.');
    for (const p of PARAMS) expect(validateParam(p, p.max + 1), p.key).toContain(p.label);
  });

  it('paramByKey rejects an unknown key', () => {
    expect(() => paramByKey('nope' as never)).toThrow(/unknown parameter "nope"/);
  });
});

describe('validateConfig', () => {
  it('is empty for the defaults', () => {
    expect(validateConfig(DEFAULT_CONFIG)).toEqual([]);
    expect(() => assertValidConfig(DEFAULT_CONFIG)).not.toThrow();
  });

  it('lists one message per problem, each naming its parameter', () => {
    const bad = { ...DEFAULT_CONFIG, alpha: 2, batchSize: 0, teacherArch: 'rnn', ensembleMode: 'median' } as unknown as ExperimentConfig;
    const errors = validateConfig(bad);
    expect(errors).toHaveLength(4);
    expect(errors).toContain('Alpha must be between 0 and 1.');
    expect(errors).toContain('Batch size must be between 8 and 1024.');
    expect(errors.some((e) => e.startsWith('Teacher model must be one of mlp, cnn'))).toBe(true);
    expect(errors.some((e) => e.startsWith('Ensemble mean must be one of arithmetic, geometric'))).toBe(true);
    expect(() => assertValidConfig(bad)).toThrow(errors.join(' '));
  });
});

describe('configToHash / configFromHash', () => {
  const custom: ExperimentConfig = {
    seed: 1234,
    ensembleSize: 5,
    teacherArch: 'cnn',
    teacherHidden: 256,
    teacherEpochs: 3,
    learningRate: 0.0025,
    batchSize: 128,
    trainPercent: 25,
    optimizer: 'sgd',
    ensembleMode: 'geometric',
    studentHidden: '17-9',
    studentEpochs: 9,
    temperature: 6.5,
    alpha: 0.35,
    keepBestEpoch: 'off',
    loss: 'dkd',
    temperatureSchedule: 'cosine',
    temperatureEnd: 2.5,
    dkdAlpha: 0.5,
    dkdBeta: 4,
    calibrateTeachers: 'on',
    teacherConfidence: 2.5,
    omitClass: '3',
  };

  it('round-trips every field, with or without the leading #', () => {
    expect(configFromHash(configToHash(custom))).toEqual(custom);
    expect(configFromHash(`#${configToHash(custom)}`)).toEqual(custom);
    expect(configFromHash(configToHash(DEFAULT_CONFIG))).toEqual(DEFAULT_CONFIG);
  });

  it('uses the CLI flag names as keys', () => {
    const hash = new URLSearchParams(configToHash(custom));
    expect(hash.get('student-hidden')).toBe('17-9');
    expect(hash.get('teacher-arch')).toBe('cnn');
    expect(hash.get('ensemble-mean')).toBe('geometric');
  });

  it('falls back to the default for each invalid or missing entry, keeping the valid ones', () => {
    const config = configFromHash(
      'alpha=3&temperature=abc&seed=-1&batch-size=&student-hidden=2.5&teacher-arch=rnn&ensemble-mean=median&teachers=2&unknown=1',
    );
    expect(config).toEqual({ ...DEFAULT_CONFIG, ensembleSize: 2 });
    expect(configFromHash('')).toEqual(DEFAULT_CONFIG);
  });
});
