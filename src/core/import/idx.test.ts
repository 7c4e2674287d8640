import { existsSync, readFileSync } from 'node:fs';
import { gzipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { FASHION_MNIST_CLASS_NAMES, parseIdx } from './idx';
import { ImportError, type InputFile } from './types';

/** An IDX images file: count images of rows × cols, pixel i of the file's data = pixel(i). */
function idxImages(count: number, rows: number, cols: number, pixel: (i: number) => number = (i) => i % 256): Uint8Array {
  const bytes = new Uint8Array(16 + count * rows * cols);
  const view = new DataView(bytes.buffer);
  view.setUint32(0, 0x00000803);
  view.setUint32(4, count);
  view.setUint32(8, rows);
  view.setUint32(12, cols);
  for (let i = 0; i < count * rows * cols; i++) bytes[16 + i] = pixel(i);
  return bytes;
}

function idxLabels(labels: number[]): Uint8Array {
  const bytes = new Uint8Array(8 + labels.length);
  const view = new DataView(bytes.buffer);
  view.setUint32(0, 0x00000801);
  view.setUint32(4, labels.length);
  bytes.set(labels, 8);
  return bytes;
}

const file = (name: string, bytes: Uint8Array): InputFile => ({ name, bytes });

function expectImportError(run: () => unknown, message: RegExp): void {
  expect(run).toThrow(ImportError);
  expect(run).toThrow(message);
}

describe('parseIdx', () => {
  it('reads one images + labels pair, to be split 70/10/20 per class (no split of its own)', () => {
    const data = parseIdx([file('images-idx3-ubyte', idxImages(3, 2, 3)), file('labels-idx1-ubyte', idxLabels([0, 2, 1]))]);
    expect(data.image).toEqual({ height: 2, width: 3, channels: 1 });
    expect(data.features).toBe(6);
    expect(data.columns).toBeNull();
    expect(data.values).toBeInstanceOf(Uint8Array);
    expect([...data.values]).toEqual(Array.from({ length: 18 }, (_, i) => i));
    expect([...data.labels]).toEqual([0, 2, 1]);
    expect(data.classNames).toEqual(['0', '1', '2']);
    expect(data.name).toBe('IDX (3 images of 2×3)');
    expect(data.split).toBeUndefined();
  });

  it('reads four gzipped files in any order, train before test', () => {
    const files = [
      file('t10k-labels-idx1-ubyte.gz', gzipSync(idxLabels([1, 0]))),
      file('train-images-idx3-ubyte.gz', gzipSync(idxImages(3, 2, 2, () => 7))),
      file('t10k-images-idx3-ubyte.gz', gzipSync(idxImages(2, 2, 2, () => 9))),
      file('train-labels-idx1-ubyte.gz', gzipSync(idxLabels([0, 1, 1]))),
    ];
    const data = parseIdx(files);
    expect(data.values.length).toBe(5 * 4);
    expect([...data.values.subarray(0, 12)].every((v) => v === 7)).toBe(true);
    expect([...data.values.subarray(12)].every((v) => v === 9)).toBe(true);
    expect([...data.labels]).toEqual([0, 1, 1, 1, 0]);
    expect(data.name).toBe('IDX (5 images of 2×2)');
    // The test files stay the test split; validation is the training files' last row (10 %, at least one).
    expect(data.split).toEqual({ train: 2, val: 1, test: 2 });
  });

  it('pairs by counts when the names do not say train or test', () => {
    const files = [
      file(
        'a-images',
        idxImages(2, 1, 1, () => 1),
      ),
      file(
        'b-images',
        idxImages(3, 1, 1, () => 2),
      ),
      file('a-labels', idxLabels([0, 1])),
      file('b-labels', idxLabels([1, 1, 0])),
    ];
    const data = parseIdx(files);
    expect([...data.values]).toEqual([2, 2, 2, 1, 1]);
    expect([...data.labels]).toEqual([1, 1, 0, 0, 1]);
  });

  it('says when neither names nor counts tell the pairs apart', () => {
    const files = [
      file('a', idxImages(2, 1, 1)),
      file('b', idxImages(2, 1, 1)),
      file('c', idxLabels([0, 1])),
      file('d', idxLabels([1, 0])),
    ];
    expectImportError(() => parseIdx(files), /cannot tell which labels go with which images.*train-… and t10k-…/i);
  });

  it('uses the class names given, e.g. Fashion-MNIST’s', () => {
    expect(FASHION_MNIST_CLASS_NAMES).toHaveLength(10);
    expect(FASHION_MNIST_CLASS_NAMES[9]).toBe('Ankle boot');
    const files = [file('x-images-idx3-ubyte', idxImages(2, 1, 1)), file('x-labels-idx1-ubyte', idxLabels([0, 9]))];
    expect(parseIdx(files, FASHION_MNIST_CLASS_NAMES).classNames).toEqual(FASHION_MNIST_CLASS_NAMES);
    expect(parseIdx(files).classNames).toEqual(['0', '1', '2', '3', '4', '5', '6', '7', '8', '9']);
    expectImportError(() => parseIdx(files, ['a', 'b']), /2 class names given, but the labels go up to 9 \(10 classes\)/);
  });

  it('refuses a truncated file, saying how many bytes it has and needs', () => {
    const images = idxImages(10, 28, 28).subarray(0, 1024);
    const files = [file('train-images-idx3-ubyte', images), file('train-labels-idx1-ubyte', idxLabels([0, 1]))];
    expectImportError(() => parseIdx(files), /^train-images-idx3-ubyte: the file ends after 1,024 of 7,856 bytes \(truncated\?\)\.$/);
  });

  it('refuses a file longer than its header announces', () => {
    const images = new Uint8Array(idxImages(1, 2, 2).length + 3);
    images.set(idxImages(1, 2, 2));
    const files = [file('i-ubyte', images), file('l-ubyte', idxLabels([0]))];
    expectImportError(() => parseIdx(files), /i-ubyte: the file has 3 bytes more than its header announces \(1 image of 2×2/);
  });

  it('refuses a wrong magic number, saying what it found and expected', () => {
    const wrong = idxImages(1, 1, 1);
    new DataView(wrong.buffer).setUint32(0, 0x00000802);
    const files = [file('images-ubyte', wrong), file('labels-ubyte', idxLabels([0]))];
    expectImportError(
      () => parseIdx(files),
      /images-ubyte: not an IDX images or labels file: it starts with 0x00000802.*expected 0x00000803 \(images\) or 0x00000801 \(labels\)/,
    );
  });

  it('names the IDX type of a float file', () => {
    const floats = idxImages(1, 1, 1);
    new DataView(floats.buffer).setUint32(0, 0x00000d03);
    const files = [file('images-ubyte', floats), file('labels-ubyte', idxLabels([0]))];
    expectImportError(() => parseIdx(files), /0x00000d03 \(IDX float32 with 3 dimensions; the studio reads unsigned bytes\)/);
  });

  it('refuses a file that is not IDX at all', () => {
    const text = new TextEncoder().encode('hello, world');
    expectImportError(
      () => parseIdx([file('notes-ubyte', text), file('l-ubyte', idxLabels([0]))]),
      /notes-ubyte: not an IDX images or labels file/,
    );
  });

  it('refuses images and labels of different counts', () => {
    const files = [file('train-images-idx3-ubyte', idxImages(3, 1, 1)), file('train-labels-idx1-ubyte', idxLabels([0, 1]))];
    expectImportError(() => parseIdx(files), /train-images-idx3-ubyte has 3 images but train-labels-idx1-ubyte has 2 labels/);
  });

  it('refuses a .gz file that is not gzip data', () => {
    const files = [file('train-images-idx3-ubyte.gz', idxImages(1, 1, 1)), file('train-labels-idx1-ubyte.gz', gzipSync(idxLabels([0])))];
    expectImportError(() => parseIdx(files), /train-images-idx3-ubyte\.gz: the name ends in \.gz but the file is not gzip data/);
  });

  it('refuses damaged gzip data', () => {
    const broken = gzipSync(idxImages(50, 28, 28, (i) => (i * 7919) % 251)).slice(0, 300);
    const files = [file('train-images-idx3-ubyte.gz', broken), file('train-labels-idx1-ubyte', idxLabels([0]))];
    expectImportError(() => parseIdx(files), /train-images-idx3-ubyte\.gz: the gzip data is damaged/);
  });

  it('refuses train and test images of different sizes', () => {
    const files = [
      file('train-images-idx3-ubyte', idxImages(2, 28, 28)),
      file('train-labels-idx1-ubyte', idxLabels([0, 1])),
      file('t10k-images-idx3-ubyte', idxImages(1, 32, 32)),
      file('t10k-labels-idx1-ubyte', idxLabels([1])),
    ];
    expectImportError(() => parseIdx(files), /train-images-idx3-ubyte holds 28×28 images but t10k-images-idx3-ubyte holds 32×32 images/);
  });

  it('refuses labels beyond the class limit', () => {
    const files = [file('i-ubyte', idxImages(2, 1, 1)), file('l-ubyte', idxLabels([0, 200]))];
    expectImportError(() => parseIdx(files), /l-ubyte: label 200 \(at position 1\) is too large: the studio handles at most 100 classes/);
  });

  it('refuses a single class', () => {
    const files = [file('i-ubyte', idxImages(2, 1, 1)), file('l-ubyte', idxLabels([0, 0]))];
    expectImportError(() => parseIdx(files), /only one class: a classifier needs at least two/);
  });

  it('refuses an empty file', () => {
    const files = [file('train-images-idx3-ubyte', new Uint8Array(0)), file('train-labels-idx1-ubyte', idxLabels([0]))];
    expectImportError(() => parseIdx(files), /train-images-idx3-ubyte: the file is empty \(0 bytes\)/);
  });

  it('refuses a header announcing no images', () => {
    const files = [file('i-ubyte', idxImages(0, 28, 28)), file('l-ubyte', idxLabels([0]))];
    expectImportError(() => parseIdx(files), /i-ubyte: the header announces 0 images of 28×28: there is nothing to import/);
  });

  it('needs an images file and a labels file', () => {
    const labelsOnly = [file('a-labels', idxLabels([0])), file('b-labels', idxLabels([1]))];
    expectImportError(() => parseIdx(labelsOnly), /No IDX images file .* among a-labels, b-labels/);
    const imagesOnly = [file('a-images', idxImages(1, 1, 1)), file('b-images', idxImages(1, 1, 1))];
    expectImportError(() => parseIdx(imagesOnly), /No IDX labels file .* among a-images, b-images/);
    const threeAndOne = [
      file('a', idxImages(1, 1, 1)),
      file('b', idxImages(1, 1, 1)),
      file('c', idxImages(1, 1, 1)),
      file('d', idxLabels([0])),
    ];
    expectImportError(() => parseIdx(threeAndOne), /as many images files as labels files: got 3 images/);
  });

  it('needs two or four files', () => {
    expectImportError(
      () => parseIdx([file('i-ubyte', idxImages(1, 1, 1))]),
      /one images file and one labels file, or two of each.*got 1 file \(i-ubyte\)/,
    );
    expectImportError(() => parseIdx([]), /got 0 files\./);
  });

  it('parses 70,000 images of 28×28 well under a second', () => {
    const files = [
      file('train-images-idx3-ubyte', idxImages(70_000, 28, 28)),
      file('train-labels-idx1-ubyte', idxLabels(Array.from({ length: 70_000 }, (_, i) => i % 10))),
    ];
    const start = performance.now();
    const data = parseIdx(files);
    expect(performance.now() - start).toBeLessThan(1000);
    expect(data.labels.length).toBe(70_000);
    expect(data.values.length).toBe(70_000 * 784);
  });

  const fashion = '/usr/share/datasets/fashion-mnist';
  it.skipIf(!existsSync(`${fashion}/train-images-idx3-ubyte.gz`))('reads the real Fashion-MNIST (Debian dataset-fashion-mnist)', () => {
    const names = ['train-images-idx3-ubyte.gz', 'train-labels-idx1-ubyte.gz', 't10k-images-idx3-ubyte.gz', 't10k-labels-idx1-ubyte.gz'];
    const files = names.map((name) => file(name, new Uint8Array(readFileSync(`${fashion}/${name}`))));
    const start = performance.now();
    const data = parseIdx(files, FASHION_MNIST_CLASS_NAMES);
    expect(performance.now() - start).toBeLessThan(3000);
    expect(data.labels.length).toBe(70_000);
    expect(data.image).toEqual({ height: 28, width: 28, channels: 1 });
    expect(data.classNames).toEqual(FASHION_MNIST_CLASS_NAMES);
    const perClass = new Array<number>(10).fill(0);
    for (const label of data.labels) perClass[label]!++;
    expect(perClass).toEqual(new Array<number>(10).fill(7000));
    expect(data.name).toBe('IDX (70,000 images of 28×28)');
  });
});
