/**
 * The student as an ONNX model (IR version 7, opset 13), written without a server or a protobuf
 * library: the handful of ONNX messages a dense network needs, encoded by a small protobuf
 * writer. Each Dense layer becomes Gemm(x, W, b) (W stored [in, out], as tfjs keeps it), ReLU
 * layers add a Relu; the graph outputs `logits`, and `probabilities` through Softmax when asked.
 *
 * Field numbers are those of onnx/onnx.proto3. Plain TypeScript on the SavedModel data, so the
 * page can write it even if the worker has died, and Node tests can run it with onnxruntime.
 */
import type { SavedModel } from './types';

export const ONNX_IR_VERSION = 7;
export const ONNX_OPSET = 13;
/** The input's name: [batch, 784] float32 pixels in [0, 1]. */
export const ONNX_INPUT = 'pixels';
export const ONNX_LOGITS = 'logits';
export const ONNX_PROBABILITIES = 'probabilities';

/** A protobuf message being written: fields appended in order (proto3 allows any order; we keep the .proto's). */
class ProtoWriter {
  private chunks: Uint8Array[] = [];
  private length = 0;

  private push(bytes: Uint8Array): this {
    this.chunks.push(bytes);
    this.length += bytes.length;
    return this;
  }

  private varint(value: number | bigint): this {
    let v = BigInt(value);
    if (v < 0n) v = BigInt.asUintN(64, v); // negative int64s as ten-byte two's complement
    const bytes: number[] = [];
    do {
      let byte = Number(v & 0x7fn);
      v >>= 7n;
      if (v > 0n) byte |= 0x80;
      bytes.push(byte);
    } while (v > 0n);
    return this.push(Uint8Array.from(bytes));
  }

  private key(field: number, wireType: 0 | 2): this {
    return this.varint((field << 3) | wireType);
  }

  int(field: number, value: number): this {
    return this.key(field, 0).varint(value);
  }

  bytes(field: number, value: Uint8Array): this {
    return this.key(field, 2).varint(value.length).push(value);
  }

  string(field: number, value: string): this {
    return this.bytes(field, new TextEncoder().encode(value));
  }

  message(field: number, writer: ProtoWriter): this {
    return this.bytes(field, writer.finish());
  }

  /** Packed repeated int64s. */
  ints(field: number, values: readonly number[]): this {
    const inner = new ProtoWriter();
    for (const v of values) inner.varint(v);
    return this.bytes(field, inner.finish());
  }

  finish(): Uint8Array {
    const out = new Uint8Array(this.length);
    let at = 0;
    for (const chunk of this.chunks) {
      out.set(chunk, at);
      at += chunk.length;
    }
    return out;
  }
}

const TENSOR_FLOAT = 1; // TensorProto.DataType.FLOAT
const ATTRIBUTE_INT = 2; // AttributeProto.AttributeType.INT

/** TensorProto: dims = 1, data_type = 2, name = 8, raw_data = 9 (little-endian float32). */
function tensor(name: string, dims: readonly number[], values: Float32Array): ProtoWriter {
  const raw = new Uint8Array(values.length * 4);
  const view = new DataView(raw.buffer);
  values.forEach((v, i) => view.setFloat32(i * 4, v, true));
  return new ProtoWriter().ints(1, dims).int(2, TENSOR_FLOAT).string(8, name).bytes(9, raw);
}

/** AttributeProto with an int: name = 1, i = 3, type = 20. */
function intAttribute(name: string, value: number): ProtoWriter {
  return new ProtoWriter().string(1, name).int(3, value).int(20, ATTRIBUTE_INT);
}

/** NodeProto: input = 1, output = 2, name = 3, op_type = 4, attribute = 5. */
function node(op: string, name: string, inputs: string[], outputs: string[], attributes: ProtoWriter[] = []): ProtoWriter {
  const w = new ProtoWriter();
  for (const input of inputs) w.string(1, input);
  for (const output of outputs) w.string(2, output);
  w.string(3, name).string(4, op);
  for (const attribute of attributes) w.message(5, attribute);
  return w;
}

/** ValueInfoProto for a [batch, width] float tensor: name = 1, type = 2 → TypeProto.tensor_type = 1 → elem_type = 1, shape = 2. */
function matrixInfo(name: string, width: number): ProtoWriter {
  const batch = new ProtoWriter().string(2, 'batch'); // Dimension.dim_param
  const columns = new ProtoWriter().int(1, width); // Dimension.dim_value
  const shape = new ProtoWriter().message(1, batch).message(1, columns);
  const tensorType = new ProtoWriter().int(1, TENSOR_FLOAT).message(2, shape);
  return new ProtoWriter().string(1, name).message(2, new ProtoWriter().message(1, tensorType));
}

interface DenseLayer {
  name: string;
  activation: 'relu' | 'linear';
  kernel: { shape: [number, number]; values: Float32Array };
  bias: Float32Array | null;
}

interface LayerConfig {
  class_name: string;
  config: { name: string; activation?: string; use_bias?: boolean };
}

/** The model's Dense layers with their float32 weights, in order; throws for anything else. */
export function denseLayers(model: SavedModel): DenseLayer[] {
  const topology = model.modelTopology as { class_name?: string; config?: { layers?: LayerConfig[] } };
  const layers = topology.config?.layers;
  if (topology.class_name !== 'Sequential' || !Array.isArray(layers)) throw new Error('ONNX export needs a Sequential model.');
  const weights = new Map<string, { shape: number[]; values: Float32Array }>();
  let offset = 0;
  for (const spec of model.weightSpecs) {
    if (spec.dtype !== 'float32' || spec.quantization) throw new Error(`ONNX export needs float32 weights; ${spec.name} is not.`);
    const size = spec.shape.reduce((a, b) => a * b, 1);
    weights.set(spec.name, { shape: spec.shape, values: new Float32Array(model.weightData.slice(offset, offset + size * 4)) });
    offset += size * 4;
  }
  return layers.map((layer) => {
    if (layer.class_name !== 'Dense') throw new Error(`ONNX export supports Dense layers only, not ${layer.class_name}.`);
    const { name, activation = 'linear', use_bias: useBias = true } = layer.config;
    if (activation !== 'relu' && activation !== 'linear')
      throw new Error(`ONNX export supports relu and linear activations, not ${activation}.`);
    const kernel = weights.get(`${name}/kernel`);
    const bias = useBias ? weights.get(`${name}/bias`) : undefined;
    if (!kernel || kernel.shape.length !== 2) throw new Error(`The weights of layer ${name} are missing.`);
    if (useBias && !bias) throw new Error(`The bias of layer ${name} is missing.`);
    return { name, activation, kernel: { shape: kernel.shape as [number, number], values: kernel.values }, bias: bias?.values ?? null };
  });
}

export interface OnnxOptions {
  /** Also output `probabilities` = Softmax(logits) (default true). */
  softmax?: boolean;
  /** Goes into the model's doc_string: how it was made. */
  description?: string;
  producerVersion?: string;
}

/** The .onnx file's bytes for a Sequential stack of Dense layers (the studio's students). */
export function buildOnnx(model: SavedModel, options: OnnxOptions = {}): Uint8Array {
  const layers = denseLayers(model);
  const graph = new ProtoWriter();
  const initializers: ProtoWriter[] = [];
  let current = ONNX_INPUT;
  layers.forEach((layer, i) => {
    const last = i === layers.length - 1;
    const kernel = `${layer.name}/kernel`;
    const bias = `${layer.name}/bias`;
    initializers.push(tensor(kernel, layer.kernel.shape, layer.kernel.values));
    const inputs = [current, kernel];
    if (layer.bias) {
      initializers.push(tensor(bias, [layer.bias.length], layer.bias));
      inputs.push(bias);
    }
    const gemmOut = last && layer.activation === 'linear' ? ONNX_LOGITS : `${layer.name}/gemm`;
    graph.message(1, node('Gemm', `${layer.name}/Gemm`, inputs, [gemmOut]));
    current = gemmOut;
    if (layer.activation === 'relu') {
      const reluOut = last ? ONNX_LOGITS : `${layer.name}/relu`;
      graph.message(1, node('Relu', `${layer.name}/Relu`, [current], [reluOut]));
      current = reluOut;
    }
  });
  const classes = layers.at(-1)!.kernel.shape[1];
  const softmax = options.softmax ?? true;
  if (softmax) graph.message(1, node('Softmax', 'Softmax', [ONNX_LOGITS], [ONNX_PROBABILITIES], [intAttribute('axis', 1)]));
  graph.string(2, 'distilled_student');
  for (const initializer of initializers) graph.message(5, initializer);
  graph.message(11, matrixInfo(ONNX_INPUT, layers[0]!.kernel.shape[0]));
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
