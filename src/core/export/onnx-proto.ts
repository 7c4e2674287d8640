/**
 * The protobuf side of the ONNX writer (onnx.ts): a small message writer and the handful of ONNX
 * messages a dense or small convolutional network needs (tensors, attributes, nodes, value infos).
 * Field numbers are those of onnx/onnx.proto3.
 */
/** A protobuf message being written: fields appended in order (proto3 allows any order; we keep the .proto's). */
export class ProtoWriter {
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

export const TENSOR_FLOAT = 1; // TensorProto.DataType.FLOAT
export const ATTRIBUTE_INT = 2; // AttributeProto.AttributeType.INT

/** TensorProto: dims = 1, data_type = 2, name = 8, raw_data = 9 (little-endian float32). */
export function tensor(name: string, dims: readonly number[], values: Float32Array): ProtoWriter {
  const raw = new Uint8Array(values.length * 4);
  const view = new DataView(raw.buffer);
  values.forEach((v, i) => view.setFloat32(i * 4, v, true));
  return new ProtoWriter().ints(1, dims).int(2, TENSOR_FLOAT).string(8, name).bytes(9, raw);
}

export const TENSOR_INT64 = 7; // TensorProto.DataType.INT64
export const ATTRIBUTE_INTS = 7; // AttributeProto.AttributeType.INTS

/** An int64 TensorProto (a Reshape's target shape). */
export function int64Tensor(name: string, values: readonly number[]): ProtoWriter {
  const raw = new Uint8Array(values.length * 8);
  const view = new DataView(raw.buffer);
  values.forEach((v, i) => view.setBigInt64(i * 8, BigInt(v), true));
  return new ProtoWriter().ints(1, [values.length]).int(2, TENSOR_INT64).string(8, name).bytes(9, raw);
}

/** AttributeProto with ints: name = 1, ints = 8 (packed), type = 20. */
export function intsAttribute(name: string, values: readonly number[]): ProtoWriter {
  return new ProtoWriter().string(1, name).ints(8, values).int(20, ATTRIBUTE_INTS);
}

/** AttributeProto with an int: name = 1, i = 3, type = 20. */
export function intAttribute(name: string, value: number): ProtoWriter {
  return new ProtoWriter().string(1, name).int(3, value).int(20, ATTRIBUTE_INT);
}

/** NodeProto: input = 1, output = 2, name = 3, op_type = 4, attribute = 5. */
export function node(op: string, name: string, inputs: string[], outputs: string[], attributes: ProtoWriter[] = []): ProtoWriter {
  const w = new ProtoWriter();
  for (const input of inputs) w.string(1, input);
  for (const output of outputs) w.string(2, output);
  w.string(3, name).string(4, op);
  for (const attribute of attributes) w.message(5, attribute);
  return w;
}

/** ValueInfoProto for a [batch, width] float tensor: name = 1, type = 2 → TypeProto.tensor_type = 1 → elem_type = 1, shape = 2. */
export function matrixInfo(name: string, width: number): ProtoWriter {
  const batch = new ProtoWriter().string(2, 'batch'); // Dimension.dim_param
  const columns = new ProtoWriter().int(1, width); // Dimension.dim_value
  const shape = new ProtoWriter().message(1, batch).message(1, columns);
  const tensorType = new ProtoWriter().int(1, TENSOR_FLOAT).message(2, shape);
  return new ProtoWriter().string(1, name).message(2, new ProtoWriter().message(1, tensorType));
}

/** StringStringEntryProto (a ModelProto's metadata_props): key = 1, value = 2. */
export function metadataEntry(key: string, value: string): ProtoWriter {
  return new ProtoWriter().string(1, key).string(2, value);
}
