/**
 * The catalogue of malformed inputs (issue 10): each goes through the entry point the worker uses
 * for it and is refused with a message that names the file and the problem. That the current
 * dataset, teachers and runs survive a refusal is shown where the state lives (the store's
 * dataset-slice, teachers-slice and saved-slice tests, the session tests, e2e/import.spec.ts).
 */
import { encode as encodePng } from 'fast-png';
import { gzipSync, zipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { parseDatasetFiles } from '../src/core/import/dataset-files';
import { parseLayersModelFiles } from '../src/core/import/layers-model';
import { checkImportSize } from '../src/core/import/limits';
import { parseLogits } from '../src/core/import/logits';
import type { InputFile } from '../src/core/import/types';

const text = (name: string, content: string): InputFile => ({ name, bytes: new TextEncoder().encode(content) });

/** An IDX file: images (magic 0x803, count × 2 × 2) or labels (0x801). */
function idx(name: string, kind: 'images' | 'labels', count: number, options: { magic?: number; truncate?: number } = {}): InputFile {
  const header = kind === 'images' ? 16 : 8;
  const body = kind === 'images' ? count * 4 : count;
  const bytes = new Uint8Array(header + body);
  const view = new DataView(bytes.buffer);
  view.setUint32(0, options.magic ?? (kind === 'images' ? 0x803 : 0x801));
  view.setUint32(4, count);
  if (kind === 'images') {
    view.setUint32(8, 2);
    view.setUint32(12, 2);
  } else for (let i = 0; i < count; i++) bytes[header + i] = i % 2;
  return { name, bytes: options.truncate ? bytes.subarray(0, options.truncate) : bytes };
}

const png = (width: number, height: number) =>
  encodePng({ width, height, data: new Uint8Array(width * height).fill(128), channels: 1, depth: 8 });

/** A .npy file of float32 (or another dtype) values, shape [rows, columns]. */
function npy(name: string, rows: number, columns: number, descr = '<f4', fill = 0.5): InputFile {
  let header = `{'descr': '${descr}', 'fortran_order': False, 'shape': (${rows}, ${columns}), }`;
  header += ' '.repeat(63 - ((10 + header.length) % 64)) + '\n';
  const width = descr === '<f8' ? 8 : 4;
  const bytes = new Uint8Array(10 + header.length + rows * columns * width);
  bytes.set([0x93, ...new TextEncoder().encode('NUMPY'), 1, 0], 0);
  new DataView(bytes.buffer).setUint16(8, header.length, true);
  bytes.set(new TextEncoder().encode(header), 10);
  const values = descr === '<f8' ? new Float64Array(rows * columns).fill(fill) : new Float32Array(rows * columns).fill(fill);
  bytes.set(new Uint8Array(values.buffer), 10 + header.length);
  return { name, bytes };
}

const model = (weights: { paths: string[]; weights: { name: string; shape: number[]; dtype: string }[] }[]) =>
  text('model.json', JSON.stringify({ modelTopology: { class_name: 'Sequential' }, weightsManifest: weights }));

const expected = { count: 4, classes: 2 };

const CASES: [string, () => unknown, RegExp][] = [
  ['an empty file', () => parseDatasetFiles([text('data.csv', '')]), /data\.csv: the file is empty/],
  [
    'a 2 GB file, refused by its size before it is read',
    () => checkImportSize('big.csv', 2 * 1024 ** 3),
    /big\.csv: the file is 2 GB; the studio reads files up to 1 GB/,
  ],
  ['a file type the studio does not read', () => parseDatasetFiles([text('notes.txt', 'hello')]), /notes\.txt: unknown file type/],
  [
    'a truncated IDX file',
    () => parseDatasetFiles([idx('train-images-idx3-ubyte', 'images', 4, { truncate: 20 }), idx('train-labels-idx1-ubyte', 'labels', 4)]),
    /train-images-idx3-ubyte: the file ends after 20 of 32 bytes/,
  ],
  [
    'an IDX file with the wrong magic number',
    () => parseDatasetFiles([idx('train-images-idx3-ubyte', 'images', 4, { magic: 0x802 }), idx('train-labels-idx1-ubyte', 'labels', 4)]),
    /train-images-idx3-ubyte: not an IDX images or labels file: it starts with 0x00000802/,
  ],
  [
    'IDX images and labels of different counts',
    () => parseDatasetFiles([idx('train-images-idx3-ubyte', 'images', 4), idx('train-labels-idx1-ubyte', 'labels', 3)]),
    /train-images-idx3-ubyte has 4 images but train-labels-idx1-ubyte has 3 labels/,
  ],
  [
    'a .gz file that is not gzip data',
    () =>
      parseDatasetFiles([
        { name: 'train-images-idx3-ubyte.gz', bytes: new Uint8Array([1, 2, 3, 4]) },
        idx('train-labels-idx1-ubyte', 'labels', 4),
      ]),
    /train-images-idx3-ubyte\.gz: .*not gzip/,
  ],
  [
    'an IDX images file without its labels',
    () => parseDatasetFiles([idx('train-images-idx3-ubyte', 'images', 4)]),
    /choose one images file and one labels file, or two of each/,
  ],
  ['a CSV with ragged rows', () => parseDatasetFiles([text('data.csv', 'label,a,b\n0,1,2\n1,3\n')]), /data\.csv, row 3/],
  [
    'a CSV with a non-numeric cell',
    () => parseDatasetFiles([text('data.csv', 'label,a\n0,1\n1,abc\n')]),
    /data\.csv, row 3, column "a": "abc" is not a number/,
  ],
  ['a CSV with one class only', () => parseDatasetFiles([text('data.csv', 'label,a\nx,1\nx,2\n')]), /only one class/],
  ['a CSV without a label column', () => parseDatasetFiles([text('data.csv', 'a,b\n1,2\n3,4\n')]), /no label column/],
  [
    'a CSV whose chosen label column the file does not have',
    () => parseDatasetFiles([text('data.csv', 'a,b\n1,2\n3,4\n')], { labelColumn: 'kind' }),
    /data\.csv: no column named "kind" \(the columns are "a", "b"\)/,
  ],
  [
    'a CSV whose chosen label column holds numbers with decimals',
    () => parseDatasetFiles([text('iris.csv', 'sepal_length,species\n5.1,setosa\n7.0,versicolor\n')], { labelColumn: 'sepal_length' }),
    /iris\.csv: column "sepal_length" holds numbers with decimals \(row 2: "5\.1"\), so it cannot be the label column/,
  ],
  [
    'a CSV whose split column holds a value that is not train, val or test',
    () => parseDatasetFiles([text('data.csv', 'label,a,split\n0,1,train\n1,2,test\n0,3,dev\n')]),
    /data\.csv, row 4, column "split": "dev" is not a part of a split/,
  ],
  [
    'a CSV whose split column marks no test rows',
    () => parseDatasetFiles([text('data.csv', 'label,a,split\n0,1,train\n1,2,train\n')]),
    /data\.csv: column "split" marks 2 rows train, 0 val and 0 test: a split needs test rows/,
  ],
  ['a zip that is not a zip', () => parseDatasetFiles([text('images.zip', 'not a zip at all')]), /images\.zip: not a zip file/],
  [
    'a zip with no class folders',
    () => parseDatasetFiles([{ name: 'images.zip', bytes: zipSync({ 'a.png': png(2, 2), 'b.png': png(2, 2) }) }]),
    /no class folders/,
  ],
  [
    'a zip of images of mixed sizes',
    () => parseDatasetFiles([{ name: 'images.zip', bytes: zipSync({ 'cat/1.png': png(2, 2), 'dog/2.png': png(3, 2) }) }]),
    /images of different sizes/,
  ],
  [
    'a zip whose split folders hold no training images',
    () => parseDatasetFiles([{ name: 'images.zip', bytes: zipSync({ 'test/cat/1.png': png(2, 2), 'test/dog/2.png': png(2, 2) }) }]),
    /images\.zip: the split folders hold 0 images train, 0 val and 2 test: a split needs train images/,
  ],
  [
    'logits with the wrong N',
    () => parseLogits(npy('teacher.npy', 3, 2), expected),
    /teacher\.npy: the logits have 3 rows; the dataset has 4 samples/,
  ],
  [
    'logits with the wrong C',
    () => parseLogits(npy('teacher.npy', 4, 3), expected),
    /teacher\.npy: the logits have 3 columns \(classes\); the dataset has 2 classes/,
  ],
  ['logits with NaN values', () => parseLogits(npy('teacher.npy', 4, 2, '<f4', NaN), expected), /teacher\.npy: value \[0, 0\] is NaN/],
  ['a .npy of the wrong dtype', () => parseLogits(npy('teacher.npy', 4, 2, '<f8'), expected), /float64 \('<f8'\): save it as float32/],
  ['a logits file of an unknown type', () => parseLogits(text('teacher.txt', '1,2'), expected), /teacher\.txt: unknown logits format/],
  [
    'a model.json whose weights file is missing',
    () =>
      parseLayersModelFiles([
        model([{ paths: ['group1-shard1of1.bin'], weights: [{ name: 'dense/kernel', shape: [2, 2], dtype: 'float32' }] }]),
      ]),
    /model\.json names the weights file "group1-shard1of1\.bin", which is not among the chosen files/,
  ],
  [
    'a weights file of the wrong size',
    () =>
      parseLayersModelFiles([
        model([{ paths: ['w.bin'], weights: [{ name: 'dense/kernel', shape: [2, 2], dtype: 'float32' }] }]),
        { name: 'w.bin', bytes: new Uint8Array(8) },
      ]),
    /the weight files hold 8 bytes; the manifest describes 16/,
  ],
  [
    'a model.json that is not a Layers model',
    () => parseLayersModelFiles([text('model.json', '{"format": "graph-model"}')]),
    /not a TensorFlow\.js Layers model/,
  ],
  [
    'gzip data that is not IDX',
    () =>
      parseDatasetFiles([
        { name: 'train-images-idx3-ubyte.gz', bytes: gzipSync(new Uint8Array(40)) },
        idx('train-labels-idx1-ubyte', 'labels', 4),
      ]),
    /train-images-idx3-ubyte\.gz/,
  ],
];

describe('malformed inputs', () => {
  it(`the catalogue has at least 20 cases (${CASES.length})`, () => {
    expect(CASES.length).toBeGreaterThanOrEqual(20);
  });

  it.each(CASES)('%s: refused with a message naming the problem', (_, load, message) => {
    expect(load).toThrow(message);
  });
});
