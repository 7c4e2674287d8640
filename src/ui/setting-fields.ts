/**
 * Which settings each form section shows, from the registry: its `group`, in registry order, so a
 * new setting appears in its section without a change here. Live settings are the Student panel's
 * sliders; a setting that only some options read (DKD's weights, the final T of an annealed
 * schedule) is shown only while it is in use.
 */
import { keysWhere, settingInUse, type ExperimentConfig, type LiveKey, type SettingKey } from '../core/settings/config';
import type { Registry, SettingGroup } from '../core/settings/kinds';
import { SETTINGS } from '../core/settings/registry';

/** The fields of one form section of `registry`, in order: its settings but the live ones (sliders). */
export const fieldsOf = <R extends Registry>(registry: R, group: SettingGroup): (keyof R & string)[] =>
  keysWhere(registry, (s) => s.group === group && s.live !== true);

/** The sliders of `registry`: its live settings, in order. */
export const slidersOf = <R extends Registry>(registry: R): (keyof R & string)[] => keysWhere(registry, (s) => s.live === true);

/** The studio's fields in one section; with a config, only the ones in use with it. */
export function formFields(group: SettingGroup, config?: ExperimentConfig): SettingKey[] {
  const keys: SettingKey[] = fieldsOf(SETTINGS, group);
  return config ? keys.filter((key) => settingInUse(config, key)) : keys;
}

/** The studio's sliders (Temperature, Alpha). */
export const SLIDERS = slidersOf(SETTINGS) as LiveKey[];
