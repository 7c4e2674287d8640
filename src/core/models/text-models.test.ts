/**
 * The text models: shapes and parameter counts, seeding, padding invariance, save and load with the
 * custom layers, learning a tiny task on cpu and wasm without leaks, and a wasm training step that
 * gives the cpu step's loss and gradients (so every kernel they need has a gradient on wasm).
 */
import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { flatWeights } from '../../../test-support/fixtures';
import { useNodeBackend, type NodeBackend } from '../../../scripts/lib/node-runtime';
import { MNIST_INPUT, seededRandom, type InputSpec } from '../data/data';
import { teacherLoss } from '../losses/steps';
import { trainableVariables } from './models';
import { createBagStudent, createConv1dStudent, createTransformerTeacher } from './text-models';
import { EmbeddingBag, LayerNorm, maskedMean } from './text-layers';

const textInput = (vocabSize: number, length: number): InputSpec => ({ features: length, image: null, text: { vocabSize, length } });

/** A tiny task: 2..length tokens from 2..vocab−1, then padding; class 1 when token 5 appears (half the rows). */
function task(rows: number, vocab: number, length: number, seed = 3): { ids: tf.Tensor2D; labels: tf.Tensor1D; values: number[][] } {
  const random = seededRandom(seed);
  const values: number[][] = [];
  for (let i = 0; i < rows; i++) {
    const count = 2 + Math.floor(random() * (length - 1));
    const row = Array.from({ length }, (_, j) => (j < count ? 2 + Math.floor(random() * (vocab - 2)) : 0));
    const five = row.indexOf(5);
    if (i % 2 === 0 && five < 0) row[Math.floor(random() * count)] = 5;
    if (i % 2 === 1 && five >= 0) row.forEach((id, j) => id === 5 && (row[j] = 6));
    values.push(row);
  }
  const labels = values.map((row) => (row.includes(5) ? 1 : 0));
  return { ids: tf.tensor2d(values), labels: tf.tensor1d(labels, 'int32'), values };
}

type Builder = (seed: number, input: InputSpec) => tf.LayersModel;
const BUILDERS: [string, Builder, number][] = [
  // name, builder, Adam's learning rate for the tiny task
  ['transformer teacher', (seed, input) => createTransformerTeacher(2, seed, input, { modelDim: 16 }), 0.01],
  ['bag student', (seed, input) => createBagStudent(2, seed, 'bag', input), 0.05],
  ['conv1d student', (seed, input) => createConv1dStudent(2, seed, 'conv', input), 0.02],
];

const outputs = (model: tf.LayersModel, ids: tf.Tensor) => tf.tidy(() => Array.from((model.predict(ids) as tf.Tensor).dataSync()));

function maxDifference(a: ArrayLike<number>, b: ArrayLike<number>): number {
  expect(a.length).toBe(b.length);
  let max = 0;
  for (let i = 0; i < a.length; i++) max = Math.max(max, Math.abs(a[i]! - b[i]!));
  return max;
}

describe('text model shapes', () => {
  const input = textInput(8000, 64);

  it('count their parameters: teacher (vocab 8000, 64 tokens, d 64, 1 block, 8 classes), bag (16) and conv1d students', async () => {
    await useNodeBackend('cpu');
    const teacher = createTransformerTeacher(8, 1, input);
    const embeddings = 8000 * 64 + 64 * 64;
    const block = 4 * (64 * 64 + 64) + 2 * 2 * 64 + (64 * 128 + 128) + (128 * 64 + 64);
    expect(teacher.countParams()).toBe(embeddings + block + 64 * 8 + 8);
    expect(teacher.countParams()).toBe(550_088);
    expect(teacher.name).toBe('transformer_teacher_1');
    expect(createTransformerTeacher(8, 1, input, { blocks: 2 }).countParams()).toBe(550_088 + block);
    expect(createBagStudent(8, 1, 'bag', input).countParams()).toBe(8000 * 16 + 16 * 8 + 8);
    expect(createConv1dStudent(8, 1, 'conv', input).countParams()).toBe(8000 * 16 + (3 * 16 * 32 + 32) + 32 * 8 + 8);
    for (const model of [teacher, createBagStudent(8, 1, 'bag', input), createConv1dStudent(8, 1, 'conv', input)]) {
      expect(model.inputs[0]!.shape).toEqual([null, 64]);
      expect(model.outputs[0]!.shape).toEqual([null, 8]);
      model.dispose();
    }
  });

  it('take float ids [batch, length] and give [batch, classes] logits', async () => {
    await useNodeBackend('cpu');
    const small = textInput(30, 10);
    const { ids } = task(5, 30, 10);
    for (const [, build] of BUILDERS) {
      const model = build(1, small);
      const out = tf.tidy(() => (model.predict(ids) as tf.Tensor).shape);
      expect(out).toEqual([5, 2]);
      model.dispose();
    }
    ids.dispose();
  });

  it('the bag student is [EmbeddingBag, dense], its one table named "embeddings" [vocab, dim]', () => {
    const bag = createBagStudent(3, 1, 'bag', textInput(50, 7), 12);
    const first = bag.layers[0]!;
    expect(first).toBeInstanceOf(EmbeddingBag);
    expect(first.getClassName()).toBe('EmbeddingBag');
    expect(first.weights.map((w) => [w.originalName.split('/').at(-1), w.shape])).toEqual([['embeddings', [50, 12]]]);
    expect(first.getConfig()).toMatchObject({ inputDim: 50, outputDim: 12, seed: 1 });
    bag.dispose();
  });

  it('refuse data that is not text, and bad options, with a message', () => {
    expect(() => createTransformerTeacher(10, 1, MNIST_INPUT)).toThrow('The transformer teacher needs text; this dataset is images');
    expect(() => createBagStudent(3, 1, 'bag', { features: 4, image: null })).toThrow('needs text; this dataset is a table (4 columns)');
    expect(() => createConv1dStudent(3, 1, 'conv', { features: 4, image: null })).toThrow('The conv1d student needs text');
    expect(() => createTransformerTeacher(3, 1, textInput(20, 8), { blocks: 3 })).toThrow(
      "transformer teacher's blocks must be a whole number from 1 to 2, got 3",
    );
    expect(() => createTransformerTeacher(3, 1, textInput(20, 8), { modelDim: 10 })).toThrow(
      'modelDim (10) must be a multiple of its heads (4)',
    );
  });
});

describe('text models: seeds, padding, save and load (cpu)', () => {
  const input = textInput(40, 9);

  it.each(BUILDERS)('the %s: the same seed builds the same weights, another seed others', async (_, build) => {
    await useNodeBackend('cpu');
    const [a, b, c] = [build(4, input), build(4, input), build(5, input)];
    expect(flatWeights(a)).toEqual(flatWeights(b));
    expect(flatWeights(a)).not.toEqual(flatWeights(c));
    [a, b, c].forEach((m) => m.dispose());
  });

  it.each(BUILDERS.slice(0, 2))('the %s: appending padding changes no output', async (_, build) => {
    await useNodeBackend('cpu');
    const short = build(2, input);
    const long = build(2, textInput(40, 14));
    // The longer model's weights are the short one's; its extra positions (the teacher's) are random.
    long.setWeights(
      short.getWeights().map((w, i) => {
        const target = long.getWeights()[i]!.shape;
        return w.shape[0] === target[0]
          ? w
          : tf.concat([w, tf.randomNormal([target[0]! - w.shape[0]!, ...w.shape.slice(1)], 0, 1, 'float32', 7)]);
      }),
    );
    const { values } = task(6, 40, 9);
    values[5] = values[5]!.map(() => 0); // a row of padding only: zeros in, finite out
    const shortIds = tf.tensor2d(values);
    const longIds = tf.tensor2d(values.map((row) => [...row, 0, 0, 0, 0, 0]));
    const [a, b] = [outputs(short, shortIds), outputs(long, longIds)];
    expect(a.every(Number.isFinite)).toBe(true);
    expect(maxDifference(a, b)).toBeLessThan(1e-5);
    tf.dispose([shortIds, longIds]);
    [short, long].forEach((m) => m.dispose());
  });

  it.each(BUILDERS)('the %s: saved and loaded (custom layers registered), gives the same outputs', async (_, build) => {
    await useNodeBackend('cpu');
    const model = build(6, input);
    let saved: tf.io.ModelArtifacts | null = null;
    await model.save(
      tf.io.withSaveHandler(async (artifacts) => {
        saved = artifacts;
        return { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON' } };
      }),
    );
    expect(saved).not.toBeNull();
    const loaded = await tf.loadLayersModel(tf.io.fromMemory(saved!));
    const { ids } = task(7, 40, 9);
    expect(maxDifference(outputs(loaded, ids), outputs(model, ids))).toBe(0);
    expect(loaded.countParams()).toBe(model.countParams());
    ids.dispose();
    [model, loaded].forEach((m) => m.dispose());
  });

  it('masked mean: padding left out, a row of padding gives zeros', () => {
    const means = tf.tidy(() => {
      const x = tf.tensor3d([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12], [2, 3, 2]);
      return Array.from(maskedMean(x, tf.tensor2d([4, 0, 9, 0, 0, 0], [2, 3])).dataSync());
    });
    expect(means).toEqual([3, 4, 0, 0]);
  });

  it('LayerNorm normalises the last axis (ε 1e-5) as a float64 computation does', async () => {
    await useNodeBackend('cpu');
    const x = [1, 2, 4, -3, 0.5, 0.25];
    const got = tf.tidy(() => Array.from((new LayerNorm().apply(tf.tensor2d(x, [2, 3])) as tf.Tensor).dataSync()));
    const expected = [x.slice(0, 3), x.slice(3)].flatMap((row) => {
      const mean = row.reduce((s, v) => s + v, 0) / 3;
      const variance = row.reduce((s, v) => s + (v - mean) ** 2, 0) / 3;
      return row.map((v) => (v - mean) / Math.sqrt(variance + 1e-5));
    });
    expect(maxDifference(got, expected)).toBeLessThan(1e-5);
  });
});

/** Adam steps on the task's batch; the loss (dropout off) before and after, and tensors alive after the first and the last step. */
function train(model: tf.LayersModel, learningRate: number, steps: number) {
  const { ids, labels } = task(32, 20, 8);
  const variables = trainableVariables(model);
  const optimizer = tf.train.adam(learningRate);
  const loss = () => tf.tidy(() => teacherLoss(model, ids, labels)[0]!);
  const evaluate = () =>
    tf.tidy(() => tf.losses.softmaxCrossEntropy(tf.oneHot(labels, 2), model.predict(ids) as tf.Tensor2D).dataSync()[0]!);
  const step = () => void optimizer.minimize(loss, false, variables);
  const before = evaluate();
  step(); // creates Adam's moments
  const tensors = tf.memory().numTensors;
  for (let i = 1; i < steps; i++) step();
  const counts = { tensors, afterSteps: tf.memory().numTensors };
  const after = evaluate();
  tf.dispose([ids, labels]);
  optimizer.dispose();
  return { before, after, ...counts };
}

describe.each(['cpu', 'wasm'] as NodeBackend[])('text models learn on %s', (backend) => {
  it.each(BUILDERS)(
    'the %s: 40 Adam steps on "does token 5 appear?" at least halve the loss, leaking no tensor',
    async (_, build, learningRate) => {
      await useNodeBackend(backend);
      const model = build(1, textInput(20, 8));
      const { before, after, tensors, afterSteps } = train(model, learningRate, 40);
      expect(afterSteps).toBe(tensors);
      expect(after).toBeLessThan(0.5 * before);
      model.dispose();
    },
  );
});

describe('a training step on wasm is the cpu step', () => {
  /** One step's loss and gradients (dropout on) for a fresh model from seed 8, on `backend`. */
  async function step(backend: NodeBackend, build: Builder): Promise<number[][]> {
    await useNodeBackend(backend);
    const model = build(8, textInput(20, 8));
    const { ids, labels } = task(16, 20, 8, 11);
    const result = tf.tidy(() => {
      const { value, grads } = tf.variableGrads(() => teacherLoss(model, ids, labels)[0]!, trainableVariables(model));
      return [[value.dataSync()[0]!], ...Object.values(grads).map((g) => Array.from(g.dataSync()))];
    });
    tf.dispose([ids, labels]);
    model.dispose();
    return result;
  }

  it.each(BUILDERS)('the %s: same loss and gradients (every kernel it needs has a gradient on wasm)', async (_, build) => {
    const cpu = await step('cpu', build);
    const wasm = await step('wasm', build);
    expect(wasm).toHaveLength(cpu.length);
    cpu.forEach((g, i) => {
      const scale = Math.max(1, ...g.map(Math.abs));
      expect(maxDifference(wasm[i]!, g) / scale).toBeLessThan(1e-4);
    });
    expect(Math.max(...cpu.slice(1).flat().map(Math.abs))).toBeGreaterThan(1e-3);
  });
});
