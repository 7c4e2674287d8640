/**
 * The student download: one .zip holding a TensorFlow.js Layers model (model.json +
 * student.weights.bin), metadata.json and a README with a snippet that loads it; for a text
 * student also vocab.json (the tokeniser's rules and the vocabulary) and snippets that tokenise
 * as the studio did, in JavaScript and in Python (tokenizerSnippets).
 * fflate only, no tfjs, so the page can build the zip itself even if the worker has died.
 */
import { strFromU8, strToU8, unzipSync, zipSync } from 'fflate';
import { migrateConfig, type ExperimentConfig } from '../settings/config';
import { formatPercent } from '../format';
import { hyperparamsText, roundTemperature } from '../settings/describe';
import { lossById } from '../losses/registry';
import { PIXELS, type Dataset } from '../data/data';
import { isNamedLayout } from '../settings/layouts';
import type { TextData } from '../text/corpus';
import { PAD_ID, RESERVED_IDS, TOKEN_PATTERN, tokenize, UNKNOWN_ID } from '../text/tokenizer';
import { ONNX_INPUT, ONNX_TEXT_INPUT, type OnnxOptions } from './onnx';
import type { WeightDtype } from './quantize';
import type { QuantizedRow, Results, SavedModel, ScheduleEntry, WeightSpec } from '../types';

export const MODEL_FILE = 'model.json';
export const WEIGHTS_FILE = 'student.weights.bin';
export const METADATA_FILE = 'metadata.json';
export const README_FILE = 'README.txt';
/** A text student's tokeniser: its rules and vocabulary (TextTokenizer as JSON). */
export const VOCAB_FILE = 'vocab.json';

export type ExportedModel = 'distilled student' | 'baseline student';

export interface StudentMetadata {
  /** Which of the run's two students this is. */
  model: ExportedModel;
  classNames: string[];
  input: {
    shape: [null, number];
    /** The range of each input value: [0, 1] for pixels / 255; null for standardised table columns. */
    range: [number, number] | null;
    description: string;
    /** For tables: the columns, and the mean and sd to standardise each with, (value − mean) / sd. */
    columns?: string[];
    standardization?: { mean: number[]; std: number[] };
  };
  output: string;
  /** T and alpha of the run's last batch (the baseline did not use them: it trained on hard labels). */
  temperature: number;
  alpha: number;
  /** Every T/alpha the distillation used, from the batch it took effect. */
  schedule: ScheduleEntry[];
  /**
   * How the weights are stored: float32, or quantized (tf.loadLayersModel dequantizes on load),
   * with the quantized model's agreement with the float32 student on the test split.
   */
  weights: { dtype: WeightDtype; float32TestAccuracy: number; agreementWithFloat32: number };
  /** This model's accuracy: validation of the float32 weights (settings are chosen on it), test of the weights in this file. */
  valAccuracy: number;
  testAccuracy: number;
  /** The run's other figures, for comparison. */
  distilledTestAccuracy: number;
  baselineTestAccuracy: number;
  ensembleTestAccuracy: number;
  createdAt: string;
  /** The run's settings (T and alpha as at its start; the schedule has every change). */
  config: ExperimentConfig;
  /** The settings the teachers were trained with. */
  teacherConfig: ExperimentConfig;
  /** For a text student: how a text becomes its input ids (also written as vocab.json and into the .onnx file). */
  text?: TextTokenizer;
}

/**
 * How a text becomes a text student's input (core/text/tokenizer.ts): lower-cased, its tokens the
 * matches of `pattern`, each token the id of its word (words[i] has id firstWordId + i) or
 * unknownId, the first `length` of them, padded with paddingId; fed as float32 [batch, length].
 */
export interface TextTokenizer {
  /** A JavaScript regular expression (flag g) whose matches in the lower-cased text are its tokens. */
  pattern: string;
  lowercase: true;
  /** Ids per text: its first `length` tokens, then padding. */
  length: number;
  paddingId: number;
  unknownId: number;
  /** The id of words[0]. */
  firstWordId: number;
  /** Every id is below it: the rows of the embedding table (words.length + firstWordId). */
  vocabSize: number;
  /** The vocabulary in id order. */
  words: string[];
}

export interface DescribedRun {
  classNames: string[];
  results: Results;
  /** The weight format of the file and its measured figures; float32 when absent. */
  quantized?: QuantizedRow;
  config: ExperimentConfig;
  teacherConfig: ExperimentConfig;
  createdAt: string;
  /** The dataset the students were trained on, for the input description (MNIST when absent). */
  dataset?: DatasetInput;
}

/** What an exported model needs to say about its input. */
export type DatasetInput = Pick<Dataset, 'name' | 'features' | 'image' | 'columns' | 'standardization'> & {
  /** For text: the vocabulary's words in id order (from id 2) and the sequence length; a Dataset's `text` will do. */
  text?: TextVocabulary | null;
};

/** What the download of a text student needs of its dataset (TextData has more: only these are kept). */
export type TextVocabulary = Pick<TextData, 'words' | 'length'>;

/** The tokeniser of a text dataset's students, as metadata.json, vocab.json and the .onnx file carry it. */
export function textTokenizer({ words, length }: TextVocabulary): TextTokenizer {
  return {
    pattern: TOKEN_PATTERN,
    lowercase: true,
    length,
    paddingId: PAD_ID,
    unknownId: UNKNOWN_ID,
    firstWordId: RESERVED_IDS,
    vocabSize: words.length + RESERVED_IDS,
    words: [...words],
  };
}

/** What a text's ids are, in one sentence (the input description of a text student). */
function textInputDescription({ length }: TextVocabulary): string {
  return (
    `[batch, ${length}] float32: token ids, one text per row. The text is lower-cased and split into tokens (runs of a-z and 0-9, ` +
    `and every other character but white space on its own: /${TOKEN_PATTERN}/g); each token is the id of its word in ${VOCAB_FILE} ` +
    `(words[i] has id i + ${RESERVED_IDS}), ${UNKNOWN_ID} for a word outside it; the first ${length} are kept and ${PAD_ID}s pad the rest.`
  );
}

const MNIST_DESCRIPTION = `[batch, ${PIXELS}] float32: a 28×28 grey image, row-major, pixel / 255 (white digit on black, as in MNIST).`;

/** How to feed a model trained on `dataset`. */
function inputOf(dataset: DatasetInput | undefined): StudentMetadata['input'] {
  if (dataset?.text) {
    const { length } = dataset.text;
    return {
      shape: [null, length],
      range: [0, dataset.text.words.length + RESERVED_IDS - 1],
      description: textInputDescription(dataset.text),
    };
  }
  if (!dataset || dataset.name === 'MNIST') return { shape: [null, PIXELS], range: [0, 1], description: MNIST_DESCRIPTION };
  const { features, image, columns, standardization } = dataset;
  if (image) {
    const { height, width, channels } = image;
    const kind = channels === 1 ? 'grey image' : `image of ${channels} channels (interleaved)`;
    return {
      shape: [null, features],
      range: [0, 1],
      description: `[batch, ${features}] float32: a ${height}×${width} ${kind}, row-major, pixel / 255 (as in ${dataset.name}).`,
    };
  }
  return {
    shape: [null, features],
    range: null,
    description: `[batch, ${features}] float32: the columns ${(columns ?? []).join(', ')}, each standardised as (value − mean) / sd with the training split's mean and sd (below).`,
    columns: columns ?? [],
    standardization: standardization ?? undefined,
  };
}

/** Metadata for one of a run's students: how to feed it, what it outputs, and how it was made. */
export function describeModel(which: ExportedModel, run: DescribedRun): StudentMetadata {
  const { results } = run;
  const row = which === 'distilled student' ? results.student : results.baseline;
  return {
    model: which,
    classNames: run.classNames,
    input: inputOf(run.dataset),
    output: `[batch, ${run.classNames.length}] logits: argmax is the predicted class; softmax gives probabilities.`,
    temperature: results.temperature,
    alpha: results.alpha,
    schedule: results.schedule,
    weights: {
      dtype: run.quantized?.dtype ?? 'float32',
      float32TestAccuracy: row.testAccuracy,
      agreementWithFloat32: run.quantized?.agreement ?? 1,
    },
    valAccuracy: row.valAccuracy,
    testAccuracy: run.quantized?.testAccuracy ?? row.testAccuracy,
    distilledTestAccuracy: results.student.testAccuracy,
    baselineTestAccuracy: results.baseline.testAccuracy,
    ensembleTestAccuracy: results.ensemble.testAccuracy,
    createdAt: run.createdAt,
    config: run.config,
    teacherConfig: run.teacherConfig,
    ...(run.dataset?.text ? { text: textTokenizer(run.dataset.text) } : {}),
  };
}

/**
 * A file name that says what is inside: e.g. student-64h-T4-a0.9-94.4pct.zip for the distilled
 * student (T and alpha of its last batch; a loss other than vanilla KD is named, as in
 * student-64h-dkd-T4-a0.9-…; quantized weights too, as in student-64h-T4-a0.9-uint8-94.3pct.zip),
 * baseline-64h-93.1pct.zip for the baseline.
 */
export function modelFileName(metadata: StudentMetadata): string {
  // 64h, 128-64h, 0h for a student without a hidden layer; cnn, bag, bag8, conv1d for the named models.
  const layout = metadata.config.studentHidden;
  const hidden = isNamedLayout(layout) ? layout : `${layout === 'none' ? '0' : layout}h`;
  const accuracy = `${(metadata.testAccuracy * 100).toFixed(1)}pct`;
  const loss = metadata.config.loss === 'kd' ? '' : `-${metadata.config.loss}`;
  const dtype = metadata.weights.dtype === 'float32' ? '' : `-${metadata.weights.dtype}`;
  return metadata.model === 'distilled student'
    ? `student-${hidden}${loss}-T${roundTemperature(metadata.temperature)}-a${metadata.alpha}${dtype}-${accuracy}.zip`
    : `baseline-${hidden}-${accuracy}.zip`;
}

/** The .onnx download's name: the zip's, float32 (ONNX files hold float32 weights here). */
export function onnxFileName(metadata: StudentMetadata): string {
  return modelFileName({ ...metadata, weights: { ...metadata.weights, dtype: 'float32' } }).replace(/\.zip$/, '.onnx');
}

/** The input name of the student's .onnx file: "input" (token ids) for a text student, "pixels" for the others. */
export function onnxInputName(metadata: StudentMetadata): string {
  return metadata.text ? ONNX_TEXT_INPUT : ONNX_INPUT;
}

/** The doc_string of the .onnx file: what the model is and how to feed it. */
export function onnxDescription(metadata: StudentMetadata): string {
  const vocabulary = metadata.text
    ? ` The tokeniser's rules and its vocabulary are in the metadata_props: "tokenizer" holds them as JSON (as ${VOCAB_FILE} of the zip download).`
    : '';
  return `Distill Studio ${metadata.model}, ${scheduleText(metadata)}. Test accuracy ${formatPercent(metadata.weights.float32TestAccuracy)}. Input "${onnxInputName(metadata)}": ${metadata.input.description}${vocabulary} Outputs "logits" and "probabilities" (softmax). Classes: ${metadata.classNames.join(', ')}.`;
}

/**
 * The metadata_props of the .onnx file: the class names, and for a text student its tokeniser
 * ("tokenizer": vocab.json's JSON, rules and vocabulary; the rules also one key each), so the
 * file alone says how to feed it.
 */
export function onnxMetadata(metadata: StudentMetadata): Record<string, string> {
  const props: Record<string, string> = { class_names: JSON.stringify(metadata.classNames) };
  const { text } = metadata;
  if (!text) return props;
  return {
    ...props,
    tokenizer: JSON.stringify(text),
    'tokenizer.pattern': text.pattern,
    'tokenizer.lowercase': String(text.lowercase),
    'tokenizer.length': String(text.length),
    'tokenizer.padding_id': String(text.paddingId),
    'tokenizer.unknown_id': String(text.unknownId),
    'tokenizer.first_word_id': String(text.firstWordId),
    'tokenizer.vocab_size': String(text.vocabSize),
  };
}

/** buildOnnx's options for a run's student: its description (doc_string) and metadata_props. */
export function onnxOptions(metadata: StudentMetadata): OnnxOptions {
  return { description: onnxDescription(metadata), metadata: onnxMetadata(metadata) };
}

/** model.json in the tfjs Layers format, naming the weights file. */
export function modelJson(model: SavedModel): object {
  return {
    format: 'layers-model',
    generatedBy: 'Distill Studio',
    convertedBy: null,
    modelTopology: model.modelTopology,
    weightsManifest: [{ paths: [WEIGHTS_FILE], weights: model.weightSpecs }],
  };
}

function scheduleText(metadata: StudentMetadata): string {
  if (metadata.model === 'baseline student') return 'trained on hard labels only (the baseline of a distillation run)';
  const { config } = metadata;
  const loss = `with the ${lossById(config.loss).short} loss`;
  if (config.temperatureSchedule !== 'constant') return `distilled from a teacher ensemble ${loss}, ${hyperparamsText(config, metadata)}`;
  const changes = metadata.schedule.slice(1).map((e) => `T = ${e.temperature}, alpha = ${e.alpha} from batch ${e.step + 1}`);
  const first = metadata.schedule[0] ?? { temperature: metadata.temperature, alpha: metadata.alpha };
  return `distilled from a teacher ensemble ${loss} at T = ${first.temperature}, alpha = ${first.alpha}${changes.length ? `; then ${changes.join('; ')}` : ''}`;
}

function weightsText(metadata: StudentMetadata): string {
  const { weights } = metadata;
  if (weights.dtype === 'float32') return 'Weights: float32.';
  return (
    `Weights: ${weights.dtype}, in the tfjs weights-manifest "quantization" format, which tf.loadLayersModel\n` +
    `dequantizes to float32 on load (float32 weights: test accuracy ${formatPercent(weights.float32TestAccuracy)}; this file agrees\n` +
    `with them on ${formatPercent(weights.agreementWithFloat32)} of the test images).`
  );
}

function readme(metadata: StudentMetadata): string {
  const n = metadata.input.shape[1];
  const values = metadata.input.range ? `${n} floats in [0, 1]` : `${n} standardised floats`;
  return `Distill Studio ${metadata.model}
============================

A TensorFlow.js Layers model ${scheduleText(metadata)}.
Test accuracy ${formatPercent(metadata.testAccuracy)} (distilled student ${formatPercent(metadata.distilledTestAccuracy)},
baseline ${formatPercent(metadata.baselineTestAccuracy)}, teacher ensemble ${formatPercent(metadata.ensembleTestAccuracy)}).
${weightsText(metadata)}

Input: ${metadata.input.description}
Output: ${metadata.output}

Load it (unzip first, serve the folder, or use tf.io.browserFiles with both files):

  const model = await tf.loadLayersModel('model.json');
  const logits = model.predict(tf.tensor2d(pixels, [1, ${n}]));   // pixels: ${values}
  const predicted = logits.argMax(-1).dataSync()[0];

The same student as ONNX (float32; the studio's "Download ONNX" button, or the CLI's
--out student.onnx) has input "pixels" [batch, ${n}] and outputs "logits" and "probabilities":

  Python:  import onnxruntime as ort, numpy as np
           session = ort.InferenceSession('student.onnx')
           logits, probabilities = session.run(None, {'pixels': pixels.astype(np.float32).reshape(-1, ${n})})

  JS:      const session = await ort.InferenceSession.create('student.onnx');   // onnxruntime-web or -node
           const out = await session.run({ pixels: new ort.Tensor('float32', pixels, [1, ${n}]) });
           const predicted = out.logits.data.indexOf(Math.max(...out.logits.data));

metadata.json holds the class labels, the full training configuration, the teachers' settings
and every T/alpha change of the run.
`;
}

const EMBEDDING_BAG = 'EmbeddingBag';

/**
 * JavaScript's \s (ECMAScript white space and line terminators) spelled out for Python's re, whose
 * \s also takes \x1c-\x1f and \x85 and leaves out \ufeff.
 */
const JS_WHITE_SPACE = String.raw`\t\n\v\f\r \xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000\ufeff`;

const JS_TOKENIZER = `// Ids as the student was trained on: the lower-cased text's tokens (runs of a-z and 0-9, and every other
// character but white space on its own), each the id of its word (words[i] has id i + ${RESERVED_IDS}; ${UNKNOWN_ID} for a
// word outside the vocabulary), the first \`length\` of them, then ${PAD_ID}s (padding).
function tokenizer(words, length) {
  const ids = new Map(words.map((word, i) => [word, i + ${RESERVED_IDS}]));
  return (text) => {
    const tokens = text.toLowerCase().match(/${TOKEN_PATTERN}/g) ?? [];
    const out = new Float32Array(length).fill(${PAD_ID});
    for (let i = 0; i < Math.min(tokens.length, length); i++) out[i] = ids.get(tokens[i]) ?? ${UNKNOWN_ID};
    return out;
  };
}
`;

const PYTHON_TOKENIZER = `import re
import struct

# re.findall(r"${TOKEN_PATTERN}", text.lower()) with JavaScript's \\s spelled out:
# Python's \\s differs from it on a few control characters and on \\ufeff.
TOKEN = re.compile(r"${TOKEN_PATTERN.replace('\\s', JS_WHITE_SPACE)}")


def tokens(text):
    # Lower-cased, and split as JavaScript does, in UTF-16 units: a character beyond U+FFFF (an emoji) is two tokens.
    units = text.lower().encode("utf-16-le", "surrogatepass")
    return TOKEN.findall("".join(map(chr, struct.unpack("<%dH" % (len(units) // 2), units))))


def tokenizer(words, length):
    ids = {word: i + ${RESERVED_IDS} for i, word in enumerate(words)}  # ${PAD_ID} pads, ${UNKNOWN_ID} is a word outside the vocabulary

    def encode(text):
        found = tokens(text)[:length]
        return [ids.get(token, ${UNKNOWN_ID}) for token in found] + [${PAD_ID}] * (length - len(found))

    return encode
`;

const JS_EMBEDDING_BAG = `// The bag student's first layer, which stock TensorFlow.js does not have: register it before loading.
// The mean of the embeddings of the ids that are not ${PAD_ID} (padding); a row of padding only gives zeros.
class EmbeddingBag extends tf.layers.Layer {
  static className = '${EMBEDDING_BAG}';
  constructor(config) {
    super(config);
    this.inputDim = config.inputDim;
    this.outputDim = config.outputDim;
  }
  build() {
    this.embeddings = this.addWeight('embeddings', [this.inputDim, this.outputDim], 'float32', tf.initializers.zeros());
    this.built = true;
  }
  computeOutputShape(inputShape) {
    return [inputShape[0], this.outputDim];
  }
  call(inputs) {
    const ids = Array.isArray(inputs) ? inputs[0] : inputs;
    return tf.tidy(() => {
      const rows = tf.gather(this.embeddings.read(), tf.cast(ids, 'int32'));
      const mask = tf.cast(tf.notEqual(ids, ${PAD_ID}), 'float32');
      const sum = tf.sum(tf.mul(rows, tf.expandDims(mask, 2)), 1);
      return tf.div(sum, tf.maximum(tf.sum(mask, 1, true), 1));
    });
  }
  getConfig() {
    return { ...super.getConfig(), inputDim: this.inputDim, outputDim: this.outputDim };
  }
}
tf.serialization.registerClass(EmbeddingBag);
`;

/**
 * The code a text student's README carries, verbatim: `javascript` defines tokenizer(words, length)
 * → (text) → Float32Array of ids; `python` defines tokens(text) and tokenizer(words, length) →
 * encode(text) → list of ids; `embeddingBag` the bag student's layer for stock tfjs (it uses `tf`).
 * Each gives the ids core/text/tokenizer.ts's encode gives.
 */
export function tokenizerSnippets(): { javascript: string; python: string; embeddingBag: string } {
  return { javascript: JS_TOKENIZER, python: PYTHON_TOKENIZER, embeddingBag: JS_EMBEDDING_BAG };
}

const RULE = '-'.repeat(100);
const EXAMPLE_TEXT = 'It’s 9:30, Café time!';

function textReadme(metadata: StudentMetadata, text: TextTokenizer, bag: boolean): string {
  const { length } = text;
  const input = onnxInputName(metadata);
  const example = tokenize(EXAMPLE_TEXT)
    .map((token) => JSON.stringify(token))
    .join(', ');
  return `Distill Studio ${metadata.model}
============================

A TensorFlow.js Layers model of text, ${scheduleText(metadata)}.
Test accuracy ${formatPercent(metadata.testAccuracy)} (distilled student ${formatPercent(metadata.distilledTestAccuracy)},
baseline ${formatPercent(metadata.baselineTestAccuracy)}, teacher ensemble ${formatPercent(metadata.ensembleTestAccuracy)}).
${weightsText(metadata)}

Input: ${metadata.input.description}
Output: ${metadata.output}
Classes (in output order): ${metadata.classNames.join(', ')}

Tokenisation (${VOCAB_FILE} holds these rules and the vocabulary; metadata.json has them too, as "text"):
  1. lower-case the text;
  2. its tokens are the matches of the regular expression /${text.pattern}/g: each run of the letters
     a-z and digits 0-9, and every other character but white space on its own (punctuation, an accented
     letter): ${JSON.stringify(EXAMPLE_TEXT)} gives ${example};
  3. a token's id: the word at index i of ${VOCAB_FILE}'s "words" (${text.words.length} words) has id i + ${text.firstWordId};
     a token outside the vocabulary has id ${text.unknownId} (unknown);
  4. keep the first ${length} ids and pad with ${text.paddingId} up to ${length};
  5. feed them as float32, [batch, ${length}].
In Python, re.findall(r"${text.pattern}", text.lower()) gives the same tokens for ordinary text;
the code below also agrees with JavaScript on emoji (two UTF-16 units, so two tokens) and on the few
characters where Python's \\s differs from JavaScript's.

JavaScript, TensorFlow.js (unzip, serve the folder; \`tf\` is @tensorflow/tfjs):
${RULE}
${bag ? `${JS_EMBEDDING_BAG}\n` : ''}${JS_TOKENIZER}
const vocab = await (await fetch('${VOCAB_FILE}')).json();
const encode = tokenizer(vocab.words, vocab.length);
const model = await tf.loadLayersModel('model.json');
const logits = model.predict(tf.tensor2d(encode('The text to classify.'), [1, vocab.length]));
const predicted = logits.argMax(-1).dataSync()[0]; // an index into the classes above
${RULE}

The same student as ONNX (float32; the studio's "Download ONNX" button, or the CLI's --out student.onnx)
has input "${input}" [batch, ${length}] (the ids as float32) and outputs "logits" and "probabilities"; the
.onnx file carries the tokeniser too, as the JSON of ${VOCAB_FILE} in its metadata_props "tokenizer".

Python, onnxruntime:
${RULE}
${PYTHON_TOKENIZER}

import json
import numpy as np
import onnxruntime as ort

session = ort.InferenceSession("student.onnx")
vocab = json.load(open("${VOCAB_FILE}", encoding="utf-8"))
# or, from the .onnx file alone: vocab = json.loads(session.get_modelmeta().custom_metadata_map["tokenizer"])
encode = tokenizer(vocab["words"], vocab["length"])
texts = ["The text to classify.", "Another one!"]
logits, probabilities = session.run(None, {"${input}": np.array([encode(t) for t in texts], dtype=np.float32)})
predicted = logits.argmax(axis=1)  # indices into the classes above
${RULE}

JavaScript, onnxruntime-web or -node (with tokenizer() and encode as above):
  const session = await ort.InferenceSession.create('student.onnx');
  const out = await session.run({ ${input}: new ort.Tensor('float32', encode('The text to classify.'), [1, ${length}]) });
  const predicted = out.logits.data.indexOf(Math.max(...out.logits.data));

metadata.json holds the class labels, the tokeniser, the full training configuration, the teachers'
settings and every T/alpha change of the run.
`;
}

export function buildStudentZip(model: SavedModel, metadata: StudentMetadata): Uint8Array {
  const { text } = metadata;
  if (text) checkVocabulary(model, text);
  return zipSync({
    [MODEL_FILE]: strToU8(JSON.stringify(modelJson(model))),
    [WEIGHTS_FILE]: new Uint8Array(model.weightData),
    [METADATA_FILE]: strToU8(JSON.stringify(metadata, null, 2)),
    [README_FILE]: strToU8(text ? textReadme(metadata, text, hasLayer(model, EMBEDDING_BAG)) : readme(metadata)),
    ...(text ? { [VOCAB_FILE]: strToU8(JSON.stringify(text, null, 1)) } : {}),
  });
}

interface TopologyLayer {
  class_name?: string;
  config?: { input_dim?: number };
}

function topologyLayers(model: SavedModel): TopologyLayer[] {
  const layers = (model.modelTopology as { config?: { layers?: unknown } } | null)?.config?.layers;
  return Array.isArray(layers) ? (layers as TopologyLayer[]) : [];
}

function hasLayer(model: SavedModel, className: string): boolean {
  return topologyLayers(model).some((layer) => layer.class_name === className);
}

/** A text student's embedding table must have a row for every id of the vocabulary it is shipped with. */
function checkVocabulary(model: SavedModel, text: TextTokenizer): void {
  const embedding = topologyLayers(model).find((layer) => layer.class_name === 'Embedding' || layer.class_name === EMBEDDING_BAG);
  const rows = embedding?.config?.input_dim;
  if (rows !== undefined && rows !== text.vocabSize)
    throw new Error(`The vocabulary (${text.vocabSize} ids) does not fit the student's embedding table (${rows} rows).`);
}

export interface StudentZip {
  model: SavedModel;
  metadata: StudentMetadata;
}

/** Metadata as this version writes it: a zip from an earlier version has its flags as 'on'/'off' (migrateConfig). */
function withCurrentConfigs(metadata: StudentMetadata): StudentMetadata {
  if (typeof metadata !== 'object' || metadata === null) return metadata;
  const { config, teacherConfig } = metadata;
  return {
    ...metadata,
    ...(config ? { config: migrateConfig(config) } : {}),
    ...(teacherConfig ? { teacherConfig: migrateConfig(teacherConfig) } : {}),
  };
}

/** Reads a zip made by buildStudentZip back; throws a message naming what is missing. */
export function readStudentZip(zip: Uint8Array): StudentZip {
  let files: Record<string, Uint8Array>;
  try {
    files = unzipSync(zip);
  } catch (error) {
    throw new Error(`Not a readable zip file: ${(error as Error).message}`, { cause: error });
  }
  // Check every file up front, so a zip missing several names the first of them.
  for (const name of [MODEL_FILE, WEIGHTS_FILE, METADATA_FILE]) zipEntry(files, name);
  const json = parseJsonFile(files, MODEL_FILE) as {
    modelTopology: object;
    weightsManifest: { paths: string[]; weights: WeightSpec[] }[];
  };
  if (!Array.isArray(json?.weightsManifest)) throw new Error(`${MODEL_FILE} has no weightsManifest.`);
  const weights = zipEntry(files, WEIGHTS_FILE);
  return {
    model: {
      modelTopology: json.modelTopology,
      weightSpecs: json.weightsManifest.flatMap((group) => group.weights),
      weightData: weights.buffer.slice(weights.byteOffset, weights.byteOffset + weights.byteLength) as ArrayBuffer,
    },
    metadata: withCurrentConfigs(parseJsonFile(files, METADATA_FILE) as StudentMetadata),
  };
}

/** The bytes of one file of the zip; throws a message naming it if it is missing. */
function zipEntry(files: Record<string, Uint8Array>, name: string): Uint8Array {
  const bytes = files[name];
  if (!bytes) throw new Error(`The zip has no ${name}.`);
  return bytes;
}

function parseJsonFile(files: Record<string, Uint8Array>, name: string): unknown {
  const bytes = zipEntry(files, name);
  try {
    return JSON.parse(strFromU8(bytes));
  } catch (error) {
    throw new Error(`${name} is not valid JSON: ${(error as Error).message}`, { cause: error });
  }
}
