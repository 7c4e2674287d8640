import * as tf from '@tensorflow/tfjs';
import * as ort from 'onnxruntime-web';
import { beforeAll, describe, expect, it } from 'vitest';
import { useNodeBackend } from '../../../scripts/lib/node-runtime';
import { mnistSubset, tinyConfig } from '../../../test-support/fixtures';
import { gatherLabels, gatherInputs, makeDataset, PIXELS, seededRandom, type Dataset } from '../data/data';
import { accuracy } from '../evaluation/metrics';
import { toSavedModel } from '../models/model-io';
import { createStudent } from '../models/models';
import { buildOnnx, onnxLayers, ONNX_INPUT, ONNX_IR_VERSION, ONNX_LOGITS, ONNX_PROBABILITIES } from './onnx';
import { predictLogits } from '../models/predict';
import { quantizeModel } from './quantize';
import { DistillationSession } from '../training/session';
import type { DistillResult } from '../types';

let dataset: Dataset;
let distilled: DistillResult;

beforeAll(async () => {
  await useNodeBackend('wasm');
  ort.env.wasm.numThreads = 1;
  dataset = mnistSubset(1000);
  const session = new DistillationSession(dataset);
  await session.trainTeachers(tinyConfig());
  distilled = await session.distill(tinyConfig({ studentHidden: '24', studentEpochs: 2 }));
  session.dispose();
});

/** Runs the .onnx bytes on the given samples of `data` (MNIST's by default) with onnxruntime (WASM, in Node). */
async function runOnnx(
  bytes: Uint8Array,
  indices: Int32Array,
  data: Dataset = dataset,
): Promise<{ logits: Float32Array; probabilities: Float32Array }> {
  const session = await ort.InferenceSession.create(bytes);
  try {
    const input = new ort.Tensor('float32', gatherInputs(data, indices), [indices.length, data.features]);
    const out = await session.run({ [ONNX_INPUT]: input });
    return { logits: out[ONNX_LOGITS]!.data as Float32Array, probabilities: out[ONNX_PROBABILITIES]!.data as Float32Array };
  } finally {
    await session.release();
  }
}

describe('the ONNX student', () => {
  it('reproduces the tfjs student’s logits to 1e-4 and its test accuracy, with softmax probabilities', async () => {
    const bytes = buildOnnx(distilled.student);
    const { test } = dataset.split;
    const { logits, probabilities } = await runOnnx(bytes, test);
    const model = await tf.loadLayersModel(
      tf.io.fromMemory({
        modelTopology: distilled.student.modelTopology,
        weightSpecs: distilled.student.weightSpecs,
        weightData: distilled.student.weightData,
      }),
    );
    const reference = await predictLogits(model, dataset, test);
    model.dispose();
    expect(logits.length).toBe(reference.length);
    const worst = logits.reduce((m, v, i) => Math.max(m, Math.abs(v - reference[i]!)), 0);
    expect(worst).toBeLessThan(1e-4);
    expect(accuracy(logits, gatherLabels(dataset, test), 10)).toBe(distilled.results.student.testAccuracy);
    for (let row = 0; row < 5; row++) {
      const p = probabilities.subarray(row * 10, row * 10 + 10);
      expect(p.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 5);
    }
  });

  it('writes IR 7, opset 13, Gemm and Relu nodes, and a [batch, 784] input', async () => {
    const bytes = buildOnnx(distilled.student, { softmax: false });
    const session = await ort.InferenceSession.create(bytes);
    expect(session.inputNames).toEqual([ONNX_INPUT]);
    expect(session.outputNames).toEqual([ONNX_LOGITS]);
    await session.release();
    // The first field of ModelProto: ir_version (field 1, varint) = 7.
    expect([...bytes.subarray(0, 2)]).toEqual([0x08, ONNX_IR_VERSION]);
    const text = new TextDecoder('latin1').decode(bytes);
    expect(text).toContain('Gemm');
    expect(text).toContain('Relu');
  });

  it('handles deeper stacks and batch sizes other than the one it was built with', async () => {
    const deep = tf.sequential({
      layers: [
        tf.layers.dense({ inputShape: [PIXELS], units: 12, activation: 'relu' }),
        tf.layers.dense({ units: 6, activation: 'relu' }),
        tf.layers.dense({ units: 10 }),
      ],
    });
    const saved = await toSavedModel(deep);
    expect(onnxLayers(saved).map((l) => (l.kind === 'dense' ? [l.kernel.shape, l.activation] : l.kind))).toEqual([
      [[784, 12], 'relu'],
      [[12, 6], 'relu'],
      [[6, 10], 'linear'],
    ]);
    const indices = dataset.split.val.subarray(0, 3);
    const { logits } = await runOnnx(buildOnnx(saved), indices);
    const reference = await predictLogits(deep, dataset, indices);
    expect(Math.max(...logits.map((v, i) => Math.abs(v - reference[i]!)))).toBeLessThan(1e-4);
    deep.dispose();
  });

  it('writes the CNN student (Reshape, Conv, MaxPool, Flatten, Gemm) with its logits to 1e-4', async () => {
    const cnn = createStudent('cnn', 10, 3);
    // Weights away from their initial values, so a transposed kernel or a wrong flatten order would show.
    cnn.setWeights(cnn.getWeights().map((w, i) => tf.randomNormal(w.shape, 0, 0.2, 'float32', 40 + i)));
    const saved = await toSavedModel(cnn);
    expect(onnxLayers(saved).map((l) => l.kind)).toEqual(['reshape', 'conv', 'pool', 'flatten', 'dense']);
    const indices = dataset.split.val.subarray(0, 16);
    const { logits } = await runOnnx(buildOnnx(saved), indices);
    const reference = await predictLogits(cnn, dataset, indices);
    expect(Math.max(...logits.map((v, i) => Math.abs(v - reference[i]!)))).toBeLessThan(1e-4);
    cnn.dispose();
  });

  it('writes a CNN student of colour images (H×W×3, channels last in tfjs, first in ONNX) with its logits to 1e-4', async () => {
    const random = seededRandom(5);
    const count = 12;
    const pixels = new Uint8Array(count * 10 * 10 * 3).map(() => Math.floor(random() * 256));
    const labels = Uint8Array.from({ length: count }, (_, i) => i % 3);
    const colour = makeDataset('colour', ['a', 'b', 'c'], pixels, labels, { image: { height: 10, width: 10, channels: 3 } });
    const cnn = createStudent('cnn', 3, 3, 'student', colour);
    cnn.setWeights(cnn.getWeights().map((w, i) => tf.randomNormal(w.shape, 0, 0.2, 'float32', 60 + i)));
    const saved = await toSavedModel(cnn);
    const indices = Int32Array.from({ length: count }, (_, i) => i);
    const { logits } = await runOnnx(buildOnnx(saved), indices, colour);
    const reference = await predictLogits(cnn, colour, indices);
    expect(logits.length).toBe(count * 3);
    expect(Math.max(...logits.map((v, i) => Math.abs(v - reference[i]!)))).toBeLessThan(1e-4);
    cnn.dispose();
  });

  it('refuses what it cannot write, saying why', async () => {
    const student = createStudent(4, 10, 1);
    const saved = await toSavedModel(student);
    student.dispose();
    expect(() => buildOnnx(quantizeModel(saved, 'uint8'))).toThrow(/ONNX export needs float32 weights/);
    expect(() => buildOnnx({ ...saved, modelTopology: { class_name: 'Model', config: {} } })).toThrow(/needs a Sequential model/);
    const lstm = { class_name: 'Sequential', config: { layers: [{ class_name: 'LSTM', config: { name: 'l' } }] } };
    expect(() => buildOnnx({ ...saved, modelTopology: lstm })).toThrow(
      /supports Dense, Conv2D, MaxPooling2D, Reshape, Flatten, Embedding, EmbeddingBag, Conv1D and GlobalMaxPooling1D layers, not LSTM/,
    );
    const same = { class_name: 'Sequential', config: { layers: [{ class_name: 'Conv2D', config: { name: 'c', padding: 'same' } }] } };
    expect(() => buildOnnx({ ...saved, modelTopology: same })).toThrow(/valid padding only \(c\)/);
  });
});
