/**
 * The settings registry is the one description of the settings: a registry with one entry more
 * has that setting in the config, the URL hash, the command line (flag, help, sweep lists) and the
 * form, with nothing else changed; and every setting of the studio's registry is in all of them.
 */
import { parseArgs } from 'node:util';
import { describe, expect, it } from 'vitest';
import { readSettingFlags, settingOptions, settingUsage } from '../src/core/settings/cli';
import { DEFAULT_CONFIG, defaultsOf, sweepableOf, validateConfig, type ExperimentConfig } from '../src/core/settings/config';
import { registryFromHash, registryToHash } from '../src/core/settings/hash';
import type { ConfigOf, Registry, SettingGroup } from '../src/core/settings/kinds';
import { SETTINGS } from '../src/core/settings/registry';
import { fieldsOf, slidersOf } from '../src/ui/setting-fields';

/** The studio's registry and two new settings: a number a sweep may vary, and an on/off setting. */
const EXTENDED = {
  ...SETTINGS,
  warmupEpochs: {
    kind: 'number',
    label: 'Warm-up epochs',
    flag: 'warmup-epochs',
    group: 'student',
    sweep: 10,
    min: 0,
    max: 20,
    step: 1,
    integer: true,
    defaultValue: 0,
    help: 'Epochs on the hard labels alone before the soft term starts.',
  },
  freezeTeachers: {
    kind: 'flag',
    label: 'Freeze teachers',
    flag: 'freeze-teachers',
    group: 'teachers',
    teachers: true,
    defaultValue: false,
    help: 'Keeps the teachers as they are.',
  },
} as const satisfies Registry;

type Extended = ConfigOf<typeof EXTENDED>;
const defaults: Extended = defaultsOf(EXTENDED);
const GROUPS: SettingGroup[] = ['training', 'teachers', 'student', 'loss', 'teacher-view'];

describe('a setting added to the registry', () => {
  it('is a field of the config, with its default', () => {
    // The type has the new fields (this line would not compile without them) and the defaults hold them.
    const config: Extended = { ...DEFAULT_CONFIG, warmupEpochs: 3, freezeTeachers: true };
    expect(config.warmupEpochs).toBe(3);
    expect(defaults).toEqual({ ...DEFAULT_CONFIG, warmupEpochs: 0, freezeTeachers: false });
  });

  it('is in the URL hash, round trip, and an invalid value falls back to the default', () => {
    const config: Extended = { ...defaults, warmupEpochs: 5, freezeTeachers: true, seed: 7 };
    const hash = registryToHash(EXTENDED, config);
    expect(new URLSearchParams(hash).get('warmup-epochs')).toBe('5');
    expect(new URLSearchParams(hash).get('freeze-teachers')).toBe('on');
    expect(registryFromHash(EXTENDED, hash, defaults)).toEqual(config);
    expect(registryFromHash(EXTENDED, 'warmup-epochs=99&freeze-teachers=maybe', defaults)).toEqual(defaults);
  });

  it('has a CLI flag with a help line; its value is read and checked, and a sweepable one takes a list', () => {
    const options = settingOptions(EXTENDED);
    const { values } = parseArgs({ args: ['--warmup-epochs', '0,2,4', '--freeze-teachers', 'on', '--seed', '2'], options, strict: true });
    const read = readSettingFlags(EXTENDED, values, defaults);
    expect(read.errors).toEqual([]);
    expect(read.config).toEqual({ ...defaults, freezeTeachers: true, seed: 2 });
    expect(read.lists).toEqual([{ key: 'warmupEpochs', text: '0,2,4' }]);
    expect(sweepableOf(EXTENDED).at(-1)).toBe('warmupEpochs');
    expect(readSettingFlags(EXTENDED, { 'warmup-epochs': '30' }, defaults).errors).toEqual(['Warm-up epochs must be between 0 and 20.']);
    expect(readSettingFlags(EXTENDED, { 'freeze-teachers': 'on,off' }, defaults).errors[0]).toMatch(
      /^--freeze-teachers takes one value \(only --loss, .*--seed, --warmup-epochs can be swept\)\.$/,
    );
    const usage = settingUsage(EXTENDED);
    expect(usage).toContain('  --warmup-epochs        Epochs on the hard labels alone before the soft term starts. (0–20, default 0)');
    expect(usage).toContain('  --freeze-teachers      on | off (default off): Keeps the teachers as they are.');
  });

  it('is a field of the form section its group names', () => {
    expect(fieldsOf(EXTENDED, 'student')).toEqual([...fieldsOf(SETTINGS, 'student'), 'warmupEpochs']);
    expect(fieldsOf(EXTENDED, 'teachers')).toEqual([...fieldsOf(SETTINGS, 'teachers'), 'freezeTeachers']);
    expect(fieldsOf(EXTENDED, 'training')).toEqual(fieldsOf(SETTINGS, 'training'));
  });
});

describe("the studio's registry", () => {
  const keys = Object.keys(SETTINGS) as (keyof ExperimentConfig)[];

  it('every setting is in the hash, on the command line and on the page (a section field or a slider)', () => {
    const hash = new URLSearchParams(registryToHash(SETTINGS, DEFAULT_CONFIG));
    const options = settingOptions(SETTINGS);
    const usage = settingUsage(SETTINGS);
    const onPage = [...GROUPS.flatMap((group) => fieldsOf(SETTINGS, group)), ...slidersOf(SETTINGS)];
    for (const key of keys) {
      const { flag } = SETTINGS[key];
      expect(hash.has(flag), key).toBe(true);
      expect(options[flag], key).toEqual({ type: 'string' });
      expect(usage, key).toContain(`--${flag} `);
      expect(
        onPage.filter((k) => k === key),
        key,
      ).toHaveLength(1);
    }
    expect(new Set(keys.map((key) => SETTINGS[key].flag)).size, 'flags are unique').toBe(keys.length);
  });

  it('its defaults are a valid config', () => {
    expect(validateConfig(DEFAULT_CONFIG)).toEqual([]);
  });
});
