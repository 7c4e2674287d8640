/**
 * One optimiser step for teachers and students alike, and the guard that catches NaN/Infinity
 * losses and rolls the model back. (Job-level plumbing and Stop are in job.ts, time left in rates.ts.)
 */
import * as tf from '@tensorflow/tfjs';
import type { OptimizerName } from '../settings/config';
import { trainableVariables } from '../models/models';
import { fusable, wasmAdam, type AdamSlot, type AdamStep } from './wasm-adam';
import { DOT_MOMENTUM, type DotOptimizer } from './dot-optimizer';

/** The optimiser for one loss: DOT with one loss (teachers) is momentum SGD at DOT's μ (pair-training.ts splits a distillation's). */
export function createOptimizer(name: OptimizerName, learningRate: number): tf.Optimizer {
  switch (name) {
    case 'sgd':
      return tf.train.sgd(learningRate);
    case 'momentum':
    case 'dot':
      return tf.train.momentum(learningRate, DOT_MOMENTUM);
    default:
      return new LeanAdam(learningRate);
  }
}

/**
 * Adam (Kingma & Ba 2015) with tf.train.adam's defaults (β1 0.9, β2 0.999, ε 1e-7) in the
 * paper's cheaper order of computation (its section 2): the bias corrections fold into a scalar
 * step size and ε, w ← w − α·√(1−β2ᵗ)/(1−β1ᵗ) · m / (√v + ε·√(1−β2ᵗ)), which is the same update
 * as α · m̂ / (√v̂ + ε). On the wasm backend the whole update is one pass over the backend's memory
 * per variable (wasm-adam.ts; `fuseOnWasm` false turns that off, for the benchmark); elsewhere it
 * is 12 element-wise kernels per variable instead of tfjs's 14, and no per-step scalar tensors.
 */
export class LeanAdam extends tf.Optimizer {
  static get className(): string {
    return 'LeanAdam';
  }

  private readonly moments: { m: tf.Variable; v: tf.Variable }[] = [];
  private step = 0;

  constructor(
    readonly learningRate: number,
    readonly beta1 = 0.9,
    readonly beta2 = 0.999,
    readonly epsilon = 1e-7,
    readonly fuseOnWasm = true,
  ) {
    super();
  }

  override applyGradients(variableGradients: tf.NamedTensorMap | { name: string; tensor: tf.Tensor }[]): void {
    const named = Array.isArray(variableGradients)
      ? variableGradients
      : Object.entries(variableGradients).map(([name, tensor]) => ({ name, tensor }));
    this.step++;
    const correction2 = Math.sqrt(1 - this.beta2 ** this.step);
    const step: AdamStep = {
      beta1: this.beta1,
      beta2: this.beta2,
      stepSize: (this.learningRate * correction2) / (1 - this.beta1 ** this.step),
      epsilon: this.epsilon * correction2,
    };
    const slots = named.flatMap(({ name, tensor: gradient }, i): AdamSlot[] => {
      const variable = tf.engine().registeredVariables[name];
      if (!variable || !gradient) return [];
      this.moments[i] ??= tf.tidy(() => ({ m: tf.zerosLike(variable).variable(false), v: tf.zerosLike(variable).variable(false) }));
      return [{ variable, gradient, ...this.moments[i]! }];
    });
    const fused = this.fuseOnWasm ? wasmAdam() : null;
    if (fused && fusable(slots)) fused(slots, step);
    else this.elementWise(slots, step);
    this.incrementIterations();
  }

  /** The update as tfjs kernels, for every backend. */
  private elementWise(slots: readonly AdamSlot[], { stepSize, epsilon }: AdamStep): void {
    tf.tidy(() => {
      for (const { variable, gradient, m, v } of slots) {
        const newM = tf.add(m, tf.mul(tf.sub(gradient, m), 1 - this.beta1));
        const newV = tf.add(v, tf.mul(tf.sub(tf.square(gradient), v), 1 - this.beta2));
        m.assign(newM);
        v.assign(newV);
        variable.assign(tf.sub(variable, tf.div(tf.mul(newM, stepSize), tf.add(tf.sqrt(newV), epsilon))));
      }
    });
  }

  override dispose(): void {
    this.moments.forEach(({ m, v }) => tf.dispose([m, v]));
    this.moments.length = 0;
  }

  override getConfig(): tf.serialization.ConfigDict {
    return { learningRate: this.learningRate, beta1: this.beta1, beta2: this.beta2, epsilon: this.epsilon };
  }
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
  /** The first non-finite reading, or NaN when the readings were finite but some weights are not; null when all is well. */
  bad: number | null;
  /** The parts (models) whose readings or weights are not finite. */
  failed: string[];
}

/** One model among the variables a trainer updates: which readings are its, and how to see its weights. */
export interface GuardedPart {
  what: string;
  /** Indices into each step's readings ([minimised, ...recorded]) that belong to this model. */
  readings: number[];
  /** Its weights, for the finite check (inside a tidy). */
  weights(): tf.Tensor[];
}

/**
 * Owns an optimiser for some variables and a copy of their last good values. `step` runs one
 * synchronous gradient step in a tidy and keeps the per-batch readings as one small tensor (read
 * later, several steps at once, since every read stalls a GPU pipeline). `read` fetches them
 * together with a check that the weights are still finite (a finite loss can come with a
 * non-finite gradient); `commit` makes the current values the checkpoint, `rollback` restores it.
 * `check` does all three. `parts` split the variables into models, so a failure names the one it was.
 */
export class GuardedTrainer {
  private readonly optimizer: tf.Optimizer;
  private readonly variables: tf.Variable[];
  private readonly parts: GuardedPart[];
  private checkpoint: tf.Tensor[];
  private pending: tf.Tensor1D[] = [];
  readonly what: string;

  /** DOT: which reading is the distillation loss, and the variables it trains (the rest of the minimised sum is the task loss). */
  private readonly split: { optimizer: DotOptimizer; kdReading: number; kdVariables: tf.Variable[] } | null;

  constructor(options: {
    variables: tf.Variable[];
    optimizer: tf.Optimizer;
    what: string;
    parts?: GuardedPart[];
    split?: { optimizer: DotOptimizer; kdReading: number; kdVariables: tf.Variable[] };
  }) {
    this.split = options.split ?? null;
    this.optimizer = options.optimizer;
    this.variables = options.variables;
    this.what = options.what;
    this.parts = options.parts ?? [{ what: options.what, readings: [], weights: () => this.variables }];
    this.checkpoint = this.variables.map((v) => v.clone());
  }

  /** A trainer for a Layers model's trainable weights. */
  static forModel(model: tf.LayersModel, optimizer: tf.Optimizer, what: string): GuardedTrainer {
    return new GuardedTrainer({ variables: trainableVariables(model), optimizer, what });
  }

  /**
   * `lossParts` builds the loss from the models' training-mode outputs: the first element (a
   * scalar) is minimised, the rest are only recorded (e.g. the KL and CE parts of the KD loss; a
   * vector records one reading per element).
   */
  step(lossParts: () => tf.Tensor[]): void {
    stepsTaken.count++;
    if (this.split) {
      this.pending.push(this.splitStep(lossParts, this.split));
      return;
    }
    const readings = tf.tidy(() => {
      let recorded: tf.Tensor[] = [];
      const { value, grads } = tf.variableGrads(() => {
        const [minimised, ...rest] = lossParts();
        recorded = rest.map((t) => tf.keep(t));
        return minimised as tf.Scalar;
      }, this.variables);
      this.optimizer.applyGradients(grads);
      const row = tf.concat([value, ...recorded].map((t) => t.reshape([-1]))) as tf.Tensor1D;
      recorded.forEach((t) => t.dispose());
      return row;
    });
    this.pending.push(readings);
  }

  /**
   * DOT's step: the gradients of the task loss (the minimised sum less the distillation reading) and
   * of the distillation loss, each on its own tape (two forward passes), applied with their own momenta.
   */
  private splitStep(
    lossParts: () => tf.Tensor[],
    { optimizer, kdReading, kdVariables }: NonNullable<GuardedTrainer['split']>,
  ): tf.Tensor1D {
    return tf.tidy(() => {
      let recorded: tf.Tensor[] = [];
      const task = tf.variableGrads(() => {
        const [minimised, ...rest] = lossParts();
        recorded = rest.map((t) => tf.keep(t));
        return tf.sub(minimised!, rest[kdReading - 1]!) as tf.Scalar;
      }, this.variables);
      const kd = tf.variableGrads(() => lossParts()[kdReading] as tf.Scalar, kdVariables);
      optimizer.applySplit(task.grads, kd.grads);
      const row = tf.concat([tf.add(task.value, kd.value), ...recorded].map((t) => t.reshape([-1]))) as tf.Tensor1D;
      recorded.forEach((t) => t.dispose());
      return row;
    });
  }

  /**
   * Reads every pending step's readings and whether all weights are finite, in one read-back. Only
   * when something is wrong does a second read find which part (model) it was.
   */
  async read(): Promise<Readings> {
    const count = this.pending.length;
    const width = this.pending[0]?.shape[0] ?? 0;
    const packed = tf.tidy(() => {
      const finite = tf
        .stack(this.variables.map((v) => tf.all(tf.isFinite(v))))
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
    if (badReading === undefined && weightsFinite) return { rows, bad: null, failed: [] };
    return { rows, bad: badReading ?? NaN, failed: await this.failedParts(rows) };
  }

  /** The parts whose readings or weights are not finite (a second read-back, on the rare failure path). */
  private async failedParts(rows: number[][]): Promise<string[]> {
    if (this.parts.length === 1) return [this.parts[0]!.what];
    const flags = tf.tidy(() =>
      tf.stack(this.parts.map((p) => tf.stack(p.weights().map((w) => tf.all(tf.isFinite(w)))).all())).cast('float32'),
    );
    const finite = await flags.data();
    flags.dispose();
    return this.parts
      .filter((part, p) => finite[p] !== 1 || rows.some((row) => part.readings.some((r) => !Number.isFinite(row[r]!))))
      .map((part) => part.what);
  }

  /** The current values become the last good ones. Only after a read found them finite. */
  commit(): void {
    const next = this.variables.map((v) => v.clone());
    this.checkpoint.forEach((t) => t.dispose());
    this.checkpoint = next;
  }

  /** Back to the last good values. */
  rollback(): void {
    this.variables.forEach((v, i) => v.assign(this.checkpoint[i]!));
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

/**
 * Training steps taken in this process (the worker, or Node) by every trainer: until there have
 * been a few hundred, the JavaScript engine is still optimising tfjs's code and a probe warms up
 * longer (throughput.ts).
 */
export const stepsTaken = { count: 0 };

/** Losses are read back from the backend every this many batches (each read stalls a GPU pipeline). */
export const READ_EVERY = 8;
