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
  /**
   * `value` is the non-finite reading (NaN also stands for finite readings with non-finite
   * weights); `consequence` says what happened to the user's models, so the message is complete.
   */
  constructor(
    readonly what: string,
    readonly value: number,
    consequence = 'Training stopped; the model was rolled back to its last good weights.',
  ) {
    super(`The loss of the ${what} became ${value} (the learning rate is probably too high). ${consequence}`);
    this.name = 'NonFiniteLossError';
  }
}

/** What one read of a trainer's pending steps found. */
export interface Readings {
  /** One row per pending step: [minimised, ...recorded]. */
  rows: number[][];
  /** The first non-finite reading, or NaN when the readings were finite but the weights are not; null when all is well. */
  bad: number | null;
}

/**
 * Owns a model's optimiser and a copy of its last good weights. `step` runs one synchronous
 * gradient step in a tidy and keeps the per-batch readings as one small tensor (read later,
 * several steps at once, since every read stalls a GPU pipeline). `read` fetches them together
 * with a check that the weights are still finite (a finite loss can come with a non-finite
 * gradient); `commit` makes the current weights the checkpoint, `rollback` restores it.
 * `check` does all three for a model guarded on its own.
 */
export class GuardedTrainer {
  private readonly optimizer: tf.Optimizer;
  private checkpoint: tf.Tensor[];
  private pending: tf.Tensor1D[] = [];

  constructor(
    readonly model: tf.LayersModel,
    optimizer: tf.Optimizer,
    readonly what: string,
  ) {
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
        return minimised!;
      }, trainableVariables(this.model));
      this.optimizer.applyGradients(grads);
      const stacked = tf.stack([value, ...recorded]) as tf.Tensor1D;
      recorded.forEach((t) => t.dispose());
      return stacked;
    });
    this.pending.push(readings);
  }

  /** Reads every pending step's readings and whether the weights are all finite, in one read-back. */
  async read(): Promise<Readings> {
    const count = this.pending.length;
    const width = this.pending[0]?.shape[0] ?? 0;
    const packed = tf.tidy(() => {
      const finite = tf
        .stack(this.model.getWeights().map((w) => tf.all(tf.isFinite(w))))
        .all()
        .cast('float32')
        .reshape([1]);
      return count === 0 ? finite : tf.concat([tf.stack(this.pending).reshape([-1]), finite]);
    });
    const values = await packed.data();
    packed.dispose();
    this.pending.forEach((t) => t.dispose());
    this.pending = [];
    const rows = Array.from({ length: count }, (_, i) => Array.from(values.subarray(i * width, (i + 1) * width)));
    const badReading = values.subarray(0, count * width).find((v) => !Number.isFinite(v));
    const weightsFinite = values[count * width] === 1;
    return { rows, bad: badReading ?? (weightsFinite ? null : NaN) };
  }

  /** The current weights become the last good ones. Only after a read found them finite. */
  commit(): void {
    const next = this.model.getWeights().map((w) => w.clone());
    this.checkpoint.forEach((t) => t.dispose());
    this.checkpoint = next;
  }

  /** Back to the last good weights. */
  rollback(): void {
    this.model.setWeights(this.checkpoint);
  }

  /** read → rollback and throw NonFiniteLossError, or commit and return the rows. */
  async check(): Promise<number[][]> {
    const { rows, bad } = await this.read();
    if (bad !== null) {
      this.rollback();
      throw new NonFiniteLossError(this.what, bad);
    }
    this.commit();
    return rows;
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
