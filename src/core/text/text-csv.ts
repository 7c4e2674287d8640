/**
 * A labelled text corpus from a CSV: one column of text, one of labels (named label, class, target
 * or y, or chosen), and optionally a "split" column (train / val / test). Without a split column
 * each class's rows are split 70/10/20 in file order, as for every dataset without its own split.
 */
import { CsvScanner } from '../import/csv-scanner';
import { labelColumnIndex, SPLIT_COLUMN } from '../import/csv';
import { ImportError, MAX_CLASSES, type InputFile } from '../import/types';
import type { TextCorpus } from './corpus';

export interface TextCsvOptions {
  /** The column that holds the texts (default: the one named text). */
  textColumn?: string;
  labelColumn?: string;
}

const PARTS = ['train', 'val', 'test'] as const;

/** The corpus of a text CSV, rows in split order; throws an ImportError naming the file and the row. */
export function parseTextCsv(file: InputFile, options: TextCsvOptions = {}): TextCorpus {
  const scanner = new CsvScanner(file.name, file.bytes);
  if (!scanner.nextRow()) throw new ImportError(`${file.name}: the file is empty; expected a header row, then one row per text.`);
  const header = Array.from({ length: scanner.cellCount }, (_, i) => scanner.cellText(i).trim());
  const wantedText = (options.textColumn ?? 'text').toLowerCase();
  const textIndex = header.findIndex((h) => h.toLowerCase() === wantedText);
  if (textIndex < 0)
    throw new ImportError(`${file.name}: no column named "${options.textColumn ?? 'text'}" (columns: ${header.join(', ')}).`);
  const labelIndex = labelColumnIndex(header, options.labelColumn);
  if (labelIndex < 0) throw new ImportError(`${file.name}: no label column (name one label, class, target or y, or choose it).`);
  const splitIndex = header.findIndex((h) => h.toLowerCase() === SPLIT_COLUMN);
  const rows: { text: string; label: string; part: number }[] = [];
  while (scanner.nextRow()) {
    const cell = (i: number) => (i < scanner.cellCount ? scanner.cellText(i) : '');
    const label = cell(labelIndex).trim();
    if (label === '') throw new ImportError(`${file.name}, row ${scanner.line}: the label is empty.`);
    const part = splitIndex < 0 ? -1 : PARTS.indexOf(cell(splitIndex).trim().toLowerCase() as (typeof PARTS)[number]);
    if (splitIndex >= 0 && part < 0) throw new ImportError(`${file.name}, row ${scanner.line}: the split must be train, val or test.`);
    rows.push({ text: cell(textIndex), label, part });
  }
  if (rows.length === 0) throw new ImportError(`${file.name}: the file has a header but no rows of texts.`);
  const classNames = [...new Set(rows.map((r) => r.label))].sort((a, b) => a.localeCompare(b, 'en', { numeric: true }));
  if (classNames.length < 2 || classNames.length > MAX_CLASSES) {
    throw new ImportError(`${file.name}: ${classNames.length} classes; a dataset needs 2 to ${MAX_CLASSES}.`);
  }
  const labels = Uint8Array.from(rows, (r) => classNames.indexOf(r.label));
  if (splitIndex < 0) return { name: file.name, classNames, texts: rows.map((r) => r.text), labels, split: null };
  const order = orderByMarks(rows.map((r) => r.part));
  if (order.split.train === 0 || order.split.test === 0) throw new ImportError(`${file.name}: the split needs training and test rows.`);
  return {
    name: file.name,
    classNames,
    texts: order.rows.map((i) => rows[i]!.text),
    labels: Uint8Array.from(order.rows, (i) => labels[i]!),
    split: order.split,
  };
}

function orderByMarks(parts: number[]) {
  const byPart = PARTS.map((_, p) => parts.flatMap((part, i) => (part === p ? [i] : [])));
  return { rows: byPart.flat(), split: { train: byPart[0]!.length, val: byPart[1]!.length, test: byPart[2]!.length, markedVal: true } };
}
