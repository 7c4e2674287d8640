/**
 * The student download: one .zip holding a TensorFlow.js Layers model (model.json +
 * student.weights.bin), metadata.json and a README with a snippet that loads it.
 * fflate only, no tfjs, so the page can build the zip itself even if the worker has died.
 */
import { strFromU8, strToU8, unzipSync, zipSync } from 'fflate';
import { migrateConfig, type ExperimentConfig } from '../settings/config';
import { formatPercent } from '../format';
import { hyperparamsText, roundTemperature } from '../settings/describe';
import { lossById } from '../losses/registry';
import { PIXELS, type Dataset } from '../data/data';
import type { WeightDtype } from './quantize';
import type { QuantizedRow, Results, SavedModel, ScheduleEntry, WeightSpec } from '../types';

export const MODEL_FILE = 'model.json';
export const WEIGHTS_FILE = 'student.weights.bin';
export const METADATA_FILE = 'metadata.json';
export const README_FILE = 'README.txt';

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
export type DatasetInput = Pick<Dataset, 'name' | 'features' | 'image' | 'columns' | 'standardization'>;

const MNIST_DESCRIPTION = `[batch, ${PIXELS}] float32: a 28×28 grey image, row-major, pixel / 255 (white digit on black, as in MNIST).`;

/** How to feed a model trained on `dataset`. */
function inputOf(dataset: DatasetInput | undefined): StudentMetadata['input'] {
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
  };
}

/**
 * A file name that says what is inside: e.g. student-64h-T4-a0.9-94.4pct.zip for the distilled
 * student (T and alpha of its last batch; a loss other than vanilla KD is named, as in
 * student-64h-dkd-T4-a0.9-…; quantized weights too, as in student-64h-T4-a0.9-uint8-94.3pct.zip),
 * baseline-64h-93.1pct.zip for the baseline.
 */
export function modelFileName(metadata: StudentMetadata): string {
  // 64h, 128-64h, 0h for a student without a hidden layer, cnn for the convolutional one.
  const layout = metadata.config.studentHidden;
  const hidden = layout === 'cnn' ? 'cnn' : `${layout === 'none' ? '0' : layout}h`;
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

/** The doc_string of the .onnx file: what the model is and how to feed it. */
export function onnxDescription(metadata: StudentMetadata): string {
  return `Distill Studio ${metadata.model}, ${scheduleText(metadata)}. Test accuracy ${formatPercent(metadata.weights.float32TestAccuracy)}. Input "pixels": ${metadata.input.description} Outputs "logits" and "probabilities" (softmax). Classes: ${metadata.classNames.join(', ')}.`;
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

export function buildStudentZip(model: SavedModel, metadata: StudentMetadata): Uint8Array {
  return zipSync({
    [MODEL_FILE]: strToU8(JSON.stringify(modelJson(model))),
    [WEIGHTS_FILE]: new Uint8Array(model.weightData),
    [METADATA_FILE]: strToU8(JSON.stringify(metadata, null, 2)),
    [README_FILE]: strToU8(readme(metadata)),
  });
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
