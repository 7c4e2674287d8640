/**
 * CSV datasets: a header row, one row per example, a label column and numeric feature columns;
 * optionally a `split` column marking each row train, val or test (the data's own split, kept:
 * own-split.ts). Pixel tables (Kaggle's MNIST-style `label,pixel0,…,pixel783`) become image datasets; anything
 * else is tabular. The file is scanned as bytes, numbers parsed in place: a 60,000 × 785 file
 * (~110 MB) would otherwise mean 47 million small strings. Rows are numbered as a spreadsheet
 * shows them (the header is row 1), so a message points at the line the user must fix.
 */
import { Gunzip } from 'fflate';
import { formatCount } from '../format';
import { gunzipIfCompressed } from './limits';
import { ImportError, MAX_CLASSES, type ImportedData, type InputFile } from './types';
import { CsvScanner, LF, NUMBER_PATTERN, QUOTE } from './csv-scanner';
import { describeCounts, reorderRows, SPLIT_MARKS, SplitMarks, splitPartOf, type SplitPart } from './own-split';

export interface CsvOptions {
  /** The label column's name; by default the column named label, class, target or y (any case). */
  labelColumn?: string;
}

/** The names a label column is recognised by, in this order of preference (any case). */
export const LABEL_NAMES = ['label', 'class', 'target', 'y'];

/** The column that marks each row's part of the data's own split (any case); not a feature. */
export const SPLIT_COLUMN = 'split';

export function parseCsv(file: InputFile, options: CsvOptions = {}): ImportedData {
  const bytes = gunzipIfCompressed(file);
  const scanner = new CsvScanner(file.name, bytes);
  const header = readHeader(file.name, scanner);
  const labelIndex = findLabelColumn(file.name, header, options.labelColumn);
  const splitIndex = splitColumnIndex(header, labelIndex);
  const featureIndices = header.map((_, i) => i).filter((i) => i !== labelIndex && i !== splitIndex);
  const columns = featureIndices.map((i) => header[i] || `column ${i + 1}`);
  if (columns.length === 0) {
    throw new ImportError(
      `${file.name}: no feature columns: besides the label "${header[labelIndex]}", the file needs columns of numbers.`,
    );
  }
  const imageSide = pixelImageSide(columns);
  const maxRows = scanner.linesLeft();
  const store = new FeatureStore(maxRows * columns.length, imageSide !== null);
  const labels = new LabelTable(file.name, header[labelIndex]!, maxRows);
  const marks = splitIndex >= 0 ? new SplitMarks(maxRows) : null;
  const readRow = rowReader(file.name, scanner, header, { label: labelIndex, split: splitIndex }, { store, labels, marks });
  let count = 0;
  while (scanner.nextRow()) readRow(count++);
  if (count === 0) throw new ImportError(`${file.name}: the file has a header but no rows of data.`);
  const { classNames, labels: classIndices } = labels.finish(count);
  const values = store.finish(count * columns.length);
  // The data's own split: its rows go in the studio's order (train, val, test), each part in file order.
  const own = marks?.finish(count, (missing, counts) => missingPart(file.name, header[splitIndex]!, missing, counts)) ?? null;
  const asImage = imageSide !== null && values instanceof Uint8Array;
  return {
    ...(own ? { split: own.blocks } : {}),
    name: file.name,
    classNames,
    features: columns.length,
    values: own ? reorderRows(values, columns.length, own.order) : values,
    image: asImage ? { height: imageSide, width: imageSide, channels: 1 } : null,
    columns: asImage ? null : columns,
    labels: own ? reorderRows(classIndices, 1, own.order) : classIndices,
  };
}

/**
 * The header row alone (its cells trimmed), reading no further than it: what the "Label column"
 * chooser lists. A gzipped file is decompressed only as far as the header's end.
 */
export function readCsvHeader(file: InputFile): string[] {
  return readHeader(file.name, new CsvScanner(file.name, headOf(file)));
}

function readHeader(name: string, scanner: CsvScanner): string[] {
  if (!scanner.nextRow()) throw new ImportError(`${name}: the file is empty; expected a header row, then one row per example.`);
  return Array.from({ length: scanner.cellCount }, (_, i) => scanner.cellText(i).trim());
}

/**
 * The index of the label column in `header`: the one named `wanted` (exactly, else in any case),
 * or else the first named label, class, target or y; -1 if there is none.
 */
export function labelColumnIndex(header: string[], wanted?: string): number {
  const lower = header.map((h) => h.toLowerCase());
  if (wanted !== undefined) {
    const exact = header.indexOf(wanted.trim());
    return exact >= 0 ? exact : lower.indexOf(wanted.trim().toLowerCase());
  }
  for (const candidate of LABEL_NAMES) {
    const index = lower.indexOf(candidate);
    if (index >= 0) return index;
  }
  return -1;
}

/** How far a gzipped CSV is decompressed in search of its header's end before the whole file is (with its size checks). */
const MAX_HEADER_BYTES = 64 * 1024 ** 2;
const GUNZIP_CHUNK = 16 * 1024;

/** The file's first bytes, up to and including the end of its header row (decompressing only that far). */
function headOf(file: InputFile): Uint8Array {
  const { bytes } = file;
  const isGzip = bytes.length >= 2 && bytes[0] === 0x1f && bytes[1] === 0x8b;
  if (!isGzip) return gunzipIfCompressed(file); // plain bytes as they are (or the message for a ".gz" that is not gzip)
  const parts: Uint8Array[] = [];
  let size = 0;
  let ended = false;
  let inQuotes = false;
  const gunzip = new Gunzip((chunk) => {
    parts.push(chunk);
    size += chunk.length;
    // The header ends at the first line break outside quotes (a quoted name may hold one).
    for (let i = 0; i < chunk.length && !ended; i++) {
      if (chunk[i] === QUOTE) inQuotes = !inQuotes;
      else if (chunk[i] === LF && !inQuotes) ended = true;
    }
  });
  try {
    for (let at = 0; at < bytes.length && !ended && size <= MAX_HEADER_BYTES; at += GUNZIP_CHUNK) {
      gunzip.push(bytes.subarray(at, at + GUNZIP_CHUNK), at + GUNZIP_CHUNK >= bytes.length);
    }
  } catch {
    // Damage after the header does not matter here; before it, the whole file's read below says what is wrong.
  }
  // No line break found (one line, damaged data, a header of many megabytes): read it as the parser does.
  if (!ended) return gunzipIfCompressed(file);
  const head = new Uint8Array(size);
  let offset = 0;
  for (const part of parts) {
    head.set(part, offset);
    offset += part.length;
  }
  return head;
}

/** The split column's index: the first named split (any case) that is not the label column; -1 if none. */
function splitColumnIndex(header: string[], labelIndex: number): number {
  return header.findIndex((h, i) => i !== labelIndex && h.toLowerCase() === SPLIT_COLUMN);
}

/** Where a row's cells go: the features, the label, the split mark (null: no split column). */
interface RowStores {
  store: FeatureStore;
  labels: LabelTable;
  marks: SplitMarks | null;
}

/** The function that reads the scanner's current row into the stores: the per-row hot path. */
function rowReader(name: string, scanner: CsvScanner, header: string[], at: { label: number; split: number }, stores: RowStores) {
  const { store, labels, marks } = stores;
  const { label: labelIndex, split: splitIndex } = at;
  const width = header.length;
  const features = width - (splitIndex >= 0 ? 2 : 1);
  return (row: number): void => {
    if (scanner.cellCount !== width) {
      throw new ImportError(
        `${name}, row ${formatCount(scanner.line)} has ${scanner.cellCount} cell${scanner.cellCount === 1 ? '' : 's'}; ` +
          `the header has ${width} columns.`,
      );
    }
    let out = row * features;
    for (let cell = 0; cell < width; cell++) {
      if (cell === labelIndex) {
        labels.add(row, scanner.cellText(cell).trim(), scanner.line);
        continue;
      }
      if (cell === splitIndex) {
        marks!.mark(row, splitMarkOf(name, scanner, cell, header[cell]!));
        continue;
      }
      const value = scanner.cellNumber(cell);
      if (Number.isNaN(value)) throw notANumber(name, scanner, cell, header[cell]!, row === 0);
      store.set(out++, value);
    }
  };
}

/** The part of the split the row's split cell marks; refused, naming the row and value, if it marks none. */
function splitMarkOf(name: string, scanner: CsvScanner, cell: number, column: string): SplitPart {
  const text = scanner.cellText(cell);
  const part = splitPartOf(text);
  if (part !== null) return part;
  const shown = text.trim().length > 40 ? `${text.trim().slice(0, 40)}…` : text.trim();
  throw new ImportError(
    `${name}, row ${formatCount(scanner.line)}, column "${column}": ${shown === '' ? 'empty' : `"${shown}"`} is not a part of a split; ` +
      `a "${column}" column marks each row ${SPLIT_MARKS} (any case). Rename the column if it holds something else.`,
  );
}

/** The message for a split column that marks no training or no test rows. */
function missingPart(name: string, column: string, missing: 'train' | 'test', counts: Record<SplitPart, number>): string {
  return (
    `${name}: column "${column}" marks ${describeCounts(counts, 'rows')}: a split needs ${missing} rows. ` +
    `Mark them "${missing}", or remove the column to split 70/10/20 within each class.`
  );
}

/**
 * A cell that is not a number. Text in the first row of data usually means a column of names:
 * perhaps the classes, so the message says how to make it the label column.
 */
function notANumber(name: string, scanner: CsvScanner, cell: number, column: string, firstRow: boolean): ImportError {
  const text = scanner.cellText(cell).trim();
  const where = `${name}, row ${formatCount(scanner.line)}, column "${column}"`;
  if (text === '') return new ImportError(`${where} is empty: every feature needs a number.`);
  const shown = text.length > 40 ? `${text.slice(0, 40)}…` : text;
  const hint = firstRow ? ` If "${column}" holds the classes, choose it as the label column.` : '';
  return new ImportError(`${where}: "${shown}" is not a number.${hint}`);
}

/** The label column: the one named in the options, else the first named label, class, target or y. */
function findLabelColumn(name: string, header: string[], wanted: string | undefined): number {
  const index = labelColumnIndex(header, wanted);
  if (index >= 0) return index;
  if (wanted !== undefined) throw new ImportError(`${name}: no column named "${wanted}" (the columns are ${describeColumns(header)}).`);
  throw new ImportError(
    `${name}: no label column: none of its columns (${describeColumns(header)}) is named label, class, target or y. ` +
      'Choose the column that holds the classes.',
  );
}

function describeColumns(header: string[]): string {
  const shown = header.slice(0, 8).map((h) => `"${h}"`);
  return header.length > 8 ? `${shown.join(', ')} and ${formatCount(header.length - 8)} more` : shown.join(', ');
}

/**
 * The side of the square image the feature columns hold, if they are named like pixels
 * (pixel0…pixel783, 0…783, 1x1…28x28) and their count is a perfect square; null otherwise.
 * Whether the values are all bytes is known only after reading them (FeatureStore).
 */
function pixelImageSide(columns: string[]): number | null {
  const side = Math.round(Math.sqrt(columns.length));
  if (side < 2 || side * side !== columns.length) return null;
  const pixelLike = /^(?:(?:pixel|px|p)_?\d+|\d+|\d+x\d+)$/i;
  return columns.every((c) => pixelLike.test(c)) ? side : null;
}

/**
 * The feature values, count × features. For pixel-like columns they go into bytes while every
 * value is an integer in 0..255 (a quarter of the memory), and move to floats at the first one
 * that is not; other tables are floats from the start.
 */
class FeatureStore {
  private bytes: Uint8Array | null;
  private floats: Float32Array | null;

  constructor(
    private readonly capacity: number,
    tryBytes: boolean,
  ) {
    this.bytes = tryBytes ? new Uint8Array(capacity) : null;
    this.floats = tryBytes ? null : new Float32Array(capacity);
  }

  set(index: number, value: number): void {
    if (this.bytes !== null) {
      if (value >= 0 && value <= 255 && Number.isInteger(value)) {
        this.bytes[index] = value;
        return;
      }
      this.moveToFloats(index);
    }
    this.floats![index] = value;
  }

  private moveToFloats(filled: number): void {
    this.floats = new Float32Array(this.capacity);
    this.floats.set(this.bytes!.subarray(0, filled));
    this.bytes = null;
  }

  /** The first `length` values, trimmed if the row estimate was high (blank lines, a final newline). */
  finish(length: number): Uint8Array | Float32Array {
    const values = this.bytes ?? this.floats!;
    return values.length === length ? values : values.slice(0, length);
  }
}

/**
 * Labels as read, numbered by first appearance, then renumbered so class indices follow the
 * sorted class names (numerically if every label is a number, else alphabetically).
 */
class LabelTable {
  private readonly ids = new Map<string, number>();
  private readonly byRow: Uint8Array;

  constructor(
    private readonly name: string,
    private readonly column: string,
    capacity: number,
  ) {
    this.byRow = new Uint8Array(capacity);
  }

  add(row: number, text: string, line: number): void {
    let id = this.ids.get(text);
    if (id === undefined) {
      if (text === '') throw new ImportError(`${this.name}, row ${formatCount(line)}: the label ("${this.column}") is empty.`);
      if (NUMBER_PATTERN.test(text) && !Number.isInteger(Number(text))) {
        throw new ImportError(
          `${this.name}: column "${this.column}" holds numbers with decimals (row ${formatCount(line)}: "${text}"), ` +
            'so it cannot be the label column: labels are class names or whole numbers. Choose the column that holds the classes.',
        );
      }
      if (this.ids.size >= MAX_CLASSES) {
        throw new ImportError(
          `${this.name}: column "${this.column}" has more than ${MAX_CLASSES} distinct values (row ${formatCount(line)} brings "${text}"); ` +
            `the studio handles at most ${MAX_CLASSES} classes. Is it the right label column?`,
        );
      }
      id = this.ids.size;
      this.ids.set(text, id);
    }
    this.byRow[row] = id;
  }

  finish(count: number): { classNames: string[]; labels: Uint8Array } {
    const seen = [...this.ids.keys()];
    if (seen.length < 2) {
      throw new ImportError(`${this.name}: only one class, '${seen[0] ?? ''}': a classifier needs at least two.`);
    }
    const classNames = sortLabels(seen);
    const newIndex = new Uint8Array(seen.length);
    seen.forEach((label, id) => (newIndex[id] = classNames.indexOf(label)));
    const labels = this.byRow.slice(0, count);
    for (let i = 0; i < count; i++) labels[i] = newIndex[labels[i]!]!;
    return { classNames, labels };
  }
}

function sortLabels(labels: string[]): string[] {
  const allNumeric = labels.every((l) => NUMBER_PATTERN.test(l));
  return allNumeric ? [...labels].sort((a, b) => Number(a) - Number(b)) : [...labels].sort();
}
