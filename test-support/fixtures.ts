/** Shared test fixtures: the real MNIST asset, a small subset of it, and a tiny experiment config. */
import * as tf from '@tensorflow/tfjs';
import { DEFAULT_CONFIG, type ExperimentConfig } from '../src/core/settings/config';
import { makeDataset, PIXELS, type Dataset } from '../src/core/data/data';
import { loadMnist } from '../scripts/lib/node-runtime';

export { loadMnist };

/** The tfjs pure-JS backend: deterministic and available everywhere. */
export async function useCpu(): Promise<void> {
  if (!(await tf.setBackend('cpu'))) throw new Error('the tfjs cpu backend could not be initialised');
  await tf.ready();
}

/**
 * `count` evenly spaced samples of the real asset (which is sorted by class, so every class is
 * represented), as a dataset of its own, split per class like the full one.
 */
export function mnistSubset(count: number, source: Dataset = loadMnist()): Dataset {
  const stride = source.count / count;
  const pixels = new Uint8Array(count * PIXELS);
  const labels = new Uint8Array(count);
  for (let i = 0; i < count; i++) {
    const sample = Math.floor(i * stride);
    pixels.set(source.values.subarray(sample * PIXELS, (sample + 1) * PIXELS), i * PIXELS);
    labels[i] = source.labels[sample]!;
  }
  return makeDataset(`MNIST subset of ${count}`, source.classNames, pixels, labels);
}

/** A configuration small enough for a unit test: one narrow teacher, a narrow student, one epoch each. */
export function tinyConfig(overrides: Partial<ExperimentConfig> = {}): ExperimentConfig {
  return {
    ...DEFAULT_CONFIG,
    seed: 7,
    ensembleSize: 1,
    teacherHidden: 32,
    teacherEpochs: 1,
    learningRate: 0.01,
    batchSize: 32,
    studentHidden: '16',
    studentEpochs: 1,
    temperature: 4,
    alpha: 0.9,
    ...overrides,
  };
}

/** Every weight of a model as one flat array of numbers, for exact comparisons. */
export function flatWeights(model: tf.LayersModel): number[] {
  return model.getWeights().flatMap((w) => Array.from(w.dataSync()));
}
