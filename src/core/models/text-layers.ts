/**
 * The layers text models need beyond tfjs's own, each registered for save and load. Token ids arrive
 * as floats ([batch, length], like every dataset's features: 0 padding, 1 unknown, 2.. words) and are
 * cast to int32 inside; padding is left out of every mean.
 */
import * as tf from '@tensorflow/tfjs';
import { tfjsSeed } from './seeded';
import { firstShape } from './attention';

type LayerArgs = NonNullable<ConstructorParameters<typeof tf.layers.Layer>[0]>;

/** Keras's embedding initialiser (uniform ±0.05), seeded. */
const embeddingInit = (seed: number) => tf.initializers.randomUniform({ minval: -0.05, maxval: 0.05, seed: tfjsSeed(seed) });

/** The ids as int32 row indices, flat: gather takes integer indices. */
const flatIds = (ids: tf.Tensor): tf.Tensor1D => tf.reshape(tf.cast(ids, 'int32'), [ids.size]);

/**
 * The mean of x [b, l, d] over the positions whose id is not 0 → [b, d]. A row of padding only has
 * no positions to average: it gives zeros (its count is clamped to 1), not 0/0.
 */
export function maskedMean(x: tf.Tensor3D, ids: tf.Tensor2D): tf.Tensor2D {
  return tf.tidy(() => {
    const mask = tf.cast(tf.notEqual(ids, 0), 'float32');
    const sum = tf.sum(tf.mul(x, tf.expandDims(mask, 2)), 1);
    return tf.div(sum, tf.maximum(tf.sum(mask, 1, true), 1)) as tf.Tensor2D;
  });
}

/** The Layer's single input (a layer given [x] or x). */
function onlyInput(inputs: tf.Tensor | tf.Tensor[], layer: string): tf.Tensor {
  const x = Array.isArray(inputs) ? inputs[0] : inputs;
  if (x === undefined) throw new Error(`${layer} needs an input tensor.`);
  return x;
}

/** The two inputs [x, ids] of a layer that masks padding. */
function withIds(inputs: tf.Tensor | tf.Tensor[], layer: string): [tf.Tensor3D, tf.Tensor2D] {
  const [x, ids] = Array.isArray(inputs) ? inputs : [];
  if (x === undefined || ids === undefined) throw new Error(`${layer} takes two inputs: [x [batch, length, dim], ids [batch, length]].`);
  return [x as tf.Tensor3D, ids as tf.Tensor2D];
}

interface TokenAndPositionArgs extends LayerArgs {
  vocabSize: number;
  length: number;
  modelDim: number;
  seed: number;
}

/**
 * ids [b, l] → token embedding + learned position embedding, [b, l, d]. `length` is the longest
 * input; a shorter one takes the first positions, so appending padding changes no real position.
 * Tokens from `seed`, positions from `seed + 1`.
 */
export class TokenAndPositionEmbedding extends tf.layers.Layer {
  static readonly className = 'TokenAndPositionEmbedding';
  private readonly vocabSize: number;
  private readonly length: number;
  private readonly modelDim: number;
  private readonly seed: number;
  private tokens: tf.LayerVariable | null = null;
  private positions: tf.LayerVariable | null = null;

  constructor(args: TokenAndPositionArgs) {
    super(args);
    this.vocabSize = args.vocabSize;
    this.length = args.length;
    this.modelDim = args.modelDim;
    this.seed = args.seed;
  }

  override build(): void {
    this.tokens = this.addWeight('tokens', [this.vocabSize, this.modelDim], 'float32', embeddingInit(this.seed));
    this.positions = this.addWeight('positions', [this.length, this.modelDim], 'float32', embeddingInit(this.seed + 1));
    this.built = true;
  }

  override computeOutputShape(inputShape: tf.Shape | tf.Shape[]): tf.Shape {
    return [...firstShape(inputShape), this.modelDim];
  }

  override call(inputs: tf.Tensor | tf.Tensor[]): tf.Tensor {
    const ids = onlyInput(inputs, 'TokenAndPositionEmbedding');
    if (!this.tokens || !this.positions) throw new Error('TokenAndPositionEmbedding was called before it was built.');
    const [batch, length] = ids.shape as [number, number];
    if (length > this.length) throw new Error(`TokenAndPositionEmbedding: ${length} tokens, more than its ${this.length} positions.`);
    const [table, positions] = [this.tokens.read(), this.positions.read()];
    return tf.tidy(() => {
      const tokens = tf.reshape(tf.gather(table, flatIds(ids)), [batch, length, this.modelDim]);
      return tf.add(tokens, tf.slice(positions, [0, 0], [length, this.modelDim]));
    });
  }

  override getConfig(): tf.serialization.ConfigDict {
    const { vocabSize, length, modelDim, seed } = this;
    return { ...super.getConfig(), vocabSize, length, modelDim, seed };
  }
}
tf.serialization.registerClass(TokenAndPositionEmbedding);

/** [x [b, l, d], ids [b, l]] → [b, d]: the mean of x over the real (non-padding) positions; see maskedMean. */
export class MaskedMeanPooling extends tf.layers.Layer {
  static readonly className = 'MaskedMeanPooling';

  override computeOutputShape(inputShape: tf.Shape | tf.Shape[]): tf.Shape {
    const shape = firstShape(inputShape);
    return [shape[0] ?? null, shape.at(-1) ?? null];
  }

  override call(inputs: tf.Tensor | tf.Tensor[]): tf.Tensor {
    const [x, ids] = withIds(inputs, 'MaskedMeanPooling');
    return maskedMean(x, ids);
  }
}
tf.serialization.registerClass(MaskedMeanPooling);

interface EmbeddingBagArgs extends LayerArgs {
  inputDim: number;
  outputDim: number;
  seed: number;
}

/**
 * fastText's sentence vector: ids [b, l] → the mean of their rows of one table, [b, outputDim],
 * padding (id 0) left out. The table is the weight 'embeddings' [inputDim (the vocabulary), outputDim],
 * uniform ±0.05 from `seed`; an exporter reads it as Gather + masked mean.
 */
export class EmbeddingBag extends tf.layers.Layer {
  static readonly className = 'EmbeddingBag';
  private readonly inputDim: number;
  private readonly outputDim: number;
  private readonly seed: number;
  private embeddings: tf.LayerVariable | null = null;

  constructor(args: EmbeddingBagArgs) {
    super(args);
    this.inputDim = args.inputDim;
    this.outputDim = args.outputDim;
    this.seed = args.seed;
  }

  override build(): void {
    this.embeddings = this.addWeight('embeddings', [this.inputDim, this.outputDim], 'float32', embeddingInit(this.seed));
    this.built = true;
  }

  override computeOutputShape(inputShape: tf.Shape | tf.Shape[]): tf.Shape {
    return [firstShape(inputShape)[0] ?? null, this.outputDim];
  }

  override call(inputs: tf.Tensor | tf.Tensor[]): tf.Tensor {
    const ids = onlyInput(inputs, 'EmbeddingBag') as tf.Tensor2D;
    if (!this.embeddings) throw new Error('EmbeddingBag was called before it was built.');
    const [batch, length] = ids.shape;
    const table = this.embeddings.read();
    return tf.tidy(() => {
      const rows = tf.reshape(tf.gather(table, flatIds(ids)), [batch, length, this.outputDim]);
      return maskedMean(rows as tf.Tensor3D, ids);
    });
  }

  override getConfig(): tf.serialization.ConfigDict {
    const { inputDim, outputDim, seed } = this;
    return { ...super.getConfig(), inputDim, outputDim, seed };
  }
}
tf.serialization.registerClass(EmbeddingBag);

interface LayerNormArgs extends LayerArgs {
  epsilon?: number;
}

/**
 * Layer normalisation over the last axis with a learned scale (ones) and offset (zeros). Not
 * tf.layers.layerNormalization: it tiles its statistics to x's full shape and goes through the
 * batch-norm kernels, whose gradient took 940 ms on wasm for a [64, 64, 64] batch; this, the same
 * values, takes 4 ms. ε = 1e-5, as PyTorch's nn.LayerNorm.
 */
export class LayerNorm extends tf.layers.Layer {
  static readonly className = 'LayerNorm';
  private readonly epsilon: number;
  private gamma: tf.LayerVariable | null = null;
  private beta: tf.LayerVariable | null = null;

  constructor(args: LayerNormArgs = {}) {
    super(args);
    this.epsilon = args.epsilon ?? 1e-5;
  }

  override build(inputShape: tf.Shape | tf.Shape[]): void {
    const features = firstShape(inputShape).at(-1);
    if (typeof features !== 'number') throw new Error('LayerNorm needs a known last dimension.');
    this.gamma = this.addWeight('gamma', [features], 'float32', tf.initializers.ones());
    this.beta = this.addWeight('beta', [features], 'float32', tf.initializers.zeros());
    this.built = true;
  }

  override computeOutputShape(inputShape: tf.Shape | tf.Shape[]): tf.Shape {
    return firstShape(inputShape);
  }

  override call(inputs: tf.Tensor | tf.Tensor[]): tf.Tensor {
    const x = onlyInput(inputs, 'LayerNorm');
    if (!this.gamma || !this.beta) throw new Error('LayerNorm was called before it was built.');
    const [gamma, beta] = [this.gamma.read(), this.beta.read()];
    return tf.tidy(() => {
      const { mean, variance } = tf.moments(x, -1, true);
      const normalised = tf.mul(tf.sub(x, mean), tf.rsqrt(tf.add(variance, this.epsilon)));
      return tf.add(tf.mul(normalised, gamma), beta);
    });
  }

  override getConfig(): tf.serialization.ConfigDict {
    return { ...super.getConfig(), epsilon: this.epsilon };
  }
}
tf.serialization.registerClass(LayerNorm);
