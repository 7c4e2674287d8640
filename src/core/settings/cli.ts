/**
 * The command line's settings (scripts/distill.ts): one `--flag value` per registry entry, named
 * like its URL-hash key, its usage line written from the entry, and a comma-separated list for a
 * setting that can be swept. Any registry works, so a test can check that a new entry gets a flag.
 */
import { settingEntries, sweepableOf } from './config';
import { flagText, readSetting, type ConfigOf, type Registry, type Setting } from './kinds';

/** `node:util` parseArgs options for every setting of `registry`: each flag takes a string. */
export function settingOptions(registry: Registry): Record<string, { type: 'string' }> {
  return Object.fromEntries(settingEntries(registry).map(([, setting]) => [setting.flag, { type: 'string' as const }]));
}

/** One usage line: the flag, what it takes, its default and its help. */
function usageLine(setting: Setting): string {
  const flag = `  --${setting.flag.padEnd(20)}`;
  switch (setting.kind) {
    case 'number':
      return `${flag} ${setting.help} (${setting.min}–${setting.max}, default ${setting.defaultValue})`;
    case 'choice':
      return `${flag} ${setting.options.map((o) => o.value).join(' | ')} (default ${setting.defaultValue}): ${setting.help}`;
    case 'flag':
      return `${flag} on | off (default ${flagText(setting.defaultValue)}): ${setting.help}`;
    case 'layout':
      return `${flag} ${setting.help} (up to ${setting.maxLayers} layers, default ${setting.defaultValue})`;
    case 'class':
      return `${flag} none | a class, 0–${setting.maxClasses - 1} (default ${setting.defaultValue}): ${setting.help}`;
  }
}

/** The usage lines of every setting's flag, in registry order. */
export function settingUsage(registry: Registry): string {
  return settingEntries(registry)
    .map(([, setting]) => usageLine(setting))
    .join('\n');
}

export interface SettingFlags<R extends Registry> {
  /** `base` with every single-valued flag given. */
  config: ConfigOf<R>;
  /** The comma-separated lists given to sweepable settings, as typed (the sweep reads them). */
  lists: { key: keyof R & string; text: string }[];
  /** One message per flag that could not be read, naming the setting. */
  errors: string[];
}

/** Reads the settings' flags from parsed arguments onto `base`. */
export function readSettingFlags<R extends Registry>(registry: R, values: Record<string, unknown>, base: ConfigOf<R>): SettingFlags<R> {
  const config: Record<string, unknown> = { ...base };
  const lists: SettingFlags<R>['lists'] = [];
  const errors: string[] = [];
  const sweepable = sweepableOf(registry).map((key) => `--${registry[key]!.flag}`);
  for (const [key, setting] of settingEntries(registry)) {
    const raw = values[setting.flag];
    if (typeof raw !== 'string') continue;
    if (raw.includes(',')) {
      if (setting.sweep !== undefined) lists.push({ key, text: raw });
      else errors.push(`--${setting.flag} takes one value (only ${sweepable.join(', ')} can be swept).`);
      continue;
    }
    const read = readSetting(setting, raw);
    if ('error' in read) errors.push(read.error);
    else config[key] = read.value;
  }
  return { config: config as ConfigOf<R>, lists, errors };
}
