/**
 * The samples the students learn from: the labelled ones (the baseline's whole training set) and
 * the unlabelled transfer set, which only the distilled student learns from, through the teachers'
 * soft labels. "Student labels (%)" moves training images from the first to the second; an
 * omitted class is in neither (Hinton et al.: the students never see it).
 */
import { seededShare, type Dataset } from '../data/data';
import { omittedClass, settingLabel, type ExperimentConfig } from '../settings/config';
import { lossById } from '../losses/registry';
import { LABEL_DEPENDENT } from '../losses/kd-losses';

export interface StudentSamples {
  /** Training samples whose true label the students see. */
  labelled: Int32Array;
  /** Samples the distilled student sees through the teachers alone: training images beyond the labelled share, then the dataset's unlabelled rows. */
  unlabelled: Int32Array;
}

/** Seeds the choice of the labelled share (xor the teachers' seed). */
const LABEL_SHARE_STREAM = 0x1abe15;

export type SampleSettings = Pick<ExperimentConfig, 'studentLabelPercent' | 'omitClass' | 'batchSize'>;

/**
 * The students' samples among `pool`, the training images the teachers learnt from (trained with
 * `teacherSeed`): a seeded, class-mixed share of `studentLabelPercent` % keeps its labels (with
 * one seed, a smaller share is part of a larger one), the rest of the pool and the dataset's own
 * unlabelled rows form the transfer set. The omitted class, if any, leaves both.
 */
export function studentSamples(dataset: Dataset, pool: Int32Array, config: SampleSettings, teacherSeed: number): StudentSamples {
  const omitted = omittedClass(config);
  const classes = dataset.classNames.length;
  if (omitted !== null && omitted >= classes) throw new Error(`There is no class ${omitted} to omit: the dataset has ${classes} classes.`);
  const kept = (i: number) => omitted === null || dataset.labels[i] !== omitted;
  const share = seededShare(pool, config.studentLabelPercent, config.batchSize, teacherSeed ^ LABEL_SHARE_STREAM);
  const labelled = omitted === null ? share : share.filter(kept);
  if (labelled.length === 0) throw new Error('Omitting that class leaves no training images.');
  if (share === pool) return { labelled, unlabelled: dataset.unlabelled };
  const inShare = new Uint8Array(dataset.count);
  for (const i of share) inShare[i] = 1;
  const rest = pool.filter((i) => inShare[i] === 0 && kept(i));
  const unlabelled = new Int32Array(rest.length + dataset.unlabelled.length);
  unlabelled.set(rest);
  unlabelled.set(dataset.unlabelled, rest.length);
  return { labelled, unlabelled };
}

/**
 * Why `config.loss` cannot learn from `samples` (its soft term reads the true label of every
 * sample, and some have none), or null.
 */
export function unlabelledRefusal(
  dataset: Dataset,
  samples: StudentSamples,
  config: Pick<ExperimentConfig, 'loss' | 'studentLabelPercent'>,
): string | null {
  if (samples.unlabelled.length === 0 || !LABEL_DEPENDENT.includes(config.loss)) return null;
  const loss = lossById(config.loss).label;
  const rows = dataset.unlabelled.length;
  const images = samples.unlabelled.length - rows;
  const setting = settingLabel('studentLabelPercent');
  const choose = 'Choose vanilla KD or logit standardisation';
  if (images === 0)
    return `${loss} reads the true label of every sample, and the ${rows} unlabelled points have none. ${choose}, or set Unlabelled points to 0.`;
  const beyond = `the ${images} training images beyond ${setting} at ${config.studentLabelPercent}`;
  if (rows === 0) return `${loss} reads the true label of every sample, and ${beyond} have none. ${choose}, or set ${setting} to 100.`;
  return `${loss} reads the true label of every sample, and the ${rows} unlabelled points and ${beyond} have none. ${choose}.`;
}
