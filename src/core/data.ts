/**
 * The dataset: uint8 pixels + labels, and the deterministic train/val/test split.
 *
 * Models read pixels as 784 floats in [0, 1] (pixel / 255). Indices into the dataset are the
 * identity of a sample everywhere (cached teacher logits are keyed by them too).
 * No tfjs here: the page parses the same asset for its sample thumbnails.
 */
export const IMAGE_SIZE = 28;
export const PIXELS = IMAGE_SIZE * IMAGE_SIZE;
export const MNIST_CLASS_NAMES = ['0', '1', '2', '3', '4', '5', '6', '7', '8', '9'];

export interface Split {
  train: Int32Array;
  val: Int32Array;
  test: Int32Array;
}

export interface Dataset {
  name: string;
  classNames: string[];
  count: number;
  /** count × PIXELS, row-major, 0..255. */
  pixels: Uint8Array;
  labels: Uint8Array;
  split: Split;
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

export function makeDataset(name: string, classNames: string[], pixels: Uint8Array, labels: Uint8Array): Dataset {
  const count = labels.length;
  if (pixels.length !== count * PIXELS) {
    throw new Error(`${name}: ${pixels.length} pixel values do not make ${count} images of ${PIXELS}.`);
  }
  const badLabel = labels.find((l) => l >= classNames.length);
  if (badLabel !== undefined) throw new Error(`${name}: label ${badLabel} is outside 0..${classNames.length - 1}.`);
  return { name, classNames, count, pixels, labels, split: splitByClass(labels, classNames.length) };
}

/**
 * floor(n · fraction), immune to binary rounding: 0.7 + 0.1 is 0.7999…, and 90 · 0.7 is 62.999…,
 * which would move a boundary down by one sample.
 */
function floorOf(n: number, fraction: number): number {
  return Math.floor(n * fraction + 1e-9);
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

/** Pixels of the given samples as floats in [0, 1]. */
export function gatherPixels(dataset: Dataset, indices: ArrayLike<number>): Float32Array {
  const out = new Float32Array(indices.length * PIXELS);
  for (let row = 0; row < indices.length; row++) {
    const offset = indices[row]! * PIXELS;
    for (let p = 0; p < PIXELS; p++) out[row * PIXELS + p] = dataset.pixels[offset + p]! / 255;
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

/** Consecutive batches of `size` (the last may be smaller). */
export function* batches(indices: Int32Array, size: number): Generator<Int32Array> {
  for (let start = 0; start < indices.length; start += size) yield indices.subarray(start, start + size);
}

export function batchCount(samples: number, size: number): number {
  return Math.ceil(samples / size);
}
