/**
 * A dataset's own split, marked row by row: a CSV's `split` column, or an image zip's train/ and
 * test/ folders. The studio keeps a dataset's split as consecutive blocks of rows (train, then
 * validation, then test: RowLayout.blocks), so the marked rows are put in that order, each part
 * in file order. Validation is the rows marked val if there are any, else the last rows of the
 * training part, by the rule IDX train + test files follow (officialSplit).
 */
import { officialSplit, type SplitSizes } from '../data/data';
import { formatCount } from '../format';
import { ImportError } from './types';

export type SplitPart = 'train' | 'val' | 'test';

/** The part each accepted mark names (compared in lower case). */
const PART_NAMES: Readonly<Record<string, SplitPart>> = {
  train: 'train',
  val: 'val',
  valid: 'val',
  validation: 'val',
  test: 'test',
};

/** The marks accepted, for messages. */
export const SPLIT_MARKS = 'train, val (or valid, validation) or test';

/** The part `text` marks (any case, surrounding spaces ignored); null if it marks none. */
export function splitPartOf(text: string): SplitPart | null {
  return PART_NAMES[text.trim().toLowerCase()] ?? null;
}

const PART_CODES: Readonly<Record<SplitPart, number>> = { train: 0, val: 1, test: 2 };

/** The rows of each part in the order the studio keeps them, and the blocks they make. */
export interface OwnSplit {
  /** Old row index for each new row: the train rows, then val, then test, each in file order. */
  order: Int32Array;
  blocks: SplitSizes;
}

/** The rows' parts, as read; `finish` orders them. */
export class SplitMarks {
  private readonly parts: Uint8Array;

  constructor(capacity: number) {
    this.parts = new Uint8Array(capacity);
  }

  mark(row: number, part: SplitPart): void {
    this.parts[row] = PART_CODES[part];
  }

  /**
   * The split of the first `count` rows. `refuse(missing, counts)` words the error when no row is
   * marked train or none test (there is nothing to train on, or to test on).
   */
  finish(count: number, refuse: (missing: 'train' | 'test', counts: Record<SplitPart, number>) => string): OwnSplit {
    return ownSplit(this.parts.subarray(0, count), refuse);
  }
}

function ownSplit(parts: Uint8Array, refuse: (missing: 'train' | 'test', counts: Record<SplitPart, number>) => string): OwnSplit {
  const tally = [0, 0, 0];
  for (const code of parts) tally[code]!++;
  const counts = { train: tally[0]!, val: tally[1]!, test: tally[2]! };
  if (counts.train === 0) throw new ImportError(refuse('train', counts));
  if (counts.test === 0) throw new ImportError(refuse('test', counts));
  const next = [0, counts.train, counts.train + counts.val];
  const order = new Int32Array(parts.length);
  parts.forEach((code, row) => (order[next[code]!++] = row));
  const blocks = counts.val > 0 ? { ...counts, markedVal: true } : officialSplit(counts.train, counts.test);
  return { order, blocks };
}

/** "1,000 train, 0 val, 0 test": the counts for messages. */
export function describeCounts(counts: Record<SplitPart, number>, unit: string): string {
  return `${formatCount(counts.train)} ${unit} train, ${formatCount(counts.val)} val and ${formatCount(counts.test)} test`;
}

/** `values`' rows (of `features` each) in `order`; the array itself when the order is unchanged. */
export function reorderRows<T extends Uint8Array | Float32Array>(values: T, features: number, order: Int32Array): T {
  if (order.every((from, to) => from === to)) return values;
  const out = (values instanceof Uint8Array ? new Uint8Array(values.length) : new Float32Array(values.length)) as T;
  order.forEach((from, to) => out.set(values.subarray(from * features, (from + 1) * features), to * features));
  return out;
}
