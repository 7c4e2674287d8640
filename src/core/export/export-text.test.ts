/**
 * A text student's downloads: metadata.json's tokeniser, vocab.json, the README's snippets (the
 * JavaScript tokeniser and the bag's layer evaluated as written; the Python tokeniser run with
 * /usr/bin/python3 when there is one) giving core/text/tokenizer.ts's ids, and the .onnx file's
 * metadata_props.
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import * as tf from '@tensorflow/tfjs';
import * as ort from 'onnxruntime-web';
import { strFromU8, unzipSync } from 'fflate';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { useNodeBackend } from '../../../scripts/lib/node-runtime';
import type { InputSpec } from '../data/data';
import { fromSavedModel, toSavedModel } from '../models/model-io';
import { EmbeddingBag } from '../models/text-layers';
import { createBagStudent, createConv1dStudent } from '../models/text-models';
import { TEXT_CONFIG } from '../settings/presets';
import { buildVocabulary, encode, PAD_ID, RESERVED_IDS, TOKEN_PATTERN, tokenize, UNKNOWN_ID, type Vocabulary } from '../text/tokenizer';
import type { TextData } from '../text/corpus';
import type { ModelRow, Results } from '../types';
import {
  buildStudentZip,
  describeModel,
  METADATA_FILE,
  MODEL_FILE,
  modelFileName,
  onnxDescription,
  onnxFileName,
  onnxOptions,
  README_FILE,
  readStudentZip,
  textTokenizer,
  tokenizerSnippets,
  VOCAB_FILE,
  WEIGHTS_FILE,
  type DatasetInput,
  type StudentMetadata,
  type TextTokenizer,
} from './export';
import { buildOnnx, ONNX_LOGITS, ONNX_TEXT_INPUT } from './onnx';

const PYTHON = '/usr/bin/python3';
const LENGTH = 12;
const CORPUS = [
  'The cat sat on the mat, and the dog sat on the log.',
  'A café is where the naïve résumé was read: 3 times!',
  'Don’t stop; it’s 9:30 — the news at nine.',
  'the THE The tHe 42 42 42 cats and dogs',
  'É é ß straße ... ??? !!!',
];
const vocabulary: Vocabulary = buildVocabulary(CORPUS, 48);
const VOCAB_SIZE = vocabulary.words.length + RESERVED_IDS;
const input: InputSpec = { features: LENGTH, image: null, text: { vocabSize: VOCAB_SIZE, length: LENGTH } };

/** A text dataset's TextData, as encodeCorpus makes it: its texts must not reach the download. */
const textData: TextData = { vocabSize: VOCAB_SIZE, length: LENGTH, texts: CORPUS, words: vocabulary.words, testUnknownRate: 0.1 };
const dataset: DatasetInput = { name: 'brown', features: LENGTH, image: null, columns: null, standardization: null, text: textData };

const TRICKY = [
  'The cat sat on the mat.',
  'THE CAT, the Cat — tHe cAt!!!',
  'Café naïve RÉSUMÉ straße ÉÉ',
  '   extra   spaces\tand\ttabs\n\nnew lines   ',
  'no\u00a0break\u2003em\u3000ideographic\u2028line',
  'Don’t stop: 3.14 is π; e-mail me@example.com (really?)',
  Array.from({ length: 40 }, (_, i) => (i % 3 === 0 ? 'the' : `w${i}`)).join(' '),
  'the cat the cat the cat the cat the cat the cat the cat',
  '',
  '   ',
  '😀 emoji, 👍🏽 and the cat 🐈!',
  'İstanbul ΣΊΣΥΦΟΣ ǅ Ⅻ ﬁ',
  '\ufeffBOM then the cat',
  'NEL\u0085and\u001cfile\u001fsep the',
  'zero\u200bwidth the\u200dcat',
  'lone \ud83d surrogate the',
];

const row = (partial: Partial<ModelRow>): ModelRow => ({ ...({} as ModelRow), ...partial });
const results = {
  ensemble: row({ testAccuracy: 0.81, valAccuracy: 0.8 }),
  student: row({ testAccuracy: 0.74, valAccuracy: 0.75 }),
  baseline: row({ testAccuracy: 0.7, valAccuracy: 0.71 }),
  temperature: 4,
  alpha: 0.9,
  schedule: [{ step: 0, epoch: 1, batch: 1, temperature: 4, alpha: 0.9 }],
} as unknown as Results;

const classNames = ['news', 'fiction', 'science'];
const describe_ = (layout: string): StudentMetadata =>
  describeModel('distilled student', {
    classNames,
    results,
    config: { ...TEXT_CONFIG, studentHidden: layout },
    teacherConfig: TEXT_CONFIG,
    createdAt: '2025-01-01T00:00:00.000Z',
    dataset,
  });

/** Evaluates the README's JavaScript tokeniser as written: tokenizer(words, length) → (text) → ids. */
function jsTokenizer(): (words: string[], length: number) => (text: string) => Float32Array {
  return new Function(`${tokenizerSnippets().javascript}\nreturn tokenizer;`)() as (
    words: string[],
    length: number,
  ) => (text: string) => Float32Array;
}

let bag: tf.Sequential;
let conv: tf.Sequential;

beforeAll(async () => {
  await useNodeBackend('cpu');
  ort.env.wasm.numThreads = 1;
  bag = createBagStudent(3, 4, 'bag', input);
  conv = createConv1dStudent(3, 5, 'conv', input);
  for (const [model, seed] of [
    [bag, 10],
    [conv, 20],
  ] as const) {
    const weights = model.getWeights().map((w, i) => tf.randomNormal(w.shape, 0, 0.3, 'float32', seed + i));
    model.setWeights(weights);
    tf.dispose(weights);
  }
});

afterAll(() => {
  bag.dispose();
  conv.dispose();
});

describe('a text student’s metadata', () => {
  it('carries the tokeniser (rules, length, vocabulary in id order) and not the dataset’s texts', () => {
    const metadata = describe_('bag');
    const expected: TextTokenizer = {
      pattern: TOKEN_PATTERN,
      lowercase: true,
      length: LENGTH,
      paddingId: PAD_ID,
      unknownId: UNKNOWN_ID,
      firstWordId: RESERVED_IDS,
      vocabSize: VOCAB_SIZE,
      words: vocabulary.words,
    };
    expect(metadata.text).toEqual(expected);
    expect(textTokenizer(textData)).toEqual(expected);
    expect(JSON.stringify(metadata)).not.toContain('naïve résumé was read');
    expect(metadata.input.shape).toEqual([null, LENGTH]);
    expect(metadata.input.range).toEqual([0, VOCAB_SIZE - 1]);
    expect(metadata.input.description).toContain(`[batch, ${LENGTH}] float32: token ids`);
    expect(metadata.input.description).toContain(`/${TOKEN_PATTERN}/g`);
    // A dataset without text has no "text" (earlier downloads read back the same).
    expect('text' in describeModel('distilled student', { ...metadata, results, dataset: { ...dataset, text: null } })).toBe(false);
  });

  it('names the files by the text layouts', () => {
    expect(modelFileName(describe_('bag'))).toBe('student-bag-T4-a0.9-74.0pct.zip');
    expect(modelFileName(describe_('bag8'))).toBe('student-bag8-T4-a0.9-74.0pct.zip');
    expect(onnxFileName(describe_('conv1d'))).toBe('student-conv1d-T4-a0.9-74.0pct.onnx');
  });
});

describe('a text student’s zip', () => {
  it('holds vocab.json (= metadata.json’s "text") and a README with the tokeniser rules and both snippets, verbatim', async () => {
    const metadata = describe_('bag');
    const zip = buildStudentZip(await toSavedModel(bag), metadata);
    const files = unzipSync(zip);
    expect(Object.keys(files).sort()).toEqual([METADATA_FILE, MODEL_FILE, README_FILE, VOCAB_FILE, WEIGHTS_FILE].sort());
    const vocab = JSON.parse(strFromU8(files[VOCAB_FILE]!)) as TextTokenizer;
    expect(vocab).toEqual(metadata.text);
    expect(vocab.words[0]).toBe('the');
    expect(readStudentZip(zip).metadata).toEqual(metadata);
    const readme = strFromU8(files[README_FILE]!);
    const { javascript, python, embeddingBag } = tokenizerSnippets();
    for (const snippet of [javascript, python, embeddingBag]) expect(readme).toContain(snippet);
    expect(readme).toContain(`/${TOKEN_PATTERN}/g`);
    expect(readme).toContain(`re.findall(r"${TOKEN_PATTERN}", text.lower())`);
    expect(readme).toContain(`has id i + ${RESERVED_IDS}`);
    expect(readme).toContain(`has id ${UNKNOWN_ID} (unknown)`);
    expect(readme).toContain(`keep the first ${LENGTH} ids and pad with ${PAD_ID} up to ${LENGTH}`);
    expect(readme).toContain(`{"${ONNX_TEXT_INPUT}": np.array(`);
    expect(readme).toContain(
      `"It’s 9:30, Café time!" gives ${tokenize('It’s 9:30, Café time!')
        .map((t) => JSON.stringify(t))
        .join(', ')}`,
    );
    expect(readme).toContain('Classes (in output order): news, fiction, science');
  });

  it('the conv1d student’s README does without the EmbeddingBag layer (stock tfjs loads it)', async () => {
    const files = unzipSync(buildStudentZip(await toSavedModel(conv), describe_('conv1d')));
    const readme = strFromU8(files[README_FILE]!);
    expect(readme).toContain(tokenizerSnippets().javascript);
    expect(readme).not.toContain('class EmbeddingBag');
  });

  it('the README’s JavaScript loads the bag student with stock tfjs and its EmbeddingBag, and predicts as the studio’s model', async () => {
    const zip = unzipSync(buildStudentZip(await toSavedModel(bag), describe_('bag')));
    const { javascript, embeddingBag } = tokenizerSnippets();
    const snippet = new Function('tf', `${embeddingBag}\n${javascript}\nreturn { EmbeddingBag, tokenizer };`) as (t: typeof tf) => {
      EmbeddingBag: unknown;
      tokenizer: (words: string[], length: number) => (text: string) => Float32Array;
    };
    try {
      const { EmbeddingBag: ReadmeBag, tokenizer } = snippet(tf);
      expect(ReadmeBag).not.toBe(EmbeddingBag);
      const vocab = JSON.parse(strFromU8(zip[VOCAB_FILE]!)) as TextTokenizer;
      const encodeText = tokenizer(vocab.words, vocab.length);
      const json = JSON.parse(strFromU8(zip[MODEL_FILE]!)) as {
        modelTopology: object;
        weightsManifest: { weights: tf.io.WeightsManifestEntry[] }[];
      };
      const weights = zip[WEIGHTS_FILE]!;
      const loaded = await tf.loadLayersModel(
        tf.io.fromMemory({
          modelTopology: json.modelTopology,
          weightSpecs: json.weightsManifest[0]!.weights,
          weightData: weights.buffer.slice(weights.byteOffset, weights.byteOffset + weights.byteLength) as ArrayBuffer,
        }),
      );
      expect(loaded.layers[0]).toBeInstanceOf(ReadmeBag as typeof tf.layers.Layer);
      const ids = tf.tensor2d(
        TRICKY.flatMap((text) => Array.from(encodeText(text))),
        [TRICKY.length, LENGTH],
      );
      const [got, want] = tf.tidy(() => [(loaded.predict(ids) as tf.Tensor).dataSync(), (bag.predict(ids) as tf.Tensor).dataSync()]);
      expect(Math.max(...got!.map((v, i) => Math.abs(v - want![i]!)))).toBeLessThan(1e-6);
      ids.dispose();
      loaded.dispose();
    } finally {
      tf.serialization.registerClass(EmbeddingBag); // the studio's own layer again, for whatever runs next
    }
    const restored = await fromSavedModel(readStudentZip(buildStudentZip(await toSavedModel(bag), describe_('bag'))).model);
    expect(restored.layers[0]).toBeInstanceOf(EmbeddingBag);
    restored.dispose();
  });

  it('refuses a vocabulary that does not fit the student’s embedding table', async () => {
    const metadata = describe_('bag');
    const shorter = { ...metadata, text: { ...metadata.text!, words: metadata.text!.words.slice(1), vocabSize: VOCAB_SIZE - 1 } };
    const saved = await toSavedModel(bag);
    expect(() => buildStudentZip(saved, shorter)).toThrow(
      `The vocabulary (${VOCAB_SIZE - 1} ids) does not fit the student's embedding table (${VOCAB_SIZE} rows).`,
    );
  });
});

describe('the tokeniser snippets', () => {
  it('JavaScript: the README’s tokenizer() gives tokenizer.ts’s encode ids on tricky texts', () => {
    const encodeText = jsTokenizer()(vocabulary.words, LENGTH);
    for (const text of [...TRICKY, ...CORPUS]) {
      const ids = encodeText(text);
      expect(ids).toBeInstanceOf(Float32Array);
      expect(Array.from(ids), text).toEqual(Array.from(encode(text, vocabulary, LENGTH)));
    }
    // Known words and unknown ones both appear, and the long text is cut at LENGTH.
    const ids = Array.from(encodeText(TRICKY[1]!));
    expect(ids.slice(0, 3)).toEqual([vocabulary.ids.get('the'), vocabulary.ids.get('cat'), vocabulary.ids.get(',')]);
    expect(Array.from(encodeText(TRICKY[5]!))).toContain(UNKNOWN_ID);
    expect(Array.from(encodeText(TRICKY[6]!))).not.toContain(PAD_ID);
    expect(Array.from(encodeText(''))).toEqual(Array.from({ length: LENGTH }, () => PAD_ID));
  });

  it.skipIf(!existsSync(PYTHON))(
    'Python: the README’s tokenizer() gives tokenizer.ts’s ids on tricky texts, and tokens() its tokens on every character',
    () => {
      // Every UTF-16 unit but the surrogates, and some characters beyond U+FFFF, inside a word and alone.
      const characters: string[] = [];
      for (let c = 0; c < 0x10000; c++) if (c < 0xd800 || c > 0xdfff) characters.push(String.fromCharCode(c));
      characters.push(...[0x1f600, 0x1f44d, 0x10400, 0x1d400, 0x20000].map((c) => String.fromCodePoint(c)));
      const probes = characters.map((ch) => `Ab${ch}Ç9 ${ch}`);
      const harness = `
import json, sys
payload = json.loads(sys.stdin.buffer.read().decode("utf-8"))
encode = tokenizer(payload["words"], payload["length"])
print(json.dumps({"ids": [encode(t) for t in payload["texts"]], "probes": [encode(t) for t in payload["probes"]]}))
`;
      const run = spawnSync(PYTHON, ['-c', `${tokenizerSnippets().python}\n${harness}`], {
        input: JSON.stringify({ words: vocabulary.words, length: LENGTH, texts: [...TRICKY, ...CORPUS], probes }),
        encoding: 'utf8',
        maxBuffer: 64 * 1024 * 1024,
      });
      expect(run.stderr).toBe('');
      expect(run.status).toBe(0);
      const out = JSON.parse(run.stdout) as { ids: number[][]; probes: number[][] };
      [...TRICKY, ...CORPUS].forEach((text, i) => expect(out.ids[i], text).toEqual(Array.from(encode(text, vocabulary, LENGTH))));
      const differing = probes.filter(
        (text, i) => JSON.stringify(out.probes[i]) !== JSON.stringify(Array.from(encode(text, vocabulary, LENGTH))),
      );
      expect(differing.map((text) => text.codePointAt(2)!.toString(16))).toEqual([]);
    },
  );
});

describe('a text student’s .onnx file', () => {
  it('says its input "input" and carries the tokeniser in metadata_props, as vocab.json; the README’s ids feed it as tfjs', async () => {
    const metadata = describe_('conv1d');
    const options = onnxOptions(metadata);
    expect(options.description).toBe(onnxDescription(metadata));
    expect(options.description).toContain(`Input "${ONNX_TEXT_INPUT}": [batch, ${LENGTH}] float32: token ids`);
    expect(options.description).toContain('metadata_props');
    expect(JSON.parse(options.metadata!.tokenizer!)).toEqual(metadata.text);
    expect(options.metadata).toMatchObject({
      class_names: JSON.stringify(classNames),
      'tokenizer.pattern': TOKEN_PATTERN,
      'tokenizer.lowercase': 'true',
      'tokenizer.length': String(LENGTH),
      'tokenizer.padding_id': '0',
      'tokenizer.unknown_id': '1',
      'tokenizer.first_word_id': '2',
      'tokenizer.vocab_size': String(VOCAB_SIZE),
    });
    const bytes = buildOnnx(await toSavedModel(conv), options);
    const text = new TextDecoder().decode(bytes);
    expect(text).toContain(options.metadata!.tokenizer!);
    const session = await ort.InferenceSession.create(bytes);
    try {
      expect(session.inputNames).toEqual([ONNX_TEXT_INPUT]);
      const encodeText = jsTokenizer()(metadata.text!.words, metadata.text!.length);
      const ids = Float32Array.from(TRICKY.flatMap((t) => Array.from(encodeText(t))));
      const out = await session.run({ [ONNX_TEXT_INPUT]: new ort.Tensor('float32', ids, [TRICKY.length, LENGTH]) });
      const logits = out[ONNX_LOGITS]!.data as Float32Array;
      const want = tf.tidy(() => (conv.predict(tf.tensor2d(ids, [TRICKY.length, LENGTH])) as tf.Tensor).dataSync());
      expect(Math.max(...logits.map((v, i) => Math.abs(v - want[i]!)))).toBeLessThan(1e-4);
    } finally {
      await session.release();
    }
  });

  it('an image or table student’s description still says "pixels", with only the class names in metadata_props', () => {
    const metadata = describeModel('distilled student', {
      classNames,
      results,
      config: TEXT_CONFIG,
      teacherConfig: TEXT_CONFIG,
      createdAt: '',
    });
    expect(metadata.text).toBeUndefined();
    expect(onnxOptions(metadata).description).toContain('Input "pixels"');
    expect(onnxOptions(metadata).metadata).toEqual({ class_names: JSON.stringify(classNames) });
  });
});
