/**
 * Runs and downloads a user can follow: a second distillation adds a row instead of replacing the
 * first; each run's distilled student and baseline download under names that say what they are,
 * load in Node (tfjs CPU backend) and score the accuracy the Results table showed.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Page } from '@playwright/test';
import * as tf from '@tensorflow/tfjs';
import { unzipSync, strFromU8 } from 'fflate';
import * as ort from 'onnxruntime-web';
import { gatherLabels, gatherInputs, parseMnistAsset, PIXELS } from '../src/core/data/data';
import { METADATA_FILE, MODEL_FILE, README_FILE, readStudentZip, WEIGHTS_FILE, type StudentZip } from '../src/core/export/export';
import { fromSavedModel } from '../src/core/models/model-io';
import { expect, JOB_TIMEOUT, parsePercent, test, type Studio } from './fixtures';

const MNIST_ASSET = join(import.meta.dirname, '..', 'public', 'data', 'mnist.bin');

/** The bundled dataset's test split, as the studio splits it. */
async function testSplit() {
  const bytes = await readFile(MNIST_ASSET);
  const dataset = parseMnistAsset(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer);
  const { test: indices } = dataset.split;
  return { dataset, indices, labels: gatherLabels(dataset, indices) };
}

/** Test accuracy in percent of `model` on the studio's test split, on tfjs's CPU backend. */
async function nodeTestAccuracy(model: tf.LayersModel): Promise<{ percent: number; count: number }> {
  const { dataset, indices, labels } = await testSplit();
  const predicted = tf.tidy(() => {
    const x = tf.tensor2d(gatherInputs(dataset, indices), [indices.length, PIXELS]);
    return (model.predict(x) as tf.Tensor2D).argMax(-1);
  });
  const digits = await predicted.data();
  predicted.dispose();
  let correct = 0;
  for (let i = 0; i < labels.length; i++) if (digits[i] === labels[i]) correct++;
  return { percent: (100 * correct) / labels.length, count: labels.length };
}

/** Test accuracy in percent of an .onnx student on the studio's test split, run by onnxruntime-web in Node. */
async function onnxTestAccuracy(bytes: Uint8Array): Promise<number> {
  const { dataset, indices, labels } = await testSplit();
  ort.env.wasm.numThreads = 1;
  const session = await ort.InferenceSession.create(bytes);
  try {
    const input = new ort.Tensor('float32', gatherInputs(dataset, indices), [indices.length, PIXELS]);
    const logits = (await session.run({ pixels: input })).logits!.data as Float32Array;
    let correct = 0;
    for (let i = 0; i < labels.length; i++) {
      const row = logits.subarray(i * 10, i * 10 + 10);
      if (row.indexOf(Math.max(...row)) === labels[i]) correct++;
    }
    return (100 * correct) / labels.length;
  } finally {
    await session.release();
  }
}

/** Clicks a download button; returns the file's name, the name shown under the button, and the zip read back. */
async function download(
  page: Page,
  studio: Studio,
  button: string,
): Promise<{ name: string; shown: string; zip: Uint8Array; read: StudentZip }> {
  const shown = (await page.locator(`#${await studio.button(button).getAttribute('aria-describedby')}`).textContent()) ?? '';
  const [file] = await Promise.all([page.waitForEvent('download'), studio.button(button).click()]);
  const zip = new Uint8Array(await readFile(await file.path()));
  return { name: file.suggestedFilename(), shown, zip, read: readStudentZip(zip) };
}

test("two runs keep two rows; each run's students download under their own names and score the shown accuracy in Node", async ({
  studio,
  page,
  consoleErrors,
}) => {
  await studio.open();
  await studio.configure();
  await studio.trainTeachers();
  await studio.startDistilling();
  await studio.waitForStudent();
  const runs = page.getByRole('table', { name: 'Runs', exact: true });
  await expect(runs.getByRole('row', { name: /^Run 1 Rename run 1 MNIST KD 4 0\.9 \d+\.\d\d % \d+\.\d\d % [+−]\d+\.\d\d / })).toBeVisible();
  expect(await studio.runFact(1, 'Student')).toBe('16 hidden, 3 epochs');
  expect(await studio.runFact(1, 'Teachers')).toMatch(/^1 × MLP 32/);

  // A second run with other settings: while it trains the table says which rows are finished.
  // A deeper student: two hidden layers.
  await studio.fill('Student hidden layers', '24-12');
  await studio.startDistilling();
  await studio.showSection('Results');
  await expect(runs.getByRole('row', { name: /^Run 2 Training… The rows above are finished runs\.$/ })).toBeVisible({
    timeout: JOB_TIMEOUT,
  });
  await studio.waitForStudent();
  await expect(runs.getByRole('row', { name: /^Run 1 Rename run 1 MNIST / })).toBeVisible();
  await expect(runs.getByRole('row', { name: /^Run 2 Rename run 2 MNIST / })).toBeVisible();
  expect(await studio.runFact(2, 'Student')).toBe('24-12 hidden, 3 epochs');
  await expect(page.getByRole('heading', { name: 'Run 2 in detail' })).toBeVisible();

  // Back to run 1: its students are the ones offered.
  await studio.button('Show run 1').click();
  await expect(page.getByRole('heading', { name: 'Run 1 in detail' })).toBeVisible();
  const shownStudent = await studio.testAccuracy('Distilled student');
  const shownBaseline = await studio.testAccuracy('Baseline student');
  const shownEnsemble = await studio.testAccuracy('Teacher ensemble');

  const student = await download(page, studio, 'Download distilled student');
  expect(student.name).toMatch(/^student-16h-T4-a0\.9-\d+\.\dpct\.zip$/);
  expect(student.name).toBe(student.shown);
  // The name carries the accuracy the metadata (and, to two decimals, the table) holds.
  expect(student.name).toBe(`student-16h-T4-a0.9-${(student.read.metadata.testAccuracy * 100).toFixed(1)}pct.zip`);
  await expect(studio.status).toContainText(`Saved ${student.name} (the distilled student of run 1).`);
  const baseline = await download(page, studio, 'Download baseline student');
  expect(baseline.name).toBe(`baseline-16h-${(baseline.read.metadata.testAccuracy * 100).toFixed(1)}pct.zip`);

  const files = unzipSync(student.zip);
  expect(Object.keys(files).sort()).toEqual([METADATA_FILE, README_FILE, MODEL_FILE, WEIGHTS_FILE].sort());
  const modelJson = JSON.parse(strFromU8(files[MODEL_FILE]!)) as { format: string; weightsManifest: { paths: string[] }[] };
  expect(modelJson.format).toBe('layers-model');
  expect(modelJson.weightsManifest[0]!.paths).toEqual([WEIGHTS_FILE]);
  expect(strFromU8(files[README_FILE]!)).toContain('tf.loadLayersModel');

  const { metadata } = student.read;
  expect(metadata.model).toBe('distilled student');
  expect(metadata.input.shape).toEqual([null, PIXELS]);
  expect(metadata.classNames).toEqual(['0', '1', '2', '3', '4', '5', '6', '7', '8', '9']);
  expect(metadata.config.studentHidden).toBe('16');
  // The metadata carries the accuracies the worker measured: the table shows them to 0.01 point.
  for (const [value, shown] of [
    [metadata.testAccuracy, shownStudent],
    [metadata.baselineTestAccuracy, shownBaseline],
    [metadata.ensembleTestAccuracy, shownEnsemble],
  ] as const) {
    expect(Math.abs(value * 100 - shown)).toBeLessThanOrEqual(0.005 + 1e-9);
  }
  expect(baseline.read.metadata.model).toBe('baseline student');

  await tf.setBackend('cpu');
  await tf.ready();
  for (const [what, read, shown] of [
    ['distilled', student.read, shownStudent],
    ['baseline', baseline.read, shownBaseline],
  ] as const) {
    const model = await fromSavedModel(read.model);
    try {
      expect(model.inputs[0]!.shape).toEqual([null, PIXELS]);
      expect(model.outputs[0]!.shape).toEqual([null, 10]);
      const { percent, count } = await nodeTestAccuracy(model);
      expect(count).toBeGreaterThan(1900);
      // Same weights and test images on another backend: the browser (WASM with SIMD/XNNPACK, or
      // WebGPU shaders) sums the 784-term dot products in another order than Node's plain-JS CPU
      // kernels, which can flip the argmax of an image whose two best logits nearly tie. One image
      // is 1/2004 ≈ 0.05 point: allow ±0.1; a broken export is off by far more.
      expect(Math.abs(percent - shown), `${what}: Node CPU accuracy ${percent.toFixed(3)} % vs table ${shown} %`).toBeLessThanOrEqual(0.1);
    } finally {
      model.dispose();
    }
  }

  // The uint8 student: a quarter of the bytes, loaded by stock tf.loadLayersModel (which dequantizes),
  // scoring the accuracy the quantized-weights table shows.
  const quantizedTable = page.getByRole('table', { name: /quantized and measured/ });
  const uint8Row = quantizedTable.getByRole('row', { name: /^uint8 / });
  const shownUint8 = parsePercent(await uint8Row.getByRole('cell').nth(1).textContent());
  const [uint8File] = await Promise.all([
    page.waitForEvent('download'),
    uint8Row.getByRole('button', { name: 'Download uint8 student' }).click(),
  ]);
  expect(uint8File.suggestedFilename()).toMatch(/^student-16h-T4-a0\.9-uint8-\d+\.\dpct\.zip$/);
  const uint8Files = unzipSync(new Uint8Array(await readFile(await uint8File.path())));
  expect(uint8Files[WEIGHTS_FILE]!.byteLength).toBe(files[WEIGHTS_FILE]!.byteLength / 4);
  const uint8Json = JSON.parse(strFromU8(uint8Files[MODEL_FILE]!)) as {
    modelTopology: object;
    weightsManifest: { weights: tf.io.WeightsManifestEntry[] }[];
  };
  expect(uint8Json.weightsManifest[0]!.weights.every((w) => w.quantization?.dtype === 'uint8')).toBe(true);
  const weights = uint8Files[WEIGHTS_FILE]!;
  const uint8Model = await tf.loadLayersModel(
    tf.io.fromMemory({
      modelTopology: uint8Json.modelTopology,
      weightSpecs: uint8Json.weightsManifest[0]!.weights,
      weightData: weights.buffer.slice(weights.byteOffset, weights.byteOffset + weights.byteLength) as ArrayBuffer,
    }),
  );
  const { percent: uint8Percent } = await nodeTestAccuracy(uint8Model);
  uint8Model.dispose();
  expect(Math.abs(uint8Percent - shownUint8), `uint8: Node CPU ${uint8Percent.toFixed(3)} % vs table ${shownUint8} %`).toBeLessThanOrEqual(
    0.1,
  );

  // The ONNX student, run by onnxruntime (its WASM build, in Node): the distilled student's accuracy.
  const [onnxFile] = await Promise.all([page.waitForEvent('download'), studio.button('Download ONNX student').click()]);
  expect(onnxFile.suggestedFilename()).toBe(student.name.replace(/\.zip$/, '.onnx'));
  const onnxPercent = await onnxTestAccuracy(new Uint8Array(await readFile(await onnxFile.path())));
  expect(
    Math.abs(onnxPercent - shownStudent),
    `ONNX: onnxruntime ${onnxPercent.toFixed(3)} % vs table ${shownStudent} %`,
  ).toBeLessThanOrEqual(0.1);

  // Run 2's two-hidden-layer student as ONNX: three Gemm layers, the accuracy the table shows.
  await studio.button('Show run 2').click();
  await expect(page.getByRole('heading', { name: 'Run 2 in detail' })).toBeVisible();
  const shownDeep = await studio.testAccuracy('Distilled student');
  const [deepFile] = await Promise.all([page.waitForEvent('download'), studio.button('Download ONNX student').click()]);
  expect(deepFile.suggestedFilename()).toMatch(/^student-24-12h-T4-a0\.9-\d+\.\dpct\.onnx$/);
  const deepPercent = await onnxTestAccuracy(new Uint8Array(await readFile(await deepFile.path())));
  expect(
    Math.abs(deepPercent - shownDeep),
    `24-12 ONNX: onnxruntime ${deepPercent.toFixed(3)} % vs table ${shownDeep} %`,
  ).toBeLessThanOrEqual(0.1);
  expect(consoleErrors).toEqual([]);
});
