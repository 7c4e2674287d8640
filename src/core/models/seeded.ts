/**
 * What makes a model repeat exactly for a seed: dropout whose mask is drawn from the engine's own
 * seeded PRNG, and seeds handed to tfjs's initialisers. Every model builder (models.ts, the text
 * models and their layers) takes them from here.
 */
import * as tf from '@tensorflow/tfjs';
import { seededRandom } from '../data/data';

/**
 * Dropout with a reproducible mask that changes at every training step. tfjs's own
 * `tf.layers.dropout({ seed })` reseeds every call, so it drops the same units at every step
 * (a fixed thinner network, not dropout); unseeded, runs cannot be repeated.
 */
export class SeededDropout extends tf.layers.Layer {
  static readonly className = 'SeededDropout';
  private readonly rate: number;
  private readonly seed: number;
  private calls = 0;

  constructor(args: { rate: number; seed: number; name?: string }) {
    super(args);
    this.rate = args.rate;
    this.seed = args.seed;
  }

  override call(inputs: tf.Tensor | tf.Tensor[], kwargs: { training?: boolean }): tf.Tensor {
    const x = Array.isArray(inputs) ? inputs[0] : inputs;
    if (x === undefined) throw new Error('SeededDropout needs an input tensor');
    if (!kwargs.training || this.rate === 0) return x;
    // Distinct seeds per step; the multiplier keeps them apart from the other layers' seeds. The
    // mask is drawn in JavaScript with the engine's own PRNG (data.ts): tf.dropout's seeded path
    // (seedrandom's alea) costs three times as much per step.
    const random = seededRandom(this.seed * 100_003 + this.calls++);
    const keep = 1 - this.rate;
    const mask = new Float32Array(x.size);
    for (let i = 0; i < mask.length; i++) mask[i] = random() < keep ? 1 / keep : 0;
    return tf.mul(x, tf.tensor(mask, x.shape));
  }

  override getConfig(): tf.serialization.ConfigDict {
    return { ...super.getConfig(), rate: this.rate, seed: this.seed };
  }
}
tf.serialization.registerClass(SeededDropout);

/**
 * tfjs reads a seed of 0 as "no seed" (`seed ? seed : Math.random()` in its random ops), so a
 * run with seed 0 would not repeat. Every seed handed to tfjs goes through here.
 */
export function tfjsSeed(seed: number): number {
  return seed === 0 ? 0x5eed : seed;
}
