/** What the page says beside a live slider that does not steer a run with the current loss or schedule. */
import { lossById, lossUses } from '../core/losses/registry';
import type { ExperimentConfig, LiveKey } from '../core/settings/config';

/**
 * Why a live slider does not steer a run with this config's loss and schedule (the UI shows it
 * beside the slider), or null where it does.
 */
export function sliderNote(config: Pick<ExperimentConfig, 'loss' | 'temperatureSchedule'>, key: LiveKey): string | null {
  if (key === 'alpha') {
    if (lossUses(config.loss, 'alpha')) return null;
    const { short } = lossById(config.loss);
    return short === 'DKD'
      ? 'DKD has no alpha: its loss is CE + T²·(α_DKD·TCKD + β·NCKD), with the weights below.'
      : `${short} has no alpha: its formula is below.`;
  }
  switch (config.temperatureSchedule) {
    case 'constant':
      return null;
    case 'ctkd':
      return 'CTKD learns T during the run; this value is only where it starts.';
    default:
      return `The ${config.temperatureSchedule} schedule sets T during the run, from this value to the final temperature.`;
  }
}
