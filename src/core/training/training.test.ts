import * as tf from '@tensorflow/tfjs';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { flatWeights, mnistSubset, useCpu } from '../../../test-support/fixtures';
import { gatherLabels, gatherInputs, PIXELS, seededRandom, shuffled } from '../data/data';
import { crossEntropy } from '../losses/losses';
import { createMlpTeacher, createStudent } from '../models/models';
import { createOptimizer, GuardedTrainer, NonFiniteLossError } from './training';

beforeAll(useCpu);

const x = () =>
  tf.tensor2d(
    Array.from({ length: 4 * PIXELS }, (_, i) => ((i * 7919) % 256) / 255),
    [4, PIXELS],
  );
const y = () => tf.tensor1d([3, 1, 4, 1], 'int32');

describe('GuardedTrainer', () => {
  const disposables: { dispose(): void }[] = [];
  afterEach(() => {
    disposables.splice(0).forEach((d) => d.dispose());
  });

  function setup() {
    const model = createStudent(8, 10, 5);
    const trainer = GuardedTrainer.forModel(model, tf.train.adam(0.01), 'test model');
    const inputs = x();
    const labels = y();
    disposables.push(trainer, model, inputs, labels);
    const goodStep = () => trainer.step(() => [crossEntropy(model.apply(inputs, { training: true }) as tf.Tensor2D, labels)]);
    return { model, trainer, inputs, labels, goodStep };
  }

  it('steps change the weights and check() returns one row of readings per step, in order', async () => {
    const { model, trainer, inputs, labels } = setup();
    const initial = flatWeights(model);
    const readings: number[] = [];
    for (let i = 0; i < 3; i++) {
      trainer.step(() => {
        const ce = crossEntropy(model.apply(inputs, { training: true }) as tf.Tensor2D, labels);
        readings.push(ce.dataSync()[0]!);
        return [ce, tf.mul(ce, 2) as tf.Scalar, tf.scalar(i)];
      });
    }
    const rows = await trainer.check();
    expect(rows).toHaveLength(3);
    rows.forEach((r, i) => {
      expect(r[0]).toBeCloseTo(readings[i]!, 6);
      expect(r[1]).toBeCloseTo(2 * readings[i]!, 5);
      expect(r[2]).toBe(i);
    });
    expect(readings[2]).toBeLessThan(readings[0]!);
    expect(flatWeights(model)).not.toEqual(initial);
    expect(await trainer.check()).toEqual([]);
  });

  it('a NaN loss after good steps throws NonFiniteLossError and rolls back to the last good checkpoint', async () => {
    const { model, trainer, inputs, goodStep } = setup();
    goodStep();
    goodStep();
    await trainer.check();
    const lastGood = flatWeights(model);
    goodStep(); // a good step after the checkpoint that has not been checked yet
    trainer.step(() => [tf.mul(tf.sum(model.apply(inputs, { training: true }) as tf.Tensor), NaN) as tf.Scalar]);
    expect(flatWeights(model).some(Number.isNaN)).toBe(true);
    const error = await trainer.check().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(NonFiniteLossError);
    expect((error as Error).message).toMatch(/^The loss of the test model became NaN/);
    expect((error as Error).message).toMatch(/rolled back to its last good weights/);
    expect(flatWeights(model)).toEqual(lastGood);
  });

  it('an Infinity loss is caught as well, and before any check the checkpoint is the initial weights', async () => {
    const { model, trainer, inputs } = setup();
    const initial = flatWeights(model);
    trainer.step(() => [tf.add(tf.sum(model.apply(inputs) as tf.Tensor), Infinity) as tf.Scalar]);
    await expect(trainer.check()).rejects.toThrow(/loss of the test model became Infinity/);
    expect(flatWeights(model)).toEqual(initial);
  });

  it('a finite loss with a non-finite gradient is caught by the weight check, and the checkpoint never holds NaN', async () => {
    const { model, trainer, goodStep } = setup();
    goodStep();
    await trainer.check();
    const lastGood = flatWeights(model);
    // sqrt(0 · w) is 0 (a finite loss) but its gradient is 0.5 / sqrt(0) · 0 = NaN.
    trainer.step(() => [tf.sum(tf.sqrt(tf.mul(model.trainableWeights[0]!.read(), 0))) as tf.Scalar]);
    expect(flatWeights(model).some(Number.isNaN)).toBe(true);
    const readings = await trainer.read();
    expect(readings.rows[0]![0]).toBe(0);
    expect(readings.bad).toBeNaN();
    trainer.rollback();
    expect(flatWeights(model)).toEqual(lastGood);
    // The same step through check(): it throws and the weights are the last good ones again.
    trainer.step(() => [tf.sum(tf.sqrt(tf.mul(model.trainableWeights[0]!.read(), 0))) as tf.Scalar]);
    await expect(trainer.check()).rejects.toBeInstanceOf(NonFiniteLossError);
    expect(flatWeights(model)).toEqual(lastGood);
  });

  it('a NaN in a recorded (not minimised) reading also triggers the guard', async () => {
    const { model, trainer, inputs, labels } = setup();
    trainer.step(() => [crossEntropy(model.apply(inputs, { training: true }) as tf.Tensor2D, labels), tf.scalar(NaN)]);
    await expect(trainer.check()).rejects.toBeInstanceOf(NonFiniteLossError);
  });

  it('leaks no tensors across steps, checks and dispose', async () => {
    const before = tf.memory().numTensors;
    const model = createStudent(8, 10, 5);
    const inputs = x();
    const labels = y();
    const trainer = GuardedTrainer.forModel(model, tf.train.adam(0.01), 'm');
    trainer.step(() => [crossEntropy(model.apply(inputs, { training: true }) as tf.Tensor2D, labels)]);
    await trainer.check();
    const afterOne = tf.memory().numTensors;
    for (let i = 0; i < 5; i++)
      trainer.step(() => [crossEntropy(model.apply(inputs, { training: true }) as tf.Tensor2D, labels), tf.scalar(1)]);
    await trainer.check();
    expect(tf.memory().numTensors).toBe(afterOne);
    trainer.dispose();
    model.dispose();
    tf.dispose([inputs, labels]);
    expect(tf.memory().numTensors).toBe(before);
  });
});

describe('createOptimizer', () => {
  const digits = mnistSubset(2000);
  const order = shuffled(digits.split.train, seededRandom(1));

  it('builds the optimizer the config names, with its learning rate', () => {
    const sgd = createOptimizer('sgd', 0.5);
    const adam = createOptimizer('adam', 0.01);
    expect(sgd).toBeInstanceOf(tf.SGDOptimizer);
    expect(adam).toBeInstanceOf(tf.AdamOptimizer);
    expect(sgd.getConfig().learningRate).toBe(0.5);
    expect(adam.getConfig().learningRate).toBe(0.01);
    sgd.dispose();
    adam.dispose();
  });

  it('plain SGD with a huge learning rate diverges and the guard stops it; Adam at the same rate stays finite', async () => {
    const run = async (name: 'sgd' | 'adam') => {
      // The studio's MLP teacher on 64 real digits, as in the app with Optimizer SGD, learning rate 10000.
      const model = createMlpTeacher(128, 10, 0);
      const trainer = GuardedTrainer.forModel(model, createOptimizer(name, 10000), name);
      try {
        for (let step = 0; step < 21; step++) {
          const batch = order.subarray(step * 64, (step + 1) * 64);
          trainer.step(() => {
            const x = tf.tensor2d(gatherInputs(digits, batch), [batch.length, PIXELS]);
            const y = tf.tensor1d(gatherLabels(digits, batch), 'int32');
            return [crossEntropy(model.apply(x, { training: true }) as tf.Tensor2D, y)];
          });
          await trainer.check();
        }
        return 'finite';
      } catch (error) {
        return (error as Error).name;
      } finally {
        trainer.dispose();
        model.dispose();
      }
    };
    expect(await run('sgd')).toBe('NonFiniteLossError');
    expect(await run('adam')).toBe('finite');
  });
});
