/**
 * The work each job does, in images per kind of work: a teacher job, a distillation (its student
 * pair's epochs, evaluations and inference timing), and the kinds' keys and rough costs. The
 * kinds' speeds are measured (rates.ts, the probe in throughput.ts); this module only counts.
 */
import type { ExperimentConfig } from '../settings/config';
import { bagWidth, CONV1D_LAYOUT, isCnnLayout, layoutWidths } from '../settings/layouts';
import { batchCount, type Dataset } from '../data/data';
import { TIMING_RUNS, TIMING_SAMPLES } from '../evaluation/evaluation';
import type { WorkKind } from './rates';
import { memberArch, type MemberArch } from '../models/models';
import type { ImageShape } from '../import/types';

/**
 * What a dataset brings to a model's cost: the width of its inputs, its number of classes and, for
 * images, their shape (the CNNs' cost depends on it). Every kind's key names the width and the
 * classes, so a rate measured on one dataset is never read for another.
 */
export interface DataShape {
  features: number;
  classes: number;
  /** The images' shape; absent or null for tables (and then a CNN's cost is MNIST's). */
  image?: ImageShape | null;
}

export function shapeOf(dataset: Dataset): DataShape {
  return { features: dataset.features, classes: dataset.classNames.length, image: dataset.image };
}

/** Multiply-adds per image of a 'same' or 'valid' convolution with `filters` filters of size × size, stride 1, and its output's size. */
function conv(
  [height, width, channels]: [number, number, number],
  size: number,
  filters: number,
  padding: 'same' | 'valid',
): { macs: number; out: [number, number, number] } {
  const [h, w] = padding === 'same' ? [height, width] : [height - size + 1, width - size + 1];
  return { macs: h * w * filters * size * size * channels, out: [h, w, filters] };
}

/** A 2×2 max-pool's output size. */
const pool = ([h, w, c]: [number, number, number]): [number, number, number] => [Math.floor(h / 2), Math.floor(w / 2), c];

/** The CNNs' layers as their builders make them (models.ts): convolutions [size, filters, padding], each max-pooled, then a dense layer (0: none). */
const CNN_LAYERS: Record<'cnn' | 'cnn-32-64' | 'cnn-student', { convs: [number, number, 'same' | 'valid'][]; dense: number }> = {
  cnn: {
    convs: [
      [5, 8, 'valid'],
      [3, 16, 'valid'],
    ],
    dense: 64,
  },
  'cnn-32-64': {
    convs: [
      [3, 32, 'same'],
      [3, 64, 'same'],
    ],
    dense: 128,
  },
  'cnn-student': { convs: [[5, 8, 'valid']], dense: 0 },
};

/** Multiply-adds per image of a CNN on the dataset's images (MNIST's 28×28 grey when it has none). */
function cnnMacs(arch: keyof typeof CNN_LAYERS, { classes, image }: DataShape): number {
  const { convs, dense } = CNN_LAYERS[arch];
  let shape: [number, number, number] = image ? [image.height, image.width, image.channels] : [28, 28, 1];
  let macs = 0;
  for (const [size, filters, padding] of convs) {
    const layer = conv(shape, size, filters, padding);
    macs += layer.macs;
    shape = pool(layer.out);
  }
  const flat = shape[0] * shape[1] * shape[2];
  return macs + (dense > 0 ? flat * dense + dense * classes : flat * classes);
}

/**
 * Multiply-adds per text of the transformer teacher (text-models.ts: width 64, one block, a 128-wide
 * feed-forward layer): per token the four projections and the feed-forward layer, plus attention's
 * two L × L products; the embedding lookups cost no products.
 */
function transformerMacs({ features: length, classes }: DataShape): number {
  const width = 64;
  return length * (4 * width * width + 2 * width * 128) + 2 * length * length * width + width * classes;
}

/** Multiply-adds per image: a rough cost that orders kinds of work; the estimates come from measured speeds. */
function teacherMacs(arch: MemberArch, hidden: number, shape: DataShape): number {
  if (arch === 'transformer') return transformerMacs(shape);
  if (arch !== 'mlp') return cnnMacs(arch, shape);
  return shape.features * hidden + hidden * hidden + hidden * shape.classes;
}

function studentMacs(layout: string, shape: DataShape): number {
  if (isCnnLayout(layout)) return cnnMacs('cnn-student', shape);
  // Text students (text-models.ts): a bag averages its embeddings (adds only) before one dense layer;
  // conv1d slides 32 filters of 3 × 16 over the sequence.
  const bag = bagWidth(layout);
  if (bag !== null) return shape.features * bag + bag * shape.classes;
  if (layout === CONV1D_LAYOUT) return shape.features * 3 * 16 * 32 + 32 * shape.classes;
  const dims = [shape.features, ...layoutWidths(layout), shape.classes];
  return dims.slice(1).reduce((sum, width, i) => sum + dims[i]! * width, 0);
}

/** A training step costs about three forward passes (forward, two backward products). */
const TRAIN_COST = 3;

const shapeKey = ({ features, classes }: DataShape) => `${features}x${classes}`;

/**
 * Samples per distillation step: the labelled batch and the unlabelled transfer set's share of it
 * (each of an epoch's batches carries a slice of the unlabelled samples; see distill-run.ts).
 */
export function pairBatch(batchSize: number, labelled: number, unlabelled: number): number {
  return batchSize + Math.round(unlabelled / batchCount(labelled, batchSize));
}

/** The kinds of work of a config; keys name everything that changes the speed per image. */
export const workKinds = {
  teacherTraining(config: ExperimentConfig, arch: MemberArch, shape: DataShape): WorkKind {
    return {
      key: `teacher-train:${arch}:${config.teacherHidden}:${config.batchSize}:${config.optimizer}:${shapeKey(shape)}`,
      cost: TRAIN_COST * teacherMacs(arch, config.teacherHidden, shape),
    };
  },
  teacherInference(config: ExperimentConfig, arch: MemberArch, shape: DataShape): WorkKind {
    return {
      key: `teacher-infer:${arch}:${config.teacherHidden}:${shapeKey(shape)}`,
      cost: teacherMacs(arch, config.teacherHidden, shape),
    };
  },
  /** The inference timing: every member (with models) on the same images, their mean. */
  ensembleInference(teacherConfig: ExperimentConfig, members: number, shape: DataShape): WorkKind {
    const archs = Array.from({ length: members }, (_, m) => memberArch(teacherConfig.teacherArch, m));
    const cost = archs.reduce((sum, arch) => sum + teacherMacs(arch, teacherConfig.teacherHidden, shape), 0);
    return { key: `ensemble-infer:${archs.join('+')}:${teacherConfig.teacherHidden}:${shapeKey(shape)}`, cost };
  },
  /** One distillation step: the distilled student and the baseline, on the same batch of `batch` samples (pairBatch). */
  studentPairTraining(config: ExperimentConfig, shape: DataShape, batch: number): WorkKind {
    return {
      key: `student-pair:${config.studentHidden}:${batch}:${config.optimizer}:${config.loss}:${config.temperatureSchedule}:${shapeKey(shape)}`,
      cost: 2 * TRAIN_COST * studentMacs(config.studentHidden, shape),
    };
  },
  studentInference(config: ExperimentConfig, shape: DataShape): WorkKind {
    return { key: `student-infer:${config.studentHidden}:${shapeKey(shape)}`, cost: studentMacs(config.studentHidden, shape) };
  },
};

export interface SplitSizes {
  /** Labelled samples a job trains on (teachers: after "Training images (%)"; students: after "Student labels (%)" too). */
  train: number;
  val: number;
  test: number;
  /** Every sample of the dataset (the teachers' logits are cached for all). */
  all: number;
  /**
   * Unlabelled samples riding along in every distillation epoch (the transfer set: training images
   * beyond "Student labels (%)" and the dataset's unlabelled rows; 0 for a teacher job).
   */
  unlabelled: number;
}

/** The sizes of `dataset`'s splits, with `train` labelled and `unlabelled` unlabelled samples to train on (StudentSamples). */
export function splitSizes(dataset: Dataset, train: number, unlabelled: number): SplitSizes {
  const { val, test } = dataset.split;
  return { train, val: val.length, test: test.length, all: dataset.count, unlabelled };
}

/** A teacher job: per member, its epochs, a validation pass per epoch, a test pass, and its logits for every sample. */
export function teacherJobWork(config: ExperimentConfig, sizes: SplitSizes, shape: DataShape, fromMember = 0): [WorkKind, number][] {
  const work: [WorkKind, number][] = [];
  for (let m = fromMember; m < config.ensembleSize; m++) {
    const arch = memberArch(config.teacherArch, m);
    work.push([workKinds.teacherTraining(config, arch, shape), config.teacherEpochs * sizes.train]);
    work.push([workKinds.teacherInference(config, arch, shape), config.teacherEpochs * sizes.val + sizes.test + sizes.all]);
  }
  return work;
}

/** The teachers a distillation learns from: the settings they were trained with, and how many have models (0: imported logits). */
export interface TeacherSide {
  config: ExperimentConfig;
  members: number;
}

/** Images the inference timing runs through: the test split's first TIMING_SAMPLES, once untimed and TIMING_RUNS times timed. */
const timedImages = (sizes: SplitSizes) => Math.min(TIMING_SAMPLES, sizes.test) * (TIMING_RUNS + 1);

/**
 * A distillation job: the student pair's epochs over the labelled and the unlabelled samples, both
 * students on validation and test after each epoch and at the end, and the inference timing of
 * the ensemble (when it has models) and of both students.
 */
export function distillJobWork(config: ExperimentConfig, teachers: TeacherSide, sizes: SplitSizes, shape: DataShape): [WorkKind, number][] {
  const timed = timedImages(sizes);
  const evaluations = config.studentEpochs + 1;
  const batch = pairBatch(config.batchSize, sizes.train, sizes.unlabelled);
  const work: [WorkKind, number][] = [
    [workKinds.studentPairTraining(config, shape, batch), config.studentEpochs * (sizes.train + sizes.unlabelled)],
    [workKinds.studentInference(config, shape), evaluations * 2 * (sizes.val + sizes.test) + 2 * timed],
  ];
  if (teachers.members > 0) work.push([workKinds.ensembleInference(teachers.config, teachers.members, shape), timed]);
  return work;
}
