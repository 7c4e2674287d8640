/**
 * The dataset: its samples (image pixels or table rows) + labels, and the deterministic
 * train/val/test split.
 *
 * Models read `features` floats per sample: pixel / 255 for images, the standardised number for
 * tables. Indices into the dataset are the identity of a sample everywhere (cached teacher logits
 * are keyed by them too). No tfjs here: the page parses the same asset for its sample thumbnails.
 */
import type { ImageShape } from '../import/types';
import type { TextData } from '../text/types';

/** MNIST's images: 28×28 grey. */
export const IMAGE_SIZE = 28;
export const PIXELS = IMAGE_SIZE * IMAGE_SIZE;
export const MNIST_CLASS_NAMES = ['0', '1', '2', '3', '4', '5', '6', '7', '8', '9'];
export const MNIST_IMAGE: ImageShape = { height: IMAGE_SIZE, width: IMAGE_SIZE, channels: 1 };

/** What the models need to know about their input: its size, and its image shape if it is one (the CNNs need it). */
export interface InputSpec {
  features: number;
  image: ImageShape | null;
  /**
   * Set for text: each sample is `length` token ids stored as floats (features = length), 0 for
   * padding, 1 for an unknown word, 2.. for the vocabulary's words (core/text/tokenizer.ts).
   */
  text?: TextInput;
}

/** The shape of tokenised text: ids below `vocabSize` (padding and unknown included), `length` per sample. */
export interface TextInput {
  vocabSize: number;
  length: number;
}

export const MNIST_INPUT: InputSpec = { features: PIXELS, image: MNIST_IMAGE };

/** How samples are laid out: images of a shape, table rows with named columns, or token ids of texts. */
export type SampleShape = { image: ImageShape } | { columns: string[] } | { text: TextData };

export interface Split {
  train: Int32Array;
  val: Int32Array;
  test: Int32Array;
}

export interface Dataset extends InputSpec {
  name: string;
  classNames: string[];
  count: number;
  /** count × features, row-major: 0..255 pixels (images, HWC) or standardised numbers (tables). */
  values: Uint8Array | Float32Array;
  /** For tables: the feature columns' names; null for images and texts. */
  columns: string[] | null;
  /** For texts: the texts themselves, the vocabulary and the encoding (values are their token ids). */
  text?: TextData;
  /** For tables: the mean and standard deviation of each column on the training split, subtracted and divided out of `values`. */
  standardization: { mean: number[]; std: number[] } | null;
  /** Class per sample; 0 (a placeholder, never read) for the unlabelled rows. */
  labels: Uint8Array;
  split: Split;
  /**
   * Rows without a label, at the end of the samples (count − unlabelled.length onwards): a transfer
   * set the teachers label and the distilled student learns from (Hinton et al.'s unlabelled
   * transfer set). In no split; empty for most datasets.
   */
  unlabelled: Int32Array;
  /** The split as blocks of rows when the data came with its own (RowLayout.blocks); null when split 70/10/20 per class. */
  blocks: SplitSizes | null;
}

const MAGIC = 'DSMN';
const HEADER_BYTES = 16;

/** Parses the asset written by scripts/prepare-data.mjs; throws a message saying what is wrong. */
export function parseMnistAsset(buffer: ArrayBuffer): Dataset {
  if (buffer.byteLength < HEADER_BYTES) {
    throw new Error(`Dataset file is too short (${buffer.byteLength} bytes) to be a Distill Studio dataset.`);
  }
  const bytes = new Uint8Array(buffer);
  const magic = String.fromCharCode(...bytes.subarray(0, 4));
  if (magic !== MAGIC) throw new Error(`Dataset file does not start with "${MAGIC}" (found "${magic}").`);
  const view = new DataView(buffer);
  const version = view.getUint32(4, true);
  if (version !== 1) throw new Error(`Dataset version ${version} is not supported (expected 1).`);
  const count = view.getUint32(8, true);
  const pixelsPerImage = view.getUint32(12, true);
  if (pixelsPerImage !== PIXELS) throw new Error(`Dataset images have ${pixelsPerImage} pixels, expected ${PIXELS}.`);
  const expected = HEADER_BYTES + count + count * PIXELS;
  if (buffer.byteLength !== expected) {
    throw new Error(`Dataset file has ${buffer.byteLength} bytes; ${count} images need ${expected}.`);
  }
  const labels = bytes.slice(HEADER_BYTES, HEADER_BYTES + count);
  const pixels = bytes.slice(HEADER_BYTES + count);
  return makeDataset('MNIST', MNIST_CLASS_NAMES, pixels, labels);
}

/** How a dataset's rows are laid out beyond the default: its own split, and rows without a label. */
export interface RowLayout {
  /**
   * The dataset's own split, as consecutive blocks of rows: the first `train` rows, then `val`,
   * then `test` (e.g. a test set that came with the data). Absent: each class's samples are split
   * 70/10/20 in dataset order (splitByClass).
   */
  blocks?: SplitSizes;
  /** How many rows at the end have no label (see Dataset.unlabelled); 0 by default. */
  unlabelled?: number;
}

export interface SplitSizes {
  train: number;
  val: number;
  test: number;
  /** The validation rows were marked so in the data (e.g. a split column's "val"), not taken from the end of its training rows. */
  markedVal?: boolean;
}

/**
 * A dataset from its samples: images (0..255 values, MNIST's 28×28 unless `shape` says otherwise)
 * or table rows (numbers, standardised here per column on the training split, so no statistic
 * of the validation or test samples leaks into training). `layout` may give the split as blocks
 * of rows and mark the last rows as unlabelled (their labels are set to 0 and never read).
 */
export function makeDataset(
  name: string,
  classNames: string[],
  values: Uint8Array | Float32Array,
  labels: Uint8Array,
  shape: SampleShape = { image: MNIST_IMAGE },
  layout: RowLayout = {},
): Dataset {
  const count = labels.length;
  const unlabelled = layout.unlabelled ?? 0;
  if (!Number.isInteger(unlabelled) || unlabelled < 0 || unlabelled >= count) {
    throw new Error(`${name}: ${unlabelled} unlabelled samples of ${count} leave none with a label.`);
  }
  const labelled = count - unlabelled;
  if (unlabelled > 0) labels = labels.slice().fill(0, labelled);
  const image = 'image' in shape ? shape.image : null;
  const columns = 'columns' in shape ? shape.columns : null;
  const text = 'text' in shape ? shape.text : undefined;
  const features = image ? image.height * image.width * image.channels : text ? text.length : columns!.length;
  if (!(features > 0)) throw new Error(`${name}: a sample needs at least one value.`);
  if (values.length !== count * features) {
    throw new Error(`${name}: ${values.length} values do not make ${count} ${image ? 'images' : text ? 'texts' : 'rows'} of ${features}.`);
  }
  if (image && !(values instanceof Uint8Array)) throw new Error(`${name}: image pixels must be bytes (0..255).`);
  const badLabel = labels.find((l) => l >= classNames.length);
  if (badLabel !== undefined) throw new Error(`${name}: label ${badLabel} is outside 0..${classNames.length - 1}.`);
  const split = layout.blocks
    ? splitByBlocks(layout.blocks, labelled, name)
    : splitByClass(labels.subarray(0, labelled), classNames.length);
  const standardization = columns ? standardizeColumns(values as Float32Array, features, split.train) : null;
  const unlabelledRows = Int32Array.from({ length: unlabelled }, (_, i) => labelled + i);
  const blocks = layout.blocks ? { ...layout.blocks } : null;
  const dataset: Dataset = {
    name,
    classNames,
    count,
    features,
    image,
    columns,
    standardization,
    values,
    labels,
    split,
    unlabelled: unlabelledRows,
    blocks,
  };
  if (text) dataset.text = text;
  return dataset;
}

/** The split of consecutive blocks: rows 0..train−1, then the next `val`, then the next `test`; they must cover the labelled rows. */
export function splitByBlocks(blocks: SplitSizes, labelled: number, name = 'The dataset'): Split {
  const { train, val, test } = blocks;
  if (![train, val, test].every((n) => Number.isInteger(n) && n >= 0) || train === 0 || test === 0) {
    throw new Error(`${name}: a split needs whole, non-negative sizes with some training and test samples (got ${train}/${val}/${test}).`);
  }
  if (train + val + test !== labelled) {
    throw new Error(`${name}: the split's ${train} + ${val} + ${test} samples do not cover the ${labelled} labelled samples.`);
  }
  const range = (from: number, n: number) => Int32Array.from({ length: n }, (_, i) => from + i);
  return { train: range(0, train), val: range(train, val), test: range(train + val, test) };
}

/** Standardises each column in place with its mean and (population) sd over `rows`; a constant column is only centred. */
function standardizeColumns(values: Float32Array, features: number, rows: Int32Array): { mean: number[]; std: number[] } {
  const mean = new Array<number>(features).fill(0);
  const std = new Array<number>(features).fill(0);
  for (const r of rows) for (let f = 0; f < features; f++) mean[f]! += values[r * features + f]! / rows.length;
  for (const r of rows) for (let f = 0; f < features; f++) std[f]! += (values[r * features + f]! - mean[f]!) ** 2 / rows.length;
  for (let f = 0; f < features; f++) std[f] = Math.sqrt(std[f]!) || 1;
  for (let i = 0; i < values.length; i++) values[i] = (values[i]! - mean[i % features]!) / std[i % features]!;
  return { mean, std };
}

/**
 * floor(n · fraction), immune to binary rounding: 0.7 + 0.1 is 0.7999…, and 90 · 0.7 is 62.999…,
 * which would move a boundary down by one sample.
 */
function floorOf(n: number, fraction: number): number {
  return Math.floor(n * fraction + 1e-9);
}

/**
 * Validation rows taken from an official training set: 5,000 when it has 50,000 or more
 * (Fashion-MNIST's 60,000), else 10 % (at least one row, so there is something to choose on).
 */
export function officialValidationSize(trainRows: number): number {
  if (trainRows >= 50_000) return 5_000;
  return trainRows < 2 ? 0 : Math.max(1, Math.round(trainRows * 0.1));
}

/**
 * The split of data that comes with its own test set, as blocks of rows (train rows first, then
 * test): the official test set stays the test split, validation is the last rows of the official
 * training set (officialValidationSize), in the files' order.
 */
export function officialSplit(trainRows: number, testRows: number): SplitSizes {
  const val = officialValidationSize(trainRows);
  return { train: trainRows - val, val, test: testRows };
}

/** In words, the split `blocks` describe (null: 70/10/20 per class), for the import preview and the CLI. */
export function splitRule(blocks: SplitSizes | null | undefined): string {
  if (!blocks) return 'split 70/10/20 within each class (the data has no test set of its own)';
  if (blocks.markedVal) {
    return `the data's own test set (${blocks.test.toLocaleString('en-US')}) and validation set (${blocks.val.toLocaleString('en-US')})`;
  }
  return `the data's own test set (${blocks.test.toLocaleString('en-US')}); validation is the last ${blocks.val.toLocaleString('en-US')} of its training set`;
}

/**
 * For each class, in dataset order: the first 70% of its samples are training, the next 10%
 * validation, the rest (20%) test. Boundaries are floor(0.7 n) and floor(0.8 n).
 */
export function splitByClass(labels: Uint8Array, numClasses: number, trainFraction = 0.7, valFraction = 0.1): Split {
  const byClass: number[][] = Array.from({ length: numClasses }, () => []);
  labels.forEach((label, index) => {
    const bucket = byClass[label];
    if (bucket === undefined) throw new Error(`label ${label} of sample ${index} is outside 0..${numClasses - 1}`);
    bucket.push(index);
  });
  const train: number[] = [];
  const val: number[] = [];
  const test: number[] = [];
  for (const indices of byClass) {
    const trainEnd = floorOf(indices.length, trainFraction);
    const valEnd = floorOf(indices.length, trainFraction + valFraction);
    train.push(...indices.slice(0, trainEnd));
    val.push(...indices.slice(trainEnd, valEnd));
    test.push(...indices.slice(valEnd));
  }
  return { train: Int32Array.from(train), val: Int32Array.from(val), test: Int32Array.from(test) };
}

/** The models' inputs for the given samples: pixel / 255 for images, the standardised values for tables. */
export function gatherInputs(dataset: Dataset, indices: ArrayLike<number>): Float32Array {
  const { features, values } = dataset;
  const scale = dataset.image ? 1 / 255 : 1;
  const out = new Float32Array(indices.length * features);
  for (let row = 0; row < indices.length; row++) {
    const offset = indices[row]! * features;
    for (let f = 0; f < features; f++) out[row * features + f] = values[offset + f]! * scale;
  }
  return out;
}

export function gatherLabels(dataset: Dataset, indices: ArrayLike<number>): Int32Array {
  const out = new Int32Array(indices.length);
  for (let row = 0; row < indices.length; row++) out[row] = dataset.labels[indices[row]!]!;
  return out;
}

/** Mulberry32: a tiny seeded PRNG, so shuffles repeat exactly for a given seed. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A shuffled copy (Fisher–Yates). */
export function shuffled(indices: Int32Array, random: () => number): Int32Array {
  const out = indices.slice();
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}

/**
 * How many of `total` samples a share of `percent` % keeps: all at 100 %, else the rounded share,
 * at least `minimum` (one batch, so a job has something to train on) and at most `total`.
 */
export function shareCount(total: number, percent: number, minimum: number): number {
  if (percent >= 100) return total;
  return Math.min(total, Math.max(minimum, Math.round((total * percent) / 100)));
}

/**
 * A seeded, class-mixed share of `indices` (shareCount of them): the first ones of a seeded
 * shuffle, so with one seed a smaller share is part of a larger one. At 100 %, `indices` itself.
 */
export function seededShare(indices: Int32Array, percent: number, minimum: number, seed: number): Int32Array {
  if (percent >= 100) return indices;
  return shuffled(indices, seededRandom(seed)).slice(0, shareCount(indices.length, percent, minimum));
}

/** Consecutive batches of `size` (the last may be smaller). */
export function* batches(indices: Int32Array, size: number): Generator<Int32Array> {
  for (let start = 0; start < indices.length; start += size) yield indices.subarray(start, start + size);
}

export function batchCount(samples: number, size: number): number {
  return Math.ceil(samples / size);
}
