/**
 * The distilled student and its baseline trained as one pair of networks in one step. Both are
 * 784-h-C MLPs seen on the same batches, so their first layers are one [784, 2h] product
 * (x · [W_student | W_baseline]), and one optimizer step updates all six variables.
 *
 * This is the same maths as two separate steps: the pair's loss is L_student + L_baseline, each
 * half of the shared layer gets the gradient of its own model's loss only, and Adam and SGD act on
 * every parameter separately. It halves the number of kernel dispatches and the transposes of x,
 * which is what a small model's step is made of.
 */
import * as tf from '@tensorflow/tfjs';
import type { LayersModel } from '@tensorflow/tfjs';
import { createStudent } from './models';

/** Variables in this order: first-layer kernel and bias of both, then each model's second layer. */
export interface PairVariables {
  kernel1: tf.Variable; // [inputs, 2h]: student columns first
  bias1: tf.Variable; // [2h]
  studentKernel2: tf.Variable; // [h, classes]
  studentBias2: tf.Variable;
  baselineKernel2: tf.Variable;
  baselineBias2: tf.Variable;
}

export class StudentPair {
  readonly hidden: number;
  readonly vars: PairVariables;

  /** Both start from the weights of createStudent(hidden, classes, seed): identical initial networks. */
  constructor(hidden: number, classes: number, seed: number) {
    this.hidden = hidden;
    const init = createStudent(hidden, classes, seed, 'pair_init');
    const [k1, b1, k2, b2] = init.getWeights() as [tf.Tensor2D, tf.Tensor1D, tf.Tensor2D, tf.Tensor1D];
    // Unnamed: tfjs names variables uniquely, and two pairs may be alive at once (a throughput probe beside a run).
    this.vars = tf.tidy(() => ({
      kernel1: tf.variable(tf.concat([k1, k1], 1), true),
      bias1: tf.variable(tf.concat([b1, b1]), true),
      studentKernel2: tf.variable(k2.clone(), true),
      studentBias2: tf.variable(b2.clone(), true),
      baselineKernel2: tf.variable(k2.clone(), true),
      baselineBias2: tf.variable(b2.clone(), true),
    }));
    init.dispose();
  }

  get variables(): tf.Variable[] {
    const v = this.vars;
    return [v.kernel1, v.bias1, v.studentKernel2, v.studentBias2, v.baselineKernel2, v.baselineBias2];
  }

  /** Logits of both models for a batch (call inside a tidy / variableGrads). */
  logits(x: tf.Tensor2D): { student: tf.Tensor2D; baseline: tf.Tensor2D } {
    const v = this.vars;
    const hiddenBoth = tf.relu(tf.add(tf.matMul(x, v.kernel1), v.bias1)) as tf.Tensor2D;
    const [hs, hb] = tf.split(hiddenBoth, 2, 1) as [tf.Tensor2D, tf.Tensor2D];
    return {
      student: tf.add(tf.matMul(hs, v.studentKernel2), v.studentBias2) as tf.Tensor2D,
      baseline: tf.add(tf.matMul(hb, v.baselineKernel2), v.baselineBias2) as tf.Tensor2D,
    };
  }

  /** Each model's weights, in the order of a createStudent model's getWeights(). */
  weightsOf(which: 'student' | 'baseline'): tf.Tensor[] {
    const v = this.vars;
    const half = which === 'student' ? 0 : this.hidden;
    return tf.tidy(() => [
      tf.slice(v.kernel1, [0, half], [-1, this.hidden]),
      tf.slice(v.bias1, [half], [this.hidden]),
      which === 'student' ? v.studentKernel2.clone() : v.baselineKernel2.clone(),
      which === 'student' ? v.studentBias2.clone() : v.baselineBias2.clone(),
    ]);
  }

  /** Copies the pair's current weights into two Layers models made by createStudent (for evaluation and export). */
  writeTo(student: LayersModel, baseline: LayersModel): void {
    for (const [model, which] of [
      [student, 'student'],
      [baseline, 'baseline'],
    ] as const) {
      const weights = this.weightsOf(which);
      model.setWeights(weights);
      tf.dispose(weights);
    }
  }

  dispose(): void {
    tf.dispose(this.variables);
  }
}
