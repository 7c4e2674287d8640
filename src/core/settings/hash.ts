/**
 * The URL hash, Playground-style: every setting of the registry as `flag=value`, seed included,
 * so a link reproduces an experiment. Values are written as the CLI takes them (flags as on/off);
 * what cannot be read falls back to the default, so an old or hand-edited link still opens.
 */
import { DEFAULT_CONFIG, settingEntries, type ExperimentConfig } from './config';
import { readSetting, settingText, type ConfigOf, type Registry } from './kinds';
import { SETTINGS } from './registry';

/** A config of `registry` as a hash fragment (without '#'), in registry order. */
export function registryToHash<R extends Registry>(registry: R, config: ConfigOf<R>): string {
  return new URLSearchParams(
    settingEntries(registry).map(([key, setting]) => [setting.flag, settingText(setting, config[key])]),
  ).toString();
}

/** Reads a hash fragment into a config of `registry`; unknown or invalid entries keep `base`'s values. */
export function registryFromHash<R extends Registry>(registry: R, hash: string, base: ConfigOf<R>): ConfigOf<R> {
  const query = new URLSearchParams(hash.replace(/^#/, ''));
  const config: Record<string, unknown> = { ...base };
  for (const [key, setting] of settingEntries(registry)) {
    const raw = query.get(setting.flag);
    if (raw === null) continue;
    const read = readSetting(setting, raw);
    if ('value' in read) config[key] = read.value;
  }
  return config as ConfigOf<R>;
}

/** Serialises a config to a URL hash fragment (without '#'). */
export const configToHash = (config: ExperimentConfig): string => registryToHash(SETTINGS, config);

/** Reads a hash fragment; unknown or invalid entries fall back to the defaults (or `base`). */
export const configFromHash = (hash: string, base: ExperimentConfig = DEFAULT_CONFIG): ExperimentConfig =>
  registryFromHash(SETTINGS, hash, base);
