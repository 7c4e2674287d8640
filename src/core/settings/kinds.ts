/**
 * The kinds of setting the registry (registry.ts) describes — number, choice, flag, layout and
 * class — and, per kind, the one place that reads a setting from text (the URL hash, a CLI flag, a
 * sweep list), writes it as text, and checks a value. The config type is derived from a registry
 * here too (ConfigOf), so a registry with one more entry has a config with one more field.
 */
import { readLayout } from './layouts';

/** Where the form shows a setting; each section lists its settings in registry order. */
export type SettingGroup = 'teachers' | 'loss' | 'teacher-view' | 'student' | 'training';

interface SettingBase {
  /** The accessible name of its control, and its name in messages. */
  label: string;
  /** Its name where space is short (a sweep's point labels, chart legends); the label when absent. */
  short?: string;
  help: string;
  group: SettingGroup;
  /** CLI flag (without the leading dashes) and URL-hash key. */
  flag: string;
  /** Steers a running distillation from its next batch (the page shows a slider). */
  live?: boolean;
  /** Belongs to the teachers: changing it after training makes the trained teachers out of date. */
  teachers?: boolean;
  /**
   * A sweep may vary it without retraining the teachers; the number (1 first) is its place among
   * the sweep's columns and the CLI's sweepable flags, which list the seed last.
   */
  sweep?: number;
}

export interface NumberSetting extends SettingBase {
  kind: 'number';
  min: number;
  max: number;
  step: number;
  integer: boolean;
  defaultValue: number;
}

export interface ChoiceOption<V extends string = string> {
  value: V;
  label: string;
  /**
   * Settings this option reads that other options of the same choice do not (registry keys): such
   * a setting is in use only while an option that reads it is chosen (config.ts, settingInUse).
   */
  uses?: readonly string[];
}

export interface ChoiceSetting<V extends string = string> extends SettingBase {
  kind: 'choice';
  options: readonly ChoiceOption<V>[];
  defaultValue: V;
}

/** On or off: a boolean in configs, `on`/`off` in the URL and on the command line. */
export interface FlagSetting extends SettingBase {
  kind: 'flag';
  defaultValue: boolean;
}

/** A network's hidden layers typed as text: widths joined by "-", input to output (layouts.ts). */
export interface LayoutSetting extends SettingBase {
  kind: 'layout';
  defaultValue: string;
  maxLayers: number;
  maxWidth: number;
}

/**
 * A class of the dataset, or none: 'none' or the class's index as text. Its options follow the
 * loaded dataset (classOptions); without one, any index below `maxClasses` is accepted.
 */
export interface ClassSetting extends SettingBase {
  kind: 'class';
  defaultValue: string;
  maxClasses: number;
}

export type Setting = NumberSetting | ChoiceSetting | FlagSetting | LayoutSetting | ClassSetting;
export type SettingKind = Setting['kind'];

/** A table of settings by config key; its order is the form's, the hash's and the CLI help's. */
export type Registry = Readonly<Record<string, Setting>>;

/** The value a setting holds in a config. */
export type ValueOf<S> = S extends { kind: 'number' }
  ? number
  : S extends { kind: 'flag' }
    ? boolean
    : S extends { kind: 'choice'; options: readonly { value: infer V }[] }
      ? V
      : string;

/** The config a registry describes: one field per entry. */
export type ConfigOf<R extends Registry> = { -readonly [K in keyof R]: ValueOf<R[K]> };

/** The keys of a registry's settings of one kind. */
export type KeysOfKind<R extends Registry, Kind extends SettingKind> = {
  [K in keyof R]: R[K] extends { kind: Kind } ? K : never;
}[keyof R] &
  string;

/** What a text gave: the value, or a message naming the setting. */
export type Read<V> = { value: V } | { error: string };

/** The text a flag is written as (URL, CLI, sweep lists, tables). */
export const flagText = (on: boolean): 'on' | 'off' => (on ? 'on' : 'off');

/** Returns a message naming the setting when `value` is not acceptable for it, else null. */
export function validateParam(param: NumberSetting, value: number): string | null {
  if (!Number.isFinite(value)) return `${param.label} must be a number.`;
  if (param.integer && !Number.isInteger(value)) return `${param.label} must be a whole number.`;
  if (value < param.min || value > param.max) {
    return `${param.label} must be between ${param.min} and ${param.max}.`;
  }
  return null;
}

/** Returns a message naming the setting when `value` is not one of its options, else null. */
export function validateChoice(choice: ChoiceSetting, value: string): string | null {
  return choice.options.some((o) => o.value === value)
    ? null
    : `${choice.label} must be one of ${choice.options.map((o) => o.value).join(', ')}.`;
}

/**
 * Returns a message naming the setting when `value` is neither 'none' nor a class index: below
 * `classes` when the dataset is known, else below the setting's `maxClasses`.
 */
export function validateClass(setting: ClassSetting, value: string, classes?: number): string | null {
  if (value === 'none') return null;
  const index = /^\d+$/.test(value) ? Number(value) : NaN;
  if (!Number.isInteger(index) || index >= setting.maxClasses)
    return `${setting.label} must be none or a class from 0 to ${setting.maxClasses - 1}.`;
  if (classes !== undefined && index >= classes)
    return `${setting.label}: there is no class ${index}; the dataset has ${classes} (0 to ${classes - 1}).`;
  return null;
}

/** Reads a flag's text: `on`/`off` (as the URL and the CLI write it) or `true`/`false`. */
function readFlag(setting: FlagSetting, text: string): Read<boolean> {
  const word = text.trim().toLowerCase();
  if (word === 'on' || word === 'true') return { value: true };
  if (word === 'off' || word === 'false') return { value: false };
  return { error: `${setting.label} must be one of on, off.` };
}

/** A setting's value from text (a URL-hash entry, a CLI flag, one item of a sweep list), or a message naming it. */
export function readSetting(setting: Setting, text: string): Read<number | string | boolean> {
  switch (setting.kind) {
    case 'number': {
      const value = text.trim() === '' ? NaN : Number(text);
      const error = validateParam(setting, value);
      return error ? { error } : { value };
    }
    case 'choice': {
      const error = validateChoice(setting, text);
      return error ? { error } : { value: text };
    }
    case 'flag':
      return readFlag(setting, text);
    case 'layout': {
      const read = readLayout(setting, text);
      return 'error' in read ? read : { value: read.layout };
    }
    case 'class': {
      const value = text.trim().toLowerCase();
      const error = validateClass(setting, value);
      return error ? { error } : { value };
    }
  }
}

/** A setting's value as text: what readSetting reads back (flags as `on`/`off`). */
export function settingText(setting: Setting, value: unknown): string {
  return setting.kind === 'flag' && typeof value === 'boolean' ? flagText(value) : String(value);
}

/** Returns a message naming the setting when a config's `value` is not acceptable for it, else null. */
export function validateValue(setting: Setting, value: unknown, classes?: number): string | null {
  switch (setting.kind) {
    case 'number':
      return validateParam(setting, typeof value === 'number' ? value : NaN);
    case 'choice':
      return validateChoice(setting, String(value));
    case 'flag':
      return typeof value === 'boolean' ? null : `${setting.label} must be one of on, off.`;
    case 'layout': {
      const read = readLayout(setting, String(value));
      if ('error' in read) return read.error;
      return read.layout === value ? null : `${setting.label} must be written as ${read.layout}.`;
    }
    case 'class':
      return validateClass(setting, String(value), classes);
  }
}
