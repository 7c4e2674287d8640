/**
 * The student download: one .zip holding a TensorFlow.js Layers model (model.json +
 * student.weights.bin), metadata.json and a README with a snippet that loads it.
 * fflate only, no tfjs, so the page can build the zip itself even if the worker has died.
 */
import { strFromU8, strToU8, unzipSync, zipSync } from 'fflate';
import type { ExperimentConfig } from './config';
import type { Results, SavedModel, WeightSpec } from './types';

export const MODEL_FILE = 'model.json';
export const WEIGHTS_FILE = 'student.weights.bin';
export const METADATA_FILE = 'metadata.json';
export const README_FILE = 'README.txt';

export interface StudentMetadata {
  classNames: string[];
  input: { shape: [null, number]; range: [number, number]; description: string };
  output: string;
  temperature: number;
  alpha: number;
  testAccuracy: number;
  createdAt: string;
  config: ExperimentConfig;
}

/** Metadata for a distilled student: how to feed it, what it outputs, and how it was made. */
export function describeStudent(classNames: string[], results: Results, config: ExperimentConfig, createdAt: string): StudentMetadata {
  return {
    classNames,
    input: {
      shape: [null, 784],
      range: [0, 1],
      description: '[batch, 784] float32: a 28×28 grey image, row-major, pixel / 255 (white digit on black, as in MNIST).',
    },
    output: `[batch, ${classNames.length}] logits: argmax is the predicted class; softmax gives probabilities.`,
    temperature: results.temperature,
    alpha: results.alpha,
    testAccuracy: results.student.testAccuracy,
    createdAt,
    config,
  };
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

function readme(metadata: StudentMetadata): string {
  return `Distill Studio student model
============================

A TensorFlow.js Layers model distilled from a teacher ensemble
(T = ${metadata.temperature}, alpha = ${metadata.alpha}, test accuracy ${(metadata.testAccuracy * 100).toFixed(2)} %).

Input: ${metadata.input.description}
Output: ${metadata.output}

Load it (unzip first, serve the folder, or use tf.io.browserFiles with both files):

  const model = await tf.loadLayersModel('model.json');
  const logits = model.predict(tf.tensor2d(pixels, [1, 784]));   // pixels: 784 floats in [0, 1]
  const digit = logits.argMax(-1).dataSync()[0];

metadata.json holds the class labels and the full training configuration.
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

/** Reads a zip made by buildStudentZip back; throws a message naming what is missing. */
export function readStudentZip(zip: Uint8Array): StudentZip {
  let files: Record<string, Uint8Array>;
  try {
    files = unzipSync(zip);
  } catch (error) {
    throw new Error(`Not a readable zip file: ${(error as Error).message}`);
  }
  for (const name of [MODEL_FILE, WEIGHTS_FILE, METADATA_FILE]) {
    if (!files[name]) throw new Error(`The zip has no ${name}.`);
  }
  const json = parseJsonFile(files, MODEL_FILE) as {
    modelTopology: object;
    weightsManifest: { paths: string[]; weights: WeightSpec[] }[];
  };
  if (!Array.isArray(json?.weightsManifest)) throw new Error(`${MODEL_FILE} has no weightsManifest.`);
  const weights = files[WEIGHTS_FILE];
  return {
    model: {
      modelTopology: json.modelTopology,
      weightSpecs: json.weightsManifest.flatMap((group) => group.weights),
      weightData: weights.buffer.slice(weights.byteOffset, weights.byteOffset + weights.byteLength) as ArrayBuffer,
    },
    metadata: parseJsonFile(files, METADATA_FILE) as StudentMetadata,
  };
}

function parseJsonFile(files: Record<string, Uint8Array>, name: string): unknown {
  try {
    return JSON.parse(strFromU8(files[name]));
  } catch (error) {
    throw new Error(`${name} is not valid JSON: ${(error as Error).message}`);
  }
}
