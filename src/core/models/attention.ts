/**
 * Multi-head self-attention over token sequences, with padding masked out: the transformer teacher's
 * (text-models.ts) mixing layer. tfjs 4.22 has no attention layer, so this is one: a pure function
 * (`multiHeadSelfAttention`, the maths, unit-tested against plain loops) and the Layer that owns the
 * weights and calls it. Every op it uses has a gradient on cpu, wasm, WebGL and WebGPU.
 */
import * as tf from '@tensorflow/tfjs';
import { tfjsSeed } from './seeded';

/**
 * Added to the score of every padded key before the softmax, so exp() gives exactly 0 in float32.
 * Finite (not -Infinity) so that a row of padding only gives a uniform average, not NaN.
 */
export const MASKED_SCORE = -1e9;

/** The attention's weights: the query, key, value and output projections [d, d] and their biases [d]. */
export interface AttentionWeights {
  wq: tf.Tensor2D;
  bq: tf.Tensor1D;
  wk: tf.Tensor2D;
  bk: tf.Tensor1D;
  wv: tf.Tensor2D;
  bv: tf.Tensor1D;
  wo: tf.Tensor2D;
  bo: tf.Tensor1D;
}

/** The projections, in the order the layer creates their weights (w then b of each; a saved model lists them so). */
const PROJECTIONS = ['q', 'k', 'v', 'o'] as const;

/** The shape of x when a layer is given [x, ids] (or x alone). */
export function firstShape(inputShape: tf.Shape | tf.Shape[]): tf.Shape {
  return Array.isArray(inputShape[0]) ? (inputShape[0] as tf.Shape) : (inputShape as tf.Shape);
}

/** x·w + b over the last axis of x [b·l, d]. */
const project = (x: tf.Tensor2D, w: tf.Tensor2D, b: tf.Tensor1D): tf.Tensor2D => tf.add(tf.matMul(x, w), b) as tf.Tensor2D;

/** [b·l, d] → [b·heads, l, d/heads]: each head's slice of the features, as its own batch entry. */
function splitHeads(x: tf.Tensor2D, batch: number, length: number, heads: number): tf.Tensor3D {
  const depth = x.shape[1] / heads;
  const byHead = tf.transpose(tf.reshape(x, [batch, length, heads, depth]), [0, 2, 1, 3]);
  return tf.reshape(byHead, [batch * heads, length, depth]);
}

/** [b·heads, l, d/heads] → [b·l, d]: the heads' outputs side by side again. */
function joinHeads(x: tf.Tensor3D, batch: number, heads: number): tf.Tensor2D {
  const [, length, depth] = x.shape;
  const byPosition = tf.transpose(tf.reshape(x, [batch, heads, length, depth]), [0, 2, 1, 3]);
  return tf.reshape(byPosition, [batch * length, heads * depth]);
}

/** MASKED_SCORE where the id is 0 (padding), else 0, shaped [b, 1, 1, l] to add to every head's and query's scores. */
export function paddingBias(ids: tf.Tensor2D): tf.Tensor4D {
  const [batch, length] = ids.shape;
  const padded = tf.cast(tf.equal(ids, 0), 'float32');
  return tf.reshape(tf.mul(padded, MASKED_SCORE), [batch, 1, 1, length]);
}

/**
 * softmax(q·kᵀ / √(d/heads) + padding) · v for every head, then the output projection: x [b, l, d],
 * ids [b, l] (any dtype; 0 is padding) → [b, l, d]. Padded keys get no attention; padded queries
 * still get an output (the pooling after the blocks leaves them out).
 */
export function multiHeadSelfAttention(x: tf.Tensor3D, ids: tf.Tensor2D, weights: AttentionWeights, heads: number): tf.Tensor3D {
  return tf.tidy(() => {
    const [batch, length, dim] = x.shape;
    if (dim % heads !== 0) throw new Error(`The attention's model dimension (${dim}) must be a multiple of its heads (${heads}).`);
    const flat = tf.reshape(x, [batch * length, dim]) as tf.Tensor2D;
    const head = (w: tf.Tensor2D, b: tf.Tensor1D) => splitHeads(project(flat, w, b), batch, length, heads);
    const [q, k, v] = [head(weights.wq, weights.bq), head(weights.wk, weights.bk), head(weights.wv, weights.bv)];
    const scores = tf.mul(tf.matMul(q, k, false, true), 1 / Math.sqrt(dim / heads));
    const masked = tf.add(tf.reshape(scores, [batch, heads, length, length]), paddingBias(ids));
    const attention = tf.softmax(tf.reshape(masked, [batch * heads, length, length]));
    const mixed = joinHeads(tf.matMul(attention, v), batch, heads);
    return tf.reshape(project(mixed, weights.wo, weights.bo), [batch, length, dim]);
  });
}

interface AttentionArgs extends NonNullable<ConstructorParameters<typeof tf.layers.Layer>[0]> {
  heads: number;
  modelDim: number;
  seed: number;
}

/**
 * The layer: inputs [x [b, l, modelDim], ids [b, l]] → [b, l, modelDim]. The projections are
 * Glorot-uniform from `seed` (seed, +1, +2, +3 for q, k, v, o), the biases zero.
 */
export class MultiHeadSelfAttention extends tf.layers.Layer {
  static readonly className = 'MultiHeadSelfAttention';
  private readonly heads: number;
  private readonly modelDim: number;
  private readonly seed: number;
  private projections: tf.LayerVariable[] = [];

  constructor(args: AttentionArgs) {
    super(args);
    if (!Number.isInteger(args.heads) || args.heads < 1)
      throw new Error(`MultiHeadSelfAttention: heads must be a positive integer, got ${args.heads}.`);
    if (args.modelDim % args.heads !== 0) {
      throw new Error(`MultiHeadSelfAttention: modelDim (${args.modelDim}) must be a multiple of heads (${args.heads}).`);
    }
    this.heads = args.heads;
    this.modelDim = args.modelDim;
    this.seed = args.seed;
  }

  override build(inputShape: tf.Shape | tf.Shape[]): void {
    const features = firstShape(inputShape).at(-1);
    if (features !== this.modelDim) throw new Error(`MultiHeadSelfAttention: expected ${this.modelDim} features, got ${features}.`);
    const d = this.modelDim;
    // One seed per projection (q, k, v, o: seed, +1, +2, +3), so each starts from its own draw.
    this.projections = PROJECTIONS.flatMap((p, i) => [
      this.addWeight(`w${p}`, [d, d], 'float32', tf.initializers.glorotUniform({ seed: tfjsSeed(this.seed + i) })),
      this.addWeight(`b${p}`, [d], 'float32', tf.initializers.zeros()),
    ]);
    this.built = true;
  }

  override computeOutputShape(inputShape: tf.Shape | tf.Shape[]): tf.Shape {
    return firstShape(inputShape);
  }

  override call(inputs: tf.Tensor | tf.Tensor[]): tf.Tensor {
    const [x, ids] = Array.isArray(inputs) ? inputs : [];
    if (x === undefined || ids === undefined)
      throw new Error('MultiHeadSelfAttention takes two inputs: [x [batch, length, dim], ids [batch, length]].');
    const [wq, bq, wk, bk, wv, bv, wo, bo] = this.projections.map((v) => v.read());
    if (!wq || !bq || !wk || !bk || !wv || !bv || !wo || !bo) throw new Error('MultiHeadSelfAttention was called before it was built.');
    const weights = { wq, bq, wk, bk, wv, bv, wo, bo } as AttentionWeights;
    return multiHeadSelfAttention(x as tf.Tensor3D, ids as tf.Tensor2D, weights, this.heads);
  }

  override getConfig(): tf.serialization.ConfigDict {
    return { ...super.getConfig(), heads: this.heads, modelDim: this.modelDim, seed: this.seed };
  }
}
tf.serialization.registerClass(MultiHeadSelfAttention);
