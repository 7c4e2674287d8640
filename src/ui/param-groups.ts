/** Which section shows which PARAMS/CHOICES entry. Settings not named here land in "Training settings", so a new one is never hidden. */
import { PARAMS, type ChoiceKey, type NumericKey } from '../core/settings/config';

export const LIVE_KEYS: NumericKey[] = ['temperature', 'alpha'];
/** The student's numbers (its hidden layers are a LAYOUTS entry, typed as text). */
export const STUDENT_KEYS: NumericKey[] = ['studentEpochs'];
export const STUDENT_CHOICES: ChoiceKey[] = ['keepBestEpoch', 'omitClass'];
/** The loss panel's settings (its choices, loss and T schedule, it lays out itself). */
export const LOSS_KEYS: NumericKey[] = ['dkdAlpha', 'dkdBeta', 'temperatureEnd', 'teacherConfidence'];
/** The teachers' own settings (see TEACHER_SETTINGS in core/config.ts). */
export const TEACHER_KEYS: NumericKey[] = ['ensembleSize', 'teacherEpochs', 'teacherHidden'];
export const TEACHER_CHOICES: ChoiceKey[] = ['teacherArch', 'ensembleMode'];
export const SHARED_CHOICES: ChoiceKey[] = ['optimizer'];
const SHARED_FIRST: NumericKey[] = ['learningRate', 'batchSize', 'trainPercent', 'seed'];

/** Settings that apply to the next job, teachers or student alike. */
export const SHARED_KEYS: NumericKey[] = [
  ...SHARED_FIRST,
  ...PARAMS.map((p) => p.key).filter(
    (key) => ![...SHARED_FIRST, ...TEACHER_KEYS, ...STUDENT_KEYS, ...LIVE_KEYS, ...LOSS_KEYS].includes(key),
  ),
];
