import { gzipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { labelColumnIndex, parseCsv, readCsvHeader } from './csv';
import { ImportError, type InputFile } from './types';

const csv = (text: string, name = 'data.csv'): InputFile => ({ name, bytes: new TextEncoder().encode(text) });

function expectImportError(run: () => unknown, message: RegExp): void {
  expect(run).toThrow(ImportError);
  expect(run).toThrow(message);
}

const IRIS = `sepal_length,sepal_width,species
5.1,3.5,setosa
7.0,3.2,versicolor
6.3,3.3,virginica
4.9,3.0,setosa
`;

describe('parseCsv', () => {
  it('reads a table with string labels, sorted into class names', () => {
    const data = parseCsv(csv(IRIS), { labelColumn: 'species' });
    expect(data.name).toBe('data.csv');
    expect(data.classNames).toEqual(['setosa', 'versicolor', 'virginica']);
    expect([...data.labels]).toEqual([0, 1, 2, 0]);
    expect(data.features).toBe(2);
    expect(data.columns).toEqual(['sepal_length', 'sepal_width']);
    expect(data.image).toBeNull();
    expect(data.values).toBeInstanceOf(Float32Array);
    expect([...data.values]).toEqual([5.1, 3.5, 7.0, 3.2, 6.3, 3.3, 4.9, 3.0].map(Math.fround));
  });

  it('finds the label column by name, in any case and position', () => {
    const data = parseCsv(csv('a,Target,b\n1,10,2\n3,2,4\n5,10,6\n'));
    expect(data.columns).toEqual(['a', 'b']);
    expect(data.classNames).toEqual(['2', '10']); // numeric labels sort as numbers
    expect([...data.labels]).toEqual([1, 0, 1]);
    expect([...data.values]).toEqual([1, 2, 3, 4, 5, 6]);
  });

  it('handles quotes, escaped quotes, commas and line breaks in quotes, CRLF, a BOM and negative or exponent numbers', () => {
    const text = '\uFEFF"x","label"\r\n"-1.5","a ""quoted"", label"\r\n2e3,"b,\nc"\r\n\r\n+.25,b\r\n';
    const data = parseCsv(csv(text));
    expect(data.columns).toEqual(['x']);
    expect(data.classNames).toEqual(['a "quoted", label', 'b', 'b,\nc']);
    expect([...data.labels]).toEqual([0, 2, 1]);
    expect([...data.values]).toEqual([-1.5, 2000, 0.25]);
  });

  it('reads tab-separated files named .csv', () => {
    const data = parseCsv(csv('f1\tf2\tlabel\n1\t2\tx\n3\t4\ty\n'));
    expect([...data.values]).toEqual([1, 2, 3, 4]);
    expect(data.classNames).toEqual(['x', 'y']);
  });

  it('reads gzipped CSV', () => {
    const data = parseCsv({ name: 'data.csv.gz', bytes: gzipSync(new TextEncoder().encode(IRIS)) }, { labelColumn: 'species' });
    expect(data.labels.length).toBe(4);
  });

  it('reads pixel columns of bytes as an image dataset', () => {
    const header = ['label', ...Array.from({ length: 4 }, (_, i) => `pixel${i}`)].join(',');
    const data = parseCsv(csv(`${header}\n3,0,255,17,4\n7,1,2,3,4\n`));
    expect(data.image).toEqual({ height: 2, width: 2, channels: 1 });
    expect(data.columns).toBeNull();
    expect(data.values).toBeInstanceOf(Uint8Array);
    expect([...data.values]).toEqual([0, 255, 17, 4, 1, 2, 3, 4]);
    expect(data.classNames).toEqual(['3', '7']);
  });

  it('recognises 1x1…2x2 pixel names', () => {
    const data = parseCsv(csv('label,1x1,1x2,2x1,2x2\n0,1,2,3,4\n1,5,6,7,8\n'));
    expect(data.image).toEqual({ height: 2, width: 2, channels: 1 });
  });

  it('keeps pixel columns as a table when a value is not a byte', () => {
    const data = parseCsv(csv('label,pixel0,pixel1,pixel2,pixel3\n0,1,2,3,4\n1,5,6,7,0.5\n'));
    expect(data.image).toBeNull();
    expect(data.values).toBeInstanceOf(Float32Array);
    expect([...data.values]).toEqual([1, 2, 3, 4, 5, 6, 7, 0.5]);
    expect(data.columns).toEqual(['pixel0', 'pixel1', 'pixel2', 'pixel3']);
  });

  it('refuses a ragged row, naming it', () => {
    expectImportError(() => parseCsv(csv('a,b,label\n1,2,x\n3,y\n')), /^data\.csv, row 3 has 2 cells; the header has 3 columns\.$/);
  });

  it('refuses a non-numeric cell, naming row, column and value', () => {
    const text = `petal_width,label\n${Array.from({ length: 15 }, (_, i) => `${i},${i % 2}`).join('\n')}\nabc,1\n`;
    expectImportError(() => parseCsv(csv(text)), /^data\.csv, row 17, column "petal_width": "abc" is not a number\.$/);
  });

  it('refuses an empty cell and words that Number() would accept', () => {
    expectImportError(() => parseCsv(csv('a,label\n,1\n2,0\n')), /data\.csv, row 2, column "a" is empty/);
    expectImportError(() => parseCsv(csv('a,label\nInfinity,1\n2,0\n')), /"Infinity" is not a number/);
    expectImportError(() => parseCsv(csv('a,label\n0x1f,1\n2,0\n')), /"0x1f" is not a number/);
  });

  it('refuses a single class', () => {
    expectImportError(
      () => parseCsv(csv('x,species\n1,setosa\n2,setosa\n'), { labelColumn: 'species' }),
      /only one class, 'setosa': a classifier needs at least two/,
    );
  });

  it('refuses a file without a label column, listing its columns', () => {
    expectImportError(
      () => parseCsv(csv('a,b\n1,2\n')),
      /^data\.csv: no label column: none of its columns \("a", "b"\) is named label, class, target or y\. Choose the column that holds the classes\.$/,
    );
    expectImportError(() => parseCsv(csv('a,b\n1,2\n'), { labelColumn: 'kind' }), /no column named "kind" \(the columns are "a", "b"\)/);
  });

  it('reads the chosen label column: class names from its values, the other columns as numbers', () => {
    const text = 'sepal_length,petal_length,species\n5.1,1.4,setosa\n7.0,4.7,versicolor\n6.3,6.0,virginica\n4.9,1.4,setosa\n';
    const data = parseCsv(csv(text), { labelColumn: 'species' });
    expect(data.classNames).toEqual(['setosa', 'versicolor', 'virginica']);
    expect([...data.labels]).toEqual([0, 1, 2, 0]);
    expect(data.columns).toEqual(['sepal_length', 'petal_length']);
    expect([...data.values]).toEqual([5.1, 1.4, 7.0, 4.7, 6.3, 6.0, 4.9, 1.4].map(Math.fround));
    // In any case, when no column has exactly that name.
    expect(parseCsv(csv(text), { labelColumn: 'SPECIES' }).classNames).toEqual(['setosa', 'versicolor', 'virginica']);
  });

  it('lets a chosen column override the one recognised by its name', () => {
    // "label" is a number the user does not want as the class; "kind" is.
    const text = 'label,size,kind\n1,2,small\n2,9,big\n3,3,small\n';
    expectImportError(() => parseCsv(csv(text)), /row 2, column "kind": "small" is not a number\. If "kind" holds the classes, choose it/);
    const data = parseCsv(csv(text), { labelColumn: 'kind' });
    expect(data.classNames).toEqual(['big', 'small']);
    expect([...data.labels]).toEqual([1, 0, 1]);
    expect(data.columns).toEqual(['label', 'size']);
    expect([...data.values]).toEqual([1, 2, 2, 9, 3, 3]);
  });

  it('refuses a chosen label column of numbers with decimals, and accepts whole numbers written with a point', () => {
    const text = 'sepal_length,species\n5.1,setosa\n7.0,versicolor\n';
    expectImportError(
      () => parseCsv(csv(text), { labelColumn: 'sepal_length' }),
      /^data\.csv: column "sepal_length" holds numbers with decimals \(row 2: "5\.1"\), so it cannot be the label column: labels are class names or whole numbers\. Choose the column that holds the classes\.$/,
    );
    const whole = parseCsv(csv('x,target\n1,0.0\n2,1.0\n3,1\n'));
    expect(whole.classNames).toEqual(['0.0', '1.0', '1']);
  });

  it('says which column to choose when a column of names sits among the numbers', () => {
    expectImportError(
      () => parseCsv(csv('label,colour\n1,red\n2,blue\n')),
      /^data\.csv, row 2, column "colour": "red" is not a number\. If "colour" holds the classes, choose it as the label column\.$/,
    );
    // Further down it is a typo in a column of numbers, not a column of names: no hint.
    expectImportError(() => parseCsv(csv('label,x\n1,3\n2,abc\n')), /^data\.csv, row 3, column "x": "abc" is not a number\.$/);
  });

  it('refuses more classes than the studio handles', () => {
    const rows = Array.from({ length: 120 }, (_, i) => `${i},${i}`).join('\n');
    expectImportError(
      () => parseCsv(csv(`x,label\n${rows}\n`)),
      /more than 100 distinct values \(row 102 brings "100"\).*Is it the right label column\?/,
    );
  });

  it('refuses empty files, header-only files and labels-only files', () => {
    expectImportError(() => parseCsv(csv('')), /data\.csv: the file is empty \(0 bytes\)/);
    expectImportError(() => parseCsv(csv('\uFEFF\n\n')), /data\.csv: the file is empty; expected a header row/);
    expectImportError(() => parseCsv(csv('a,label\n')), /data\.csv: the file has a header but no rows of data/);
    expectImportError(() => parseCsv(csv('label\n1\n2\n')), /no feature columns/);
  });

  it('refuses an empty label and broken quotes', () => {
    expectImportError(() => parseCsv(csv('a,label\n1,\n')), /row 2: the label \("label"\) is empty/);
    expectImportError(() => parseCsv(csv('a,label\n1,"x\n')), /row 2: a quoted cell is never closed/);
    expectImportError(() => parseCsv(csv('a,label\n1,"x"y\n')), /row 2: text follows a closing quote/);
  });

  it('reads a 60,000 × 785 pixel CSV in a few seconds', () => {
    const header = ['label', ...Array.from({ length: 784 }, (_, i) => `pixel${i}`)].join(',');
    const rowTexts = Array.from({ length: 100 }, (_, r) =>
      [r % 10, ...Array.from({ length: 784 }, (_, i) => (i * 31 + r * 7) % 256)].join(','),
    );
    const body = Array.from({ length: 600 }, () => rowTexts.join('\n')).join('\n');
    const file = csv(`${header}\n${body}\n`, 'train.csv');
    expect(file.bytes.length).toBeGreaterThan(100_000_000);
    const start = performance.now();
    const data = parseCsv(file);
    const seconds = (performance.now() - start) / 1000;
    expect(seconds).toBeLessThan(5);
    expect(data.labels.length).toBe(60_000);
    expect(data.image).toEqual({ height: 28, width: 28, channels: 1 });
    expect(data.values[784 + 1]).toBe((31 + 7) % 256);
    expect(data.classNames).toHaveLength(10);
  });
});

describe('a CSV with a split column', () => {
  it('keeps the split: train rows first, then test, each in file order; validation is the last 10 % of the train rows', () => {
    // 13 rows: test at rows 3, 7 and 11 of the data (file order), train otherwise; "x" numbers each row.
    const rows = Array.from({ length: 13 }, (_, i) => `${i},${i % 2 ? 'b' : 'a'},${[3, 7, 11].includes(i) ? 'Test' : 'train'}`);
    const data = parseCsv(csv(`x,label,Split\n${rows.join('\n')}\n`));
    expect(data.columns).toEqual(['x']); // the split column is not a feature
    expect(data.features).toBe(1);
    expect([...data.values]).toEqual([0, 1, 2, 4, 5, 6, 8, 9, 10, 12, 3, 7, 11]);
    expect([...data.labels]).toEqual([0, 1, 0, 0, 1, 0, 0, 1, 0, 0, 1, 1, 1]); // moved with their rows
    expect(data.split).toEqual({ train: 9, val: 1, test: 3 });
  });

  it('takes the rows marked val (or valid, validation) as validation', () => {
    const text = 'label,a,split\n0,1,train\n1,2,VAL\n0,3,test\n1,4,train\n0,5,validation\n1,6,test\n0,7,train\n';
    const data = parseCsv(csv(text));
    expect([...data.values]).toEqual([1, 4, 7, 2, 5, 3, 6]);
    expect(data.split).toEqual({ train: 3, val: 2, test: 2, markedVal: true });
  });

  it('keeps pixel columns an image when a split column sits among them', () => {
    const data = parseCsv(csv('label,pixel0,split,pixel1,pixel2,pixel3\n3,0,test,255,17,4\n7,1,train,2,3,4\n'));
    expect(data.image).toEqual({ height: 2, width: 2, channels: 1 });
    expect([...data.values]).toEqual([1, 2, 3, 4, 0, 255, 17, 4]);
    expect(data.split).toEqual({ train: 1, val: 0, test: 1 });
  });

  it('is an ordinary column when it is the label column', () => {
    const data = parseCsv(csv('a,split\n1,train\n2,test\n3,train\n'), { labelColumn: 'split' });
    expect(data.classNames).toEqual(['test', 'train']);
    expect(data.split).toBeUndefined();
  });

  it('refuses a value that marks no part of a split, naming the row, the column and the value', () => {
    expectImportError(
      () => parseCsv(csv('label,a,split\n0,1,train\n1,2,test\n0,3,holdout\n')),
      /^data\.csv, row 4, column "split": "holdout" is not a part of a split; a "split" column marks each row train, val \(or valid, validation\) or test \(any case\)\. Rename the column if it holds something else\.$/,
    );
    expectImportError(() => parseCsv(csv('label,a,split\n0,1,train\n1,2,\n')), /row 3, column "split": empty is not a part of a split/);
  });

  it('refuses a split without test rows or without training rows, with the counts', () => {
    expectImportError(
      () => parseCsv(csv('label,a,split\n0,1,train\n1,2,val\n0,3,train\n')),
      /^data\.csv: column "split" marks 2 rows train, 1 val and 0 test: a split needs test rows\. Mark them "test", or remove the column to split 70\/10\/20 within each class\.$/,
    );
    expectImportError(
      () => parseCsv(csv('label,a,split\n0,1,test\n1,2,test\n')),
      /column "split" marks 0 rows train, 0 val and 2 test: a split needs train rows/,
    );
  });
});

describe('readCsvHeader', () => {
  it('reads the header row alone, trimmed, as parseCsv reads it', () => {
    expect(readCsvHeader(csv(' a , b,species\n1,2,x\nragged\n'))).toEqual(['a', 'b', 'species']);
    expect(readCsvHeader(csv('\uFEFF"sepal\nlength","x",class\n1,2,3\n'))).toEqual(['sepal\nlength', 'x', 'class']);
    expect(readCsvHeader(csv('a;b;class\n1;2;3\n'))).toEqual(['a', 'b', 'class']);
    expect(readCsvHeader(csv('f1\tf2\tkind\n1\t2\tx\n'))).toEqual(['f1', 'f2', 'kind']);
    expect(readCsvHeader(csv('only,a,header'))).toEqual(['only', 'a', 'header']);
  });

  it('decompresses a gzipped CSV only as far as its header: the rest may be damaged', () => {
    const rows = Array.from({ length: 50_000 }, (_, i) => `${i % 97},${(i * 7) % 13},${i % 3}`).join('\n');
    const gz = gzipSync(new TextEncoder().encode(`"petal, width",length,species\n${rows}\n`));
    const truncated = gz.subarray(0, Math.floor(gz.length / 2));
    expect(readCsvHeader({ name: 'iris.csv.gz', bytes: truncated })).toEqual(['petal, width', 'length', 'species']);
    expect(() => parseCsv({ name: 'iris.csv.gz', bytes: truncated })).toThrow(/damaged or truncated/);
  });

  it('refuses what it cannot read, as the parser does', () => {
    expectImportError(() => readCsvHeader(csv('')), /data\.csv: the file is empty \(0 bytes\)/);
    expectImportError(() => readCsvHeader(csv('\n\n')), /data\.csv: the file is empty; expected a header row/);
    expectImportError(() => readCsvHeader(csv('a,b\n', 'data.csv.gz')), /the name ends in \.gz but the file is not gzip data/);
    expectImportError(
      () => readCsvHeader({ name: 'data.csv.gz', bytes: Uint8Array.of(0x1f, 0x8b, 8, 0, 1, 2, 3) }),
      /gzip data is damaged/,
    );
  });
});

describe('labelColumnIndex', () => {
  it('finds the column named (exactly, then in any case), else the first of label, class, target, y', () => {
    expect(labelColumnIndex(['a', 'Species', 'species'], 'species')).toBe(2);
    expect(labelColumnIndex(['a', 'Species'], ' species ')).toBe(1);
    expect(labelColumnIndex(['y', 'Class', 'b'])).toBe(1);
    expect(labelColumnIndex(['a', 'b'])).toBe(-1);
    expect(labelColumnIndex(['label', 'b'], 'kind')).toBe(-1);
  });
});
