import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { useCpu } from '../../../test-support/fixtures';
import { GuardedTrainer } from './training';
import { DotOptimizer } from './dot-optimizer';

beforeAll(useCpu);

describe('DOT (Zhao et al. 2023): separate momenta for the task and the distillation gradients', () => {
  it('updates by hand: μ − Δ on the task gradient, μ + Δ on the distillation one, μ where a variable has one loss', () => {
    const w = tf.variable(tf.tensor1d([1, 2]), true, 'dot_w');
    const u = tf.variable(tf.tensor1d([3]), true, 'dot_u');
    const dot = new DotOptimizer(0.1);
    const step = () =>
      tf.tidy(() => dot.applySplit({ dot_w: tf.tensor1d([0.5, -1]), dot_u: tf.tensor1d([1]) }, { dot_w: tf.tensor1d([0.2, 0.4]) }));
    step();
    // First step: each buffer is its gradient: w − 0.1·(g_task + g_kd), u − 0.1·g.
    expect(Array.from(w.dataSync())).toEqual([expect.closeTo(0.93, 6), expect.closeTo(2.06, 6)]);
    expect(u.dataSync()[0]).toBeCloseTo(2.9, 6);
    step();
    // b_task = 0.825·g + g = 1.825·g, b_kd = 0.975·g + g = 1.975·g: w − 0.1·(1.825·[0.5, −1] + 1.975·[0.2, 0.4]).
    expect(Array.from(w.dataSync())).toEqual([expect.closeTo(0.93 - 0.13075, 6), expect.closeTo(2.06 + 0.1035, 6)]);
    // One loss: plain momentum 0.9, b = 1.9·g.
    expect(u.dataSync()[0]).toBeCloseTo(2.9 - 0.19, 6);
    dot.dispose();
    tf.dispose([w, u]);
  });

  it('a split step takes the task loss as the minimised sum less the distillation reading, each on its own tape', () => {
    // Loss = task + kd with task = (w − 1)² and kd = 3·w: the task gradient at w = 0 is −2, the distillation one 3.
    const w = tf.variable(tf.scalar(0), true, 'dot_split_w');
    const dot = new DotOptimizer(0.5);
    const trainer = new GuardedTrainer({
      variables: [w],
      optimizer: dot,
      what: 'w',
      split: { optimizer: dot, kdReading: 1, kdVariables: [w] },
    });
    const before = tf.memory().numTensors;
    trainer.step(() => {
      const task = tf.square(tf.sub(w, 1));
      const kd = tf.mul(w, 3);
      return [tf.add(task, kd), kd];
    });
    // w − 0.5·(−2 + 3) = −0.5.
    expect(w.dataSync()[0]).toBeCloseTo(-0.5, 6);
    trainer.dispose();
    expect(tf.memory().numTensors).toBeLessThanOrEqual(before);
    w.dispose();
  });
});
