/**
 * One experiment = one serialisable config object, seed included. Its type, its defaults, its
 * validation and the lists of settings with a role (the teachers', the live ones, the sweepable
 * ones) are all derived from the registry (registry.ts), where each setting is described once.
 */
import type { LossName } from '../losses/registry';
import {
  readSetting,
  settingText,
  validateParam,
  validateValue,
  type ChoiceOption,
  type ClassSetting,
  type ConfigOf,
  type KeysOfKind,
  type NumberSetting,
  type Registry,
  type Setting,
} from './kinds';
import { SETTINGS, type Settings } from './registry';

export type BackendName = 'webgpu' | 'webgl' | 'wasm' | 'cpu';
export const BACKENDS: readonly BackendName[] = ['webgpu', 'webgl', 'wasm', 'cpu'];

/** One experiment: every setting's value, seed included (one field per registry entry). */
export type ExperimentConfig = ConfigOf<Settings>;
export type SettingKey = keyof Settings;
export type NumericKey = KeysOfKind<Settings, 'number'>;
/** Settings picked from a list: fixed options, or the dataset's classes. */
export type ChoiceKey = KeysOfKind<Settings, 'choice' | 'class'>;
export type FlagKey = KeysOfKind<Settings, 'flag'>;
export type LayoutKey = KeysOfKind<Settings, 'layout'>;

/** 'mixed' alternates MLP and CNN members, so the ensemble differs by architecture as well as seed. */
export type TeacherArch = ExperimentConfig['teacherArch'];
/** How member distributions are combined: mean of probabilities, or softmax of mean logits. */
export type EnsembleMode = ExperimentConfig['ensembleMode'];
export type OptimizerName = ExperimentConfig['optimizer'];
/** How T moves during a run: held (live slider), annealed from T to the final T, or learnt (CTKD). */
export type TemperatureSchedule = ExperimentConfig['temperatureSchedule'];
export type { LossName };

/** Equal-width bins of [0, 1] in which a weighted loss's per-sample weights are counted each epoch. */
export const WEIGHT_BINS = 20;

/** A registry's entries, in order. */
export const settingEntries = <R extends Registry>(registry: R): [keyof R & string, Setting][] =>
  Object.entries(registry) as [keyof R & string, Setting][];

/** The keys of a registry's settings for which `has` holds, in registry order. */
export const keysWhere = <R extends Registry>(registry: R, has: (setting: Setting) => boolean): (keyof R & string)[] =>
  settingEntries(registry)
    .filter(([, setting]) => has(setting))
    .map(([key]) => key);

/** A registry's defaults: the config of a fresh page. */
export const defaultsOf = <R extends Registry>(registry: R): ConfigOf<R> =>
  Object.fromEntries(settingEntries(registry).map(([key, setting]) => [key, setting.defaultValue])) as ConfigOf<R>;

export const DEFAULT_CONFIG: ExperimentConfig = defaultsOf(SETTINGS);

type KeysWith<Role extends 'live' | 'teachers' | 'sweep'> = {
  [K in SettingKey]: Settings[K] extends Record<Role, true | number> ? K : never;
}[SettingKey];

/** The settings that steer a running distillation from its next batch (the sliders). */
export type LiveKey = KeysWith<'live'>;
export const LIVE_SETTINGS = keysWhere(SETTINGS, (s) => s.live === true) as readonly LiveKey[];

/**
 * Settings that belong to the teachers: changing one after training makes the trained teachers
 * out of date (retrain, or revert the setting). The others (seed, learning rate, batch size,
 * optimizer, training images) apply to the next job, teachers or student; the teachers keep a
 * record of the values they were trained with.
 */
export type TeacherKey = KeysWith<'teachers'>;
export const TEACHER_SETTINGS = keysWhere(SETTINGS, (s) => s.teachers === true) as readonly TeacherKey[];

/** The settings a sweep may vary without retraining the teachers, in the order rows list them (their `sweep` number). */
export type SweepableKey = KeysWith<'sweep'>;
export const sweepableOf = <R extends Registry>(registry: R): (keyof R & string)[] =>
  keysWhere(registry, (s) => s.sweep !== undefined).sort((a, b) => registry[a]!.sweep! - registry[b]!.sweep!);
export const SWEEPABLE = sweepableOf(SETTINGS) as readonly SweepableKey[];

// Every setting an option says it uses is a setting (a typo there fails the type check).
type OptionUses<S> = S extends { options: readonly (infer O)[] } ? (O extends { uses: readonly (infer U)[] } ? U : never) : never;
type Assert<T extends true> = T;
export type _OptionUsesAreSettings = Assert<OptionUses<Settings[SettingKey]> extends SettingKey ? true : false>;

/** The teacher settings in which `config` differs from the config the teachers were trained with. */
export function changedTeacherSettings(config: ExperimentConfig, trainedWith: ExperimentConfig): TeacherKey[] {
  return TEACHER_SETTINGS.filter((key) => config[key] !== trainedWith[key]);
}

/** The setting's name for messages, headers and labels (the key itself for a key the registry lacks). */
export const settingLabel = (key: string): string => (SETTINGS as Registry)[key]?.label ?? key;

/** A setting's name where space is short ("T", "α"): its `short`, else its label. */
export const shortName = (key: string): string => {
  const setting = (SETTINGS as Registry)[key];
  return setting?.short ?? setting?.label ?? key;
};

/** A setting's value as the URL, the CLI and the tables write it (flags as on/off). */
export function formatSetting(key: string, value: unknown): string {
  const setting = (SETTINGS as Registry)[key];
  return setting ? settingText(setting, value) : String(value);
}

/** A config value for a table or CSV cell: an on/off setting as on/off, any other value as it is. */
export const settingCell = <V>(key: string, value: V): Exclude<V, boolean> | string =>
  typeof value === 'boolean' ? formatSetting(key, value) : (value as Exclude<V, boolean>);

/**
 * Whether a setting matters with this config: one that some options of a choice read and others do
 * not (the options' `uses`, e.g. DKD's weights, the final temperature of an annealed T) is in use
 * only while such an option is chosen; every other setting always is.
 */
export function settingInUse(config: ExperimentConfig, key: SettingKey): boolean {
  for (const [choiceKey, setting] of settingEntries(SETTINGS)) {
    if (setting.kind !== 'choice') continue;
    const options: readonly ChoiceOption[] = setting.options;
    const reading = options.filter((o) => o.uses?.includes(key));
    if (reading.length === 0 || reading.length === options.length) continue;
    if (!reading.some((o) => o.value === config[choiceKey])) return false;
  }
  return true;
}

export function paramByKey(key: NumericKey): NumberSetting {
  const param = (SETTINGS as Registry)[key];
  if (param?.kind !== 'number') throw new Error(`unknown parameter "${key}"`);
  return param;
}

export { validateParam };

/** The class a config omits from the transfer set, or null. */
export function omittedClass(config: Pick<ExperimentConfig, 'omitClass'>): number | null {
  return config.omitClass === 'none' ? null : Number(config.omitClass);
}

/** A class setting's options on a dataset: none, then each class by its name. */
export function classOptions(classNames: readonly string[]): ChoiceOption[] {
  return [
    { value: 'none', label: 'None' },
    ...classNames.map((name, i) => ({ value: String(i), label: name === String(i) ? name : `${i}: ${name}` })),
  ];
}

/**
 * Every problem with a config, one message each, in registry order; empty when the config can be
 * run. With the dataset's number of classes, class settings are checked against it too.
 */
export function validateConfig(config: ExperimentConfig, dataset?: { classes: number }): string[] {
  return settingEntries(SETTINGS)
    .map(([key, setting]) => validateValue(setting, config[key], dataset?.classes))
    .filter((e): e is string => e !== null);
}

/** The problems of a config's class settings on a dataset of `classes` classes (e.g. a class it does not have). */
export function datasetProblems(config: ExperimentConfig, classes: number): string[] {
  return settingEntries(SETTINGS)
    .filter(([, setting]) => setting.kind === 'class')
    .map(([key, setting]) => validateValue(setting as ClassSetting, config[key], classes))
    .filter((e): e is string => e !== null);
}

/** Throws one error listing every problem; for entry points (worker, CLI) that must not run a bad config. */
export function assertValidConfig(config: ExperimentConfig): void {
  const errors = validateConfig(config);
  if (errors.length > 0) throw new Error(errors.join(' '));
}

/**
 * A setting's value as this version holds it, from one a record or file may carry: flags written
 * by earlier versions as 'on'/'off' become booleans; anything else is kept as it is.
 */
export function migrateSetting(key: string, value: unknown): unknown {
  const setting = (SETTINGS as Registry)[key];
  if (setting?.kind !== 'flag' || typeof value !== 'string') return value;
  const read = readSetting(setting, value);
  return 'value' in read ? read.value : value;
}

/**
 * A config from saved data or a file, as this version holds it: settings a later version added
 * take their defaults, and flags saved as 'on'/'off' (before they were booleans) become booleans.
 */
export function migrateConfig(saved: unknown): ExperimentConfig {
  const fields = typeof saved === 'object' && saved !== null ? (saved as Record<string, unknown>) : {};
  const migrated = Object.fromEntries(Object.entries(fields).map(([key, value]) => [key, migrateSetting(key, value)]));
  return { ...DEFAULT_CONFIG, ...migrated } as ExperimentConfig;
}
