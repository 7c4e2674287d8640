/**
 * The shape of a text dataset, declared apart from the code that builds it (corpus.ts) so that the
 * dataset types (core/data, core/import) can name it without importing that code.
 */

/** How texts become ids: the vocabulary's size (padding and unknown included) and the sequence length. */
export interface TextEncoding {
  vocabSize: number;
  length: number;
}

/** What a text dataset keeps beside its ids: the texts (shown as they are) and the vocabulary. */
export interface TextData extends TextEncoding {
  texts: string[];
  /** The vocabulary's words in id order, from id 2 (core/text/tokenizer.ts). */
  words: string[];
  /** Share of the test split's tokens (within `length`) outside the vocabulary. */
  testUnknownRate: number;
}
