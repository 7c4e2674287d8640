/**
 * Teacher logits computed elsewhere (a PyTorch ensemble, a notebook): one count × classes table
 * per member, as .npy (what np.save writes), .csv or .json. They must match the dataset they
 * were computed on, sample for sample and class for class, and be finite; a mismatch is refused
 * here, with both numbers, rather than producing a quietly wrong distillation.
 *
 * The .json form also takes the top-k logits LLM tools write (scripts/hf_topk_logits.py writes
 * them with Hugging Face transformers): per sample the k listed classes' logits and the softmax
 * mass of the others, turned here into full rows (see topkRow).
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
  /**
   * The dataset's class names, in class order. Given, a file that names its classes (.json's
   * "classes") must name these, in this order; absent, only their number is checked.
   */
  classNames?: readonly string[];
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

const TOPK_SHAPE = '{"topk": [{"index": […], "logit": […], "rest": …}, …]}';
const JSON_SHAPES = `expected an array of rows ([[…], …]), {"members": [[[…], …], …]} or top-k logits ${TOPK_SHAPE}`;

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

/** A JSON value as a message shows it: at most 40 characters. */
const shown = (value: unknown) => (JSON.stringify(value) ?? String(value)).slice(0, 40);

/**
 * [[…], …] (one member), [[[…], …], …] or {"members": [[[…], …], …]}; or the top-k form
 * {"topk": [{…}, …]} (one member) or {"topk": [[{…}, …], …]} (one array per member). The object
 * forms may name their classes in order, "classes": ["cat", "dog", …], checked against the dataset's.
 */
function readJson(name: string, bytes: Uint8Array, expected: ExpectedLogits): Float32Array[] {
  const parsed = parseJsonAllowingNonFinite(name, new TextDecoder().decode(bytes));
  if (isRecord(parsed) && 'classes' in parsed) checkClassNames(name, parsed.classes, expected);
  if (isRecord(parsed) && 'topk' in parsed) {
    if ('members' in parsed) throw new ImportError(`${name}: the file has both "members" and "topk"; write one of them.`);
    return readTopK(name, parsed.topk, expected);
  }
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

/** "classes": the file's class names, in the order of its logits. */
function checkClassNames(name: string, classes: unknown, expected: ExpectedLogits): void {
  if (!Array.isArray(classes) || !classes.every((c) => typeof c === 'string')) {
    throw new ImportError(`${name}: "classes" must be an array of class names (strings), in the order of the logits.`);
  }
  if (classes.length !== expected.classes) {
    throw new ImportError(
      `${name}: "classes" names ${plural(classes.length, 'class', 'classes')}; the dataset has ${plural(expected.classes, 'class', 'classes')}.`,
    );
  }
  const wanted = expected.classNames;
  if (!wanted) return;
  const first = classes.findIndex((c, i) => c !== wanted[i]);
  if (first < 0) return;
  const where = `class ${first} is ${shown(classes[first])} in the file, ${shown(wanted[first])} in the dataset`;
  const sorted = (names: readonly string[]) => JSON.stringify([...names].sort());
  if (sorted(classes) === sorted(wanted)) {
    const order = wanted.length <= 12 ? wanted.join(', ') : `${wanted.slice(0, 12).join(', ')}, …`;
    throw new ImportError(
      `${name}: the file has the dataset's classes in another order (${where}); write the logits in the dataset's order: ${order}.`,
    );
  }
  const foreign = classes.find((c) => !wanted.includes(c));
  const which = foreign === undefined ? '' : `; ${shown(foreign)} is not one of the dataset's classes`;
  throw new ImportError(`${name}: the file's classes are not the dataset's (${where}${which}).`);
}

function jsonMembers(name: string, parsed: unknown): { members: unknown[]; stacked: boolean } {
  if (Array.isArray(parsed)) {
    const isStack = parsed.length > 0 && Array.isArray(parsed[0]) && Array.isArray(parsed[0][0]);
    return isStack ? { members: parsed, stacked: true } : { members: [parsed], stacked: false };
  }
  if (isRecord(parsed) && 'members' in parsed) {
    const { members } = parsed;
    if (!Array.isArray(members) || members.length === 0)
      throw new ImportError(`${name}: "members" must be a non-empty array of tables; ${JSON_SHAPES}.`);
    return { members, stacked: true };
  }
  throw new ImportError(`${name}: ${JSON_SHAPES}.`);
}

// --- .json, top-k ---

/**
 * "topk": one entry per sample, {"index": [class indices], "logit": [their logits], "rest": the
 * softmax mass of the classes not listed}; or an array of such arrays, one per member.
 */
function readTopK(name: string, topk: unknown, expected: ExpectedLogits): Float32Array[] {
  if (!Array.isArray(topk)) throw new ImportError(`${name}: "topk" must be an array with one entry per sample; ${JSON_SHAPES}.`);
  const stacked = topk.length > 0 && Array.isArray(topk[0]);
  const members = stacked ? topk : [topk];
  return members.map((member: unknown, m) => {
    if (!Array.isArray(member)) throw new ImportError(`${name}: "topk" member ${m} is not an array of samples.`);
    checkRows(name, member.length, expected, stacked ? ` of member ${m}` : '');
    const table = new Float32Array(expected.count * expected.classes);
    member.forEach((entry: unknown, r) => {
      const where = `${name}: sample [${stacked ? `${m}, ` : ''}${r}]`;
      table.set(topkRow(where, entry, expected.classes), r * expected.classes);
    });
    return table;
  });
}

/** Above this, "rest" is more than float rounding: a sample that lists every class has no mass left to place. */
const REST_TOLERANCE = 1e-6;

/** With no "rest" (or 0), the unlisted classes' logit lies this far below the smallest listed one (mass e^-10 ≈ 4.5e-5 relative to it). */
const FLOOR_BELOW_MIN = 10;

/**
 * One sample's full row of logits. The listed classes keep their logits l_i, with softmax mass
 * 1 − rest between them, so the writer's softmax normaliser (over all classes) was
 * Z = Σ exp(l_i) / (1 − rest). The m unlisted classes share "rest" equally: each gets the logit u
 * with exp(u) / Z = rest / m, u = log(rest / m) + log Σ exp(l_i) − log(1 − rest). The softmax of
 * the full row then gives every listed class the probability the file implies and the unlisted
 * ones "rest" together. (Log-probabilities are logits too: their Σ exp is 1 − rest, Z = 1.)
 * Without "rest", or with 0, the unlisted mass is unknown and taken as negligible: u is the
 * smallest listed logit − FLOOR_BELOW_MIN (a logit of −Infinity would break the losses).
 */
function topkRow(where: string, entry: unknown, classes: number): Float64Array {
  if (!isRecord(entry)) throw new ImportError(`${where} is ${shown(entry)}; expected {"index": […], "logit": […], "rest": …}.`);
  const { index, logit, rest } = entry;
  if (!Array.isArray(index)) throw new ImportError(`${where}: "index" must be an array of class indices (it is ${shown(index)}).`);
  if (!Array.isArray(logit)) throw new ImportError(`${where}: "logit" must be an array of numbers (it is ${shown(logit)}).`);
  if (index.length !== logit.length) {
    throw new ImportError(
      `${where}: "index" has ${plural(index.length, 'class', 'classes')} but "logit" ${plural(logit.length, 'value')}; they go in pairs.`,
    );
  }
  if (index.length === 0) throw new ImportError(`${where} lists no classes; list at least the top one.`);
  const listed = new Uint8Array(classes);
  const values = logit.map((cell: unknown, i) => {
    const c = index[i] as unknown;
    if (typeof c !== 'number' || !Number.isInteger(c))
      throw new ImportError(`${where}: "index"[${i}] is ${shown(c)}, not a class index (an integer).`);
    if (c < 0 || c >= classes) {
      throw new ImportError(
        `${where}: class index ${c} is out of range; the dataset has ${plural(classes, 'class', 'classes')} (0 to ${classes - 1}).`,
      );
    }
    if (listed[c]) throw new ImportError(`${where}: class index ${c} is listed twice.`);
    listed[c] = 1;
    const value = jsonNumber(cell);
    if (value === undefined) throw new ImportError(`${where}: "logit"[${i}] is ${shown(cell)}, not a number.`);
    if (!Number.isFinite(value))
      throw new ImportError(`${where}: "logit"[${i}] is ${describeNonFinite(value)}; logits must be finite numbers.`);
    return value;
  });
  if (rest !== undefined && (typeof rest !== 'number' || !(rest >= 0 && rest < 1))) {
    throw new ImportError(
      `${where}: "rest" is ${shown(rest)}; it is the softmax mass of the unlisted classes, a number with 0 ≤ rest < 1.`,
    );
  }
  const unlisted = classes - values.length;
  if (unlisted === 0 && rest !== undefined && rest > REST_TOLERANCE) {
    throw new ImportError(`${where} lists all ${plural(classes, 'class', 'classes')}, so "rest" must be 0 (it is ${rest}).`);
  }
  const max = Math.max(...values);
  const logSum = max + Math.log(values.reduce((sum, v) => sum + Math.exp(v - max), 0));
  const other =
    rest === undefined || rest === 0 || unlisted === 0
      ? Math.min(...values) - FLOOR_BELOW_MIN
      : Math.log(rest / unlisted) + logSum - Math.log1p(-rest);
  const row = new Float64Array(classes).fill(other);
  values.forEach((value, i) => (row[index[i] as number] = value));
  return row;
}

// --- .json, dense tables ---

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
      if (value === undefined) throw new ImportError(`${name}: value ${where.slice(0, -1)}, ${c}] is ${shown(cell)}, not a number.`);
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
