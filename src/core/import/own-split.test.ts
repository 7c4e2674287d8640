import { describe, expect, it } from 'vitest';
import { officialSplit, splitRule } from '../data/data';
import { reorderRows, SplitMarks, splitPartOf, type SplitPart } from './own-split';
import { ImportError } from './types';

/** The split of rows marked `parts`, in order. */
function splitOf(parts: SplitPart[]) {
  const marks = new SplitMarks(parts.length + 5); // room to spare, as the CSV reader's estimate leaves
  parts.forEach((part, row) => marks.mark(row, part));
  return marks.finish(parts.length, (missing, counts) => `no ${missing} (${counts.train}/${counts.val}/${counts.test})`);
}

describe('a split marked row by row', () => {
  it('reads train, val, valid, validation and test in any case, and nothing else', () => {
    expect(['train', 'Train', ' VAL ', 'valid', 'Validation', 'TEST'].map(splitPartOf)).toEqual([
      'train',
      'train',
      'val',
      'val',
      'val',
      'test',
    ]);
    for (const other of ['', 'training', 'tests', 'dev', '0', 'train;']) expect(splitPartOf(other)).toBeNull();
  });

  it('puts the train rows first, then the test rows, each in file order; validation is the last 10 % of the train rows', () => {
    // 20 rows: test at every fifth (4 rows), train otherwise (16).
    const parts = Array.from({ length: 20 }, (_, i): SplitPart => (i % 5 === 4 ? 'test' : 'train'));
    const { order, blocks } = splitOf(parts);
    const trainRows = [0, 1, 2, 3, 5, 6, 7, 8, 10, 11, 12, 13, 15, 16, 17, 18];
    expect([...order]).toEqual([...trainRows, 4, 9, 14, 19]);
    // The same rule as IDX train + test files: 10 % of 16 rounds to 2.
    expect(blocks).toEqual(officialSplit(16, 4));
    expect(blocks).toEqual({ train: 14, val: 2, test: 4 });
    expect(splitRule(blocks)).toBe("the data's own test set (4); validation is the last 2 of its training set");
  });

  it('takes the last 5,000 of 50,000 or more train rows for validation', () => {
    const parts = Array.from({ length: 61_000 }, (_, i): SplitPart => (i < 60_000 ? 'train' : 'test'));
    const { order, blocks } = splitOf(parts);
    expect(blocks).toEqual({ train: 55_000, val: 5_000, test: 1_000 });
    expect(order[54_999]).toBe(54_999);
  });

  it('takes the rows marked val as validation, when there are any, in file order', () => {
    const parts: SplitPart[] = ['test', 'val', 'train', 'train', 'val', 'test', 'train'];
    const { order, blocks } = splitOf(parts);
    expect([...order]).toEqual([2, 3, 6, 1, 4, 0, 5]);
    expect(blocks).toEqual({ train: 3, val: 2, test: 2, markedVal: true });
    expect(splitRule(blocks)).toBe("the data's own test set (2) and validation set (2)");
  });

  it('refuses a split without train rows or without test rows, in the caller’s words', () => {
    expect(() => splitOf(['test', 'val', 'test'])).toThrow(ImportError);
    expect(() => splitOf(['test', 'val', 'test'])).toThrow('no train (0/1/2)');
    expect(() => splitOf(['train', 'val', 'train'])).toThrow('no test (2/1/0)');
  });
});

describe('reorderRows', () => {
  it('moves whole rows, bytes or floats, and returns the array itself when nothing moves', () => {
    const bytes = Uint8Array.from([1, 2, 3, 4, 5, 6]);
    const moved = reorderRows(bytes, 2, Int32Array.from([2, 0, 1]));
    expect(moved).toBeInstanceOf(Uint8Array);
    expect([...moved]).toEqual([5, 6, 1, 2, 3, 4]);
    const floats = Float32Array.from([0.5, 1.5, 2.5]);
    expect([...reorderRows(floats, 1, Int32Array.from([1, 2, 0]))]).toEqual([1.5, 2.5, 0.5]);
    expect(reorderRows(bytes, 2, Int32Array.from([0, 1, 2]))).toBe(bytes);
  });
});
