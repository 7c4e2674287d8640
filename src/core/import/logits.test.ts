import { gzipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { parseLogits } from './logits';
import { ImportError, type InputFile } from './types';
import { softmax } from '../ensemble/soft-labels';

interface NpyOptions {
  version?: 1 | 2;
  fortran?: boolean;
}

/** A .npy file as np.save writes it: magic, version, header dict padded to 64 bytes, data. */
function npy(descr: string, shape: number[], values: ArrayLike<number> = [], options: NpyOptions = {}): Uint8Array {
  const { version = 1, fortran = false } = options;
  const shapeText = shape.length === 1 ? `(${shape[0]},)` : `(${shape.join(', ')})`;
  const dict = `{'descr': '${descr}', 'fortran_order': ${fortran ? 'True' : 'False'}, 'shape': ${shapeText}, }`;
  const prefix = version === 1 ? 10 : 12;
  const headerLength = Math.ceil((prefix + dict.length + 1) / 64) * 64 - prefix;
  const header = `${dict.padEnd(headerLength - 1)}\n`;
  const itemSize = descr.endsWith('8') ? 8 : 4;
  const bytes = new Uint8Array(prefix + headerLength + values.length * itemSize);
  const view = new DataView(bytes.buffer);
  bytes.set([0x93, ...new TextEncoder().encode('NUMPY'), version, 0]);
  if (version === 1) view.setUint16(8, headerLength, true);
  else view.setUint32(8, headerLength, true);
  bytes.set(new TextEncoder().encode(header), prefix);
  for (let i = 0; i < values.length; i++) {
    const at = prefix + headerLength + i * itemSize;
    if (itemSize === 8) view.setFloat64(at, values[i]!, true);
    else view.setFloat32(at, values[i]!, true);
  }
  return bytes;
}

const file = (name: string, bytes: Uint8Array): InputFile => ({ name, bytes });
const text = (name: string, content: string): InputFile => file(name, new TextEncoder().encode(content));
const range = (n: number, scale = 1) => Array.from({ length: n }, (_, i) => i * scale);

function expectImportError(run: () => unknown, message: RegExp): void {
  expect(run).toThrow(ImportError);
  expect(run).toThrow(message);
}

describe('parseLogits: .npy', () => {
  it('reads (N, C) float32 as one member', () => {
    const logits = parseLogits(file('teacher.npy', npy('<f4', [3, 2], [0.5, -1, 2, 3, 4, 5])), { count: 3, classes: 2 });
    expect(logits).toMatchObject({ name: 'teacher.npy', count: 3, classes: 2 });
    expect(logits.members).toHaveLength(1);
    expect([...logits.members[0]!]).toEqual([0.5, -1, 2, 3, 4, 5]);
  });

  it('reads (M, N, C) as M members, format version 2, and gzipped', () => {
    const bytes = gzipSync(npy('<f4', [2, 2, 3], range(12), { version: 2 }));
    const logits = parseLogits(file('ensemble.npy.gz', bytes), { count: 2, classes: 3 });
    expect(logits.members.map((m) => [...m])).toEqual([range(6), range(6).map((v) => v + 6)]);
  });

  it('refuses a dtype other than little-endian float32, saying which it found', () => {
    expectImportError(
      () => parseLogits(file('teacher.npy', npy('<f8', [2, 2], [1, 2, 3, 4])), { count: 2, classes: 2 }),
      /teacher\.npy holds float64 \('<f8'\): save it as float32 \(np\.float32\)/,
    );
    expectImportError(
      () => parseLogits(file('t.npy', npy('>f4', [2, 2], [1, 2, 3, 4])), { count: 2, classes: 2 }),
      /float32, big-endian \('>f4'\)/,
    );
    expectImportError(() => parseLogits(file('t.npy', npy('<i8', [2, 2], [1, 2, 3, 4])), { count: 2, classes: 2 }), /int64 \('<i8'\)/);
  });

  it('refuses Fortran order and other shapes', () => {
    expectImportError(
      () => parseLogits(file('t.npy', npy('<f4', [2, 2], range(4), { fortran: true })), { count: 2, classes: 2 }),
      /Fortran/,
    );
    expectImportError(
      () => parseLogits(file('t.npy', npy('<f4', [4], range(4))), { count: 4, classes: 1 }),
      /has shape \(4,\); expected \(N, C\) for one model or \(M, N, C\)/,
    );
  });

  it('refuses the wrong number of rows, with both numbers', () => {
    expectImportError(
      () => parseLogits(file('teacher.npy', npy('<f4', [9999, 10])), { count: 10_000, classes: 10 }),
      /^teacher\.npy: the logits have 9,999 rows; the dataset has 10,000 samples\.$/,
    );
  });

  it('refuses the wrong number of classes, with both numbers', () => {
    expectImportError(
      () => parseLogits(file('teacher.npy', npy('<f4', [5, 9])), { count: 5, classes: 10 }),
      /the logits have 9 columns \(classes\); the dataset has 10 classes/,
    );
  });

  it('refuses NaN and infinities, naming the first position', () => {
    const values = [0, 1, 2, 3, 4, Number.NaN, Infinity, 7];
    expectImportError(
      () => parseLogits(file('t.npy', npy('<f4', [2, 2, 2], values)), { count: 2, classes: 2 }),
      /t\.npy: value \[1, 0, 1\] is NaN/,
    );
    expectImportError(
      () => parseLogits(file('t.npy', npy('<f4', [4, 2], [0, -Infinity, 1, 1, 1, 1, 1, 1])), { count: 4, classes: 2 }),
      /value \[0, 1\] is -Infinity/,
    );
  });

  it('refuses a truncated file and one that is not .npy', () => {
    expectImportError(
      () => parseLogits(file('t.npy', npy('<f4', [2, 2], [1, 2, 3])), { count: 2, classes: 2 }),
      /t\.npy: the file ends after 140 of 144 bytes \(truncated\?\)/,
    );
    expectImportError(() => parseLogits(text('t.npy', 'hello there'), { count: 2, classes: 2 }), /t\.npy: not a NumPy \.npy file/);
  });
});

describe('parseLogits: .csv', () => {
  it('reads N rows of C numbers, with or without a header', () => {
    const expected = { count: 2, classes: 3 };
    const plain = parseLogits(text('t.csv', '1,2,3\r\n-4.5,5e-1,6\n'), expected);
    expect([...plain.members[0]!]).toEqual([1, 2, 3, -4.5, 0.5, 6]);
    const named = parseLogits(text('t.csv', 'cat,dog,bird\n1,2,3\n4,5,6\n'), expected);
    expect([...named.members[0]!]).toEqual([1, 2, 3, 4, 5, 6]);
    const pandas = parseLogits(text('t.csv', '0,1,2\n1,2,3\n4,5,6\n'), expected);
    expect([...pandas.members[0]!]).toEqual([1, 2, 3, 4, 5, 6]);
  });

  it('reads the file as the dataset importer does (csv.ts): quoted cells and headers, blank lines and a BOM', () => {
    const quoted = parseLogits(text('t.csv', '\uFEFF"cat, or not",dog\n\n"1.5", 2\n   \n3,-4e0\n'), { count: 2, classes: 2 });
    expect([...quoted.members[0]!]).toEqual([1.5, 2, 3, -4]);
  });

  it('refuses the wrong number of rows or columns', () => {
    expectImportError(
      () => parseLogits(text('t.csv', '1,2\n3,4\n'), { count: 3, classes: 2 }),
      /t\.csv: the logits have 2 rows; the dataset has 3 samples/,
    );
    expectImportError(
      () => parseLogits(text('t.csv', '1,2\n3,4,5\n'), { count: 2, classes: 2 }),
      /t\.csv: row 2 has 3 columns \(classes\); the dataset has 2 classes \(if the first column is a row index/,
    );
  });

  it('refuses NaN, infinities and text, naming row and column', () => {
    expectImportError(() => parseLogits(text('t.csv', '1,2\n3,nan\n'), { count: 2, classes: 2 }), /t\.csv, row 2, column 2 is NaN/);
    expectImportError(() => parseLogits(text('t.csv', '1,-inf\n3,4\n'), { count: 2, classes: 2 }), /t\.csv, row 1, column 2 is -Infinity/);
    expectImportError(
      () => parseLogits(text('t.csv', 'a,b\n1,2\n3,x\n'), { count: 2, classes: 2 }),
      /t\.csv, row 3, column 2: "x" is not a number/,
    );
  });
});

describe('parseLogits: .json', () => {
  it('reads [[…], …] as one member and {"members": […]} as several', () => {
    const one = parseLogits(text('t.json', '[[1, 2], [3, 4]]'), { count: 2, classes: 2 });
    expect(one.members.map((m) => [...m])).toEqual([[1, 2, 3, 4]]);
    const two = parseLogits(text('t.json', JSON.stringify({ members: [[[1, 2]], [[3, 4]]] })), { count: 1, classes: 2 });
    expect(two.members.map((m) => [...m])).toEqual([
      [1, 2],
      [3, 4],
    ]);
  });

  it('refuses NaN written bare (Python) or as null (JavaScript), naming the position', () => {
    expectImportError(() => parseLogits(text('t.json', '[[1, 2], [NaN, 4]]'), { count: 2, classes: 2 }), /t\.json: value \[1, 0\] is NaN/);
    expectImportError(
      () => parseLogits(text('t.json', '{"members": [[[1, 2]], [[3, -Infinity]]]}'), { count: 1, classes: 2 }),
      /value \[1, 0, 1\] is -Infinity/,
    );
    expectImportError(() => parseLogits(text('t.json', '[[1, null]]'), { count: 1, classes: 2 }), /value \[0, 1\] is NaN/);
  });

  it('refuses wrong shapes, wrong values and invalid JSON', () => {
    expectImportError(
      () => parseLogits(text('t.json', '[[1, 2]]'), { count: 2, classes: 2 }),
      /the logits have 1 row; the dataset has 2 samples/,
    );
    expectImportError(
      () => parseLogits(text('t.json', '{"members": [[[1, 2]], [[3, 4], [5, 6]]]}'), { count: 1, classes: 2 }),
      /the logits of member 1 have 2 rows/,
    );
    expectImportError(
      () => parseLogits(text('t.json', '[[1, 2, 3]]'), { count: 1, classes: 2 }),
      /row \[0\] has 3 columns \(classes\); the dataset has 2 classes/,
    );
    expectImportError(() => parseLogits(text('t.json', '[[1, "x"]]'), { count: 1, classes: 2 }), /value \[0, 1\] is "x", not a number/);
    expectImportError(() => parseLogits(text('t.json', '[[1, 2]'), { count: 1, classes: 2 }), /t\.json: not valid JSON/);
    expectImportError(() => parseLogits(text('t.json', '{"logits": []}'), { count: 1, classes: 2 }), /expected an array of rows/);
  });
});

const topk = (body: object) => text('t.json', JSON.stringify(body));

describe('parseLogits: .json top-k', () => {
  it('turns log-probabilities and "rest" into full rows: 4 classes, k = 2', () => {
    // p = [0.3, 0.05, 0.6, 0.05]: classes 2 and 0 listed, 0.1 left for classes 1 and 3 (0.05 each).
    const body = { topk: [{ index: [2, 0], logit: [Math.log(0.6), Math.log(0.3)], rest: 0.1 }] };
    const logits = parseLogits(topk(body), { count: 1, classes: 4 });
    expect(logits).toMatchObject({ name: 't.json', count: 1, classes: 4 });
    const row = [...logits.members[0]!];
    [Math.log(0.3), Math.log(0.05), Math.log(0.6), Math.log(0.05)].forEach((v, c) => expect(row[c]).toBeCloseTo(v, 6));
    softmax(row).forEach((p, c) => expect(p).toBeCloseTo([0.3, 0.05, 0.6, 0.05][c]!, 6));
  });

  it('keeps raw logits and gives the unlisted classes log(rest / m · Σ exp(listed) / (1 − rest))', () => {
    const S = Math.exp(2) + Math.exp(1);
    const logits = parseLogits(topk({ topk: [{ index: [2, 0], logit: [2, 1], rest: 0.1 }] }), { count: 1, classes: 4 });
    const row = [...logits.members[0]!];
    const u = Math.log((0.1 / 2) * (S / 0.9));
    [1, u, 2, u].forEach((v, c) => expect(row[c]).toBeCloseTo(v, 5));
    const p = softmax(row);
    expect(p[2]).toBeCloseTo((0.9 * Math.exp(2)) / S, 6);
    expect(p[0]).toBeCloseTo((0.9 * Math.exp(1)) / S, 6);
    expect(p[1]! + p[3]!).toBeCloseTo(0.1, 6);
  });

  it('without "rest" (or with 0) puts the unlisted classes 10 below the smallest listed logit', () => {
    const body = {
      topk: [
        { index: [1], logit: [3] },
        { index: [0, 2], logit: [1.5, -2], rest: 0 },
      ],
    };
    const logits = parseLogits(topk(body), { count: 2, classes: 3 });
    expect([...logits.members[0]!]).toEqual([-7, 3, -7, 1.5, -12, -2]);
  });

  it('reads k varying per sample, all classes listed, and one array per member', () => {
    const all = { index: [1, 0], logit: [0.5, 0.25], rest: 0 };
    const body = {
      topk: [
        [all, { index: [0], logit: [1], rest: 0.5 }],
        [all, all],
      ],
    };
    const logits = parseLogits(topk(body), { count: 2, classes: 2 });
    expect(logits.members).toHaveLength(2);
    expect([...logits.members[0]!]).toEqual([0.25, 0.5, 1, 1]);
    expect([...logits.members[1]!]).toEqual([0.25, 0.5, 0.25, 0.5]);
  });

  it('checks "classes" against the dataset\'s class names, when given', () => {
    const body = { classes: ['cat', 'dog', 'bird'], topk: [{ index: [0], logit: [1], rest: 0.2 }] };
    expect(parseLogits(topk(body), { count: 1, classes: 3, classNames: ['cat', 'dog', 'bird'] }).members).toHaveLength(1);
    expect(parseLogits(topk(body), { count: 1, classes: 3 }).members).toHaveLength(1);
    expectImportError(
      () => parseLogits(topk(body), { count: 1, classes: 3, classNames: ['dog', 'cat', 'bird'] }),
      /^t\.json: the file has the dataset's classes in another order \(class 0 is "cat" in the file, "dog" in the dataset\); write the logits in the dataset's order: dog, cat, bird\.$/,
    );
    expectImportError(
      () => parseLogits(topk(body), { count: 1, classes: 3, classNames: ['cat', 'dog', 'fish'] }),
      /^t\.json: the file's classes are not the dataset's \(class 2 is "bird" in the file, "fish" in the dataset; "bird" is not one of the dataset's classes\)\.$/,
    );
    expectImportError(
      () => parseLogits(topk(body), { count: 1, classes: 4 }),
      /t\.json: "classes" names 3 classes; the dataset has 4 classes/,
    );
    expectImportError(
      () => parseLogits(topk({ ...body, classes: 'cat,dog,bird' }), { count: 1, classes: 3 }),
      /"classes" must be an array of class names \(strings\)/,
    );
  });

  it('checks "classes" in the {"members": …} form too', () => {
    const body = { classes: ['a', 'b'], members: [[[1, 2]]] };
    expect([...parseLogits(topk(body), { count: 1, classes: 2, classNames: ['a', 'b'] }).members[0]!]).toEqual([1, 2]);
    expectImportError(() => parseLogits(topk(body), { count: 1, classes: 2, classNames: ['b', 'a'] }), /in another order/);
  });

  it('refuses malformed entries, naming the sample', () => {
    const ok = { index: [0], logit: [1], rest: 0.5 };
    const refused = (entry: unknown, message: RegExp, classes = 4) =>
      expectImportError(() => parseLogits(topk({ topk: [ok, entry] }), { count: 2, classes }), message);
    refused([1, 2], /^t\.json: sample \[1\] is \[1,2\]; expected \{"index": \[…\], "logit": \[…\], "rest": …\}\.$/);
    refused({ logit: [1], rest: 0.1 }, /sample \[1\]: "index" must be an array of class indices \(it is undefined\)/);
    refused({ index: [0], logits: [1] }, /sample \[1\]: "logit" must be an array of numbers/);
    refused({ index: [0, 1], logit: [1] }, /sample \[1\]: "index" has 2 classes but "logit" 1 value; they go in pairs/);
    refused({ index: [], logit: [] }, /sample \[1\] lists no classes/);
    refused({ index: [0.5], logit: [1] }, /sample \[1\]: "index"\[0\] is 0\.5, not a class index \(an integer\)/);
    refused({ index: ['0'], logit: [1] }, /sample \[1\]: "index"\[0\] is "0", not a class index/);
    refused({ index: [1, 4], logit: [1, 2] }, /sample \[1\]: class index 4 is out of range; the dataset has 4 classes \(0 to 3\)/);
    refused({ index: [-1], logit: [1] }, /sample \[1\]: class index -1 is out of range/);
    refused({ index: [2, 2], logit: [1, 2] }, /sample \[1\]: class index 2 is listed twice/);
    refused({ index: [0, 1], logit: [1, 'x'] }, /sample \[1\]: "logit"\[1\] is "x", not a number/);
    refused({ index: [0, 1], logit: [1, null] }, /sample \[1\]: "logit"\[1\] is NaN; logits must be finite numbers/);
    refused(
      { index: [0], logit: [1], rest: 1 },
      /sample \[1\]: "rest" is 1; it is the softmax mass of the unlisted classes, a number with 0 ≤ rest < 1/,
    );
    refused({ index: [0], logit: [1], rest: -0.1 }, /sample \[1\]: "rest" is -0\.1/);
    refused({ index: [0], logit: [1], rest: '0.1' }, /sample \[1\]: "rest" is "0\.1"/);
    refused({ index: [0, 1], logit: [1, 2], rest: 0.1 }, /sample \[1\] lists all 2 classes, so "rest" must be 0 \(it is 0\.1\)/, 2);
  });

  it('refuses non-finite values written bare by Python, naming the sample and member', () => {
    const json = '{"topk": [[{"index": [0], "logit": [1]}], [{"index": [0], "logit": [-Infinity]}]]}';
    expectImportError(
      () => parseLogits(text('t.json', json), { count: 1, classes: 2 }),
      /t\.json: sample \[1, 0\]: "logit"\[0\] is -Infinity/,
    );
    expectImportError(
      () => parseLogits(text('t.json', '{"topk": [{"index": [0], "logit": [1], "rest": NaN}]}'), { count: 1, classes: 2 }),
      /sample \[0\]: "rest" is "NaN"/,
    );
  });

  it('refuses the wrong number of samples and malformed "topk"', () => {
    const entry = { index: [0], logit: [1] };
    expectImportError(
      () => parseLogits(topk({ topk: [entry] }), { count: 2, classes: 2 }),
      /^t\.json: the logits have 1 row; the dataset has 2 samples\.$/,
    );
    expectImportError(
      () => parseLogits(topk({ topk: [[entry], [entry, entry]] }), { count: 1, classes: 2 }),
      /the logits of member 1 have 2 rows/,
    );
    expectImportError(
      () => parseLogits(topk({ topk: [[entry], entry] }), { count: 1, classes: 2 }),
      /"topk" member 1 is not an array of samples/,
    );
    expectImportError(
      () => parseLogits(topk({ topk: { 0: entry } }), { count: 1, classes: 2 }),
      /"topk" must be an array with one entry per sample/,
    );
    expectImportError(() => parseLogits(topk({ topk: [entry], members: [] }), { count: 1, classes: 2 }), /has both "members" and "topk"/);
  });
});

describe('parseLogits: format', () => {
  it('refuses an unknown extension, listing the accepted ones', () => {
    expectImportError(
      () => parseLogits(text('teacher.pt', 'x'), { count: 1, classes: 2 }),
      /^teacher\.pt: unknown logits format; the studio reads \.npy \(float32\), \.csv or \.json\.$/,
    );
  });

  it('refuses an empty file', () => {
    expectImportError(() => parseLogits(file('t.npy', new Uint8Array(0)), { count: 1, classes: 2 }), /t\.npy: the file is empty/);
  });
});
