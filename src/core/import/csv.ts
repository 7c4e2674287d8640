/**
 * CSV datasets: a header row, one row per example, a label column and numeric feature columns.
 * Pixel tables (Kaggle's MNIST-style `label,pixel0,…,pixel783`) become image datasets; anything
 * else is tabular. The file is scanned as bytes, numbers parsed in place: a 60,000 × 785 file
 * (~110 MB) would otherwise mean 47 million small strings. Rows are numbered as a spreadsheet
 * shows them (the header is row 1), so a message points at the line the user must fix.
 */
import { Gunzip } from 'fflate';
import { formatCount } from '../format';
import { gunzipIfCompressed } from './limits';
import { ImportError, MAX_CLASSES, type ImportedData, type InputFile } from './types';

export interface CsvOptions {
  /** The label column's name; by default the column named label, class, target or y (any case). */
  labelColumn?: string;
}

/** The names a label column is recognised by, in this order of preference (any case). */
export const LABEL_NAMES = ['label', 'class', 'target', 'y'];

const LF = 0x0a;
const CR = 0x0d;
const QUOTE = 0x22;
const COMMA = 0x2c;
const TAB = 0x09;
const SEMICOLON = 0x3b;

const utf8 = new TextDecoder();

export function parseCsv(file: InputFile, options: CsvOptions = {}): ImportedData {
  const bytes = gunzipIfCompressed(file);
  const scanner = new CsvScanner(file.name, bytes);
  const header = readHeader(file.name, scanner);
  const labelIndex = findLabelColumn(file.name, header, options.labelColumn);
  const featureIndices = header.map((_, i) => i).filter((i) => i !== labelIndex);
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
  const readRow = rowReader(file.name, scanner, header, labelIndex, store, labels);
  let count = 0;
  while (scanner.nextRow()) readRow(count++);
  if (count === 0) throw new ImportError(`${file.name}: the file has a header but no rows of data.`);
  const { classNames, labels: classIndices } = labels.finish(count);
  const values = store.finish(count * columns.length);
  const asImage = imageSide !== null && values instanceof Uint8Array;
  return {
    name: file.name,
    classNames,
    features: columns.length,
    values,
    image: asImage ? { height: imageSide, width: imageSide, channels: 1 } : null,
    columns: asImage ? null : columns,
    labels: classIndices,
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

/** The function that reads the scanner's current row into the stores: the per-row hot path. */
function rowReader(name: string, scanner: CsvScanner, header: string[], labelIndex: number, store: FeatureStore, labels: LabelTable) {
  const width = header.length;
  const features = width - 1;
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
      const value = scanner.cellNumber(cell);
      if (Number.isNaN(value)) throw notANumber(name, scanner, cell, header[cell]!, row === 0);
      store.set(out++, value);
    }
  };
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

/** A plain decimal number (what Number() accepts beyond this, like "0x1f" or "Infinity", is refused). */
export const NUMBER_PATTERN = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;

/** Powers of ten for the fractional digits the fast path handles (at most 15 significant digits). */
const POWERS_OF_TEN = Array.from({ length: 16 }, (_, i) => 10 ** i);

/**
 * Walks the file a row at a time, recording where each cell starts and ends (RFC 4180: quoted
 * cells, "" for a quote inside one, commas and line breaks inside quotes; CRLF or LF). Only
 * what the caller asks for becomes a string. The one CSV reader of the studio: datasets here,
 * teacher logits in logits.ts.
 */
export class CsvScanner {
  /** The current row's first line in the file, 1-based: what a spreadsheet calls its row. */
  line = 0;
  cellCount = 0;
  private nextLine = 1;
  private pos: number;
  private readonly delimiter: number;
  private starts = new Int32Array(64);
  private ends = new Int32Array(64);
  private quoted = new Uint8Array(64);

  constructor(
    private readonly name: string,
    private readonly bytes: Uint8Array,
  ) {
    const hasBom = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf;
    this.pos = hasBom ? 3 : 0;
    this.delimiter = detectDelimiter(bytes, this.pos);
  }

  /** An upper bound on the rows left (line breaks + 1): enough room for every row, trimmed at the end. */
  linesLeft(): number {
    let lines = 1;
    for (let at = this.bytes.indexOf(LF, this.pos); at >= 0; at = this.bytes.indexOf(LF, at + 1)) lines++;
    return lines;
  }

  /** Moves to the next row that is not blank; false at the end of the file. */
  nextRow(): boolean {
    this.skipBlankLines();
    if (this.pos >= this.bytes.length) return false;
    this.line = this.nextLine;
    this.cellCount = 0;
    for (;;) {
      const ended = this.bytes[this.pos] === QUOTE ? this.readQuotedCell() : this.readPlainCell();
      if (ended) break;
    }
    return true;
  }

  private skipBlankLines(): void {
    const { bytes } = this;
    while (this.pos < bytes.length) {
      if (bytes[this.pos] === LF) {
        this.pos++;
        this.nextLine++;
      } else if (bytes[this.pos] === CR && (this.pos + 1 === bytes.length || bytes[this.pos + 1] === LF)) {
        this.pos++;
      } else {
        return;
      }
    }
  }

  /** Reads an unquoted cell; true if it ended the row. */
  private readPlainCell(): boolean {
    const { bytes, delimiter } = this;
    const length = bytes.length;
    const start = this.pos;
    let at = start;
    while (at < length) {
      const b = bytes[at];
      if (b === delimiter || b === LF) break;
      at++;
    }
    const end = at > start && bytes[at - 1] === CR ? at - 1 : at;
    this.pushCell(start, end, false);
    return this.afterCell(at);
  }

  /** Reads a quoted cell (the position is at its opening quote); true if it ended the row. */
  private readQuotedCell(): boolean {
    const { bytes } = this;
    const start = this.pos + 1;
    let close = start;
    for (;;) {
      close = bytes.indexOf(QUOTE, close);
      if (close < 0) throw new ImportError(`${this.name}, row ${formatCount(this.line)}: a quoted cell is never closed (a " is missing).`);
      if (bytes[close + 1] !== QUOTE) break;
      close += 2; // "" is a quote inside the cell
    }
    this.countLineBreaks(start, close);
    this.pushCell(start, close, true);
    let at = close + 1;
    if (bytes[at] === CR && bytes[at + 1] === LF) at++;
    if (at < bytes.length && bytes[at] !== this.delimiter && bytes[at] !== LF) {
      throw new ImportError(
        `${this.name}, row ${formatCount(this.line)}: text follows a closing quote in a cell; ` +
          'a quoted cell must end at a comma or the end of the line (write a quote inside one as "").',
      );
    }
    return this.afterCell(at);
  }

  /** Steps over the delimiter or line break at `at`; true if the row ended there. */
  private afterCell(at: number): boolean {
    if (at >= this.bytes.length) {
      this.pos = at;
      return true;
    }
    this.pos = at + 1;
    if (this.bytes[at] === LF) {
      this.nextLine++;
      return true;
    }
    return false;
  }

  private countLineBreaks(start: number, end: number): void {
    for (let at = this.bytes.indexOf(LF, start); at >= 0 && at < end; at = this.bytes.indexOf(LF, at + 1)) this.nextLine++;
  }

  private pushCell(start: number, end: number, quoted: boolean): void {
    if (this.cellCount === this.starts.length) this.growCells();
    this.starts[this.cellCount] = start;
    this.ends[this.cellCount] = end;
    this.quoted[this.cellCount] = quoted ? 1 : 0;
    this.cellCount++;
  }

  private growCells(): void {
    const grow = <T extends Int32Array | Uint8Array>(old: T, make: (n: number) => T): T => {
      const bigger = make(old.length * 2);
      bigger.set(old);
      return bigger;
    };
    this.starts = grow(this.starts, (n) => new Int32Array(n));
    this.ends = grow(this.ends, (n) => new Int32Array(n));
    this.quoted = grow(this.quoted, (n) => new Uint8Array(n));
  }

  /** The cell's text, quotes undone. */
  cellText(cell: number): string {
    const text = utf8.decode(this.bytes.subarray(this.starts[cell], this.ends[cell]));
    return this.quoted[cell] ? text.replaceAll('""', '"') : text;
  }

  /** The cell as a number, NaN if it is not one (empty, text, "NaN", "Infinity", …). */
  cellNumber(cell: number): number {
    if (!this.quoted[cell]) {
      const fast = parseSimpleNumber(this.bytes, this.starts[cell]!, this.ends[cell]!);
      if (fast !== undefined) return fast;
    }
    const text = this.cellText(cell).trim();
    if (!NUMBER_PATTERN.test(text)) return Number.NaN;
    const value = Number(text);
    return Number.isFinite(value) ? value : Number.NaN;
  }
}

/**
 * The fast path for the cells that make up nearly every numeric CSV: optional sign, digits, an
 * optional fraction, at most 15 significant digits, no spaces, no exponent. Returns undefined
 * for anything else (including an empty cell), for the careful path to decide.
 */
function parseSimpleNumber(bytes: Uint8Array, start: number, end: number): number | undefined {
  let at = start;
  const negative = bytes[at] === 0x2d;
  if (negative || bytes[at] === 0x2b) at++;
  let mantissa = 0;
  let digits = 0;
  let fractionDigits = 0;
  let b = bytes[at]!;
  while (at < end && b >= 0x30 && b <= 0x39) {
    mantissa = mantissa * 10 + (b - 0x30);
    digits++;
    b = bytes[++at]!;
  }
  if (at < end && b === 0x2e) {
    b = bytes[++at]!;
    while (at < end && b >= 0x30 && b <= 0x39) {
      mantissa = mantissa * 10 + (b - 0x30);
      fractionDigits++;
      b = bytes[++at]!;
    }
  }
  if (at !== end || digits + fractionDigits === 0 || digits + fractionDigits > 15) return undefined;
  const value = fractionDigits === 0 ? mantissa : mantissa / POWERS_OF_TEN[fractionDigits]!;
  return negative ? -value : value;
}

/** Commas, unless the header has none and is clearly tab- or semicolon-separated (a common export). */
function detectDelimiter(bytes: Uint8Array, start: number): number {
  const lineEnd = bytes.indexOf(LF, start);
  const header = bytes.subarray(start, lineEnd < 0 ? bytes.length : lineEnd);
  if (header.includes(COMMA)) return COMMA;
  if (header.includes(TAB)) return TAB;
  if (header.includes(SEMICOLON)) return SEMICOLON;
  return COMMA;
}
