/**
 * From chosen files to a dataset: the format by the files' names, each file's size checked before
 * it is read, the right parser, then the studio's dataset (the same split rule as MNIST's) and a
 * preview of it. The worker and the CLI import through here.
 */
import { makeDataset, splitByClass, splitRule, type Dataset } from '../data/data';
import { labelColumnIndex, parseCsv, readCsvHeader } from './csv';
import { parseIdx } from './idx';
import { parseImageZip } from './image-zip';
import { checkImportSize, detectFormat } from './limits';
import { ImportError, type ImportedData, type InputFile } from './types';
import { encodeCorpus } from '../text/corpus';
import { parseTextCsv } from '../text/text-csv';

export interface DatasetImportOptions {
  /** CSV: the label column's name (by default label, class, target or y). */
  labelColumn?: string;
}

/** Parses a dataset from its files (IDX: two or four files; CSV or zip: one). */
export function parseDatasetFiles(files: InputFile[], options: DatasetImportOptions = {}): ImportedData {
  for (const file of files) checkImportSize(file.name, file.bytes.byteLength);
  const format = detectFormat(files.map((f) => f.name));
  switch (format) {
    case 'idx':
      return parseIdx(files);
    case 'csv':
      return isTextCsv(files[0]!) ? encodeCorpus(parseTextCsv(files[0]!, options)) : parseCsv(files[0]!, options);
    case 'zip':
      return parseImageZip(files[0]!);
    default:
      throw new ImportError(
        `${files[0]!.name}: this is a ${format} file, which holds logits, not a dataset. Import it under "Teacher logits".`,
      );
  }
}

/** A CSV of texts: one with a column named "text" (its rows are tokenised with the default encoding; the CLI can set it). */
function isTextCsv(file: InputFile): boolean {
  return readCsvHeader(file).some((name) => name.toLowerCase() === 'text');
}

/** Whether the chosen files are a CSV (the one format whose label column can be chosen). */
export function isCsvImport(files: InputFile[]): boolean {
  try {
    return detectFormat(files.map((f) => f.name)) === 'csv';
  } catch (error) {
    if (error instanceof ImportError) return false;
    throw error;
  }
}

/** A CSV's columns (its header) and the one read as the label: what the "Label column" chooser shows. */
export interface CsvLabelChoice {
  header: string[];
  /** The column named in the options, else the one recognised by its name; null when there is none. */
  labelColumn: string | null;
}

/**
 * For a CSV, its header (read alone) and the label column the options or the names pick; null for
 * other formats, or a CSV whose header cannot be read (the parser says why).
 */
export function csvLabelChoice(files: InputFile[], options: DatasetImportOptions = {}): CsvLabelChoice | null {
  if (!isCsvImport(files)) return null;
  try {
    const header = readCsvHeader(files[0]!);
    const index = labelColumnIndex(header, options.labelColumn);
    return { header, labelColumn: index >= 0 ? header[index]! : null };
  } catch (error) {
    if (error instanceof ImportError) return null;
    throw error;
  }
}

/** The studio's dataset from parsed data, with class names the user may have renamed. */
export function datasetOf(data: ImportedData, classNames: string[] = data.classNames): Dataset {
  if (classNames.length !== data.classNames.length) {
    throw new ImportError(`Give ${data.classNames.length} class names (one per class), not ${classNames.length}.`);
  }
  const names = classNames.map((name, i) => name.trim() || data.classNames[i]!);
  if (new Set(names).size !== names.length) throw new ImportError('Class names must differ from each other.');
  const shape = data.text ? { text: data.text } : data.image ? { image: data.image } : { columns: data.columns ?? [] };
  // A table's values are standardised in place: work on a copy, so the parsed data stays as read.
  const values = data.image || data.text ? data.values : new Float32Array(data.values);
  return makeDataset(data.name, names, values, data.labels, shape, { blocks: data.split, unlabelled: data.unlabelled });
}

/** What the import dialog shows before the user commits to a dataset. */
export interface DatasetPreview {
  name: string;
  count: number;
  features: number;
  image: ImportedData['image'];
  columns: string[] | null;
  classNames: string[];
  /** Samples per class, index = label. */
  perClass: number[];
  /** Training / validation / test samples under the split rule (the data's own test set, or per class 70/10/20). */
  split: { train: number; val: number; test: number };
  /** Which split rule applied, in words. */
  splitRule: string;
  /** A few samples per class (at most `perClassShown`), as a small dataset of their own: for the thumbnail grid. */
  samples: ImportedData;
  /** For a CSV: its columns and the label column read, so another can be chosen; null for other formats. */
  labelChoice: CsvLabelChoice | null;
}

export function previewOf(data: ImportedData, labelChoice: CsvLabelChoice | null = null, perClassShown = 4): DatasetPreview {
  const classes = data.classNames.length;
  const perClass = new Array<number>(classes).fill(0);
  for (const label of data.labels) perClass[label]!++;
  const chosen: number[] = [];
  const taken = new Array<number>(classes).fill(0);
  data.labels.forEach((label, i) => {
    if (taken[label]! < perClassShown) {
      taken[label]!++;
      chosen.push(i);
    }
  });
  const values =
    data.values instanceof Uint8Array ? new Uint8Array(chosen.length * data.features) : new Float32Array(chosen.length * data.features);
  chosen.forEach((sample, row) =>
    values.set(data.values.subarray(sample * data.features, (sample + 1) * data.features), row * data.features),
  );
  const split = data.split ?? sizesOf(splitByClass(data.labels.subarray(0, data.labels.length - (data.unlabelled ?? 0)), classes));
  return {
    name: data.name,
    count: data.labels.length,
    features: data.features,
    image: data.image,
    columns: data.columns,
    classNames: data.classNames,
    perClass,
    split,
    splitRule: splitRule(data.split),
    // A few samples of their own: no split of the whole data's rows (nor its unlabelled tail) goes with them.
    samples: {
      ...withoutLayout(data),
      values,
      labels: Uint8Array.from(chosen, (i) => data.labels[i]!),
      ...(data.text ? { text: { ...data.text, texts: chosen.map((i) => data.text!.texts[i]!) } } : {}),
    },
    labelChoice,
  };
}

/** The data without its own split and unlabelled rows (which name rows of the whole data). */
function withoutLayout(data: ImportedData): ImportedData {
  // eslint-disable-next-line @typescript-eslint/no-unused-vars -- dropped on purpose
  const { split, unlabelled, ...rest } = data;
  return rest;
}

const sizesOf = ({ train, val, test }: { train: Int32Array; val: Int32Array; test: Int32Array }) => ({
  train: train.length,
  val: val.length,
  test: test.length,
});
