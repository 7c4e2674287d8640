/**
 * One optimiser step for teachers and students alike, and the guard that catches NaN/Infinity
 * losses and rolls the model back. (Job-level plumbing, Stop and time left, is in job.ts.)
 */
import * as tf from '@tensorflow/tfjs';
import type { OptimizerName } from './config';
import { trainableVariables } from './models';

export function createOptimizer(name: OptimizerName, learningRate: number): tf.Optimizer {
  return name === 'sgd' ? tf.train.sgd(learningRate) : tf.train.adam(learningRate);
}

export class NonFiniteLossError extends Error {
  /** `consequence` says what happened to the user's models, so the message is complete. */
  constructor(
    readonly what: string,
    readonly value: number,
    consequence = 'Training stopped; the model was rolled back to its last good weights.',
  ) {
    super(`The loss of the ${what} became ${value} (the learning rate is probably too high). ${consequence}`);
    this.name = 'NonFiniteLossError';
  }
}

/**
 * Owns a model's optimiser and a copy of its last good weights. `step` runs one synchronous
 * gradient step in a tidy and returns the per-batch readings as one small tensor (read later,
 * several steps at once, since every read stalls a GPU pipeline). `check` reads them: finite
 * readings refresh the checkpoint; a NaN/Infinity restores it and throws NonFiniteLossError.
 */
export class GuardedTrainer {
  private readonly optimizer: tf.Optimizer;
  private checkpoint: tf.Tensor[];
  private pending: tf.Tensor1D[] = [];

  constructor(readonly model: tf.LayersModel, optimizer: tf.Optimizer, private readonly what: string) {
    this.optimizer = optimizer;
    this.checkpoint = model.getWeights().map((w) => w.clone());
  }

  /**
   * `lossParts` builds the loss from the model's training-mode output: the first element is
   * minimised, the rest are only recorded (e.g. the KL and CE parts of the KD loss).
   */
  step(lossParts: () => tf.Scalar[]): void {
    const readings = tf.tidy(() => {
      let recorded: tf.Scalar[] = [];
      const { value, grads } = tf.variableGrads(() => {
        const [minimised, ...rest] = lossParts();
        recorded = rest.map((t) => tf.keep(t));
        return minimised;
      }, trainableVariables(this.model));
      this.optimizer.applyGradients(grads);
      const stacked = tf.stack([value, ...recorded]) as tf.Tensor1D;
      recorded.forEach((t) => t.dispose());
      return stacked;
    });
    this.pending.push(readings);
  }

  /** Reads every pending step's readings: rows of [minimised, ...recorded]. */
  async check(): Promise<number[][]> {
    if (this.pending.length === 0) return [];
    const width = this.pending[0].shape[0];
    const all = tf.stack(this.pending);
    const values = await all.data();
    all.dispose();
    this.pending.forEach((t) => t.dispose());
    const rows = Array.from({ length: this.pending.length }, (_, i) => Array.from(values.subarray(i * width, (i + 1) * width)));
    this.pending = [];
    const bad = values.find((v) => !Number.isFinite(v));
    if (bad !== undefined) {
      this.model.setWeights(this.checkpoint);
      throw new NonFiniteLossError(this.what, bad);
    }
    this.saveCheckpoint();
    return rows;
  }

  private saveCheckpoint(): void {
    const next = this.model.getWeights().map((w) => w.clone());
    this.checkpoint.forEach((t) => t.dispose());
    this.checkpoint = next;
  }

  dispose(): void {
    this.pending.forEach((t) => t.dispose());
    this.pending = [];
    this.checkpoint.forEach((t) => t.dispose());
    this.checkpoint = [];
    this.optimizer.dispose();
  }
}

/** Losses are read back from the backend every this many batches (each read stalls a GPU pipeline). */
export const READ_EVERY = 8;
