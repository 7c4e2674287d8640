/**
 * Text datasets: the asset scripts/prepare-brown.mjs writes (public/data/brown.json), read and
 * tokenised into a Dataset whose samples are token ids (core/text/tokenizer.ts). The vocabulary is
 * built on the training split, after the split is known, so the same corpus can be read with
 * another vocabulary size or sequence length.
 */
import { makeDataset, splitByBlocks, splitByClass, type Dataset, type SplitSizes } from '../data/data';
import { MAX_CLASSES, type ImportedData } from '../import/types';
import type { TextData, TextEncoding } from './types';
import { buildVocabulary, encode, RESERVED_IDS, unknownRate, type Vocabulary } from './tokenizer';

/** A labelled corpus before tokenisation. */
export interface TextCorpus {
  name: string;
  classNames: string[];
  texts: string[];
  labels: Uint8Array;
  /** Its own split, samples in split order (train, then val, then test); null: 70/10/20 within each class. */
  split: SplitSizes | null;
}

export type { TextData, TextEncoding };

export const DEFAULT_TEXT_ENCODING: TextEncoding = { vocabSize: 8000, length: 64 };

const FORMAT = 'distill-studio-text';

/** Reads a text dataset asset (JSON); throws a message saying what is wrong. */
export function parseTextCorpus(json: string): TextCorpus {
  let raw: unknown;
  try {
    raw = JSON.parse(json);
  } catch (error) {
    throw new Error(`The text dataset is not valid JSON (${(error as Error).message}).`, { cause: error });
  }
  const data = raw as Partial<Record<string, unknown>>;
  if (typeof raw !== 'object' || raw === null || data.format !== FORMAT) {
    throw new Error(`The text dataset does not say "format": "${FORMAT}"; run "npm run prepare-data".`);
  }
  const { name, classNames, texts, labels, split } = data;
  if (typeof name !== 'string') throw new Error('The text dataset has no name.');
  if (!isStringArray(classNames) || classNames.length < 2 || classNames.length > MAX_CLASSES) {
    throw new Error(`${name}: classNames must list 2 to ${MAX_CLASSES} names.`);
  }
  if (!isStringArray(texts)) throw new Error(`${name}: texts must be a list of strings.`);
  if (!Array.isArray(labels) || labels.length !== texts.length) throw new Error(`${name}: one label per text is needed.`);
  const bad = labels.findIndex((l) => !Number.isInteger(l) || l < 0 || l >= classNames.length);
  if (bad >= 0) throw new Error(`${name}: the label of text ${bad} is not a class index (0..${classNames.length - 1}).`);
  const sizes = split as Partial<SplitSizes> | undefined;
  if (!sizes || ![sizes.train, sizes.val, sizes.test].every((n) => Number.isInteger(n))) {
    throw new Error(`${name}: split must give train, val and test sizes.`);
  }
  return { name, classNames, texts, labels: Uint8Array.from(labels as number[]), split: { ...(sizes as SplitSizes), markedVal: true } };
}

function isStringArray(value: unknown): value is string[] {
  return Array.isArray(value) && value.every((v) => typeof v === 'string');
}

/** Checks an encoding's numbers, with messages naming the setting. */
export function checkEncoding({ vocabSize, length }: TextEncoding): void {
  if (!Number.isInteger(vocabSize) || vocabSize < 100 || vocabSize > 50_000)
    throw new Error('Vocabulary size must be a whole number from 100 to 50,000.');
  if (!Number.isInteger(length) || length < 4 || length > 256)
    throw new Error('Sequence length must be a whole number from 4 to 256 tokens.');
}

/**
 * The corpus as imported data of token ids (what the page keeps and a restarted worker reloads),
 * its vocabulary built on the training texts.
 */
export function encodeCorpus(corpus: TextCorpus, encoding: TextEncoding = DEFAULT_TEXT_ENCODING): ImportedData {
  checkEncoding(encoding);
  const { vocabSize, length } = encoding;
  const split = corpus.split
    ? splitByBlocks(corpus.split, corpus.texts.length, corpus.name)
    : splitByClass(corpus.labels, corpus.classNames.length);
  const textsOf = (rows: Int32Array) => Array.from(rows, (row) => corpus.texts[row]!);
  const vocabulary = buildVocabulary(textsOf(split.train), vocabSize);
  const ids = encodeAll(corpus.texts, vocabulary, length);
  const testUnknownRate = unknownRate(textsOf(split.test), vocabulary, length);
  // The vocabulary may hold fewer words than asked for (a small corpus): the models' tables are sized to it.
  const size = vocabulary.words.length + RESERVED_IDS;
  const text: TextData = { vocabSize: size, length, texts: corpus.texts, words: vocabulary.words, testUnknownRate };
  return {
    name: corpus.name,
    classNames: corpus.classNames,
    features: length,
    values: ids,
    image: null,
    columns: null,
    labels: corpus.labels,
    text,
    ...(corpus.split ? { split: corpus.split } : {}),
  };
}

/** The corpus as a dataset of token ids, its vocabulary built on the training texts. */
export function textDataset(corpus: TextCorpus, encoding: TextEncoding = DEFAULT_TEXT_ENCODING): Dataset {
  const data = encodeCorpus(corpus, encoding);
  return makeDataset(data.name, data.classNames, data.values, data.labels, { text: data.text! }, data.split ? { blocks: data.split } : {});
}

function encodeAll(texts: string[], vocabulary: Vocabulary, length: number): Float32Array {
  const ids = new Float32Array(texts.length * length);
  texts.forEach((text, row) => encode(text, vocabulary, length, ids, row * length));
  return ids;
}
