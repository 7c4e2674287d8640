/**
 * The settings rows of the comparison table: T and alpha as each run used them (always shown), then
 * every other setting the runs differ in, the differing rows first. Pure: the panel only draws them.
 */
import { formatSetting, settingLabel, type ExperimentConfig } from '../core/settings/config';
import { differingSettings, type RunSettings } from './comparison-export';
import { formatUsed, runSettingsUsed } from './settings-used';

export interface ComparedSetting {
  key: keyof ExperimentConfig;
  /** "Temperature, as used", "Loss", …: the row's header. */
  label: string;
  /** One cell per run, in the order given. */
  cells: string[];
  /** Not the same in every run (highlighted). */
  differs: boolean;
}

/** A DKD run's alpha cell: DKD weighs its terms with α_DKD and β, which have rows of their own. */
export const NO_ALPHA = 'not used (DKD)';

/** A run's cell for one setting: T and alpha as used over the run (formatUsed), the rest as configured. */
function settingCell(run: RunSettings, key: keyof ExperimentConfig): string {
  if (key !== 'temperature' && key !== 'alpha') return formatSetting(key, run.config[key]);
  const used = runSettingsUsed(run);
  if (key === 'temperature') return formatUsed(used.temperature, used.firstTemperature);
  return used.alpha ? formatUsed(used.alpha, used.firstAlpha) : NO_ALPHA;
}

/**
 * The comparison table's settings: every setting that differs (T and alpha by their values as
 * used), in config order, then T and alpha where they are the same in every run.
 */
export function comparedSettings(runs: readonly RunSettings[]): ComparedSetting[] {
  const differing = differingSettings(runs);
  const same = (['temperature', 'alpha'] as const).filter((key) => !differing.includes(key));
  return [...differing, ...same].map((key) => ({
    key,
    label: key === 'temperature' || key === 'alpha' ? `${settingLabel(key)}, as used` : settingLabel(key),
    cells: runs.map((run) => settingCell(run, key)),
    differs: differing.includes(key),
  }));
}
