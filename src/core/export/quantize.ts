/**
 * Weight quantization in the tfjs weights-manifest format, which `tf.loadLayersModel` dequantizes
 * on load: each float32 weight becomes uint8 or uint16 with `{dtype, min, scale}` (an affine map,
 * value ≈ q·scale + min), or float16 with `{dtype: 'float16'}`. The affine range is computed as
 * the tfjs converter does (tensorflowjs/quantization.py): the range is nudged so that 0 is exactly
 * representable when it lies inside it, and a constant tensor (min = max, e.g. zero biases) is all
 * zeros with scale 1 and min = the constant, so it dequantizes exactly and never divides by zero.
 *
 * Plain TypeScript on arrays: it runs on the page, in the worker and in Node alike.
 */
import type { SavedModel, WeightSpec } from '../types';

export const WEIGHT_DTYPES = ['float32', 'float16', 'uint16', 'uint8'] as const;
export type WeightDtype = (typeof WEIGHT_DTYPES)[number];

/** Bytes per stored value. */
export const BYTES_PER_VALUE: Record<WeightDtype, number> = { float32: 4, float16: 2, uint16: 2, uint8: 1 };

export interface AffineQuantization {
  dtype: 'uint8' | 'uint16';
  min: number;
  scale: number;
}

/** numpy's rounding (halves to even), so the bytes match the converter's. */
function roundHalfEven(x: number): number {
  const r = Math.round(x);
  return r - x === 0.5 && r % 2 !== 0 ? r - 1 : r;
}

/** q = round((clip(x) − min) / scale), with the converter's nudged range. */
export function quantizeAffine(
  values: Float32Array,
  dtype: 'uint8' | 'uint16',
): { data: Uint8Array | Uint16Array; quantization: AffineQuantization } {
  const quantMax = dtype === 'uint8' ? 255 : 65535;
  const data = dtype === 'uint8' ? new Uint8Array(values.length) : new Uint16Array(values.length);
  let lo = Infinity;
  let hi = -Infinity;
  for (const v of values) {
    if (!Number.isFinite(v)) throw new Error(`Cannot quantize a weight holding ${v}.`);
    if (v < lo) lo = v;
    if (v > hi) hi = v;
  }
  if (values.length === 0 || lo === hi) {
    // One value: all zeros, and min carries it (scale 1 keeps the manifest free of NaN/Infinity).
    return { data, quantization: { dtype, min: values.length === 0 ? 0 : lo, scale: 1 } };
  }
  const scale = (hi - lo) / quantMax;
  let min = lo;
  let max = hi;
  if (lo <= 0 && hi >= 0) {
    // Nudge so that 0 maps to an integer (0 = zeroPoint·scale + min).
    const zeroPoint = roundHalfEven(-lo / scale);
    min = -zeroPoint * scale;
    max = quantMax * scale + min;
  }
  for (let i = 0; i < values.length; i++) {
    const clipped = Math.min(Math.max(values[i]!, min), max);
    data[i] = Math.min(quantMax, Math.max(0, roundHalfEven((clipped - min) / scale)));
  }
  return { data, quantization: { dtype, min, scale } };
}

/** What tf.loadLayersModel computes from an affine-quantized weight (in float32, as it stores them). */
export function dequantizeAffine(data: Uint8Array | Uint16Array, quantization: AffineQuantization): Float32Array {
  const values = new Float32Array(data.length);
  for (let i = 0; i < data.length; i++) values[i] = data[i]! * quantization.scale + quantization.min;
  return values;
}

const f32 = new Float32Array(1);
const u32 = new Uint32Array(f32.buffer);

/** IEEE 754 binary16 bits of a float32, rounded to nearest even (overflow to ±Infinity, underflow through subnormals to ±0). */
export function toFloat16Bits(value: number): number {
  f32[0] = value;
  const bits = u32[0]!;
  const sign = (bits >>> 16) & 0x8000;
  const exponent = (bits >>> 23) & 0xff;
  let mantissa = bits & 0x7fffff;
  if (exponent === 0xff) return sign | 0x7c00 | (mantissa ? 0x200 : 0); // Infinity or NaN
  const e = exponent - 127 + 15;
  if (e >= 0x1f) return sign | 0x7c00; // too large: Infinity
  if (e <= 0) {
    if (e < -10) return sign; // too small even for a subnormal
    mantissa |= 0x800000; // the implicit leading 1
    const shift = 14 - e;
    const half = 1 << (shift - 1);
    const rest = mantissa & ((1 << shift) - 1);
    let result = mantissa >>> shift;
    if (rest > half || (rest === half && result & 1)) result++;
    return sign | result;
  }
  const rest = mantissa & 0x1fff;
  let result = (e << 10) | (mantissa >>> 13);
  // A carry out of the mantissa bumps the exponent, which is what rounding up should do.
  if (rest > 0x1000 || (rest === 0x1000 && result & 1)) result++;
  return sign | result;
}

/** The float32 value of binary16 bits. */
export function fromFloat16Bits(bits: number): number {
  const sign = bits & 0x8000 ? -1 : 1;
  const exponent = (bits >>> 10) & 0x1f;
  const mantissa = bits & 0x3ff;
  if (exponent === 0) return sign * mantissa * 2 ** -24;
  if (exponent === 0x1f) return mantissa ? NaN : sign * Infinity;
  return sign * (1 + mantissa / 1024) * 2 ** (exponent - 15);
}

export function quantizeFloat16(values: Float32Array): Uint16Array {
  const data = new Uint16Array(values.length);
  for (let i = 0; i < values.length; i++) {
    const bits = toFloat16Bits(values[i]!);
    if ((bits & 0x7c00) === 0x7c00) throw new Error(`Cannot store ${values[i]} as float16: it is out of its range (±65504).`);
    data[i] = bits;
  }
  return data;
}

const sizeOf = (shape: readonly number[]) => shape.reduce((a, b) => a * b, 1);

/**
 * The model with its float32 weights stored as `dtype` (float32 returns it unchanged). Each weight
 * is quantized on its own (its own min and scale), as the converter does.
 */
export function quantizeModel(model: SavedModel, dtype: WeightDtype): SavedModel {
  if (dtype === 'float32') return model;
  const specs: WeightSpec[] = [];
  const parts: Uint8Array[] = [];
  let offset = 0;
  for (const spec of model.weightSpecs) {
    if (spec.dtype !== 'float32') throw new Error(`Weight ${spec.name} is ${spec.dtype}; only float32 weights are quantized.`);
    const size = sizeOf(spec.shape);
    const values = new Float32Array(model.weightData.slice(offset, offset + size * 4));
    offset += size * 4;
    if (dtype === 'float16') {
      const data = quantizeFloat16(values);
      specs.push({ ...spec, quantization: { dtype: 'float16' } });
      parts.push(new Uint8Array(data.buffer));
    } else {
      const { data, quantization } = quantizeAffine(values, dtype);
      specs.push({ ...spec, quantization });
      parts.push(new Uint8Array(data.buffer));
    }
  }
  const bytes = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const part of parts) {
    bytes.set(part, at);
    at += part.length;
  }
  return { modelTopology: model.modelTopology, weightSpecs: specs, weightData: bytes.buffer };
}
