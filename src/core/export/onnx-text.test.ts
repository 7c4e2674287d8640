/**
 * The text students as ONNX: the bag (EmbeddingBag → masked mean → Gemm) and the conv1d student
 * (Gather → Conv1D → ReduceMax → Gemm), scored with onnxruntime-web in Node against tfjs on rows
 * with padding, a row of padding only, unknown words and full rows; and the metadata_props a
 * lone .onnx file carries.
 */
import * as tf from '@tensorflow/tfjs';
import * as ort from 'onnxruntime-web';
import { beforeAll, describe, expect, it } from 'vitest';
import { useNodeBackend } from '../../../scripts/lib/node-runtime';
import { seededRandom, type InputSpec } from '../data/data';
import { toSavedModel } from '../models/model-io';
import { createBagStudent, createConv1dStudent } from '../models/text-models';
import { buildOnnx, onnxLayers, ONNX_LOGITS, ONNX_PROBABILITIES, ONNX_TEXT_INPUT } from './onnx';

const VOCAB = 50;
const LENGTH = 12;
const CLASSES = 3;
const input: InputSpec = { features: LENGTH, image: null, text: { vocabSize: VOCAB, length: LENGTH } };

beforeAll(async () => {
  await useNodeBackend('cpu');
  ort.env.wasm.numThreads = 1;
});

/** Token-id rows: short rows then padding, a row of padding only, unknown words (1), full rows, the largest id. */
function idRows(): Float32Array {
  const random = seededRandom(11);
  const rows: number[][] = [
    [5, 9, 2, 0, 0, 0, 0, 0, 0, 0, 0, 0],
    Array.from({ length: LENGTH }, () => 0),
    [1, 1, 7, 1, 0, 0, 0, 0, 0, 0, 0, 0],
    [1, ...Array.from({ length: LENGTH - 1 }, () => 0)],
    Array.from({ length: LENGTH }, (_, i) => VOCAB - 1 - i),
    [3, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0],
  ];
  for (let r = 0; r < 10; r++) {
    const count = Math.floor(random() * (LENGTH + 1));
    rows.push(Array.from({ length: LENGTH }, (_, i) => (i < count ? 1 + Math.floor(random() * (VOCAB - 1)) : 0)));
  }
  return Float32Array.from(rows.flat());
}

/** Weights away from their initial values (seeded), so a transposed kernel or a wrong axis would show. */
function perturb(model: tf.LayersModel, seed: number): void {
  const weights = model.getWeights().map((w, i) => tf.randomNormal(w.shape, 0, 0.3, 'float32', seed + i));
  model.setWeights(weights);
  tf.dispose(weights);
}

async function runOnnx(bytes: Uint8Array, ids: Float32Array): Promise<{ logits: Float32Array; probabilities: Float32Array }> {
  const session = await ort.InferenceSession.create(bytes);
  try {
    expect(session.inputNames).toEqual([ONNX_TEXT_INPUT]);
    const out = await session.run({ [ONNX_TEXT_INPUT]: new ort.Tensor('float32', ids, [ids.length / LENGTH, LENGTH]) });
    return { logits: out[ONNX_LOGITS]!.data as Float32Array, probabilities: out[ONNX_PROBABILITIES]!.data as Float32Array };
  } finally {
    await session.release();
  }
}

function tfjsLogits(model: tf.LayersModel, ids: Float32Array): Float32Array {
  return tf.tidy(() => (model.predict(tf.tensor2d(ids, [ids.length / LENGTH, LENGTH])) as tf.Tensor).dataSync() as Float32Array);
}

const worst = (a: Float32Array, b: Float32Array) => {
  expect(a.length).toBe(b.length);
  return a.reduce((m, v, i) => Math.max(m, Math.abs(v - b[i]!)), 0);
};

describe('text students as ONNX', () => {
  it('the bag student (EmbeddingBag → masked mean → Gemm): logits to 1e-4, padding left out, a row of padding only gives the bias', async () => {
    const bag = createBagStudent(CLASSES, 4, 'bag', input);
    perturb(bag, 100);
    const saved = await toSavedModel(bag);
    expect(onnxLayers(saved).map((l) => l.kind)).toEqual(['embeddingBag', 'dense']);
    const ids = idRows();
    const bytes = buildOnnx(saved);
    const { logits, probabilities } = await runOnnx(bytes, ids);
    const reference = tfjsLogits(bag, ids);
    expect(worst(logits, reference)).toBeLessThan(1e-4);
    // The all-padding row (row 1): zeros through the dense layer, i.e. its bias.
    const bias = bag.layers[1]!.getWeights()[1]!.dataSync();
    expect(worst(logits.subarray(CLASSES, 2 * CLASSES), Float32Array.from(bias))).toBeLessThan(1e-6);
    // Padding is left out of the mean: the ids of row 0 with padding between them, in another order, give its logits.
    const spread = Float32Array.from([0, 2, 0, 0, 9, 0, 0, 0, 5, 0, 0, 0]);
    expect(worst((await runOnnx(bytes, spread)).logits, logits.subarray(0, CLASSES))).toBeLessThan(1e-5);
    for (let row = 0; row < ids.length / LENGTH; row++) {
      expect(probabilities.subarray(row * CLASSES, (row + 1) * CLASSES).reduce((a, b) => a + b, 0)).toBeCloseTo(1, 5);
    }
    const text = new TextDecoder('latin1').decode(bytes);
    for (const op of ['Cast', 'Gather', 'Equal', 'Not', 'Unsqueeze', 'ReduceSum', 'Max', 'Div', 'Gemm']) expect(text).toContain(op);
    bag.dispose();
  });

  it('the conv1d student (Gather → Conv1D + ReLU → ReduceMax → Gemm): logits to 1e-4', async () => {
    const conv = createConv1dStudent(CLASSES, 6, 'conv', input);
    perturb(conv, 200);
    const saved = await toSavedModel(conv);
    expect(onnxLayers(saved).map((l) => l.kind)).toEqual(['embedding', 'conv1d', 'globalMaxPool1d', 'dense']);
    const ids = idRows();
    const { logits } = await runOnnx(buildOnnx(saved), ids);
    expect(worst(logits, tfjsLogits(conv, ids))).toBeLessThan(1e-4);
    conv.dispose();
  });

  it('a bag of another width, a batch of one, and a conv1d with stride 2 agree with tfjs too', async () => {
    const bag = createBagStudent(CLASSES, 8, 'bag8', input, 8);
    perturb(bag, 300);
    const one = idRows().subarray(0, LENGTH);
    expect(worst((await runOnnx(buildOnnx(await toSavedModel(bag)), one)).logits, tfjsLogits(bag, one))).toBeLessThan(1e-4);
    bag.dispose();
    const strided = tf.sequential({
      layers: [
        tf.layers.embedding({ inputShape: [LENGTH], inputDim: VOCAB, outputDim: 5 }),
        tf.layers.conv1d({ filters: 4, kernelSize: 2, strides: 2, activation: 'relu' }),
        tf.layers.globalMaxPooling1d(),
        tf.layers.dense({ units: 6, activation: 'relu' }),
        tf.layers.dense({ units: CLASSES }),
      ],
    });
    perturb(strided, 400);
    const ids = idRows();
    expect(worst((await runOnnx(buildOnnx(await toSavedModel(strided)), ids)).logits, tfjsLogits(strided, ids))).toBeLessThan(1e-4);
    strided.dispose();
  });

  it('writes metadata_props and the doc_string given, for a lone .onnx file to carry the vocabulary', async () => {
    const bag = createBagStudent(CLASSES, 4, 'bag', input);
    const saved = await toSavedModel(bag);
    bag.dispose();
    const metadata = {
      tokenizer: JSON.stringify({ words: ['the', 'ça', '😀'], length: LENGTH }),
      'tokenizer.pattern': '[a-z0-9]+|[^a-z0-9\\s]',
    };
    const model = readModelProto(buildOnnx(saved, { description: 'A text student.', metadata }));
    expect(model.docString).toBe('A text student.');
    expect(model.metadata).toEqual(metadata);
    expect(JSON.parse(model.metadata.tokenizer!)).toEqual({ words: ['the', 'ça', '😀'], length: LENGTH });
    expect(readModelProto(buildOnnx(saved)).metadata).toEqual({});
  });

  it('refuses what it cannot write, saying why', async () => {
    const masked = tf.sequential({
      layers: [
        tf.layers.embedding({ inputShape: [LENGTH], inputDim: VOCAB, outputDim: 4, maskZero: true }),
        tf.layers.globalAveragePooling1d(),
        tf.layers.dense({ units: CLASSES }),
      ],
    });
    const saved = await toSavedModel(masked);
    masked.dispose();
    expect(() => buildOnnx(saved)).toThrow(/embeddings that mask zeros/);
    const flat = tf.sequential({
      layers: [tf.layers.embedding({ inputShape: [LENGTH], inputDim: VOCAB, outputDim: 4 }), tf.layers.dense({ units: CLASSES })],
    });
    const unflat = await toSavedModel(flat);
    flat.dispose();
    expect(() => buildOnnx(unflat)).toThrow(/needs a flat input to Dense layer/);
    const dilated = tf.sequential({
      layers: [
        tf.layers.embedding({ inputShape: [LENGTH], inputDim: VOCAB, outputDim: 4 }),
        tf.layers.conv1d({ filters: 2, kernelSize: 2, dilationRate: 2 }),
        tf.layers.globalMaxPooling1d(),
        tf.layers.dense({ units: CLASSES }),
      ],
    });
    const dilatedSaved = await toSavedModel(dilated);
    dilated.dispose();
    expect(() => buildOnnx(dilatedSaved)).toThrow(/undilated convolutions only/);
  });
});

/** The doc_string (6) and metadata_props (14: key 1, value 2) of a ModelProto, read with a minimal protobuf reader. */
function readModelProto(bytes: Uint8Array): { docString: string | null; metadata: Record<string, string> } {
  const decoder = new TextDecoder();
  const fields = (buffer: Uint8Array) => {
    const out: [number, Uint8Array | number][] = [];
    let at = 0;
    const varint = () => {
      let value = 0n;
      let shift = 0n;
      for (;;) {
        const byte = buffer[at++]!;
        value |= BigInt(byte & 0x7f) << shift;
        shift += 7n;
        if (byte < 0x80) return value;
      }
    };
    while (at < buffer.length) {
      const key = Number(varint());
      const [field, wire] = [key >> 3, key & 7];
      if (wire === 0) out.push([field, Number(varint())]);
      else if (wire === 2) {
        const length = Number(varint());
        out.push([field, buffer.subarray(at, at + length)]);
        at += length;
      } else throw new Error(`unexpected wire type ${wire}`);
    }
    return out;
  };
  let docString: string | null = null;
  const metadata: Record<string, string> = {};
  for (const [field, value] of fields(bytes)) {
    if (field === 6) docString = decoder.decode(value as Uint8Array);
    if (field === 14) {
      const entry = Object.fromEntries(fields(value as Uint8Array).map(([f, v]) => [f, decoder.decode(v as Uint8Array)]));
      metadata[entry[1]!] = entry[2]!;
    }
  }
  return { docString, metadata };
}
