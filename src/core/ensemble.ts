/**
 * The teacher ensemble's cached logits: every member's logits for every sample, computed once
 * in inference mode, keyed by sample index. Changing T never re-runs the teachers.
 */
import * as tf from '@tensorflow/tfjs';
import type { EnsembleMode } from './config';
import { ensembleDistribution } from './soft-labels';
import { gatherRows } from './predict';

export class LogitsCache {
  constructor(
    readonly members: Float32Array[],
    readonly classes: number,
  ) {
    const first = members[0];
    if (first === undefined) throw new Error('the logits cache needs at least one member');
    const length = first.length;
    if (members.some((m) => m.length !== length) || length % classes !== 0) {
      throw new Error('every member needs count × classes logits');
    }
  }

  get count(): number {
    return this.members[0]!.length / this.classes;
  }

  /** [members, batch, classes] logits of the given samples. */
  batchTensor(indices: ArrayLike<number>): tf.Tensor3D {
    const data = new Float32Array(this.members.length * indices.length * this.classes);
    this.members.forEach((m, k) => data.set(gatherRows(m, indices, this.classes), k * indices.length * this.classes));
    return tf.tensor3d(data, [this.members.length, indices.length, this.classes]);
  }

  /** The ensemble's probabilities at T for the given samples (rows × classes). */
  probabilities(indices: ArrayLike<number>, temperature: number, mode: EnsembleMode): Float32Array {
    const out = new Float32Array(indices.length * this.classes);
    for (let i = 0; i < indices.length; i++) {
      const index = indices[i]!;
      const rows = this.members.map((m) => m.subarray(index * this.classes, (index + 1) * this.classes));
      out.set(ensembleDistribution(rows, temperature, mode), i * this.classes);
    }
    return out;
  }
}
