/** Batched inference (no dropout) over dataset samples, returning plain logits. */
import * as tf from '@tensorflow/tfjs';
import { gatherLabels, gatherInputs, type Dataset } from '../data/data';

const INFERENCE_BATCH = 500;

/** A [batch, features] float tensor of the given samples (the models' inputs). */
export function imagesTensor(dataset: Dataset, indices: ArrayLike<number>): tf.Tensor2D {
  return tf.tensor2d(gatherInputs(dataset, indices), [indices.length, dataset.features]);
}

/** Runs `train` on the batch's images and int32 labels, disposing both afterwards. */
export function withBatch(dataset: Dataset, indices: Int32Array, train: (x: tf.Tensor2D, y: tf.Tensor1D) => void): void {
  const x = imagesTensor(dataset, indices);
  const y = tf.tensor1d(gatherLabels(dataset, indices), 'int32');
  try {
    train(x, y);
  } finally {
    x.dispose();
    y.dispose();
  }
}

/** Logits (rows × classes, row-major) of `model` for the given samples, in inference mode. */
export async function predictLogits(model: tf.LayersModel, dataset: Dataset, indices: Int32Array): Promise<Float32Array> {
  const classes = dataset.classNames.length;
  const out = new Float32Array(indices.length * classes);
  for (let start = 0; start < indices.length; start += INFERENCE_BATCH) {
    const batch = indices.subarray(start, start + INFERENCE_BATCH);
    // One call per chunk: predict's default batch size (32) would slice the input again and again.
    const logits = tf.tidy(() => model.predict(imagesTensor(dataset, batch), { batchSize: batch.length }) as tf.Tensor2D);
    out.set(await logits.data(), start * classes);
    logits.dispose();
  }
  return out;
}

/** Logits for every sample of the dataset, keyed by sample index (row i = sample i). */
export function allIndices(dataset: Dataset): Int32Array {
  return Int32Array.from({ length: dataset.count }, (_, i) => i);
}
