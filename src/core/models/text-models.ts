/**
 * Model builders for text: every model takes [batch, length] token ids stored as floats (0 padding,
 * 1 unknown, 2.. words; InputSpec.text) and outputs [batch, classes] logits, like models.ts's. All
 * are seeded: one seed builds the same weights every time.
 * - the transformer teacher: token + position embeddings, 1–2 post-norm encoder blocks, masked mean, dense;
 * - the bag student (fastText): the mean of the tokens' embeddings, then dense;
 * - the conv1d student: embeddings, one convolution over 3 tokens, max over positions, dense.
 * The students are tf.Sequential so the ONNX exporter can read them layer by layer.
 */
import * as tf from '@tensorflow/tfjs';
import type { InputSpec, TextInput } from '../data/data';
import { MultiHeadSelfAttention } from './attention';
import { SeededDropout, tfjsSeed } from './seeded';
import { EmbeddingBag, LayerNorm, MaskedMeanPooling, TokenAndPositionEmbedding } from './text-layers';

export interface TransformerOptions {
  /** Width of the embeddings and of every block (default 64); a multiple of `heads`. */
  modelDim?: number;
  /** Attention heads (default 4). */
  heads?: number;
  /** Encoder blocks, 1 (default) or 2. */
  blocks?: number;
  /** Hidden width of each block's feed-forward part (default 128). */
  ffnDim?: number;
  /** Dropout after the embeddings, the attention and the feed-forward part (default 0.1). */
  dropout?: number;
}

const glorot = (seed: number) => tf.initializers.glorotUniform({ seed: tfjsSeed(seed) });
const he = (seed: number) => tf.initializers.heNormal({ seed: tfjsSeed(seed) });

/** The text shape of `input`, or a message naming the model that needs it. */
function textOf(input: InputSpec, what: string): TextInput {
  if (!input.text) {
    throw new Error(
      `The ${what} needs text; this dataset is ${input.image ? 'images' : `a table (${input.features} columns)`}. Choose an MLP or a CNN.`,
    );
  }
  if (input.features !== input.text.length)
    throw new Error(`The ${what}: ${input.features} features but ${input.text.length} tokens per sample.`);
  return input.text;
}

/** `value` if it is a whole number in [min, max], else a message naming `name`. */
function checkedInteger(name: string, value: number, min: number, max: number): number {
  if (!Number.isInteger(value) || value < min || value > max)
    throw new Error(`The transformer teacher's ${name} must be a whole number from ${min} to ${max}, got ${value}.`);
  return value;
}

/**
 * One post-norm encoder block (as in "Attention is all you need"): x + attention → norm, then
 * x + FFN(x) → norm, dropout on each branch. Seeds seed .. seed + 4.
 */
function encoderBlock(x: tf.SymbolicTensor, ids: tf.SymbolicTensor, seed: number, o: Required<TransformerOptions>): tf.SymbolicTensor {
  const attended = new MultiHeadSelfAttention({ heads: o.heads, modelDim: o.modelDim, seed }).apply([x, ids]) as tf.SymbolicTensor;
  const mixed = residualNorm(x, new SeededDropout({ rate: o.dropout, seed: seed + 1 }).apply(attended) as tf.SymbolicTensor);
  const hidden = tf.layers.dense({ units: o.ffnDim, activation: 'relu', kernelInitializer: he(seed + 2) }).apply(mixed);
  const back = tf.layers.dense({ units: o.modelDim, kernelInitializer: glorot(seed + 3) }).apply(hidden);
  return residualNorm(mixed, new SeededDropout({ rate: o.dropout, seed: seed + 4 }).apply(back) as tf.SymbolicTensor);
}

/** LayerNorm(x + branch). */
function residualNorm(x: tf.SymbolicTensor, branch: tf.SymbolicTensor): tf.SymbolicTensor {
  return new LayerNorm().apply(tf.layers.add().apply([x, branch])) as tf.SymbolicTensor;
}

/**
 * The transformer teacher: ids → token + position embeddings (d = 64) → `blocks` encoder blocks
 * (4 heads, FFN 128) → mean over the real tokens → classes. Padding changes nothing: attention
 * masks it and the pooling leaves it out. Needs `input.text`.
 */
export function createTransformerTeacher(
  classes: number,
  seed: number,
  input: InputSpec,
  options: TransformerOptions = {},
): tf.LayersModel {
  const text = textOf(input, 'transformer teacher');
  const o: Required<TransformerOptions> = { modelDim: 64, heads: 4, blocks: 1, ffnDim: 128, dropout: 0.1, ...options };
  checkedInteger('blocks', o.blocks, 1, 2);
  checkedInteger('heads', o.heads, 1, o.modelDim);
  if (o.modelDim % o.heads !== 0)
    throw new Error(`The transformer teacher's modelDim (${o.modelDim}) must be a multiple of its heads (${o.heads}).`);
  const ids = tf.input({ shape: [text.length], name: 'ids' });
  const embedded = new TokenAndPositionEmbedding({ vocabSize: text.vocabSize, length: text.length, modelDim: o.modelDim, seed }).apply(ids);
  let x = new SeededDropout({ rate: o.dropout, seed: seed + 2 }).apply(embedded) as tf.SymbolicTensor;
  for (let block = 0; block < o.blocks; block++) x = encoderBlock(x, ids, seed + 10 * (block + 1), o);
  const pooled = new MaskedMeanPooling({}).apply([x, ids]);
  const logits = tf.layers.dense({ units: classes, kernelInitializer: glorot(seed + 3) }).apply(pooled) as tf.SymbolicTensor;
  return tf.model({ name: `transformer_teacher_${seed}`, inputs: ids, outputs: logits });
}

/**
 * The fastText student: the mean of the tokens' `dim`-wide embeddings (padding left out) → classes.
 * For a vocabulary V: V·dim + (dim + 1)·classes parameters.
 */
export function createBagStudent(classes: number, seed: number, name: string, input: InputSpec, dim = 16): tf.Sequential {
  const text = textOf(input, 'bag-of-embeddings student');
  return tf.sequential({
    name,
    layers: [
      new EmbeddingBag({ inputShape: [text.length], inputDim: text.vocabSize, outputDim: dim, seed }),
      tf.layers.dense({ units: classes, kernelInitializer: glorot(seed + 1) }),
    ],
  });
}

/**
 * The conv1d student: 16-wide embeddings → 32 filters over 3 tokens (ReLU, valid) → max over
 * positions → classes. Padding is embedded like any token here (its row is learned), as in Kim's CNN.
 */
export function createConv1dStudent(classes: number, seed: number, name: string, input: InputSpec): tf.Sequential {
  const text = textOf(input, 'conv1d student');
  if (text.length < 3) throw new Error(`The conv1d student needs at least 3 tokens per sample, got ${text.length}.`);
  return tf.sequential({
    name,
    layers: [
      tf.layers.embedding({
        inputShape: [text.length],
        inputDim: text.vocabSize,
        outputDim: 16,
        embeddingsInitializer: tf.initializers.randomUniform({ minval: -0.05, maxval: 0.05, seed: tfjsSeed(seed) }),
      }),
      tf.layers.conv1d({ filters: 32, kernelSize: 3, padding: 'valid', activation: 'relu', kernelInitializer: he(seed + 1) }),
      tf.layers.globalMaxPooling1d(),
      tf.layers.dense({ units: classes, kernelInitializer: glorot(seed + 2) }),
    ],
  });
}
