import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { useNodeBackend } from '../../../scripts/lib/node-runtime';
import { fromSavedModel, toSavedModel } from '../models/model-io';
import { createStudent } from '../models/models';
import {
  dequantizeAffine,
  fromFloat16Bits,
  quantizeAffine,
  quantizeFloat16,
  quantizeModel,
  toFloat16Bits,
  WEIGHT_DTYPES,
} from './quantize';

beforeAll(async () => {
  await useNodeBackend('cpu');
});

describe('affine quantization (golden values from the tfjs converter’s algorithm in numpy)', () => {
  const values = Float32Array.from([-0.73, -0.2, 0, 0.05, 0.31, 1.2]);

  it('uint8: nudges the range so 0 is exact, and rounds like numpy', () => {
    const { data, quantization } = quantizeAffine(values, 'uint8');
    expect([...data]).toEqual([0, 70, 96, 103, 137, 255]);
    expect(quantization.min).toBeCloseTo(-0.7265882604262408, 12);
    expect(quantization.scale).toBeCloseTo(0.007568627712773342, 12);
    expect(dequantizeAffine(data, quantization)[2]).toBe(0);
  });

  it('uint16', () => {
    const { data, quantization } = quantizeAffine(values, 'uint16');
    expect([...data]).toEqual([0, 17997, 24788, 26486, 35314, 65535]);
    expect(quantization.min).toBeCloseTo(-0.7300044503666366, 12);
    expect(quantization.scale).toBeCloseTo(2.9449913279273705e-5, 15);
  });

  it('does not nudge a range without 0', () => {
    const { data, quantization } = quantizeAffine(Float32Array.from([0.2, 0.5, 0.9]), 'uint8');
    expect([...data]).toEqual([0, 109, 255]);
    expect(quantization.min).toBeCloseTo(0.20000000298023224, 12);
    expect(quantization.scale).toBeCloseTo(0.002745097934031019, 12);
  });

  it('round trip: every value within half a step', () => {
    const random = Float32Array.from({ length: 1000 }, (_, i) => Math.sin(i * 12.9898) * 0.4 - 0.05);
    for (const dtype of ['uint8', 'uint16'] as const) {
      const { data, quantization } = quantizeAffine(random, dtype);
      const back = dequantizeAffine(data, quantization);
      const worst = Math.max(...random.map((v, i) => Math.abs(v - back[i]!)));
      expect(worst).toBeLessThanOrEqual(quantization.scale / 2 + 1e-7);
    }
  });

  it('a constant tensor (zero biases, or any one value) is all zeros with min = the value and scale 1: exact, no NaN', () => {
    for (const constant of [0, 0.5, -3]) {
      const { data, quantization } = quantizeAffine(new Float32Array(8).fill(constant), 'uint8');
      expect([...data]).toEqual(Array(8).fill(0));
      expect(quantization).toEqual({ dtype: 'uint8', min: constant, scale: 1 });
      expect([...dequantizeAffine(data, quantization)]).toEqual(Array(8).fill(constant));
    }
  });

  it('refuses a non-finite weight instead of writing NaN into the manifest', () => {
    expect(() => quantizeAffine(Float32Array.from([0, NaN]), 'uint8')).toThrow(/Cannot quantize a weight holding NaN/);
  });
});

describe('float16', () => {
  it('matches numpy’s bits, rounding to nearest even, through subnormals', () => {
    const inputs = [0.1, -2, 65504, 1e-8, 6e-8, 1.00048828125, 1.00146484375, 3.14159, -0];
    expect(inputs.map((v) => `0x${toFloat16Bits(v).toString(16)}`)).toEqual([
      '0x2e66',
      '0xc000',
      '0x7bff',
      '0x0',
      '0x1',
      '0x3c00',
      '0x3c02',
      '0x4248',
      '0x8000',
    ]);
  });

  it('decodes as tfjs does, and refuses values out of its range', () => {
    expect(fromFloat16Bits(0x3c00)).toBe(1);
    expect(fromFloat16Bits(0x0001)).toBe(2 ** -24);
    expect(fromFloat16Bits(0xc000)).toBe(-2);
    expect(() => quantizeFloat16(Float32Array.from([70000]))).toThrow(/out of its range/);
  });
});

describe('quantizeModel', () => {
  it('writes weights that stock tf.loadLayersModel dequantizes to what the quantizer meant, for every dtype', async () => {
    const model = createStudent(8, 3, 7);
    const saved = await toSavedModel(model);
    const x = tf.randomUniform([16, 784], 0, 1, 'float32', 3);
    const reference = model.predict(x) as tf.Tensor2D;
    const expectedBytes = { float32: 4, float16: 2, uint16: 2, uint8: 1 };
    for (const dtype of WEIGHT_DTYPES) {
      const quantized = quantizeModel(saved, dtype);
      const params = saved.weightSpecs.reduce((n, s) => n + s.shape.reduce((a, b) => a * b, 1), 0);
      expect(quantized.weightData.byteLength).toBe(params * expectedBytes[dtype]);
      const loaded = await fromSavedModel(quantized);
      const out = loaded.predict(x) as tf.Tensor2D;
      const gap = (await tf.max(tf.abs(tf.sub(out, reference))).data())[0]!;
      // Zero for float32; small for the others (the student's weights are ~0.1, inputs in [0, 1]).
      if (dtype === 'float32') expect(gap).toBe(0);
      else expect(gap).toBeLessThan(dtype === 'uint8' ? 0.2 : 0.01);
      // The biases start at zero: a constant tensor, stored without NaN.
      const bias = loaded.layers[0]!.getWeights()[1]!;
      expect([...(await bias.data())].every((v) => v === 0)).toBe(true);
      out.dispose();
      loaded.dispose();
    }
    tf.dispose([x, reference]);
    model.dispose();
  });
});
