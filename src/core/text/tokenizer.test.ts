import { describe, expect, it } from 'vitest';
import { buildVocabulary, decode, encode, PAD_ID, tokenize, UNKNOWN_ID, unknownRate, vocabularyOf } from './tokenizer';

describe('tokenize', () => {
  it('lower-cases, keeps runs of letters and digits, and splits every other mark off', () => {
    expect(tokenize('The jury\'s 1961 report: "No evidence"!')).toEqual([
      'the',
      'jury',
      "'",
      's',
      '1961',
      'report',
      ':',
      '"',
      'no',
      'evidence',
      '"',
      '!',
    ]);
  });

  it('makes an accented letter a token of its own (the ASCII rule Python repeats)', () => {
    expect(tokenize('Café au lait')).toEqual(['caf', 'é', 'au', 'lait']);
  });

  it('gives no tokens for blank text', () => {
    expect(tokenize('  \n\t ')).toEqual([]);
  });
});

describe('buildVocabulary', () => {
  it('orders words by count, ties alphabetically, after the two reserved ids', () => {
    const vocabulary = buildVocabulary(['b a c', 'a b', 'a d'], 5);
    expect(vocabulary.words).toEqual(['a', 'b', 'c']);
    expect(vocabulary.ids.get('a')).toBe(2);
    expect(vocabulary.ids.get('c')).toBe(4);
    expect(vocabulary.ids.has('d')).toBe(false); // capped: 5 ids = pad, unk and 3 words
  });

  it('leaves out words rarer than minCount', () => {
    expect(buildVocabulary(['x y y', 'y z'], 10, 2).words).toEqual(['y']);
  });

  it('refuses a size with no room for a word', () => {
    expect(() => buildVocabulary(['a'], 2)).toThrow(/more than 2 ids/);
  });
});

describe('encode and decode', () => {
  const vocabulary = vocabularyOf(['the', 'cat', 'sat']);

  it('maps known words to their ids, others to unknown, and pads to the length', () => {
    expect(Array.from(encode('The cat ran', vocabulary, 5))).toEqual([2, 3, UNKNOWN_ID, PAD_ID, PAD_ID]);
  });

  it('truncates to the length', () => {
    expect(Array.from(encode('the cat sat the cat', vocabulary, 3))).toEqual([2, 3, 4]);
  });

  it('writes into a shared buffer at an offset', () => {
    const out = new Float32Array(6).fill(9);
    encode('sat', vocabulary, 3, out, 3);
    expect(Array.from(out)).toEqual([9, 9, 9, 4, 0, 0]);
  });

  it('decodes ids back to tokens, dropping padding', () => {
    expect(decode([2, 1, 4, 0, 0], vocabulary)).toEqual(['the', '<unk>', 'sat']);
  });

  it('measures the unknown share within the length', () => {
    expect(unknownRate(['the dog sat', 'cat cat zebra zebra'], vocabulary, 3)).toBeCloseTo(2 / 6, 12);
  });
});
