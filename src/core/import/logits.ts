/**
 * Teacher logits computed elsewhere (a PyTorch ensemble, a notebook): one count × classes table
 * per member, as .npy (what np.save writes), .csv or .json. They must match the dataset they
 * were computed on, sample for sample and class for class, and be finite; a mismatch is refused
 * here, with both numbers, rather than producing a quietly wrong distillation.
 */
import { formatCount, plural } from '../format';
import { CsvScanner, NUMBER_PATTERN } from './csv-scanner';
import { extensionOf, gunzipIfCompressed, withoutGz } from './limits';
import { ImportError, type ImportedLogits, type InputFile } from './types';
import { checkNpyDtype, npyDimensions, readNpyHeader } from './npy';

export interface ExpectedLogits {
  /** Samples in the dataset: rows per member. */
  count: number;
  /** Classes in the dataset: columns per row. */
  classes: number;
}

const ACCEPTED = '.npy (float32), .csv or .json';

export function parseLogits(file: InputFile, expected: ExpectedLogits): ImportedLogits {
  const extension = extensionOf(withoutGz(file.name));
  if (extension !== 'npy' && extension !== 'csv' && extension !== 'json') {
    throw new ImportError(`${file.name}: unknown logits format; the studio reads ${ACCEPTED}.`);
  }
  const bytes = gunzipIfCompressed(file);
  const members =
    extension === 'npy'
      ? readNpy(file.name, bytes, expected)
      : extension === 'csv'
        ? readCsv(file.name, bytes, expected)
        : readJson(file.name, bytes, expected);
  return { name: file.name, members, count: expected.count, classes: expected.classes };
}

// --- shape and value checks shared by the formats ---

function checkRows(name: string, rows: number, expected: ExpectedLogits, member: string): void {
  if (rows !== expected.count) {
    throw new ImportError(`${name}: the logits${member} have ${plural(rows, 'row')}; the dataset has ${plural(expected.count, 'sample')}.`);
  }
}

function checkColumns(name: string, columns: number, expected: ExpectedLogits, where: string, hint = ''): void {
  if (columns !== expected.classes) {
    throw new ImportError(
      `${name}: ${where} ${plural(columns, 'column')} (classes); the dataset has ${plural(expected.classes, 'class', 'classes')}${hint}.`,
    );
  }
}

function describeNonFinite(value: number): string {
  return Number.isNaN(value) ? 'NaN' : value > 0 ? 'Infinity' : '-Infinity';
}

/** The first NaN or ±Infinity in row-major order, as NumPy would index it ([row, column] or [member, row, column]). */
function checkFinite(name: string, members: Float32Array[], classes: number, stacked: boolean): void {
  members.forEach((member, m) => {
    for (let i = 0; i < member.length; i++) {
      const value = member[i]!;
      if (Number.isFinite(value)) continue;
      const index = [Math.floor(i / classes), i % classes];
      const position = (stacked ? [m, ...index] : index).join(', ');
      throw new ImportError(`${name}: value [${position}] is ${describeNonFinite(value)}; logits must be finite numbers.`);
    }
  });
}

// --- .npy ---

/** NumPy's format (versions 1 to 3): magic, version, header length, a Python dict literal, then the data. */
function readNpy(name: string, bytes: Uint8Array, expected: ExpectedLogits): Float32Array[] {
  const header = readNpyHeader(name, bytes);
  checkNpyDtype(name, header);
  const { members, rows, columns, stacked } = npyDimensions(name, header.shape);
  checkRows(name, rows, expected, '');
  checkColumns(name, columns, expected, 'the logits have');
  const needed = header.dataOffset + members * rows * columns * 4;
  if (bytes.length < needed) {
    throw new ImportError(`${name}: the file ends after ${formatCount(bytes.length)} of ${formatCount(needed)} bytes (truncated?).`);
  }
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const tables = Array.from({ length: members }, (_, m) => {
    const table = new Float32Array(rows * columns);
    const start = header.dataOffset + m * table.length * 4;
    for (let i = 0; i < table.length; i++) table[i] = view.getFloat32(start + i * 4, true);
    return table;
  });
  checkFinite(name, tables, columns, stacked);
  return tables;
}

// --- .csv ---

/** NaN and infinities are read too, to be refused with their position. */
const NON_FINITE_PATTERN = /^([+-]?)(nan|inf|infinity)$/i;

/** A cell's text without the spaces and quotes around it. */
const unquoted = (cell: string) => cell.trim().replace(/^"(.*)"$/, '$1');

/** A cell's text as a number: NaN for "nan", ±Infinity for "inf"; undefined if it is not a number at all. */
function textValue(cell: string): number | undefined {
  const text = unquoted(cell);
  if (NUMBER_PATTERN.test(text)) return Number(text);
  const special = NON_FINITE_PATTERN.exec(text);
  if (!special) return undefined;
  if (special[2]!.toLowerCase() === 'nan') return Number.NaN;
  return special[1] === '-' ? -Infinity : Infinity;
}

/** Cell `cell` of the scanner's row as a number (the scanner's own parse first, then NaN and infinities); undefined if it is not one. */
function cellValue(scanner: CsvScanner, cell: number): number | undefined {
  const value = scanner.cellNumber(cell);
  return Number.isNaN(value) ? textValue(scanner.cellText(cell)) : value;
}

/** Moves to the next row that holds anything (a line of spaces is blank here too); false at the end. */
function nextRow(scanner: CsvScanner): boolean {
  while (scanner.nextRow()) if (scanner.cellCount > 1 || scanner.cellText(0).trim() !== '') return true;
  return false;
}

/**
 * N rows × C numbers, optionally under a header row (a row that is not all numbers, or pandas' 0,
 * 1, …, C-1), read with the datasets' CsvScanner (csv.ts). The rows are counted first: a row of
 * 0, 1, …, C-1 is a header only if the file has one row more than the dataset has samples.
 */
function readCsv(name: string, bytes: Uint8Array, expected: ExpectedLogits): Float32Array[] {
  let rows = 0;
  for (const counter = new CsvScanner(name, bytes); nextRow(counter);) rows++;
  if (rows === 0) throw new ImportError(`${name}: the file is empty; expected one row of ${expected.classes} logits per sample.`);
  const scanner = new CsvScanner(name, bytes);
  nextRow(scanner);
  if (isCsvHeader(scanner, rows, expected)) {
    rows--;
    nextRow(scanner);
  }
  checkRows(name, rows, expected, '');
  const { classes } = expected;
  const table = new Float32Array(expected.count * classes);
  for (let r = 0; r < rows; r++, nextRow(scanner)) {
    const hint = scanner.cellCount === classes + 1 ? ' (if the first column is a row index, save without it: index=False)' : '';
    checkColumns(name, scanner.cellCount, expected, `row ${formatCount(scanner.line)} has`, hint);
    for (let c = 0; c < classes; c++) {
      const value = cellValue(scanner, c);
      if (value === undefined || !Number.isFinite(value)) throw badCell(name, scanner, c, value);
      table[r * classes + c] = value;
    }
  }
  return [table];
}

function badCell(name: string, scanner: CsvScanner, cell: number, value: number | undefined): ImportError {
  const where = `${name}, row ${formatCount(scanner.line)}, column ${cell + 1}`;
  if (value === undefined) return new ImportError(`${where}: "${scanner.cellText(cell).trim().slice(0, 40)}" is not a number.`);
  return new ImportError(`${where} is ${describeNonFinite(value)}; logits must be finite numbers.`);
}

function isCsvHeader(scanner: CsvScanner, rowCount: number, expected: ExpectedLogits): boolean {
  const cells = Array.from({ length: scanner.cellCount }, (_, i) => unquoted(scanner.cellText(i)));
  if (cells.some((c) => textValue(c) === undefined)) return true;
  const columnNumbers = cells.every((c, i) => c === String(i));
  return columnNumbers && rowCount === expected.count + 1;
}

// --- .json ---

/** [[…], …] (one member), [[[…], …], …] or {"members": [[[…], …], …]}. */
function readJson(name: string, bytes: Uint8Array, expected: ExpectedLogits): Float32Array[] {
  const parsed = parseJsonAllowingNonFinite(name, new TextDecoder().decode(bytes));
  const { members, stacked } = jsonMembers(name, parsed);
  const tables = members.map((member, m) => jsonTable(name, member, expected, stacked ? m : null));
  checkFinite(name, tables, expected.classes, stacked);
  return tables;
}

/**
 * JSON has no NaN or Infinity, yet Python's json.dumps writes them bare: read them as strings
 * so they are refused with their position rather than as a syntax error.
 */
function parseJsonAllowingNonFinite(name: string, text: string): unknown {
  try {
    return JSON.parse(text);
  } catch (error) {
    const quoted = text.replace(/(?<=[[,:]\s*)(-?Infinity|NaN)(?=\s*[\],}])/g, '"$1"');
    if (quoted !== text) {
      try {
        return JSON.parse(quoted);
      } catch {
        // fall through to the original error
      }
    }
    throw new ImportError(`${name}: not valid JSON (${error instanceof Error ? error.message : String(error)}).`);
  }
}

function jsonMembers(name: string, parsed: unknown): { members: unknown[]; stacked: boolean } {
  const shapes = 'expected an array of rows ([[…], …]) or {"members": [[[…], …], …]}';
  if (Array.isArray(parsed)) {
    const isStack = parsed.length > 0 && Array.isArray(parsed[0]) && Array.isArray(parsed[0][0]);
    return isStack ? { members: parsed, stacked: true } : { members: [parsed], stacked: false };
  }
  if (typeof parsed === 'object' && parsed !== null && 'members' in parsed) {
    const { members } = parsed;
    if (!Array.isArray(members) || members.length === 0)
      throw new ImportError(`${name}: "members" must be a non-empty array of tables; ${shapes}.`);
    return { members, stacked: true };
  }
  throw new ImportError(`${name}: ${shapes}.`);
}

function jsonTable(name: string, member: unknown, expected: ExpectedLogits, index: number | null): Float32Array {
  const label = index === null ? '' : ` of member ${index}`;
  if (!Array.isArray(member)) throw new ImportError(`${name}: member ${index ?? 0} is not an array of rows.`);
  checkRows(name, member.length, expected, label);
  const table = new Float32Array(expected.count * expected.classes);
  member.forEach((row: unknown, r) => {
    const where = `[${index === null ? '' : `${index}, `}${r}]`;
    if (!Array.isArray(row)) throw new ImportError(`${name}: row ${where} is not an array of numbers.`);
    checkColumns(name, row.length, expected, `row ${where} has`);
    row.forEach((cell: unknown, c) => {
      const value = jsonNumber(cell);
      if (value === undefined) {
        const shown = JSON.stringify(cell) ?? String(cell);
        throw new ImportError(`${name}: value ${where.slice(0, -1)}, ${c}] is ${shown.slice(0, 40)}, not a number.`);
      }
      table[r * expected.classes + c] = value;
    });
  });
  return table;
}

/** A number, NaN/Infinity written as strings (or bare, see above), or null (JavaScript writes NaN as null). */
function jsonNumber(cell: unknown): number | undefined {
  if (typeof cell === 'number') return cell;
  if (cell === null) return Number.NaN;
  if (cell === 'NaN') return Number.NaN;
  if (cell === 'Infinity') return Infinity;
  if (cell === '-Infinity') return -Infinity;
  return undefined;
}
