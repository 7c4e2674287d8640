/**
 * IDX files, the format MNIST and Fashion-MNIST are published in: a big-endian header (magic,
 * dimension sizes) then unsigned bytes. Users bring one images + labels pair, or the usual two
 * (train and t10k), often gzip-compressed. The pixels are copied in bulk, never one by one: the
 * full Fashion-MNIST (70,000 images) parses in a fraction of a second.
 */
import { officialSplit } from '../data/data';
import { formatCount, plural } from '../format';
import { gunzipIfCompressed } from './limits';
import { ImportError, MAX_CLASSES, type ImportedData, type InputFile } from './types';

/** Fashion-MNIST's classes, in label order. Its files are named like MNIST's, so the UI offers these names. */
export const FASHION_MNIST_CLASS_NAMES = [
  'T-shirt/top',
  'Trouser',
  'Pullover',
  'Dress',
  'Coat',
  'Sandal',
  'Shirt',
  'Sneaker',
  'Bag',
  'Ankle boot',
];

const IMAGES_MAGIC = 0x00000803; // unsigned bytes, 3 dimensions: count, rows, cols
const LABELS_MAGIC = 0x00000801; // unsigned bytes, 1 dimension: count
const IMAGES_HEADER_BYTES = 16;
const LABELS_HEADER_BYTES = 8;

interface IdxImages {
  kind: 'images';
  name: string;
  count: number;
  rows: number;
  cols: number;
  /** count × rows × cols, a view into the (decompressed) file. */
  pixels: Uint8Array;
}

interface IdxLabels {
  kind: 'labels';
  name: string;
  count: number;
  /** A view into the (decompressed) file. */
  labels: Uint8Array;
}

type IdxFile = IdxImages | IdxLabels;

interface IdxPair {
  images: IdxImages;
  labels: IdxLabels;
}

/**
 * Parses one images + labels pair, or two pairs (train and test, concatenated in that order).
 * `classNames` names the classes (e.g. FASHION_MNIST_CLASS_NAMES); without it they are "0", "1", ….
 */
export function parseIdx(files: InputFile[], classNames?: string[]): ImportedData {
  if (files.length !== 2 && files.length !== 4) {
    throw new ImportError(
      `IDX: choose one images file and one labels file, or two of each (train and test); got ${files.length} ` +
        `file${files.length === 1 ? '' : 's'}${files.length > 0 ? ` (${files.map((f) => f.name).join(', ')})` : ''}.`,
    );
  }
  const pairs = pairUp(files.map(readIdxFile));
  pairs.forEach(checkCountsMatch);
  checkSameImageSize(pairs);
  const classCount = countClasses(pairs);
  const names = chooseClassNames(classCount, classNames);
  const { rows, cols } = pairs[0]!.images;
  const values = concatenate(pairs.map((p) => p.images.pixels));
  const labels = concatenate(pairs.map((p) => p.labels.labels));
  // Train and test files: the test file stays the test split (rows are train first, then test).
  const split = pairs.length === 2 ? officialSplit(pairs[0]!.labels.count, pairs[1]!.labels.count) : undefined;
  return {
    ...(split ? { split } : {}),
    name: `IDX (${formatCount(labels.length)} images of ${rows}×${cols})`,
    classNames: names,
    features: rows * cols,
    values,
    image: { height: rows, width: cols, channels: 1 },
    columns: null,
    labels,
  };
}

/** Reads one file's header and checks its length; the data stays a view, copied once at the end. */
function readIdxFile(file: InputFile): IdxFile {
  const data = gunzipIfCompressed(file);
  if (data.length < 4) {
    throw new ImportError(`${file.name}: the file is only ${data.length} bytes long; an IDX file starts with a 4-byte magic number.`);
  }
  const view = new DataView(data.buffer, data.byteOffset, data.byteLength);
  const magic = view.getUint32(0, false);
  if (magic === IMAGES_MAGIC) return readImages(file.name, data, view);
  if (magic === LABELS_MAGIC) return readLabels(file.name, data, view);
  throw new ImportError(describeWrongMagic(file.name, data));
}

function readImages(name: string, data: Uint8Array, view: DataView): IdxImages {
  checkLength(name, data, IMAGES_HEADER_BYTES);
  const count = view.getUint32(4, false);
  const rows = view.getUint32(8, false);
  const cols = view.getUint32(12, false);
  if (count === 0 || rows === 0 || cols === 0) {
    throw new ImportError(`${name}: the header announces ${formatCount(count)} images of ${rows}×${cols}: there is nothing to import.`);
  }
  checkLength(name, data, IMAGES_HEADER_BYTES + count * rows * cols, `${plural(count, 'image')} of ${rows}×${cols}`);
  return { kind: 'images', name, count, rows, cols, pixels: data.subarray(IMAGES_HEADER_BYTES) };
}

function readLabels(name: string, data: Uint8Array, view: DataView): IdxLabels {
  checkLength(name, data, LABELS_HEADER_BYTES);
  const count = view.getUint32(4, false);
  if (count === 0) throw new ImportError(`${name}: the header announces 0 labels: there is nothing to import.`);
  checkLength(name, data, LABELS_HEADER_BYTES + count, plural(count, 'label'));
  return { kind: 'labels', name, count, labels: data.subarray(LABELS_HEADER_BYTES) };
}

/**
 * The file must be exactly as long as its header says (`what` describes the header's promise).
 * Shorter is a truncated download; longer means the header does not describe the data, and
 * reading on would misalign every image.
 */
function checkLength(name: string, data: Uint8Array, expected: number, what?: string): void {
  if (data.length < expected) {
    throw new ImportError(`${name}: the file ends after ${formatCount(data.length)} of ${formatCount(expected)} bytes (truncated?).`);
  }
  if (what !== undefined && data.length > expected) {
    throw new ImportError(
      `${name}: the file has ${formatCount(data.length - expected)} bytes more than its header announces ` +
        `(${what}, ${formatCount(expected)} bytes in all).`,
    );
  }
}

const IDX_TYPES: Record<number, string> = {
  0x08: 'unsigned bytes',
  0x09: 'signed bytes',
  0x0b: '16-bit integers',
  0x0c: '32-bit integers',
  0x0d: 'float32',
  0x0e: 'float64',
};

/** Says what the magic number is and what was expected, and what kind of IDX it is if it is one. */
function describeWrongMagic(name: string, data: Uint8Array): string {
  const found = new DataView(data.buffer, data.byteOffset, 4).getUint32(0, false);
  const hex = `0x${found.toString(16).padStart(8, '0')}`;
  const type = IDX_TYPES[data[2]!];
  const idxKind =
    data[0] === 0 && data[1] === 0 && type ? ` (IDX ${type} with ${data[3]} dimensions; the studio reads unsigned bytes)` : '';
  return (
    `${name}: not an IDX images or labels file: it starts with ${hex}${idxKind}, ` + `expected 0x00000803 (images) or 0x00000801 (labels).`
  );
}

/**
 * Pairs images with labels. Two files pair whatever their names; with four, names tell train
 * ("train") from test ("t10k", "test"), and failing that the counts do (each images file has
 * as many images as its labels file has labels).
 */
function pairUp(files: IdxFile[]): IdxPair[] {
  const images = files.filter((f): f is IdxImages => f.kind === 'images');
  const labels = files.filter((f): f is IdxLabels => f.kind === 'labels');
  if (images.length === 0) {
    throw new ImportError(
      `No IDX images file (magic 0x00000803, e.g. train-images-idx3-ubyte.gz) among ${listNames(files)}: they all hold labels.`,
    );
  }
  if (labels.length === 0) {
    throw new ImportError(
      `No IDX labels file (magic 0x00000801, e.g. train-labels-idx1-ubyte.gz) among ${listNames(files)}: they all hold images.`,
    );
  }
  if (images.length !== labels.length) {
    throw new ImportError(
      `Choose as many images files as labels files: got ${images.length} images (${listNames(images)}) ` +
        `and ${labels.length} labels (${listNames(labels)}).`,
    );
  }
  if (images.length === 1) return [{ images: images[0]!, labels: labels[0]! }];
  return pairByName(images, labels) ?? pairByCount(images, labels);
}

function pairByName(images: IdxImages[], labels: IdxLabels[]): IdxPair[] | null {
  const pairs: IdxPair[] = [];
  for (const role of ['train', 'test'] as const) {
    const image = images.filter((f) => roleOf(f.name) === role);
    const label = labels.filter((f) => roleOf(f.name) === role);
    if (image.length !== 1 || label.length !== 1) return null;
    pairs.push({ images: image[0]!, labels: label[0]! });
  }
  return pairs;
}

/** The fallback when names do not tell: match counts, the larger set (usually train) first. */
function pairByCount(images: IdxImages[], labels: IdxLabels[]): IdxPair[] {
  const [a, b] = images as [IdxImages, IdxImages];
  const labelsFor = (image: IdxImages) => labels.filter((l) => l.count === image.count);
  const forA = labelsFor(a);
  const forB = labelsFor(b);
  if (a.count === b.count || forA.length !== 1 || forB.length !== 1) {
    throw new ImportError(
      `Cannot tell which labels go with which images among ${listNames([...images, ...labels])}: ` +
        'name the files train-… and t10k-… (or test-…).',
    );
  }
  const pairs = [
    { images: a, labels: forA[0]! },
    { images: b, labels: forB[0]! },
  ];
  return pairs.sort((p, q) => q.images.count - p.images.count);
}

/** "train" or "test" from a file name (Fashion-MNIST's are train-… and t10k-…), null if neither. */
function roleOf(name: string): 'train' | 'test' | null {
  const base = name.slice(name.lastIndexOf('/') + 1).toLowerCase();
  if (base.includes('train')) return 'train';
  if (base.includes('t10k') || base.includes('test')) return 'test';
  return null;
}

function checkCountsMatch({ images, labels }: IdxPair): void {
  if (images.count !== labels.count) {
    throw new ImportError(
      `${images.name} has ${formatCount(images.count)} images but ${labels.name} has ${formatCount(labels.count)} labels: ` +
        'every image needs one label.',
    );
  }
}

function checkSameImageSize(pairs: IdxPair[]): void {
  const first = pairs[0]!.images;
  for (const { images } of pairs.slice(1)) {
    if (images.rows !== first.rows || images.cols !== first.cols) {
      throw new ImportError(
        `${first.name} holds ${first.rows}×${first.cols} images but ${images.name} holds ${images.rows}×${images.cols} images: ` +
          'train and test images must have the same size.',
      );
    }
  }
}

/** Classes = largest label + 1 (labels are class indices); refuses labels the studio cannot store. */
function countClasses(pairs: IdxPair[]): number {
  let largest = 0;
  for (const { labels } of pairs) {
    const values = labels.labels;
    for (let i = 0; i < values.length; i++) {
      const label = values[i]!;
      if (label >= MAX_CLASSES) {
        throw new ImportError(
          `${labels.name}: label ${label} (at position ${formatCount(i)}) is too large: ` +
            `the studio handles at most ${MAX_CLASSES} classes (labels 0 to ${MAX_CLASSES - 1}).`,
        );
      }
      if (label > largest) largest = label;
    }
  }
  if (largest === 0) {
    throw new ImportError(`${listNames(pairs.map((p) => p.labels))}: every label is 0, only one class: a classifier needs at least two.`);
  }
  return largest + 1;
}

function chooseClassNames(classCount: number, given: string[] | undefined): string[] {
  if (given === undefined) return Array.from({ length: classCount }, (_, i) => String(i));
  if (given.length < classCount) {
    throw new ImportError(`${given.length} class names given, but the labels go up to ${classCount - 1} (${classCount} classes).`);
  }
  return [...given];
}

/** One new array holding the parts in order: one copy per file, no per-pixel work. */
function concatenate(parts: Uint8Array[]): Uint8Array {
  const total = parts.reduce((sum, p) => sum + p.length, 0);
  const out = new Uint8Array(total);
  let offset = 0;
  for (const part of parts) {
    out.set(part, offset);
    offset += part.length;
  }
  return out;
}

function listNames(files: { name: string }[]): string {
  return files.map((f) => f.name).join(', ');
}
