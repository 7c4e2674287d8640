import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { flatWeights, useCpu } from '../../../test-support/fixtures';
import { DEFAULT_CONFIG, validateConfig } from '../settings/config';
import { formatLayout, parseLayout, readLayout } from '../settings/layouts';
import { SETTINGS } from '../settings/registry';
import { gatherInputs, PIXELS } from '../data/data';
import {
  assertTrainableHere,
  createCnn3264Teacher,
  createCnnTeacher,
  createMlpTeacher,
  createStudent,
  createTeacher,
  memberArch,
  trainableVariables,
  unsupportedArchs,
  weightBytes,
} from './models';
import { SeededDropout } from './seeded';
import { loadMnist, useNodeBackend } from '../../../scripts/lib/node-runtime';
import { useWasmConvGradients } from './wasm-conv';
import { createOptimizer } from '../training/training';
import { teacherLoss } from '../losses/steps';

beforeAll(useCpu);

describe('models', () => {
  it('the student is 784-h-10 with 784h + h + 10h + 10 parameters, 4 bytes each', () => {
    const student = createStudent(16, 10, 0);
    expect(student.countParams()).toBe(784 * 16 + 16 + 16 * 10 + 10);
    expect(weightBytes(student)).toBe(4 * student.countParams());
    expect(trainableVariables(student)).toHaveLength(4);
    expect(student.outputs[0]!.shape).toEqual([null, 10]);
    student.dispose();
  });

  it('the student takes 0 to 3 hidden layers from its layout text; one width builds the same student as before layouts', () => {
    const deep = createStudent('128-64', 10, 0);
    expect(deep.layers.map((l) => l.outputShape)).toEqual([
      [null, 128],
      [null, 64],
      [null, 10],
    ]);
    expect(deep.countParams()).toBe(784 * 128 + 128 + 128 * 64 + 64 + 64 * 10 + 10);
    const none = createStudent('none', 10, 0);
    expect(none.countParams()).toBe(784 * 10 + 10);
    const [text, width] = [createStudent('16', 10, 3), createStudent(16, 10, 3)];
    expect(flatWeights(text)).toEqual(flatWeights(width));
    [deep, none, text, width].forEach((m) => m.dispose());
  });

  it('reads layouts one way and refuses the rest, naming the setting', () => {
    const param = SETTINGS.studentHidden;
    expect(parseLayout(param, ' 128 - 64 ')).toEqual([128, 64]);
    expect(parseLayout(param, 'None')).toEqual([]);
    expect(parseLayout(param, '0')).toEqual([]);
    expect(formatLayout([128, 64])).toBe('128-64');
    expect(formatLayout([])).toBe('none');
    expect(parseLayout(param, '')).toBe(
      'Student hidden layers must be widths joined by "-", e.g. 64 or 128-64, or none, cnn, bag or conv1d.',
    );
    expect(readLayout(param, ' CNN ')).toEqual({ layout: 'cnn' });
    expect(readLayout(param, '128 - 64')).toEqual({ layout: '128-64' });
    expect(parseLayout(param, '64-')).toBe('Student hidden layers: each width must be between 1 and 1024.');
    expect(parseLayout(param, '8-8-8-8')).toBe('Student hidden layers: at most 3 hidden layers.');
    expect(parseLayout(param, '2000')).toBe('Student hidden layers: each width must be between 1 and 1024.');
    expect(validateConfig({ ...DEFAULT_CONFIG, studentHidden: '064' })).toEqual(['Student hidden layers must be written as 64.']);
    expect(readLayout(param, ' Bag ')).toEqual({ layout: 'bag' });
    expect(readLayout(param, 'bag8')).toEqual({ layout: 'bag8' });
    expect(readLayout(param, 'bag1')).toEqual({ error: "Student hidden layers: the bag's embedding width must be between 2 and 256." });
    expect(readLayout(param, 'Conv1D')).toEqual({ layout: 'conv1d' });
  });

  it('refuses a model of one modality on data of the other, saying which to choose', () => {
    const text = { features: 12, image: null, text: { vocabSize: 30, length: 12 } };
    expect(() => createStudent('bag', 3, 1)).toThrow(/bag student reads text; this dataset has images/);
    expect(() => createStudent('64', 3, 1, 'student', text)).toThrow(/MLP student reads numbers; this dataset is text/);
    expect(() => createTeacher('transformer', 0, 10, 1)).toThrow(/transformer teacher reads text/);
    expect(() => createTeacher('cnn', 0, 3, 1, 0, text)).toThrow(/CNN teacher reads numbers; this dataset is text/);
    const bag = createStudent('bag8', 3, 1, 'student', text);
    expect(bag.countParams()).toBe(30 * 8 + 8 * 3 + 3);
    bag.dispose();
  });

  it('the same seed gives identical initial weights (baseline and distilled student start alike); another seed does not', () => {
    const a = createStudent(12, 10, 42, 'student');
    const b = createStudent(12, 10, 42, 'baseline');
    const c = createStudent(12, 10, 43, 'student');
    expect(flatWeights(b)).toEqual(flatWeights(a));
    expect(flatWeights(c)).not.toEqual(flatWeights(a));
    [a, b, c].forEach((m) => m.dispose());
  });

  it('the MLP teacher is 784-h-h-10 and its dropout is off at inference', () => {
    const teacher = createTeacher('mlp', 32, 10, 1);
    expect(teacher.countParams()).toBe(784 * 32 + 32 + 32 * 32 + 32 + 32 * 10 + 10);
    tf.tidy(() => {
      const x = tf.randomUniform([4, PIXELS], 0, 1, 'float32', 3);
      expect(Array.from((teacher.predict(x) as tf.Tensor).dataSync())).toEqual(Array.from((teacher.predict(x) as tf.Tensor).dataSync()));
      const train1 = (teacher.apply(x, { training: true }) as tf.Tensor).dataSync();
      const infer = (teacher.predict(x) as tf.Tensor).dataSync();
      expect(Array.from(train1)).not.toEqual(Array.from(infer));
    });
    teacher.dispose();
    createMlpTeacher(8, 3, 0).dispose();
  });

  it('the CNN teacher maps [batch, 784] to [batch, classes] logits', () => {
    const cnn = createCnnTeacher(10, 2);
    tf.tidy(() => {
      expect((cnn.predict(tf.zeros([2, PIXELS])) as tf.Tensor).shape).toEqual([2, 10]);
    });
    expect(createTeacher('cnn', 999, 10, 2).countParams()).toBe(cnn.countParams());
    cnn.dispose();
  });

  it('the CNN (32-64) teacher: two same-padded 3×3 convolutions of 32 and 64, each pooled, dense 128, dropout 0.3, classes', () => {
    const cnn = createTeacher('cnn-32-64', 999, 10, 2);
    expect(cnn.layers.map((l) => [l.getClassName(), l.outputShape])).toEqual([
      ['Reshape', [null, 28, 28, 1]],
      ['Conv2D', [null, 28, 28, 32]],
      ['MaxPooling2D', [null, 14, 14, 32]],
      ['Conv2D', [null, 14, 14, 64]],
      ['MaxPooling2D', [null, 7, 7, 64]],
      ['Flatten', [null, 3136]],
      ['Dense', [null, 128]],
      ['SeededDropout', [null, 128]],
      ['Dense', [null, 10]],
    ]);
    expect(cnn.countParams()).toBe(32 * 9 + 32 + 64 * 288 + 64 + 3136 * 128 + 128 + 128 * 10 + 10);
    expect(trainableVariables(cnn)).toHaveLength(8);
    const [conv1, conv2] = cnn.layers.filter((l) => l.getClassName() === 'Conv2D').map((l) => l.getConfig());
    expect([conv1?.padding, conv1?.activation, conv2?.padding, conv2?.activation]).toEqual(['same', 'relu', 'same', 'relu']);
    expect((cnn.layers[7]!.getConfig() as { rate: number }).rate).toBe(0.3);
    tf.tidy(() => {
      const x = tf.randomUniform([3, PIXELS], 0, 1, 'float32', 4);
      expect((cnn.predict(x) as tf.Tensor).shape).toEqual([3, 10]);
      // Dropout only when training: inference repeats, a training pass does not.
      const infer = (cnn.predict(x) as tf.Tensor).dataSync();
      expect(Array.from((cnn.predict(x) as tf.Tensor).dataSync())).toEqual(Array.from(infer));
      expect(Array.from((cnn.apply(x, { training: true }) as tf.Tensor).dataSync())).not.toEqual(Array.from(infer));
    });
    // The same seed builds the same weights; another seed, others.
    const again = createCnn3264Teacher(10, 2);
    const other = createCnn3264Teacher(10, 3);
    expect(flatWeights(again)).toEqual(flatWeights(cnn));
    expect(flatWeights(other)).not.toEqual(flatWeights(cnn));
    // Colour images keep their channels; tables are refused with the reason.
    const colour = createCnn3264Teacher(4, 1, { features: 32 * 32 * 3, image: { height: 32, width: 32, channels: 3 } });
    expect(colour.outputs[0]!.shape).toEqual([null, 4]);
    expect(colour.countParams()).toBe(27 * 32 + 32 + 64 * 288 + 64 + 8 * 8 * 64 * 128 + 128 + 128 * 4 + 4);
    expect(() => createCnn3264Teacher(3, 1, { features: 16, image: null })).toThrow(/CNN \(32-64\) teacher needs images/);
    [cnn, again, other, colour].forEach((m) => m.dispose());
  });

  it("each member's architecture: the ensemble's choice, mixed alternating the MLP and the small CNN", () => {
    expect([0, 1, 2].map((m) => memberArch('cnn-32-64', m))).toEqual(['cnn-32-64', 'cnn-32-64', 'cnn-32-64']);
    expect([0, 1, 2].map((m) => memberArch('mixed', m))).toEqual(['mlp', 'cnn', 'mlp']);
    expect(memberArch('mlp', 1)).toBe('mlp');
    expect(memberArch('cnn', 0)).toBe('cnn');
  });
});

describe('the CNN (32-64) teacher on wasm', () => {
  it('trains (its loss on a batch of 32 digits falls over ten Adam steps) and leaks no tensors', async () => {
    await useNodeBackend('wasm');
    try {
      expect(() => assertTrainableHere('cnn-32-64', 3)).not.toThrow();
      const before = tf.memory().numTensors;
      const model = createTeacher('cnn-32-64', 0, 10, 5);
      const optimizer = createOptimizer('adam', 0.001);
      const variables = trainableVariables(model);
      const digits = loadMnist();
      const batch = digits.split.train.subarray(0, 32);
      const x = tf.tensor2d(gatherInputs(digits, batch), [batch.length, PIXELS]);
      const y = tf.tensor1d(
        Array.from(batch, (i) => digits.labels[i]!),
        'int32',
      );
      const losses: number[] = [];
      const counts: number[] = [];
      for (let step = 0; step < 10; step++) {
        const loss = optimizer.minimize(() => teacherLoss(model, x, y)[0]!, true, variables)!;
        losses.push((await loss.data())[0]!);
        loss.dispose();
        counts.push(tf.memory().numTensors);
      }
      // The optimizer's state is made at the first step; after it, not one tensor more per step.
      expect(new Set(counts.slice(1)).size).toBe(1);
      expect(losses.every(Number.isFinite)).toBe(true);
      expect(losses.at(-1)!).toBeLessThan(0.6 * losses[0]!);
      tf.dispose([x, y]);
      optimizer.dispose();
      model.dispose();
      expect(tf.memory().numTensors).toBe(before);
    } finally {
      await useCpu();
    }
  });
});

describe('assertTrainableHere', () => {
  it('lets the CNN train where conv gradient kernels exist (cpu), and the MLP anywhere', async () => {
    await useCpu();
    expect(() => assertTrainableHere('cnn', 1)).not.toThrow();
    expect(() => assertTrainableHere('mlp', 3)).not.toThrow();
  });

  it('lets the CNN train on wasm, whose filter gradient src/core/models/wasm-conv.ts registers', async () => {
    await useNodeBackend('wasm');
    try {
      expect(() => assertTrainableHere('cnn', 1)).not.toThrow();
      expect(() => assertTrainableHere('mixed', 2)).not.toThrow();
    } finally {
      await useCpu();
    }
  });

  it('refuses the CNN where a gradient kernel is missing, naming it and the backends that work', async () => {
    await useNodeBackend('wasm');
    tf.unregisterKernel('Conv2DBackpropFilter', 'wasm');
    try {
      expect(() => assertTrainableHere('cnn', 1)).toThrow(
        /CNN teacher cannot train on the wasm backend.*Conv2DBackpropFilter.*WebGPU, WebGL or CPU/,
      );
      expect(() => assertTrainableHere('mixed', 2)).toThrow(/Conv2DBackpropFilter/);
      expect(() => assertTrainableHere('cnn-32-64', 1)).toThrow(/CNN teacher cannot train on the wasm backend.*Conv2DBackpropFilter/);
      expect(Object.keys(unsupportedArchs()).sort()).toEqual(['cnn', 'cnn-32-64', 'mixed']);
      expect(() => assertTrainableHere('mixed', 1)).not.toThrow();
      expect(() => assertTrainableHere('mlp', 3)).not.toThrow();
    } finally {
      useWasmConvGradients();
      await useCpu();
    }
  });
});

describe('mixed ensembles', () => {
  it('alternate MLP and CNN members, and need conv gradients only from the second member on', async () => {
    await useCpu();
    const layers = (member: number) => createTeacher('mixed', 16, 10, member, member).layers.map((l) => l.getClassName());
    expect(layers(0)).not.toContain('Conv2D');
    expect(layers(1)).toContain('Conv2D');
    expect(layers(2)).not.toContain('Conv2D');
    await useNodeBackend('wasm');
    try {
      expect(() => assertTrainableHere('mixed', 1)).not.toThrow();
      expect(() => assertTrainableHere('mixed', 2)).not.toThrow();
    } finally {
      await useCpu();
    }
  });
});

describe('SeededDropout', () => {
  it('draws a new mask at every training step, repeats it for the same seed, and is off at inference', async () => {
    await useCpu();
    const x = tf.ones([4, 50]);
    const masks = (seed: number) => {
      const layer = new SeededDropout({ rate: 0.5, seed });
      return [0, 1].map(() => Array.from((layer.apply(x, { training: true }) as tf.Tensor).dataSync()));
    };
    const [first, second] = masks(3);
    expect(first).not.toEqual(second);
    expect(masks(3)).toEqual([first, second]);
    expect(new Set(first)).toEqual(new Set([0, 2]));
    const layer = new SeededDropout({ rate: 0.5, seed: 3 });
    expect(Array.from((layer.apply(x) as tf.Tensor).dataSync())).toEqual(Array(200).fill(1));
    x.dispose();
  });
});
