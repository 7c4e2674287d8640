import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { flatWeights, useCpu } from '../../../test-support/fixtures';
import { DEFAULT_CONFIG, validateConfig } from '../settings/config';
import { formatLayout, parseLayout, readLayout } from '../settings/layouts';
import { SETTINGS } from '../settings/registry';
import { PIXELS } from '../data/data';
import {
  assertTrainableHere,
  SeededDropout,
  createCnnTeacher,
  createMlpTeacher,
  createStudent,
  createTeacher,
  trainableVariables,
  weightBytes,
} from './models';
import { useNodeBackend } from '../../../scripts/lib/node-runtime';
import { useWasmConvGradients } from './wasm-conv';

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
    expect(parseLayout(param, '')).toBe('Student hidden layers must be widths joined by "-", e.g. 64 or 128-64, or none, or cnn.');
    expect(readLayout(param, ' CNN ')).toEqual({ layout: 'cnn' });
    expect(readLayout(param, '128 - 64')).toEqual({ layout: '128-64' });
    expect(parseLayout(param, '64-')).toBe('Student hidden layers: each width must be between 1 and 1024.');
    expect(parseLayout(param, '8-8-8-8')).toBe('Student hidden layers: at most 3 hidden layers.');
    expect(parseLayout(param, '2000')).toBe('Student hidden layers: each width must be between 1 and 1024.');
    expect(validateConfig({ ...DEFAULT_CONFIG, studentHidden: '064' })).toEqual(['Student hidden layers must be written as 64.']);
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
