import { gzipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { checkImportSize, detectFormat, gunzipIfCompressed } from './limits';
import { ImportError, MAX_IMPORT_BYTES } from './types';

function expectImportError(run: () => unknown, message: RegExp): void {
  expect(run).toThrow(ImportError);
  expect(run).toThrow(message);
}

describe('checkImportSize', () => {
  it('accepts files up to the limit', () => {
    expect(() => checkImportSize('data.csv', 1)).not.toThrow();
    expect(() => checkImportSize('data.csv', MAX_IMPORT_BYTES)).not.toThrow();
  });

  it('refuses a 2 GB file by its size, saying size and limit', () => {
    expectImportError(
      () => checkImportSize('huge.csv', 2 * 1024 ** 3),
      /^huge\.csv: the file is 2 GB; the studio reads files up to 1 GB\./,
    );
  });

  it('refuses an empty file', () => {
    expectImportError(() => checkImportSize('empty.csv', 0), /^empty\.csv: the file is empty \(0 bytes\)\.$/);
  });
});

describe('detectFormat', () => {
  it('recognises each format by its name, looking through .gz', () => {
    expect(detectFormat(['train-images-idx3-ubyte.gz', 'train-labels-idx1-ubyte.gz'])).toBe('idx');
    expect(detectFormat(['x-idx3-ubyte.gz', 'x-idx1-ubyte', 'y-idx3-ubyte', 'y-idx1-ubyte.GZ'])).toBe('idx');
    expect(detectFormat(['Iris.CSV'])).toBe('csv');
    expect(detectFormat(['data.csv.gz'])).toBe('csv');
    expect(detectFormat(['pets.zip'])).toBe('zip');
    expect(detectFormat(['logits.npy'])).toBe('npy');
    expect(detectFormat(['logits.json'])).toBe('json');
  });

  it('refuses unknown files, listing what the studio reads', () => {
    expectImportError(
      () => detectFormat(['notes.txt']),
      /^notes\.txt: unknown file type; the studio reads IDX .*\.csv, \.zip of images, \.npy or \.json\.$/,
    );
    expectImportError(() => detectFormat(['README']), /README: unknown file type/);
  });

  it('refuses a mix of formats, several non-IDX files, and no files', () => {
    expectImportError(() => detectFormat(['a.csv', 'b.zip']), /mix formats \(a\.csv is CSV, b\.zip is ZIP\)/);
    expectImportError(() => detectFormat(['a.csv', 'b.csv']), /Choose one CSV file at a time \(got 2: a\.csv, b\.csv\)/);
    expectImportError(() => detectFormat([]), /No file chosen/);
  });
});

describe('gunzipIfCompressed', () => {
  const bytes = new TextEncoder().encode('hello, hello, hello, hello');

  it('decompresses gzip data, whatever the name, and passes other data through', () => {
    expect(gunzipIfCompressed({ name: 'a.csv', bytes: gzipSync(bytes) })).toEqual(bytes);
    expect(gunzipIfCompressed({ name: 'a.csv', bytes })).toBe(bytes);
  });

  it('refuses a .gz name over data that is not gzip', () => {
    expectImportError(
      () => gunzipIfCompressed({ name: 'a.csv.gz', bytes }),
      /a\.csv\.gz: the name ends in \.gz but the file is not gzip data \(gzip files start with the bytes 1f 8b; this one starts with 68 65 6c 6c\)/,
    );
  });

  it('refuses damaged gzip data', () => {
    const text = new TextEncoder().encode(Array.from({ length: 2000 }, (_, i) => `${(i * 7919) % 1013}`).join(','));
    const gz = gzipSync(text);
    const damaged = new Uint8Array([...gz.subarray(0, 40), ...gz.subarray(-8)]); // keeps the trailer, loses the middle
    expectImportError(
      () => gunzipIfCompressed({ name: 'a.gz', bytes: damaged }),
      /a\.gz: the gzip data is damaged or truncated and cannot be decompressed/,
    );
    expectImportError(
      () => gunzipIfCompressed({ name: 'a.gz', bytes: gz.subarray(0, gz.length - 30) }),
      /a\.gz: the gzip data is damaged or truncated/,
    );
  });
});
