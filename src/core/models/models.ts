/**
 * Model builders. Every model takes [batch, features] floats (784 pixels / 255 for MNIST) and
 * outputs [batch, classes] logits (no softmax layer: losses and soft labels need the logits, and
 * temperature divides them). `input` says the size and, for the CNNs, the image shape; MNIST's by default.
 */
import * as tf from '@tensorflow/tfjs';
import { MNIST_INPUT, type InputSpec } from '../data/data';
import { SeededDropout, tfjsSeed } from './seeded';
import type { TeacherArch } from '../settings/config';
import { bagWidth, CONV1D_LAYOUT, isCnnLayout, layoutWidths } from '../settings/layouts';
import { createBagStudent, createConv1dStudent, createTransformerTeacher } from './text-models';

const dropout = (rate: number, seed: number) => new SeededDropout({ rate, seed });

const glorot = (seed: number) => tf.initializers.glorotUniform({ seed: tfjsSeed(seed) });
const he = (seed: number) => tf.initializers.heNormal({ seed: tfjsSeed(seed) });

/** The image the CNNs reshape their flat input to; refused with a reason for tabular data. */
function imageReshape(input: InputSpec, what: string): tf.layers.Layer {
  checkModality(input, what, false);
  if (!input.image) throw new Error(`The ${what} needs images; this dataset is a table (${input.features} columns). Choose an MLP.`);
  const { height, width, channels } = input.image;
  return tf.layers.reshape({ inputShape: [input.features], targetShape: [height, width, channels] });
}

/** Refuses a model that reads numbers (MLP, CNN) on token ids, and a text model on numbers. */
function checkModality(input: InputSpec, what: string, readsText: boolean): void {
  if (readsText && !input.text)
    throw new Error(`The ${what} reads text; this dataset has ${input.image ? 'images' : 'numbers'}. Choose an MLP or a CNN.`);
  if (!readsText && input.text) {
    throw new Error(
      `The ${what} reads numbers; this dataset is text (token ids). Choose the transformer teacher and a bag or conv1d student.`,
    );
  }
}

/** MLP teacher: features-h-h-classes with ReLU and dropout 0.2 (active only when training). */
export function createMlpTeacher(hidden: number, classes: number, seed: number, input: InputSpec = MNIST_INPUT): tf.Sequential {
  checkModality(input, 'MLP teacher', false);
  return tf.sequential({
    name: `mlp_teacher_${seed}`,
    layers: [
      tf.layers.dense({ inputShape: [input.features], units: hidden, activation: 'relu', kernelInitializer: he(seed) }),
      dropout(0.2, seed + 1),
      tf.layers.dense({ units: hidden, activation: 'relu', kernelInitializer: he(seed + 2) }),
      dropout(0.2, seed + 3),
      tf.layers.dense({ units: classes, kernelInitializer: glorot(seed + 4) }),
    ],
  });
}

/** Small CNN teacher: conv 8@5×5 → pool → conv 16@3×3 → pool → dense 64 → classes. */
export function createCnnTeacher(classes: number, seed: number, input: InputSpec = MNIST_INPUT): tf.Sequential {
  return tf.sequential({
    name: `cnn_teacher_${seed}`,
    layers: [
      imageReshape(input, 'CNN teacher'),
      tf.layers.conv2d({ filters: 8, kernelSize: 5, activation: 'relu', kernelInitializer: he(seed) }),
      tf.layers.maxPooling2d({ poolSize: 2 }),
      tf.layers.conv2d({ filters: 16, kernelSize: 3, activation: 'relu', kernelInitializer: he(seed + 1) }),
      tf.layers.maxPooling2d({ poolSize: 2 }),
      tf.layers.flatten(),
      tf.layers.dense({ units: 64, activation: 'relu', kernelInitializer: he(seed + 2) }),
      dropout(0.25, seed + 3),
      tf.layers.dense({ units: classes, kernelInitializer: glorot(seed + 4) }),
    ],
  });
}

/**
 * CNN (32-64), the teacher of the size used on Fashion-MNIST: conv 32@3×3 same → max-pool 2 → conv
 * 64@3×3 same → max-pool 2 → dense 128 → dropout 0.3 → classes, ReLU, He-initialised like the small
 * CNN (bench/fashion_peer.py's CnnTeacher is the same model in PyTorch).
 */
export function createCnn3264Teacher(classes: number, seed: number, input: InputSpec = MNIST_INPUT): tf.Sequential {
  return tf.sequential({
    name: `cnn_32_64_teacher_${seed}`,
    layers: [
      imageReshape(input, 'CNN (32-64) teacher'),
      tf.layers.conv2d({ filters: 32, kernelSize: 3, padding: 'same', activation: 'relu', kernelInitializer: he(seed) }),
      tf.layers.maxPooling2d({ poolSize: 2 }),
      tf.layers.conv2d({ filters: 64, kernelSize: 3, padding: 'same', activation: 'relu', kernelInitializer: he(seed + 1) }),
      tf.layers.maxPooling2d({ poolSize: 2 }),
      tf.layers.flatten(),
      tf.layers.dense({ units: 128, activation: 'relu', kernelInitializer: he(seed + 2) }),
      dropout(0.3, seed + 3),
      tf.layers.dense({ units: classes, kernelInitializer: glorot(seed + 4) }),
    ],
  });
}

/** The model of one member: an ensemble's choice, except 'mixed', whose members alternate two of these. */
export type MemberArch = Exclude<TeacherArch, 'mixed'>;

/** The architecture of member `member` of an ensemble of `arch`: 'mixed' makes even members MLPs and odd ones (small) CNNs. */
export function memberArch(arch: TeacherArch, member: number): MemberArch {
  if (arch !== 'mixed') return arch;
  return member % 2 === 1 ? 'cnn' : 'mlp';
}

/** Member `member` of an ensemble of `arch`. */
export function createTeacher(
  arch: TeacherArch,
  hidden: number,
  classes: number,
  seed: number,
  member = 0,
  input: InputSpec = MNIST_INPUT,
): tf.LayersModel {
  const model = memberArch(arch, member);
  if (model === 'transformer') {
    checkModality(input, 'transformer teacher', true);
    return createTransformerTeacher(classes, seed, input);
  }
  if (model === 'cnn') return createCnnTeacher(classes, seed, input);
  if (model === 'cnn-32-64') return createCnn3264Teacher(classes, seed, input);
  return createMlpTeacher(hidden, classes, seed, input);
}

/**
 * The student: features-h₁-…-classes, up to three ReLU hidden layers (none: 784-classes), no dropout.
 * `layout` is the config's text ("128-64"), its widths, or one width. The first hidden layer and
 * the output layer take the seeds a one-layer student always had, so a given seed builds the same
 * 784-h-10 student as before deeper layouts existed.
 */
export function createStudent(
  layout: string | number | readonly number[],
  classes: number,
  seed: number,
  name = 'student',
  inputSpec: InputSpec = MNIST_INPUT,
): tf.Sequential {
  if (isCnnLayout(layout)) return createCnnStudent(classes, seed, name, inputSpec);
  const bag = bagWidth(layout);
  if (bag !== null || layout === CONV1D_LAYOUT) {
    checkModality(inputSpec, `${String(layout)} student`, true);
    return bag !== null ? createBagStudent(classes, seed, name, inputSpec, bag) : createConv1dStudent(classes, seed, name, inputSpec);
  }
  checkModality(inputSpec, 'MLP student', false);
  const widths = layoutWidths(layout);
  const input = { inputShape: [inputSpec.features] };
  const hidden = widths.map((units, i) =>
    tf.layers.dense({ ...(i === 0 ? input : {}), units, activation: 'relu', kernelInitializer: he(i === 0 ? seed : seed + 10 + i) }),
  );
  const output = tf.layers.dense({ ...(widths.length === 0 ? input : {}), units: classes, kernelInitializer: glorot(seed + 1) });
  return tf.sequential({ name, layers: [...hidden, output] });
}

/** The CNN student: conv 8@5×5 → max-pool 2 → classes (11,738 parameters for 10 classes, about a 784-15-10 MLP's). */
export function createCnnStudent(classes: number, seed: number, name = 'student', input: InputSpec = MNIST_INPUT): tf.Sequential {
  return tf.sequential({
    name,
    layers: [
      imageReshape(input, 'CNN student'),
      tf.layers.conv2d({ filters: 8, kernelSize: 5, activation: 'relu', kernelInitializer: he(seed) }),
      tf.layers.maxPooling2d({ poolSize: 2 }),
      tf.layers.flatten(),
      tf.layers.dense({ units: classes, kernelInitializer: glorot(seed + 1) }),
    ],
  });
}

/** Gradient kernels the CNN needs beyond the MLP's; WASM (tfjs 4.22) has no Conv2DBackpropFilter. */
const CNN_GRADIENT_KERNELS = ['Conv2DBackpropFilter', 'Conv2DBackpropInput', 'MaxPoolGrad'];

/** Why a CNN (`what`: the teacher or the student) cannot train on the current backend (the kernels it lacks), or null if it can. */
export function cnnTrainingBlocker(what: 'teacher' | 'student' = 'teacher'): string | null {
  const backend = tf.getBackend();
  const missing = CNN_GRADIENT_KERNELS.filter((kernel) => !tf.getKernel(kernel, backend));
  if (missing.length === 0) return null;
  return (
    `The CNN ${what} cannot train on the ${backend} backend (it lacks the ${missing.join(', ')} kernel${missing.length > 1 ? 's' : ''}). ` +
    `Choose WebGPU, WebGL or CPU, or ${what === 'teacher' ? 'the MLP teacher' : 'an MLP student'}.`
  );
}

/** Teacher models the current backend cannot train, with the reason; the page disables them up front. */
export function unsupportedArchs(): Partial<Record<TeacherArch, string>> {
  const cnn = cnnTrainingBlocker();
  if (cnn === null) return {};
  return { cnn, 'cnn-32-64': cnn, mixed: cnn.replace('The CNN teacher', 'The mixed ensemble (its CNN members)') };
}

/** Throws a message naming the missing kernels if `arch` cannot be trained on the current backend. */
export function assertTrainableHere(arch: TeacherArch, members: number): void {
  if (arch === 'mlp' || arch === 'transformer' || (arch === 'mixed' && members < 2)) return;
  const blocker = cnnTrainingBlocker();
  if (blocker) throw new Error(blocker);
}

/** The model's trainable variables, for tf.variableGrads (which would otherwise take every variable alive). */
export function trainableVariables(model: tf.LayersModel): tf.Variable[] {
  return model.trainableWeights.map((w) => w.read() as tf.Variable);
}

/** Float32 size of the weights in bytes. */
export function weightBytes(model: tf.LayersModel): number {
  return model.countParams() * 4;
}

/** Throws when any weight of `model` is NaN or ±Infinity (one read-back). */
export async function assertFiniteWeights(model: tf.LayersModel, what: string): Promise<void> {
  const finite = tf.tidy(() => tf.stack(model.getWeights().map((w) => tf.all(tf.isFinite(w)))).all());
  const ok = (await finite.data())[0] === 1;
  finite.dispose();
  if (!ok) throw new Error(`The ${what} has non-finite weights; it cannot be evaluated.`);
}
