/**
 * The downloaded student works outside the studio: unzip it, load it with TensorFlow.js in Node
 * (CPU backend), classify the test split, and get the accuracy the Results table showed.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { unzipSync, strFromU8 } from 'fflate';
import { gatherLabels, gatherPixels, parseMnistAsset, PIXELS } from '../src/core/data';
import { METADATA_FILE, MODEL_FILE, README_FILE, readStudentZip, WEIGHTS_FILE } from '../src/core/export';
import { fromSavedModel } from '../src/core/model-io';
import { expect, test } from './fixtures';

const MNIST_ASSET = join(import.meta.dirname, '..', 'public', 'data', 'mnist.bin');

/** Test accuracy in percent of `model` on the studio's test split, on tfjs's CPU backend. */
async function nodeTestAccuracy(model: tf.LayersModel): Promise<{ percent: number; count: number }> {
  const bytes = await readFile(MNIST_ASSET);
  const dataset = parseMnistAsset(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer);
  const { test: indices } = dataset.split;
  const labels = gatherLabels(dataset, indices);
  const predicted = tf.tidy(() => {
    const x = tf.tensor2d(gatherPixels(dataset, indices), [indices.length, PIXELS]);
    return (model.predict(x) as tf.Tensor2D).argMax(-1);
  });
  const digits = await predicted.data();
  predicted.dispose();
  let correct = 0;
  for (let i = 0; i < labels.length; i++) if (digits[i] === labels[i]) correct++;
  return { percent: (100 * correct) / labels.length, count: labels.length };
}

test('the downloaded student loads in Node and scores the accuracy shown in the table', async ({ studio, page, consoleErrors }) => {
  await studio.open();
  await studio.configure();
  await studio.trainTeachers();
  await studio.startDistilling();
  await studio.waitForStudent();
  const shown = await studio.testAccuracy('Distilled student');

  const [download] = await Promise.all([page.waitForEvent('download'), studio.button('Download student').click()]);
  expect(download.suggestedFilename()).toBe('distill-studio-student.zip');
  const zip = new Uint8Array(await readFile(await download.path()));
  await expect(studio.status).toContainText('Saved distill-studio-student.zip');

  const files = unzipSync(zip);
  expect(Object.keys(files).sort()).toEqual([METADATA_FILE, README_FILE, MODEL_FILE, WEIGHTS_FILE].sort());
  const modelJson = JSON.parse(strFromU8(files[MODEL_FILE])) as { format: string; weightsManifest: { paths: string[] }[] };
  expect(modelJson.format).toBe('layers-model');
  expect(modelJson.weightsManifest[0].paths).toEqual([WEIGHTS_FILE]);
  expect(strFromU8(files[README_FILE])).toContain('tf.loadLayersModel');

  const { model: saved, metadata } = readStudentZip(zip);
  expect(metadata.input.shape).toEqual([null, PIXELS]);
  expect(metadata.classNames).toEqual(['0', '1', '2', '3', '4', '5', '6', '7', '8', '9']);
  expect(metadata.config.studentHidden).toBe(16);
  // The metadata carries the accuracy the worker measured: the table shows it to 0.01 point.
  expect(Math.abs(metadata.testAccuracy * 100 - shown)).toBeLessThanOrEqual(0.005 + 1e-9);

  await tf.setBackend('cpu');
  await tf.ready();
  const model = await fromSavedModel(saved);
  try {
    expect(model.inputs[0].shape).toEqual([null, PIXELS]);
    expect(model.outputs[0].shape).toEqual([null, 10]);
    const { percent, count } = await nodeTestAccuracy(model);
    expect(count).toBeGreaterThan(1900);
    // The same weights and the same test images, but a different backend: the browser's (WASM with
    // SIMD/XNNPACK, or WebGPU shaders) sums the 784-term dot products in another order than Node's
    // plain-JS CPU kernels, so a logit can differ in its last float32 bits. That can flip the argmax
    // of an image whose two best logits nearly tie. One image is 1/2004 ≈ 0.05 point, so allow
    // ±0.1 point (two such images); a broken export (wrong weights, order or scaling) is off by far more.
    expect(Math.abs(percent - shown), `Node CPU accuracy ${percent.toFixed(3)} % vs table ${shown} %`).toBeLessThanOrEqual(0.1);
  } finally {
    model.dispose();
  }

  expect(consoleErrors).toEqual([]);
});
