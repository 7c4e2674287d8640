/**
 * The teacher ensemble's cached logits: every member's logits for every sample, computed once
 * in inference mode, keyed by sample index. Changing T never re-runs the teachers. A copy lives
 * on the backend too (made on first use), so a student's batch gathers its soft targets there.
 */
import * as tf from '@tensorflow/tfjs';
import type { EnsembleMode } from './config';
import { ensembleLogTargets } from './losses';
import { ensembleDistribution } from './soft-labels';
import { gatherRows } from './predict';

export class LogitsCache {
  private device: tf.Tensor3D | null = null;
  /** log p_ensemble,T for every sample at the last T and mean asked for: a student step gathers its rows. */
  private targets: { temperature: number; mode: EnsembleMode; table: tf.Tensor2D } | null = null;

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

  /** Every member's logits on the backend, [members, count, classes] (made on first use). */
  private onDevice(): tf.Tensor3D {
    if (!this.device) {
      const all = new Float32Array(this.members.length * this.members[0]!.length);
      this.members.forEach((m, k) => all.set(m, k * m.length));
      // Made on first use, often inside a training step's tidy: kept, or the tidy would dispose it.
      this.device = tf.keep(tf.tensor3d(all, [this.members.length, this.count, this.classes]));
    }
    return this.device;
  }

  /** [members, batch, classes] logits of the given samples, gathered on the backend. */
  gather(indices: tf.Tensor1D): tf.Tensor3D {
    return tf.gather(this.onDevice(), indices, 1);
  }

  /**
   * The ensemble's soft targets at T as log-probabilities, [batch, classes], for the given samples.
   * The whole table is computed once per T and mean (losses.ts, ensembleLogTargets) and kept on the
   * backend, so a training step only gathers its rows; a new T (a slider move) recomputes it.
   */
  logTargets(indices: tf.Tensor1D, temperature: number, mode: EnsembleMode): tf.Tensor2D {
    if (!this.targets || this.targets.temperature !== temperature || this.targets.mode !== mode) {
      this.targets?.table.dispose();
      const table = tf.keep(tf.tidy(() => ensembleLogTargets(this.onDevice(), temperature, mode)));
      this.targets = { temperature, mode, table };
    }
    return tf.gather(this.targets.table, indices);
  }

  /** Frees the backend copies (the arrays stay). */
  dispose(): void {
    this.device?.dispose();
    this.device = null;
    this.targets?.table.dispose();
    this.targets = null;
  }

  /** [members, batch, classes] logits of the given samples, built from the arrays (the benchmark's stock path). */
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
