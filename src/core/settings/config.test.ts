import { describe, expect, it } from 'vitest';
import {
  assertValidConfig,
  changedTeacherSettings,
  classOptions,
  datasetProblems,
  DEFAULT_CONFIG,
  LIVE_SETTINGS,
  migrateConfig,
  paramByKey,
  settingEntries,
  settingInUse,
  SWEEPABLE,
  TEACHER_SETTINGS,
  validateConfig,
  validateParam,
  type ExperimentConfig,
} from './config';
import { configFromHash, configToHash } from './hash';
import type { NumberSetting } from './kinds';
import { SETTINGS } from './registry';
import { readSettingFlags, settingUsage } from './cli';

const PARAMS = settingEntries(SETTINGS)
  .map(([, setting]) => setting)
  .filter((setting): setting is NumberSetting => setting.kind === 'number');

describe('validateParam', () => {
  it('accepts the default of every parameter and both ends of its range', () => {
    for (const p of PARAMS) {
      expect(validateParam(p, p.defaultValue), p.label).toBeNull();
      expect(validateParam(p, p.min), p.label).toBeNull();
      expect(validateParam(p, p.max), p.label).toBeNull();
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
    for (const p of PARAMS) expect(validateParam(p, p.max + 1), p.label).toContain(p.label);
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

describe('the CNN (32-64) teacher as a setting', () => {
  it('is an option of Teacher model: valid, read from its CLI flag, round-tripped by the hash, listed in the usage', () => {
    const config: ExperimentConfig = { ...DEFAULT_CONFIG, teacherArch: 'cnn-32-64' };
    expect(validateConfig(config)).toEqual([]);
    expect(readSettingFlags(SETTINGS, { 'teacher-arch': 'cnn-32-64' }, DEFAULT_CONFIG)).toEqual({ config, lists: [], errors: [] });
    expect(readSettingFlags(SETTINGS, { 'teacher-arch': 'cnn-64' }, DEFAULT_CONFIG).errors).toEqual([
      'Teacher model must be one of mlp, cnn, cnn-32-64, mixed, transformer.',
    ]);
    expect(new URLSearchParams(configToHash(config)).get('teacher-arch')).toBe('cnn-32-64');
    expect(configFromHash(configToHash(config))).toEqual(config);
    expect(SETTINGS.teacherArch.options.find((o) => o.value === 'cnn-32-64')?.label).toBe('CNN (32-64)');
    expect(settingUsage(SETTINGS)).toMatch(/--teacher-arch[^\n]*cnn-32-64/);
    expect(changedTeacherSettings(config, DEFAULT_CONFIG)).toEqual(['teacherArch']);
  });
});

describe('configToHash / configFromHash', () => {
  const custom: ExperimentConfig = {
    seed: 1234,
    ensembleSize: 5,
    teacherArch: 'cnn',
    teacherHidden: 256,
    teacherLabelSmoothing: 0.1,
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
    keepBestEpoch: false,
    studentLabelPercent: 10,
    loss: 'dkd',
    temperatureSchedule: 'cosine',
    temperatureEnd: 2.5,
    dkdAlpha: 0.5,
    dkdBeta: 4,
    calibrateTeachers: true,
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

describe('on/off settings: booleans in configs, on/off in links and files', () => {
  it('a link shared before they were booleans (keep-best=off, calibrate=on) opens the same experiment', () => {
    expect(configFromHash('keep-best=off&calibrate=on&teachers=2')).toEqual({
      ...DEFAULT_CONFIG,
      keepBestEpoch: false,
      calibrateTeachers: true,
      ensembleSize: 2,
    });
    const hash = new URLSearchParams(configToHash({ ...DEFAULT_CONFIG, calibrateTeachers: true }));
    expect([hash.get('keep-best'), hash.get('calibrate')]).toEqual(['on', 'on']);
  });

  it("migrateConfig reads a saved config of an earlier version: 'on'/'off' become booleans, missing settings their defaults", () => {
    const { keepBestEpoch: _kept, ...older } = { ...DEFAULT_CONFIG, calibrateTeachers: 'on', temperature: 6 };
    expect(migrateConfig(older)).toEqual({ ...DEFAULT_CONFIG, calibrateTeachers: true, temperature: 6 });
    expect(migrateConfig({ ...DEFAULT_CONFIG, keepBestEpoch: 'off' })).toEqual({ ...DEFAULT_CONFIG, keepBestEpoch: false });
    expect(migrateConfig({ ...DEFAULT_CONFIG, calibrateTeachers: true })).toEqual({ ...DEFAULT_CONFIG, calibrateTeachers: true });
    expect(validateConfig({ ...DEFAULT_CONFIG, keepBestEpoch: 'on' } as unknown as ExperimentConfig)).toEqual([
      'Keep best epoch (validation) must be one of on, off.',
    ]);
  });
});

describe('the omitted class follows the dataset', () => {
  it('offers none and each class of the dataset, named', () => {
    expect(classOptions(['0', '1', '2'])).toEqual([
      { value: 'none', label: 'None' },
      { value: '0', label: '0' },
      { value: '1', label: '1' },
      { value: '2', label: '2' },
    ]);
    expect(classOptions(['cat', 'dog']).map((o) => o.label)).toEqual(['None', '0: cat', '1: dog']);
  });

  it('accepts any class of a dataset of up to 100 classes, and only the classes of the dataset loaded', () => {
    expect(configFromHash('omit=57').omitClass).toBe('57');
    expect(configFromHash('omit=100').omitClass).toBe('none');
    expect(validateConfig({ ...DEFAULT_CONFIG, omitClass: '57' })).toEqual([]);
    expect(validateConfig({ ...DEFAULT_CONFIG, omitClass: '57' }, { classes: 100 })).toEqual([]);
    expect(datasetProblems({ ...DEFAULT_CONFIG, omitClass: '57' }, 10)).toEqual([
      'Omit digit from transfer set: there is no class 57; the dataset has 10 (0 to 9).',
    ]);
    expect(datasetProblems({ ...DEFAULT_CONFIG, omitClass: '9' }, 10)).toEqual([]);
    expect(validateConfig({ ...DEFAULT_CONFIG, omitClass: 'x' })).toEqual([
      'Omit digit from transfer set must be none or a class from 0 to 99.',
    ]);
  });
});

describe('settingInUse', () => {
  it("a setting only some options read is in use only with them: DKD's weights, the final T, alpha", () => {
    const dkd = { ...DEFAULT_CONFIG, loss: 'dkd' as const };
    expect([settingInUse(DEFAULT_CONFIG, 'dkdAlpha'), settingInUse(dkd, 'dkdAlpha'), settingInUse(dkd, 'dkdBeta')]).toEqual([
      false,
      true,
      true,
    ]);
    expect([settingInUse(DEFAULT_CONFIG, 'alpha'), settingInUse(dkd, 'alpha')]).toEqual([true, false]);
    expect(settingInUse(DEFAULT_CONFIG, 'temperatureEnd')).toBe(false);
    expect(settingInUse({ ...DEFAULT_CONFIG, temperatureSchedule: 'cosine' }, 'temperatureEnd')).toBe(true);
    expect(settingInUse(dkd, 'temperature')).toBe(true);
  });
});

describe('the roles the registry gives settings', () => {
  it('the teachers, the live sliders and the sweepable settings', () => {
    expect([...TEACHER_SETTINGS].sort()).toEqual([
      'ensembleMode',
      'ensembleSize',
      'teacherArch',
      'teacherEpochs',
      'teacherHidden',
      'teacherLabelSmoothing',
    ]);
    expect(LIVE_SETTINGS).toEqual(['temperature', 'alpha']);
    expect(SWEEPABLE).toEqual([
      'loss',
      'temperatureSchedule',
      'calibrateTeachers',
      'teacherConfidence',
      'studentHidden',
      'studentEpochs',
      'studentLabelPercent',
      'temperature',
      'alpha',
      'optimizer',
      'seed',
    ]);
    expect(changedTeacherSettings({ ...DEFAULT_CONFIG, ensembleSize: 5, seed: 3, alpha: 0.1 }, DEFAULT_CONFIG)).toEqual(['ensembleSize']);
  });
});

describe('the config type, derived from the registry', () => {
  it('has one field per setting, each typed by its kind', () => {
    // @ts-expect-error a loss the losses registry does not have
    const loss: ExperimentConfig['loss'] = 'mse';
    // @ts-expect-error on/off settings are booleans in a config
    const keep: ExperimentConfig['keepBestEpoch'] = 'on';
    // @ts-expect-error a teacher model the registry does not offer
    const arch: ExperimentConfig['teacherArch'] = 'rnn';
    expect([loss, keep, arch]).toHaveLength(3);
    expect(Object.keys(DEFAULT_CONFIG)).toEqual(Object.keys(SETTINGS));
  });
});
