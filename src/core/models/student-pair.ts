/**
 * The distilled student and its baseline trained as one pair of networks in one step. Both are
 * the same MLP seen on the same batches, so their first layers are one [784, 2h] product
 * (x · [W_student | W_baseline]), and one optimizer step updates every variable of both.
 *
 * This is the same maths as two separate steps: the pair's loss is L_student + L_baseline, each
 * half of the shared layer gets the gradient of its own model's loss only, and Adam and SGD act on
 * every parameter separately. It halves the number of kernel dispatches and the transposes of x,
 * which is what a small model's step is made of.
 */
import * as tf from '@tensorflow/tfjs';
import type { LayersModel } from '@tensorflow/tfjs';
import { isNamedLayout, layoutWidths } from '../settings/layouts';
import { MNIST_INPUT, type InputSpec } from '../data/data';
import { createStudent, trainableVariables } from './models';

/** The two students a distillation trains side by side, as the training step sees them. */
export interface StudentPair {
  /** Every trainable variable of both, for the optimizer. */
  readonly variables: tf.Variable[];
  /** Logits of both models for a batch (call inside a tidy / variableGrads). */
  logits(x: tf.Tensor2D): { student: tf.Tensor2D; baseline: tf.Tensor2D };
  /** Each model's weights, in the order of a createStudent model's getWeights(). */
  weightsOf(which: 'student' | 'baseline'): tf.Tensor[];
  /** Copies the pair's current weights into two Layers models made by createStudent (for evaluation and export). */
  writeTo(student: LayersModel, baseline: LayersModel): void;
  dispose(): void;
}

/** The pair for a student layout: fused MLPs, or two plain models for the named ones (CNN, text students: nothing to fuse). */
export function createStudentPair(
  layout: string | number | readonly number[],
  classes: number,
  seed: number,
  input: InputSpec = MNIST_INPUT,
): StudentPair {
  return isNamedLayout(layout) ? new ModelPair(layout as string, classes, seed, input) : new FusedMlpPair(layout, classes, seed, input);
}

/**
 * Two MLPs as one. Variables in this order: the first layer's kernel [inputs, 2·d₁] and bias [2·d₁]
 * shared by both (student columns first), then, for each later layer, the student's kernel and bias
 * and the baseline's. d₁ is the first hidden width, or the classes when the student has no hidden layer.
 */
export class FusedMlpPair implements StudentPair {
  /** Widths of every layer after the input: the hidden ones, then the classes. */
  readonly widths: readonly number[];
  readonly variables: tf.Variable[];

  /** Both start from the weights of createStudent(layout, classes, seed): identical initial networks. */
  constructor(layout: string | number | readonly number[], classes: number, seed: number, input: InputSpec = MNIST_INPUT) {
    this.widths = [...layoutWidths(layout), classes];
    const init = createStudent(layout, classes, seed, 'pair_init', input);
    const weights = init.getWeights();
    // Unnamed: tfjs names variables uniquely, and two pairs may be alive at once (a throughput probe beside a run).
    this.variables = tf.tidy(() => {
      const [k1, b1, ...rest] = weights;
      const vars = [tf.variable(tf.concat([k1!, k1!], 1), true), tf.variable(tf.concat([b1!, b1!]), true)];
      for (let i = 0; i < rest.length; i += 2) {
        // Student then baseline, both from the same initial weights.
        vars.push(tf.variable(rest[i]!.clone(), true), tf.variable(rest[i + 1]!.clone(), true));
        vars.push(tf.variable(rest[i]!.clone(), true), tf.variable(rest[i + 1]!.clone(), true));
      }
      return vars;
    });
    init.dispose();
  }

  /** The student's (or baseline's) kernel and bias of layer `layer` ≥ 1. */
  private layerVars(layer: number, which: 'student' | 'baseline'): [tf.Variable, tf.Variable] {
    const at = 2 + (layer - 1) * 4 + (which === 'student' ? 0 : 2);
    return [this.variables[at]!, this.variables[at + 1]!];
  }

  logits(x: tf.Tensor2D): { student: tf.Tensor2D; baseline: tf.Tensor2D } {
    const layers = this.widths.length;
    const first = tf.add(tf.matMul(x, this.variables[0]!), this.variables[1]!) as tf.Tensor2D;
    const both = layers > 1 ? tf.relu(first) : first;
    let [hs, hb] = tf.split(both, 2, 1) as [tf.Tensor2D, tf.Tensor2D];
    for (let layer = 1; layer < layers; layer++) {
      const last = layer === layers - 1;
      const step = (h: tf.Tensor2D, which: 'student' | 'baseline') => {
        const [kernel, bias] = this.layerVars(layer, which);
        const out = tf.add(tf.matMul(h, kernel), bias) as tf.Tensor2D;
        return last ? out : tf.relu(out);
      };
      [hs, hb] = [step(hs, 'student'), step(hb, 'baseline')];
    }
    return { student: hs, baseline: hb };
  }

  weightsOf(which: 'student' | 'baseline'): tf.Tensor[] {
    const width = this.widths[0]!;
    const half = which === 'student' ? 0 : width;
    return tf.tidy(() => [
      tf.slice(this.variables[0]!, [0, half], [-1, width]),
      tf.slice(this.variables[1]!, [half], [width]),
      ...this.widths.slice(1).flatMap((_, i) => this.layerVars(i + 1, which).map((v) => v.clone())),
    ]);
  }

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

/** Two Layers models from the same initial weights, stepped together (the CNN and text students). */
export class ModelPair implements StudentPair {
  readonly variables: tf.Variable[];
  private readonly models: Record<'student' | 'baseline', LayersModel>;

  constructor(layout: string, classes: number, seed: number, input: InputSpec = MNIST_INPUT) {
    this.models = {
      student: createStudent(layout, classes, seed, 'pair_student', input),
      baseline: createStudent(layout, classes, seed, 'pair_baseline', input),
    };
    this.variables = [...trainableVariables(this.models.student), ...trainableVariables(this.models.baseline)];
  }

  logits(x: tf.Tensor2D): { student: tf.Tensor2D; baseline: tf.Tensor2D } {
    return { student: this.models.student.apply(x) as tf.Tensor2D, baseline: this.models.baseline.apply(x) as tf.Tensor2D };
  }

  weightsOf(which: 'student' | 'baseline'): tf.Tensor[] {
    return tf.tidy(() => this.models[which].getWeights().map((w) => w.clone()));
  }

  /** One model's trainable variables (DOT trains the student's with two momenta). */
  variablesOf(which: 'student' | 'baseline'): tf.Variable[] {
    return trainableVariables(this.models[which]);
  }

  writeTo(student: LayersModel, baseline: LayersModel): void {
    student.setWeights(this.models.student.getWeights());
    baseline.setWeights(this.models.baseline.getWeights());
  }

  dispose(): void {
    this.models.student.dispose();
    this.models.baseline.dispose();
  }
}
