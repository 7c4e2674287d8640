import { describe, expect, it } from 'vitest';
import { loadMnist } from '../../../test-support/fixtures';
import {
  batchCount,
  batches,
  gatherLabels,
  gatherInputs,
  makeDataset,
  officialSplit,
  splitRule,
  parseMnistAsset,
  PIXELS,
  seededRandom,
  shuffled,
  splitByClass,
} from './data';

/** A buffer in the asset format: 'DSMN', version, count, pixels per image, labels, pixels. */
function assetBuffer(
  labels: number[],
  options: { magic?: string; version?: number; pixelsPerImage?: number; extra?: number } = {},
): ArrayBuffer {
  const { magic = 'DSMN', version = 1, pixelsPerImage = PIXELS, extra = 0 } = options;
  const count = labels.length;
  const buffer = new ArrayBuffer(16 + count + count * PIXELS + extra);
  const bytes = new Uint8Array(buffer);
  for (let i = 0; i < 4; i++) bytes[i] = magic.charCodeAt(i);
  const view = new DataView(buffer);
  view.setUint32(4, version, true);
  view.setUint32(8, count, true);
  view.setUint32(12, pixelsPerImage, true);
  bytes.set(labels, 16);
  // Image i is filled with the value 10·i + 5, so rows are easy to recognise.
  for (let i = 0; i < count; i++) bytes.fill(10 * i + 5, 16 + count + i * PIXELS, 16 + count + (i + 1) * PIXELS);
  return buffer;
}

describe('splitByClass', () => {
  it('takes, per class and in dataset order, floor(0.7n) for training, up to floor(0.8n) for validation, the rest for test', () => {
    // Class 0: 10 samples (7/1/2), class 1: 20 (14/2/4), class 2: 3 (2/0/1); interleaved.
    const labels: number[] = [];
    for (let i = 0; i < 20; i++) {
      if (i < 10) labels.push(0);
      labels.push(1);
      if (i < 3) labels.push(2);
    }
    const byClass = (c: number) => labels.flatMap((l, i) => (l === c ? [i] : []));
    const split = splitByClass(Uint8Array.from(labels), 3);
    const expected = { train: [] as number[], val: [] as number[], test: [] as number[] };
    for (const [c, trainEnd, valEnd] of [
      [0, 7, 8],
      [1, 14, 16],
      [2, 2, 2],
    ] as const) {
      const idx = byClass(c);
      expected.train.push(...idx.slice(0, trainEnd));
      expected.val.push(...idx.slice(trainEnd, valEnd));
      expected.test.push(...idx.slice(valEnd));
    }
    expect(Array.from(split.train)).toEqual(expected.train);
    expect(Array.from(split.val)).toEqual(expected.val);
    expect(Array.from(split.test)).toEqual(expected.test);
  });

  it('puts boundaries at floor(0.7n) and floor(0.8n) for every class size, despite binary rounding (0.7 + 0.1 < 0.8)', () => {
    for (let n = 1; n <= 1200; n++) {
      const split = splitByClass(new Uint8Array(n), 1);
      const trainEnd = Math.floor((7 * n) / 10);
      const valEnd = Math.floor((8 * n) / 10);
      if (split.train.length !== trainEnd || split.val.length !== valEnd - trainEnd || split.test.length !== n - valEnd) {
        throw new Error(
          `n = ${n}: got ${split.train.length}/${split.val.length}/${split.test.length}, expected ${trainEnd}/${valEnd - trainEnd}/${n - valEnd}`,
        );
      }
    }
  });
});

describe('the real MNIST asset', () => {
  const dataset = loadMnist();

  it('holds 10,000 labelled digits with pixels in 0..255', () => {
    expect(dataset.count).toBe(10_000);
    expect(dataset.values.length).toBe(10_000 * PIXELS);
    expect(dataset.classNames).toEqual(['0', '1', '2', '3', '4', '5', '6', '7', '8', '9']);
    const counts = new Array<number>(10).fill(0);
    dataset.labels.forEach((l) => counts[l]!++);
    expect(counts.every((c) => c > 800)).toBe(true);
    let max = 0;
    let min = 255;
    for (const p of dataset.values) {
      max = Math.max(max, p);
      min = Math.min(min, p);
    }
    expect(min).toBe(0);
    expect(max).toBe(255);
  });

  it('splits into 6995 train / 1001 val / 2004 test: disjoint, covering every sample, per-class floor(0.7n) / floor(0.8n)', () => {
    const { train, val, test } = dataset.split;
    const counts = new Array<number>(10).fill(0);
    dataset.labels.forEach((l) => counts[l]!++);
    const expectedTrain = counts.reduce((s, n) => s + Math.floor((7 * n) / 10), 0);
    const expectedVal = counts.reduce((s, n) => s + Math.floor((8 * n) / 10) - Math.floor((7 * n) / 10), 0);
    expect(train.length).toBe(expectedTrain);
    expect(val.length).toBe(expectedVal);
    expect([train.length, val.length, test.length]).toEqual([6995, 1001, 2004]);
    const seen = new Uint8Array(dataset.count);
    for (const part of [train, val, test]) for (const i of part) seen[i]!++;
    expect(seen.every((s) => s === 1)).toBe(true);
  });

  it('gatherInputs gives floats in [0, 1] equal to pixel / 255, row by row in the order asked', () => {
    const indices = [9999, 0, 4242];
    const floats = gatherInputs(dataset, indices);
    expect(floats.length).toBe(3 * PIXELS);
    indices.forEach((sample, row) => {
      for (let p = 0; p < PIXELS; p += 37) expect(floats[row * PIXELS + p]).toBeCloseTo(dataset.values[sample * PIXELS + p]! / 255, 6);
    });
    expect(Math.min(...floats)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...floats)).toBeLessThanOrEqual(1);
    expect(Math.max(...floats)).toBe(1);
    expect(Array.from(gatherLabels(dataset, indices))).toEqual(indices.map((i) => dataset.labels[i]));
  });
});

describe('parseMnistAsset', () => {
  it('reads labels and pixels of a well-formed buffer', () => {
    const dataset = parseMnistAsset(assetBuffer([3, 1, 4]));
    expect(dataset.count).toBe(3);
    expect(Array.from(dataset.labels)).toEqual([3, 1, 4]);
    expect(dataset.values[0]).toBe(5);
    expect(dataset.values[2 * PIXELS + 100]).toBe(25);
    expect(gatherInputs(dataset, [1])[0]).toBeCloseTo(15 / 255, 6);
  });

  it('rejects a buffer shorter than the header', () => {
    expect(() => parseMnistAsset(new ArrayBuffer(7))).toThrow(/too short \(7 bytes\)/);
  });

  it('rejects a wrong magic, naming what it found', () => {
    expect(() => parseMnistAsset(assetBuffer([1], { magic: 'PK\u0003\u0004' }))).toThrow(/does not start with "DSMN"/);
  });

  it('rejects an unknown version and a wrong image size', () => {
    expect(() => parseMnistAsset(assetBuffer([1], { version: 2 }))).toThrow(/version 2 is not supported/);
    expect(() => parseMnistAsset(assetBuffer([1], { pixelsPerImage: 100 }))).toThrow(/100 pixels, expected 784/);
  });

  it('rejects a truncated or padded file, giving both sizes', () => {
    const full = assetBuffer([1, 2]);
    expect(() => parseMnistAsset(full.slice(0, full.byteLength - 1))).toThrow(
      `Dataset file has ${full.byteLength - 1} bytes; 2 images need ${full.byteLength}.`,
    );
    expect(() => parseMnistAsset(assetBuffer([1, 2], { extra: 3 }))).toThrow(/2 images need/);
  });

  it('rejects labels outside the class range', () => {
    expect(() => parseMnistAsset(assetBuffer([1, 10]))).toThrow(/label 10 is outside 0..9/);
    expect(() => makeDataset('x', ['a', 'b'], new Uint8Array(PIXELS * 2), Uint8Array.from([0]))).toThrow(/do not make 1 images/);
  });
});

describe('seededRandom and shuffled', () => {
  it('repeat exactly for a seed and differ between seeds', () => {
    const a = seededRandom(42);
    const b = seededRandom(42);
    const c = seededRandom(43);
    const seqA = Array.from({ length: 20 }, a);
    expect(Array.from({ length: 20 }, b)).toEqual(seqA);
    expect(Array.from({ length: 20 }, c)).not.toEqual(seqA);
    expect(seqA.every((x) => x >= 0 && x < 1)).toBe(true);
  });

  it('shuffled permutes a copy, the same way for the same seed', () => {
    const indices = Int32Array.from({ length: 100 }, (_, i) => i * 3);
    const once = shuffled(indices, seededRandom(1));
    const again = shuffled(indices, seededRandom(1));
    expect(Array.from(once)).toEqual(Array.from(again));
    expect(Array.from(once)).not.toEqual(Array.from(indices));
    expect(Array.from(once).sort((x, y) => x - y)).toEqual(Array.from(indices));
    expect(indices[5]).toBe(15); // the input is untouched
    expect(Array.from(shuffled(indices, seededRandom(2)))).not.toEqual(Array.from(once));
  });

  it('batches cover the indices in order, the last one smaller', () => {
    const indices = Int32Array.from({ length: 10 }, (_, i) => i);
    const parts = [...batches(indices, 4)].map((b) => Array.from(b));
    expect(parts).toEqual([
      [0, 1, 2, 3],
      [4, 5, 6, 7],
      [8, 9],
    ]);
    expect(batchCount(10, 4)).toBe(3);
    expect(batchCount(8, 4)).toBe(2);
  });
});

describe('the split of data with its own test set', () => {
  it("keeps Fashion-MNIST's 10,000 test images and takes the last 5,000 training images for validation", () => {
    expect(officialSplit(60_000, 10_000)).toEqual({ train: 55_000, val: 5_000, test: 10_000 });
    expect(splitRule(officialSplit(60_000, 10_000))).toBe(
      "the data's own test set (10,000); validation is the last 5,000 of its training set",
    );
  });

  it('takes 10 % of a smaller training set for validation, at least one row', () => {
    expect(officialSplit(1_000, 300)).toEqual({ train: 900, val: 100, test: 300 });
    expect(officialSplit(4, 2)).toEqual({ train: 3, val: 1, test: 2 });
  });

  it('says when the data had no test set of its own', () => {
    expect(splitRule(null)).toBe('split 70/10/20 within each class (the data has no test set of its own)');
  });
});
