/**
 * The teacher ensemble's cached logits: every member's logits for every sample, computed once
 * in inference mode, keyed by sample index. Changing T never re-runs the teachers. A copy lives
 * on the backend too (made on first use), so a student's batch gathers its soft targets there.
 */
import * as tf from '@tensorflow/tfjs';
import type { EnsembleMode } from '../settings/config';
import { standardizeLogits } from '../losses/kd-losses';
import { ensembleLogTargets } from '../losses/losses';
import { EnsembleMixer } from './mixer';
import { gatherRows } from './soft-labels';

/** How the teachers' logits are read: as they are, or standardised first (logit standardisation, kd-losses.ts). */
export type LogitView = 'raw' | 'standardized';

/** Tables kept at once: T and T = 1 of a weighted loss, and the previous T while a slider moves. */
const TABLES = 3;

export class LogitsCache {
  private device: tf.Tensor3D | null = null;
  /** log p_ensemble,T for every sample, per T, mean and view recently asked for (least recent first). */
  private readonly tables = new Map<string, tf.Tensor2D>();

  /**
   * `members`: one count × classes table per member, as the teachers see the data (already scaled
   * by a calibration or confidence factor, teacher-view.ts); `weights`: each member's weight in the mean (equal when omitted).
   */
  constructor(
    readonly members: Float32Array[],
    readonly classes: number,
    readonly weights?: readonly number[],
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
   * The whole table is computed once per T, mean and view (losses.ts, ensembleLogTargets) and kept
   * on the backend, so a training step only gathers its rows; a new T (a slider move) adds a table.
   */
  logTargets(indices: tf.Tensor1D, temperature: number, mode: EnsembleMode, view: LogitView = 'raw'): tf.Tensor2D {
    const key = `${temperature}|${mode}|${view}`;
    let table = this.tables.get(key);
    if (table) {
      this.tables.delete(key); // re-inserted below: the most recently used comes last
    } else {
      table = tf.keep(tf.tidy(() => ensembleLogTargets(this.viewed(this.onDevice(), view), temperature, mode, this.weights)));
      if (this.tables.size >= TABLES) {
        const [oldest] = this.tables.keys();
        this.tables.get(oldest!)!.dispose();
        this.tables.delete(oldest!);
      }
    }
    this.tables.set(key, table);
    return tf.gather(table, indices);
  }

  /**
   * The same targets computed from the batch's own logits: for a T that changes every batch (a
   * schedule) or is a tensor being learnt (CTKD), where a table would be rebuilt at every step.
   */
  batchLogTargets(indices: tf.Tensor1D, temperature: number | tf.Scalar, mode: EnsembleMode, view: LogitView = 'raw'): tf.Tensor2D {
    return tf.tidy(() => ensembleLogTargets(this.viewed(this.gather(indices), view), temperature, mode, this.weights));
  }

  private viewed(logits: tf.Tensor3D, view: LogitView): tf.Tensor3D {
    return view === 'standardized' ? standardizeLogits(logits) : logits;
  }

  /** Frees the backend copies (the arrays stay). */
  dispose(): void {
    this.device?.dispose();
    this.device = null;
    this.tables.forEach((table) => table.dispose());
    this.tables.clear();
  }

  /** [members, batch, classes] logits of the given samples, built from the arrays (the benchmark's stock path). */
  batchTensor(indices: ArrayLike<number>): tf.Tensor3D {
    const data = new Float32Array(this.members.length * indices.length * this.classes);
    this.members.forEach((m, k) => data.set(gatherRows(m, indices, this.classes), k * indices.length * this.classes));
    return tf.tensor3d(data, [this.members.length, indices.length, this.classes]);
  }

  /** The ensemble's probabilities at T for the given samples (rows × classes). */
  probabilities(indices: ArrayLike<number>, temperature: number, mode: EnsembleMode): Float32Array {
    return ensembleProbabilities(this.members, indices, this.classes, mode, this.weights, temperature);
  }
}

/** The ensemble's probabilities at T (default 1) for the given samples (rows × classes), from count × classes member tables. */
export function ensembleProbabilities(
  members: readonly Float32Array[],
  indices: ArrayLike<number>,
  classes: number,
  mode: EnsembleMode,
  weights?: readonly number[],
  temperature = 1,
): Float32Array {
  const mixer = new EnsembleMixer(members.length, classes, { mode, weights, temperature });
  return mixer.mixRows(members, new Float32Array(indices.length * classes), indices);
}
