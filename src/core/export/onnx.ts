/**
 * The student as an ONNX model (IR version 7, opset 13), written without a server or a protobuf
 * library: the handful of ONNX messages a dense network needs, encoded by a small protobuf
 * writer. Each Dense layer becomes Gemm(x, W, b) (W stored [in, out], as tfjs keeps it), a Conv2D
 * layer Conv, MaxPooling2D MaxPool, ReLU layers add a Relu; the graph outputs `logits`, and
 * `probabilities` through Softmax when asked.
 *
 * Field numbers are those of onnx/onnx.proto3 (the writer and the messages are in onnx-proto.ts).
 * Plain TypeScript on the SavedModel data, so the page can write it even if the worker has died,
 * and Node tests can run it with onnxruntime.
 */
import type { SavedModel } from '../types';
import { int64Tensor, intAttribute, intsAttribute, matrixInfo, node, ProtoWriter, tensor } from './onnx-proto';

export const ONNX_IR_VERSION = 7;
export const ONNX_OPSET = 13;
/** The input's name: [batch, 784] float32 pixels in [0, 1]. */
export const ONNX_INPUT = 'pixels';
export const ONNX_LOGITS = 'logits';
export const ONNX_PROBABILITIES = 'probabilities';
/** A layer of the student as the ONNX graph needs it; weights as tfjs stores them. */
export type OnnxLayer =
  | { kind: 'dense'; name: string; activation: Activation; kernel: Weight; bias: Float32Array | null }
  | { kind: 'conv'; name: string; activation: Activation; kernel: Weight; bias: Float32Array | null; strides: number[] }
  | { kind: 'pool'; name: string; size: number[]; strides: number[] }
  | { kind: 'reshape'; name: string; target: number[] }
  | { kind: 'flatten'; name: string };

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
    strides?: number[];
    padding?: string;
    pool_size?: number[];
    target_shape?: number[];
    data_format?: string;
    dilation_rate?: number[] | number;
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

/** The model's layers (Dense, Conv2D, MaxPooling2D, Reshape, Flatten) with their weights, in order; throws for anything else. */
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
  return layers.map(({ class_name: kind, config }): OnnxLayer => {
    if (config.padding && config.padding !== 'valid') throw new Error(`ONNX export supports valid padding only (${config.name}).`);
    if (config.data_format && config.data_format !== 'channels_last')
      throw new Error(`ONNX export needs channels-last layers (${config.name}).`);
    switch (kind) {
      case 'Dense':
        return { kind: 'dense', ...trained(config, 2) };
      case 'Conv2D':
        if ([config.dilation_rate ?? 1].flat().some((d) => d !== 1))
          throw new Error(`ONNX export supports undilated convolutions only (${config.name}).`);
        return { kind: 'conv', ...trained(config, 4), strides: config.strides ?? [1, 1] };
      case 'MaxPooling2D':
        return { kind: 'pool', name: config.name, size: config.pool_size ?? [2, 2], strides: config.strides ?? config.pool_size ?? [2, 2] };
      case 'Reshape':
        return { kind: 'reshape', name: config.name, target: config.target_shape ?? [] };
      case 'Flatten':
        return { kind: 'flatten', name: config.name };
      default:
        throw new Error(`ONNX export supports Dense, Conv2D, MaxPooling2D, Reshape and Flatten layers, not ${kind}.`);
    }
  });
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
}

/**
 * The .onnx file's bytes for the studio's students: Sequential stacks of Dense layers, or the CNN
 * student (Reshape, Conv2D, MaxPooling2D, Flatten, Dense). tfjs works channels-last, ONNX's Conv
 * and MaxPool channels-first: the image is transposed to NCHW after the reshape and back to NHWC
 * before the flatten, so the dense weights after it see the order they were trained on.
 */
export function buildOnnx(model: SavedModel, options: OnnxOptions = {}): Uint8Array {
  const layers = onnxLayers(model);
  const graph = new ProtoWriter();
  const initializers: ProtoWriter[] = [];
  let current = ONNX_INPUT;
  let channelsFirst = false;
  const add = (op: string, name: string, inputs: string[], attributes: ProtoWriter[] = [], output = `${name}/${op}`) => {
    graph.message(1, node(op, `${name}/${op}`, inputs, [output], attributes));
    current = output;
  };
  const parameters = (layer: { name: string; kernel: Weight; bias: Float32Array | null }, kernel: Weight) => {
    initializers.push(tensor(`${layer.name}/kernel`, kernel.shape, kernel.values));
    if (!layer.bias) return [`${layer.name}/kernel`];
    initializers.push(tensor(`${layer.name}/bias`, [layer.bias.length], layer.bias));
    return [`${layer.name}/kernel`, `${layer.name}/bias`];
  };
  layers.forEach((layer, i) => {
    const last = i === layers.length - 1;
    switch (layer.kind) {
      case 'reshape': {
        initializers.push(int64Tensor(`${layer.name}/shape`, [-1, ...layer.target]));
        add('Reshape', layer.name, [current, `${layer.name}/shape`]);
        if (layer.target.length === 3) {
          add('Transpose', layer.name, [current], [intsAttribute('perm', [0, 3, 1, 2])]);
          channelsFirst = true;
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
        if (channelsFirst) add('Transpose', layer.name, [current], [intsAttribute('perm', [0, 2, 3, 1])]);
        channelsFirst = false;
        add('Flatten', layer.name, [current], [intAttribute('axis', 1)]);
        break;
      case 'dense': {
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
  const first = layers[0]!;
  // A dense first layer says its input size; a CNN starts with the reshape of its flat input to an image.
  const inputs = first.kind === 'dense' ? first.kernel.shape[0]! : first.kind === 'reshape' ? first.target.reduce((a, b) => a * b, 1) : NaN;
  if (!Number.isInteger(inputs)) throw new Error('ONNX export needs a model that starts with a Dense or Reshape layer.');
  const softmax = options.softmax ?? true;
  if (softmax) graph.message(1, node('Softmax', 'Softmax', [ONNX_LOGITS], [ONNX_PROBABILITIES], [intAttribute('axis', 1)]));
  graph.string(2, 'distilled_student');
  for (const initializer of initializers) graph.message(5, initializer);
  graph.message(11, matrixInfo(ONNX_INPUT, inputs));
  graph.message(12, matrixInfo(ONNX_LOGITS, classes));
  if (softmax) graph.message(12, matrixInfo(ONNX_PROBABILITIES, classes));

  // ModelProto: ir_version = 1, producer_name = 2, producer_version = 3, doc_string = 6, graph = 7, opset_import = 8.
  const opset = new ProtoWriter().string(1, '').int(2, ONNX_OPSET);
  const modelProto = new ProtoWriter()
    .int(1, ONNX_IR_VERSION)
    .string(2, 'Distill Studio')
    .string(3, options.producerVersion ?? '1')
    .string(6, options.description ?? 'A student distilled in Distill Studio.')
    .message(7, graph)
    .message(8, opset);
  return modelProto.finish();
}
