/**
 * The sharing Identity on wasm: clones share memory (no copy, no new buffer), gradients are the
 * stock kernel's, and a checkpoint taken by cloning survives the fused optimizer's steps.
 */
import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { useNodeBackend } from '../../../scripts/lib/node-runtime';
import { crossEntropy } from '../losses/losses';
import { GuardedTrainer, LeanAdam } from '../training/training';
import { createMlpTeacher, trainableVariables } from './models';
import { sharedWasmIdentityActive, useSharedWasmIdentity } from './wasm-identity';

beforeAll(() => useNodeBackend('wasm'));
afterAll(() => useSharedWasmIdentity(true));

const buffers = () => (tf.memory() as tf.MemoryInfo & { numDataBuffers: number }).numDataBuffers;

describe('the sharing wasm Identity', () => {
  it('switches on and off; on, a clone shares the memory, off, it copies', () => {
    const x = tf.tensor1d([1, 2, 3]);
    expect(useSharedWasmIdentity(false)).toBe(false);
    const before = buffers();
    const copied = tf.clone(x);
    expect(buffers()).toBe(before + 1);
    expect(useSharedWasmIdentity(true)).toBe(true);
    expect(sharedWasmIdentityActive()).toBe(true);
    const shared = tf.clone(x);
    expect(buffers()).toBe(before + 1);
    expect(Array.from(shared.dataSync())).toEqual([1, 2, 3]);
    x.dispose(); // the clone keeps the memory alive
    expect(Array.from(shared.dataSync())).toEqual([1, 2, 3]);
    tf.dispose([copied, shared]);
    expect(buffers()).toBe(before - 1);
  });

  it("gives the stock kernel's gradients of a dense network (dropout off)", () => {
    const model = createMlpTeacher(32, 10, 4);
    const x = tf.randomUniform([16, 784], 0, 1, 'float32', 5);
    const y = tf.tensor1d(
      Array.from({ length: 16 }, (_, i) => i % 10),
      'int32',
    );
    const gradients = () =>
      tf.tidy(() => {
        const { grads } = tf.variableGrads(() => crossEntropy(model.apply(x) as tf.Tensor2D, y), trainableVariables(model));
        return Object.values(grads).map((g) => Array.from(g.dataSync()));
      });
    useSharedWasmIdentity(false);
    const stock = gradients();
    useSharedWasmIdentity(true);
    expect(gradients()).toEqual(stock);
    tf.dispose([x, y]);
    model.dispose();
  });

  it('a checkpoint (a clone) survives fused Adam steps: rollback returns to it', async () => {
    const model = createMlpTeacher(16, 10, 6);
    const x = tf.randomUniform([8, 784], 0, 1, 'float32', 7);
    const y = tf.tensor1d([0, 1, 2, 3, 4, 5, 6, 7], 'int32');
    const trainer = GuardedTrainer.forModel(model, new LeanAdam(0.01), 'teacher');
    const step = () => trainer.step(() => [crossEntropy(model.apply(x, { training: true }) as tf.Tensor2D, y)]);
    const weights = () => model.getWeights().flatMap((w) => Array.from(w.dataSync()));
    step();
    await trainer.check(); // commit: the checkpoint clones the variables
    const committed = weights();
    step();
    step();
    expect(weights()).not.toEqual(committed);
    trainer.rollback();
    expect(weights()).toEqual(committed);
    step(); // and training goes on from there
    expect(weights()).not.toEqual(committed);
    trainer.dispose();
    model.dispose();
    tf.dispose([x, y]);
  });
});
