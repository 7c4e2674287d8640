/**
 * Word-level tokenisation for the text datasets, written so that Python can repeat it exactly
 * (the exported student's README carries the same rules: `tokenizerSnippets`):
 *
 *   tokens = re.findall(r"[a-z0-9]+|[^a-z0-9\s]", text.lower())
 *
 * Words are runs of ASCII letters and digits; every other non-space character (punctuation, an
 * accented letter) is a token of its own. The vocabulary is built on the training split only, so
 * no word of a validation or test sample shapes it: the most frequent words first (ties in
 * alphabetical order, so it is the same everywhere), capped at `vocabSize` ids in all.
 */

/** Id 0 pads a sequence to its length; models ignore it (masked) or learn it as a filler. */
export const PAD_ID = 0;
/** Id 1 stands for every word outside the vocabulary. */
export const UNKNOWN_ID = 1;
/** The ids before the first word: padding and unknown. */
export const RESERVED_IDS = 2;

/** The tokeniser's rule as a regular expression source, shared by the JavaScript and Python snippets. */
export const TOKEN_PATTERN = '[a-z0-9]+|[^a-z0-9\\s]';

const TOKEN_REGEX = new RegExp(TOKEN_PATTERN, 'g');

/** The tokens of a text: lower-cased, words and single punctuation marks. */
export function tokenize(text: string): string[] {
  return text.toLowerCase().match(TOKEN_REGEX) ?? [];
}

/** A vocabulary: word → id (2..), and the words in id order (index = id − RESERVED_IDS). */
export interface Vocabulary {
  words: string[];
  ids: Map<string, number>;
}

/**
 * The `vocabSize − 2` most frequent tokens of `texts` (padding and unknown take the first two ids),
 * ties broken alphabetically. Tokens seen fewer than `minCount` times are left out.
 */
export function buildVocabulary(texts: Iterable<string>, vocabSize: number, minCount = 1): Vocabulary {
  if (!Number.isInteger(vocabSize) || vocabSize <= RESERVED_IDS) {
    throw new Error(`A vocabulary needs more than ${RESERVED_IDS} ids (padding and unknown); got ${vocabSize}.`);
  }
  const counts = new Map<string, number>();
  for (const text of texts) for (const token of tokenize(text)) counts.set(token, (counts.get(token) ?? 0) + 1);
  const words = [...counts]
    .filter(([, count]) => count >= minCount)
    .sort(([a, ca], [b, cb]) => cb - ca || (a < b ? -1 : a > b ? 1 : 0))
    .slice(0, vocabSize - RESERVED_IDS)
    .map(([word]) => word);
  return vocabularyOf(words);
}

/** The vocabulary of words in id order (e.g. read back from an exported bundle). */
export function vocabularyOf(words: string[]): Vocabulary {
  return { words, ids: new Map(words.map((word, i) => [word, i + RESERVED_IDS])) };
}

/** The ids of a text's first `length` tokens, padded with PAD_ID to `length` (written into `out` at `offset` if given). */
export function encode(text: string, vocabulary: Vocabulary, length: number, out = new Float32Array(length), offset = 0): Float32Array {
  const tokens = tokenize(text);
  for (let i = 0; i < length; i++) {
    const token = tokens[i];
    out[offset + i] = token === undefined ? PAD_ID : (vocabulary.ids.get(token) ?? UNKNOWN_ID);
  }
  return out;
}

/** The tokens an id sequence stands for (padding dropped, unknown words as "<unk>"), to show what a model read. */
export function decode(ids: ArrayLike<number>, vocabulary: Vocabulary): string[] {
  const tokens: string[] = [];
  for (let i = 0; i < ids.length; i++) {
    const id = ids[i]!;
    if (id === PAD_ID) continue;
    tokens.push(id === UNKNOWN_ID ? '<unk>' : (vocabulary.words[id - RESERVED_IDS] ?? '<unk>'));
  }
  return tokens;
}

/** Share of the tokens of `texts` (first `length` of each) that fall outside the vocabulary. */
export function unknownRate(texts: Iterable<string>, vocabulary: Vocabulary, length: number): number {
  let unknown = 0;
  let total = 0;
  for (const text of texts) {
    for (const token of tokenize(text).slice(0, length)) {
      total++;
      if (!vocabulary.ids.has(token)) unknown++;
    }
  }
  return total === 0 ? 0 : unknown / total;
}
