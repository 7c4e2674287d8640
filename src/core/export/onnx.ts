/**
 * The student as an ONNX model (IR version 7, opset 13), written without a server or a protobuf
 * library: the handful of ONNX messages a dense network needs, encoded by a small protobuf
 * writer. Each Dense layer becomes Gemm(x, W, b) (W stored [in, out], as tfjs keeps it), a Conv2D
 * layer Conv, MaxPooling2D MaxPool, ReLU layers add a Relu; the graph outputs `logits`, and
 * `probabilities` through Softmax when asked.
 *
 * The text students read token ids as floats, as in tfjs (input "input", [batch, length]): an
 * Embedding becomes Cast to int64 + Gather, the EmbeddingBag the same then a masked mean (padding,
 * id 0, left out; a row of padding only gives zeros), Conv1D a 1D Conv on the transposed sequence,
 * GlobalMaxPooling1D a ReduceMax over the positions.
 *
 * Field numbers are those of onnx/onnx.proto3 (the writer and the messages are in onnx-proto.ts).
 * Plain TypeScript on the SavedModel data, so the page can write it even if the worker has died,
 * and Node tests can run it with onnxruntime.
 */
import type { SavedModel } from '../types';
import {
  int64Tensor,
  intAttribute,
  intsAttribute,
  matrixInfo,
  metadataEntry,
  node,
  ProtoWriter,
  TENSOR_FLOAT,
  TENSOR_INT64,
  tensor,
} from './onnx-proto';

export const ONNX_IR_VERSION = 7;
export const ONNX_OPSET = 13;
/** The input's name: [batch, 784] float32 pixels in [0, 1]. */
export const ONNX_INPUT = 'pixels';
/** The text students' input: [batch, length] token ids as float32 (0 padding, 1 unknown, 2.. words). */
export const ONNX_TEXT_INPUT = 'input';
export const ONNX_LOGITS = 'logits';
export const ONNX_PROBABILITIES = 'probabilities';
/** A layer of the student as the ONNX graph needs it; weights as tfjs stores them. */
export type OnnxLayer =
  | { kind: 'dense'; name: string; activation: Activation; kernel: Weight; bias: Float32Array | null }
  | { kind: 'conv'; name: string; activation: Activation; kernel: Weight; bias: Float32Array | null; strides: number[] }
  | { kind: 'pool'; name: string; size: number[]; strides: number[] }
  | { kind: 'reshape'; name: string; target: number[] }
  | { kind: 'flatten'; name: string }
  /** Embedding: ids → rows of the table; EmbeddingBag: their mean over the non-padding positions. `length`: the input's. */
  | { kind: 'embedding' | 'embeddingBag'; name: string; table: Weight; length: number | null }
  | { kind: 'conv1d'; name: string; activation: Activation; kernel: Weight; bias: Float32Array | null; strides: number[] }
  | { kind: 'globalMaxPool1d'; name: string };

type Activation = 'relu' | 'linear';
interface Weight {
  shape: number[];
  values: Float32Array;
}

interface LayerConfig {
  class_name: string;
  config: {
    name: string;
    activation?: string;
    use_bias?: boolean;
    strides?: number[] | number;
    padding?: string;
    pool_size?: number[];
    target_shape?: number[];
    data_format?: string;
    dilation_rate?: number[] | number;
    batch_input_shape?: (number | null)[];
    mask_zero?: boolean | null;
  };
}

/** The float32 weights of a SavedModel by name. */
function weightsByName(model: SavedModel): Map<string, Weight> {
  const weights = new Map<string, Weight>();
  let offset = 0;
  for (const spec of model.weightSpecs) {
    if (spec.dtype !== 'float32' || spec.quantization) throw new Error(`ONNX export needs float32 weights; ${spec.name} is not.`);
    const size = spec.shape.reduce((a, b) => a * b, 1);
    weights.set(spec.name, { shape: spec.shape, values: new Float32Array(model.weightData.slice(offset, offset + size * 4)) });
    offset += size * 4;
  }
  return weights;
}

/**
 * The model's layers (Dense, Conv2D, MaxPooling2D, Reshape, Flatten; for text Embedding,
 * EmbeddingBag, Conv1D, GlobalMaxPooling1D) with their weights, in order; throws for anything else.
 */
export function onnxLayers(model: SavedModel): OnnxLayer[] {
  const topology = model.modelTopology as { class_name?: string; config?: { layers?: LayerConfig[] } };
  const layers = topology.config?.layers;
  if (topology.class_name !== 'Sequential' || !Array.isArray(layers)) throw new Error('ONNX export needs a Sequential model.');
  const weights = weightsByName(model);
  const trained = (config: LayerConfig['config'], rank: number) => {
    const { name, activation = 'linear', use_bias: useBias = true } = config;
    if (activation !== 'relu' && activation !== 'linear')
      throw new Error(`ONNX export supports relu and linear activations, not ${activation}.`);
    const kernel = weights.get(`${name}/kernel`);
    const bias = useBias ? weights.get(`${name}/bias`) : undefined;
    if (!kernel || kernel.shape.length !== rank) throw new Error(`The weights of layer ${name} are missing.`);
    if (useBias && !bias) throw new Error(`The bias of layer ${name} is missing.`);
    return { name, activation: activation as Activation, kernel, bias: bias?.values ?? null };
  };
  const undilated = (config: LayerConfig['config']) => {
    if ([config.dilation_rate ?? 1].flat().some((d) => d !== 1))
      throw new Error(`ONNX export supports undilated convolutions only (${config.name}).`);
  };
  return layers.map(({ class_name: kind, config }): OnnxLayer => {
    if (config.padding && config.padding !== 'valid') throw new Error(`ONNX export supports valid padding only (${config.name}).`);
    if (config.data_format && config.data_format !== 'channels_last')
      throw new Error(`ONNX export needs channels-last layers (${config.name}).`);
    switch (kind) {
      case 'Dense':
        return { kind: 'dense', ...trained(config, 2) };
      case 'Conv2D':
        undilated(config);
        return { kind: 'conv', ...trained(config, 4), strides: widths(config.strides, 2) ?? [1, 1] };
      case 'Conv1D':
        undilated(config);
        return { kind: 'conv1d', ...trained(config, 3), strides: widths(config.strides, 1) ?? [1] };
      case 'Embedding':
      case 'EmbeddingBag': {
        if (config.mask_zero) throw new Error(`ONNX export does not support embeddings that mask zeros (${config.name}).`);
        const table = weights.get(`${config.name}/embeddings`);
        if (!table || table.shape.length !== 2) throw new Error(`The weights of layer ${config.name} are missing.`);
        const length = config.batch_input_shape?.[1] ?? null;
        return { kind: kind === 'Embedding' ? 'embedding' : 'embeddingBag', name: config.name, table, length };
      }
      case 'GlobalMaxPooling1D':
        return { kind: 'globalMaxPool1d', name: config.name };
      case 'MaxPooling2D':
        return {
          kind: 'pool',
          name: config.name,
          size: config.pool_size ?? [2, 2],
          strides: widths(config.strides, 2) ?? config.pool_size ?? [2, 2],
        };
      case 'Reshape':
        return { kind: 'reshape', name: config.name, target: config.target_shape ?? [] };
      case 'Flatten':
        return { kind: 'flatten', name: config.name };
      default:
        throw new Error(
          `ONNX export supports Dense, Conv2D, MaxPooling2D, Reshape, Flatten, Embedding, EmbeddingBag, Conv1D and GlobalMaxPooling1D layers, not ${kind}.`,
        );
    }
  });
}

/** A stride (or size) as one number per spatial axis: Keras configs may give one number for all. */
function widths(value: number[] | number | undefined, axes: number): number[] | undefined {
  return typeof value === 'number' ? Array.from({ length: axes }, () => value) : value;
}

/** A tfjs Conv1D kernel [k, in, out] as ONNX wants it: [out, in, k]. */
function conv1dKernel({ shape, values }: Weight): Weight {
  const [k, cin, cout] = shape as [number, number, number];
  const out = new Float32Array(values.length);
  for (let x = 0; x < k; x++)
    for (let i = 0; i < cin; i++) for (let o = 0; o < cout; o++) out[(o * cin + i) * k + x] = values[(x * cin + i) * cout + o]!;
  return { shape: [cout, cin, k], values: out };
}

/** A tfjs conv kernel [kh, kw, in, out] as ONNX wants it: [out, in, kh, kw]. */
function convKernelOihw({ shape, values }: Weight): Weight {
  const [kh, kw, cin, cout] = shape as [number, number, number, number];
  const out = new Float32Array(values.length);
  for (let y = 0; y < kh; y++)
    for (let x = 0; x < kw; x++)
      for (let i = 0; i < cin; i++)
        for (let o = 0; o < cout; o++) out[((o * cin + i) * kh + y) * kw + x] = values[((y * kw + x) * cin + i) * cout + o]!;
  return { shape: [cout, cin, kh, kw], values: out };
}

export interface OnnxOptions {
  /** Also output `probabilities` = Softmax(logits) (default true). */
  softmax?: boolean;
  /** Goes into the model's doc_string: how it was made. */
  description?: string;
  producerVersion?: string;
  /** Key/value pairs for the model's metadata_props (e.g. a text student's tokeniser and vocabulary). */
  metadata?: Record<string, string>;
}

/**
 * The .onnx file's bytes for the studio's students: Sequential stacks of Dense layers, the CNN
 * student (Reshape, Conv2D, MaxPooling2D, Flatten, Dense), or a text student (EmbeddingBag, Dense;
 * or Embedding, Conv1D, GlobalMaxPooling1D, Dense). tfjs works channels-last, ONNX's Conv and
 * MaxPool channels-first: the image is transposed to NCHW after the reshape and back to NHWC
 * before the flatten, so the dense weights after it see the order they were trained on; a
 * sequence of embeddings [batch, length, dim] is transposed to [batch, dim, length] for Conv.
 */
export function buildOnnx(model: SavedModel, options: OnnxOptions = {}): Uint8Array {
  const layers = onnxLayers(model);
  const graph = new ProtoWriter();
  const initializers: ProtoWriter[] = [];
  const first = layers[0];
  const text = first?.kind === 'embedding' || first?.kind === 'embeddingBag';
  const input = text ? ONNX_TEXT_INPUT : ONNX_INPUT;
  let current = input;
  let rank = 2;
  // While the tensor is channels-first (after a transpose for Conv): the permutation back to channels-last.
  let channelsFirst: number[] | null = null;
  /** Adds a node named after its output (`${name}/${op}` unless given), which becomes the current tensor. */
  const add = (op: string, name: string, inputs: string[], attributes: ProtoWriter[] = [], output = `${name}/${op}`) => {
    graph.message(1, node(op, output, inputs, [output], attributes));
    current = output;
  };
  const parameters = (layer: { name: string; kernel: Weight; bias: Float32Array | null }, kernel: Weight) => {
    initializers.push(tensor(`${layer.name}/kernel`, kernel.shape, kernel.values));
    if (!layer.bias) return [`${layer.name}/kernel`];
    initializers.push(tensor(`${layer.name}/bias`, [layer.bias.length], layer.bias));
    return [`${layer.name}/kernel`, `${layer.name}/bias`];
  };
  const toChannelsFirst = (name: string, perm: number[], back: number[]) => {
    if (channelsFirst) return;
    add('Transpose', name, [current], [intsAttribute('perm', perm)], `${name}/to_channels_first`);
    channelsFirst = back;
  };
  /**
   * The mean of rows [b, l, d] over the positions whose id is not 0 → [b, d], as text-layers.ts's
   * maskedMean: sum(rows × mask) / max(count, 1). Opset 13: ReduceSum and Unsqueeze take their axes as an input.
   */
  const maskedMean = (name: string, rows: string, ids: string) => {
    const constant = (suffix: string, value: number) => {
      initializers.push(tensor(`${name}/${suffix}`, [], Float32Array.of(value)));
      return `${name}/${suffix}`;
    };
    const axes = (suffix: string, values: number[]) => {
      initializers.push(int64Tensor(`${name}/${suffix}`, values));
      return `${name}/${suffix}`;
    };
    const [zero, one, positions, features] = [constant('zero', 0), constant('one', 1), axes('axis_1', [1]), axes('axis_2', [2])];
    add('Equal', name, [ids, zero], [], `${name}/is_padding`);
    add('Not', name, [current], [], `${name}/is_token`);
    add('Cast', name, [current], [intAttribute('to', TENSOR_FLOAT)], `${name}/mask`);
    const mask = current;
    add('Unsqueeze', name, [mask, features], [], `${name}/mask_3d`);
    add('Mul', name, [rows, current], [], `${name}/masked`);
    add('ReduceSum', name, [current, positions], [intAttribute('keepdims', 0)], `${name}/sum`);
    const sum = current;
    add('ReduceSum', name, [mask, positions], [intAttribute('keepdims', 1)], `${name}/count`);
    add('Max', name, [current, one], [], `${name}/divisor`);
    add('Div', name, [sum, current], [], `${name}/mean`);
  };
  layers.forEach((layer, i) => {
    const last = i === layers.length - 1;
    if (i > 0 && (layer.kind === 'embedding' || layer.kind === 'embeddingBag'))
      throw new Error(`ONNX export needs an embedding to be the first layer (${layer.name}).`);
    switch (layer.kind) {
      case 'reshape': {
        initializers.push(int64Tensor(`${layer.name}/shape`, [-1, ...layer.target]));
        add('Reshape', layer.name, [current, `${layer.name}/shape`]);
        rank = 1 + layer.target.length;
        if (layer.target.length === 3) {
          add('Transpose', layer.name, [current], [intsAttribute('perm', [0, 3, 1, 2])]);
          channelsFirst = [0, 2, 3, 1];
        }
        break;
      }
      case 'conv': {
        const [kh, kw] = layer.kernel.shape;
        const attributes = [intsAttribute('kernel_shape', [kh!, kw!]), intsAttribute('strides', layer.strides)];
        add('Conv', layer.name, [current, ...parameters(layer, convKernelOihw(layer.kernel))], attributes);
        if (layer.activation === 'relu') add('Relu', layer.name, [current]);
        break;
      }
      case 'pool':
        add('MaxPool', layer.name, [current], [intsAttribute('kernel_shape', layer.size), intsAttribute('strides', layer.strides)]);
        break;
      case 'flatten':
        if (channelsFirst) add('Transpose', layer.name, [current], [intsAttribute('perm', channelsFirst)]);
        channelsFirst = null;
        add('Flatten', layer.name, [current], [intAttribute('axis', 1)]);
        rank = 2;
        break;
      case 'embedding':
      case 'embeddingBag': {
        const ids = current;
        initializers.push(tensor(`${layer.name}/embeddings`, layer.table.shape, layer.table.values));
        // tfjs casts the float ids to int32 (truncating, as Cast does); Gather takes int64 indices.
        add('Cast', layer.name, [ids], [intAttribute('to', TENSOR_INT64)], `${layer.name}/ids`);
        add('Gather', layer.name, [`${layer.name}/embeddings`, current], [intAttribute('axis', 0)], `${layer.name}/rows`);
        rank = 3;
        if (layer.kind === 'embeddingBag') {
          maskedMean(layer.name, current, ids);
          rank = 2;
        }
        break;
      }
      case 'conv1d': {
        toChannelsFirst(layer.name, [0, 2, 1], [0, 2, 1]);
        const attributes = [intsAttribute('kernel_shape', [layer.kernel.shape[0]!]), intsAttribute('strides', layer.strides)];
        add('Conv', layer.name, [current, ...parameters(layer, conv1dKernel(layer.kernel))], attributes);
        if (layer.activation === 'relu') add('Relu', layer.name, [current]);
        break;
      }
      case 'globalMaxPool1d':
        // Over the positions: the last axis channels-first ([b, c, l]), the middle one channels-last ([b, l, c]).
        add('ReduceMax', layer.name, [current], [intsAttribute('axes', [channelsFirst ? 2 : 1]), intAttribute('keepdims', 0)]);
        channelsFirst = null;
        rank = 2;
        break;
      case 'dense': {
        if (rank !== 2) throw new Error(`ONNX export needs a flat input to Dense layer ${layer.name}; add a Flatten or pooling layer.`);
        const linearOut = last && layer.activation === 'linear';
        add('Gemm', layer.name, [current, ...parameters(layer, layer.kernel)], [], linearOut ? ONNX_LOGITS : `${layer.name}/Gemm`);
        if (layer.activation === 'relu') add('Relu', layer.name, [current], [], last ? ONNX_LOGITS : `${layer.name}/Relu`);
        break;
      }
    }
  });
  const lastLayer = layers.at(-1);
  if (lastLayer?.kind !== 'dense') throw new Error('ONNX export needs a model that ends in a Dense layer (the logits).');
  const classes = lastLayer.kernel.shape[1]!;
  // A dense first layer says its input size; a CNN starts with the reshape of its flat input to an image;
  // a text student with its embedding, whose input shape gives the sequence length.
  const inputs =
    first?.kind === 'dense'
      ? first.kernel.shape[0]!
      : first?.kind === 'reshape'
        ? first.target.reduce((a, b) => a * b, 1)
        : text
          ? (first.length ?? NaN)
          : NaN;
  if (!Number.isInteger(inputs)) {
    throw new Error(
      text
        ? 'ONNX export needs a text student of a fixed sequence length (its input shape).'
        : 'ONNX export needs a model that starts with a Dense, Reshape or embedding layer.',
    );
  }
  const softmax = options.softmax ?? true;
  if (softmax) graph.message(1, node('Softmax', 'Softmax', [ONNX_LOGITS], [ONNX_PROBABILITIES], [intAttribute('axis', 1)]));
  graph.string(2, 'distilled_student');
  for (const initializer of initializers) graph.message(5, initializer);
  graph.message(11, matrixInfo(input, inputs));
  graph.message(12, matrixInfo(ONNX_LOGITS, classes));
  if (softmax) graph.message(12, matrixInfo(ONNX_PROBABILITIES, classes));

  // ModelProto: ir_version = 1, producer_name = 2, producer_version = 3, doc_string = 6, graph = 7, opset_import = 8,
  // metadata_props = 14.
  const opset = new ProtoWriter().string(1, '').int(2, ONNX_OPSET);
  const modelProto = new ProtoWriter()
    .int(1, ONNX_IR_VERSION)
    .string(2, 'Distill Studio')
    .string(3, options.producerVersion ?? '1')
    .string(6, options.description ?? 'A student distilled in Distill Studio.')
    .message(7, graph)
    .message(8, opset);
  for (const [key, value] of Object.entries(options.metadata ?? {})) modelProto.message(14, metadataEntry(key, value));
  return modelProto.finish();
}
