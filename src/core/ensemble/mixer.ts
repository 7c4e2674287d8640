/**
 * The ensemble's distribution, written once: every plain-array mixture of the teachers (soft
 * labels, the class-similarity map, teaching mode's grid maps, calibration, the ensemble's
 * accuracy) goes through EnsembleMixer. Each member's logits z_m are multiplied by its scale s_m
 * (calibration and confidence, teacher-view.ts) and divided by T, then combined with the weights
 * w_m (normalised to sum to 1):
 *   arithmetic: Σ_m w_m softmax(s_m z_m / T) — Hinton et al.'s ensemble average;
 *   geometric:  softmax(Σ_m w_m s_m z_m / T) — the normalised weighted geometric mean of the members' distributions.
 * Plain arrays, no tfjs; the batched tensor version for training is ensembleLogTargets (losses.ts).
 */
import type { EnsembleMode } from '../settings/config';

/** Member weights scaled to sum to 1; throws on a negative or non-finite weight, or when all are 0. */
export function normalizedWeights(weights: readonly number[]): number[] {
  if (weights.some((w) => !(w >= 0) || !Number.isFinite(w))) throw new Error('member weights must be finite numbers ≥ 0');
  const sum = weights.reduce((a, b) => a + b, 0);
  if (!(sum > 0)) throw new Error('at least one member weight must be above 0');
  return weights.map((w) => w / sum);
}

/** Throws unless T > 0, naming it. */
export function checkTemperature(temperature: number): void {
  if (!(temperature > 0)) throw new Error(`temperature must be > 0, got ${temperature}`);
}

/** log Σ_i exp(z_i), computed stably (the largest z_i subtracted before exp). */
export function logSumExp(z: ArrayLike<number>): number {
  let max = -Infinity;
  for (let i = 0; i < z.length; i++) max = Math.max(max, z[i]!);
  let sum = 0;
  for (let i = 0; i < z.length; i++) sum += Math.exp(z[i]! - max);
  return max + Math.log(sum);
}

export interface MixSettings {
  mode: EnsembleMode;
  /** Each member's weight in the mean, as given (normalised here); equal when omitted. */
  weights?: readonly number[];
  /** What each member's logits are multiplied by (teacher-view.ts); 1 when omitted. */
  scales?: readonly number[];
  /** T, which every scaled logit is divided by; 1 when omitted. */
  temperature?: number;
}

/**
 * Mixes the members' logits into the ensemble's distribution, one row (sample, grid cell) at a
 * time. Its weights, scales and two class-long scratch rows are made once, so mixing a row
 * allocates nothing. The arithmetic is in float64, in one fixed order — each member's log softmax
 * taken as z − log Σ exp z, weights applied after exp (arithmetic) or to the scaled logits before
 * T (geometric) — so every figure that mixes the teachers gets the same numbers, bit for bit.
 */
export class EnsembleMixer {
  /** The distribution of the last row mixed: overwritten by the next one (copy it to keep it). */
  readonly p: Float64Array;
  /** A scratch row: one member's scaled logits over T, or the weighted sum of them (geometric). */
  private readonly z: Float64Array;
  private readonly weights: Float64Array;
  private readonly scales: Float64Array;
  private readonly geometric: boolean;
  private readonly temperature: number;

  /** For `members` tables (or rows) of `classes` logits; throws on weights or scales that do not fit, or T ≤ 0. */
  constructor(
    readonly members: number,
    readonly classes: number,
    { mode, weights, scales, temperature = 1 }: MixSettings,
  ) {
    if (members < 1) throw new Error('an ensemble needs at least one member');
    const w = normalizedWeights(weights ?? Array<number>(members).fill(1));
    if (w.length !== members) throw new Error(`${w.length} weights for ${members} members`);
    if (scales !== undefined && scales.length !== members) throw new Error(`${scales.length} scales for ${members} members`);
    checkTemperature(temperature);
    this.weights = Float64Array.from(w);
    this.scales = scales === undefined ? new Float64Array(members).fill(1) : Float64Array.from(scales);
    this.geometric = mode === 'geometric';
    this.temperature = temperature;
    this.p = new Float64Array(classes);
    this.z = new Float64Array(classes);
  }

  /**
   * The ensemble's distribution at the row starting at `at` of every member's table (0 for
   * tables that are one row each), written into `p` and returned. A member of weight 0 is skipped.
   */
  mix(tables: readonly ArrayLike<number>[], at = 0): Float64Array {
    const { classes, weights, scales, temperature, p, z } = this;
    if (tables.length !== this.members) throw new Error(`${this.members} weights for ${tables.length} members`);
    if (this.geometric) {
      z.fill(0);
      for (let m = 0; m < tables.length; m++) {
        const w = weights[m]!;
        if (w === 0) continue;
        const table = tables[m]!;
        const s = scales[m]!;
        for (let c = 0; c < classes; c++) z[c]! += table[at + c]! * s * w;
      }
      for (let c = 0; c < classes; c++) z[c] = z[c]! / temperature;
      const logSum = logSumExp(z);
      for (let c = 0; c < classes; c++) p[c] = Math.exp(z[c]! - logSum);
      return p;
    }
    p.fill(0);
    for (let m = 0; m < tables.length; m++) {
      const w = weights[m]!;
      if (w === 0) continue;
      const table = tables[m]!;
      const s = scales[m]!;
      for (let c = 0; c < classes; c++) z[c] = (table[at + c]! * s) / temperature;
      const logSum = logSumExp(z);
      for (let c = 0; c < classes; c++) p[c]! += Math.exp(z[c]! - logSum) * w;
    }
    return p;
  }

  /**
   * The distributions of many rows of count × classes member tables into `out` (rows × classes,
   * row-major, as float32): the rows `indices` name, in their order, or every row when omitted.
   */
  mixRows(tables: readonly Float32Array[], out: Float32Array, indices?: ArrayLike<number>): Float32Array {
    const { classes } = this;
    const rows = out.length / classes;
    if (indices !== undefined && indices.length !== rows) throw new Error(`out holds ${rows} rows; ${indices.length} indices given`);
    for (let i = 0; i < rows; i++) out.set(this.mix(tables, (indices === undefined ? i : indices[i]!) * classes), i * classes);
    return out;
  }
}
