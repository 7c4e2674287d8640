import { gzipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { parseLogits } from './logits';
import { ImportError, type InputFile } from './types';

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
