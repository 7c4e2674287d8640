/**
 * What the page calls one sample of the current dataset: "digit" only for the bundled MNIST,
 * "point" on teaching mode's 2D datasets, "image" for images of one's own, "text" for texts, "sample" for tables.
 */
export interface SampleWords {
  /** "digit", "image", "point", "sample". */
  one: string;
  /** "digits", "images", "points", "samples". */
  many: string;
  /** "Digit", "Image", … for the start of a sentence or a label. */
  One: string;
  Many: string;
  /** What a class is called: "digit" for MNIST (its classes are digits), else "class". */
  classNoun: 'digit' | 'class';
  /** Its plural: "digits", "classes". */
  classNouns: 'digits' | 'classes';
}

function words(one: string): SampleWords {
  const cap = (w: string) => w[0]!.toUpperCase() + w.slice(1);
  const digits = one === 'digit';
  return {
    one,
    many: `${one}s`,
    One: cap(one),
    Many: cap(`${one}s`),
    classNoun: digits ? 'digit' : 'class',
    classNouns: digits ? 'digits' : 'classes',
  };
}

const DIGIT = words('digit');
const POINT = words('point');
const IMAGE = words('image');
const SAMPLE = words('sample');
const TEXT = words('text');

export function sampleWords(datasetId: string, mode: 'studio' | 'teaching', kind: 'image' | 'text' | 'table'): SampleWords {
  if (mode === 'teaching') return POINT;
  if (datasetId === 'mnist') return DIGIT;
  return kind === 'image' ? IMAGE : kind === 'text' ? TEXT : SAMPLE;
}

/** "1 test digit", "3 test images". */
export const counted = (n: number, words: SampleWords, what = ''): string =>
  `${n} ${what ? `${what} ` : ''}${n === 1 ? words.one : words.many}`;
