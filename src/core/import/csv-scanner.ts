/**
 * The studio's one CSV reader, as bytes: a scanner that walks a file a row at a time and parses
 * numbers in place (no string per cell). Datasets (csv.ts) and teacher logits (logits.ts) read
 * through it.
 */
import { formatCount } from '../format';
import { ImportError } from './types';

/** The bytes the scanner looks for. */
export const LF = 0x0a;
const CR = 0x0d;
export const QUOTE = 0x22;
const COMMA = 0x2c;
const TAB = 0x09;
const SEMICOLON = 0x3b;

const utf8 = new TextDecoder();

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
