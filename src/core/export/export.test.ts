import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import * as tf from '@tensorflow/tfjs';
import { strFromU8, strToU8, unzipSync, zipSync } from 'fflate';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { useNodeBackend } from '../../../scripts/lib/node-runtime';
import { mnistSubset, tinyConfig } from '../../../test-support/fixtures';
import { gatherLabels, type Dataset } from '../data/data';
import {
  buildStudentZip,
  describeModel,
  METADATA_FILE,
  MODEL_FILE,
  modelFileName,
  README_FILE,
  readStudentZip,
  WEIGHTS_FILE,
  type StudentMetadata,
} from './export';
import { accuracy } from '../evaluation/metrics';
import { fromSavedModel, toSavedModel } from '../models/model-io';
import { createStudent } from '../models/models';
import { predictLogits } from '../models/predict';
import { quantizeModel } from './quantize';
import { DistillationSession } from '../training/session';
import type { DistillResult } from '../types';

let dataset: Dataset;
let result: DistillResult;
let metadata: StudentMetadata;
let zip: Uint8Array;
const config = tinyConfig({ studentHidden: '20', temperature: 3, alpha: 0.8 });
const teacherConfig = { ...config, teacherHidden: 24 };

async function testAccuracyOf(model: tf.LayersModel): Promise<number> {
  const { test } = dataset.split;
  return accuracy(await predictLogits(model, dataset, test), gatherLabels(dataset, test), dataset.classNames.length);
}

beforeAll(async () => {
  await useNodeBackend('wasm');
  dataset = mnistSubset(1000);
  const session = new DistillationSession(dataset);
  await session.trainTeachers(teacherConfig);
  result = await session.distill(config);
  session.dispose();
  metadata = describeModel('distilled student', {
    classNames: dataset.classNames,
    results: result.results,
    config,
    teacherConfig: teacherConfig,
    createdAt: '2025-01-01T00:00:00.000Z',
  });
  zip = buildStudentZip(result.student, metadata);
});

describe('the student zip', () => {
  it('holds model.json (layers-model, manifest naming the weights), the weights, metadata and a README', () => {
    const files = unzipSync(zip);
    expect(Object.keys(files).sort()).toEqual([METADATA_FILE, MODEL_FILE, README_FILE, WEIGHTS_FILE].sort());
    const json = JSON.parse(strFromU8(files[MODEL_FILE]!)) as {
      format: string;
      modelTopology: object;
      weightsManifest: { paths: string[]; weights: { name: string; shape: number[] }[] }[];
    };
    expect(json.format).toBe('layers-model');
    expect(json.weightsManifest).toHaveLength(1);
    expect(json.weightsManifest[0]!.paths).toEqual([WEIGHTS_FILE]);
    expect(json.weightsManifest[0]!.weights.map((w) => w.shape)).toEqual([[784, 20], [20], [20, 10], [10]]);
    const params = 784 * 20 + 20 + 20 * 10 + 10;
    expect(result.results.student.params).toBe(params);
    expect(files[WEIGHTS_FILE]!.byteLength).toBe(4 * params);
    const meta = JSON.parse(strFromU8(files[METADATA_FILE]!)) as StudentMetadata;
    expect(meta.classNames).toEqual(['0', '1', '2', '3', '4', '5', '6', '7', '8', '9']);
    expect(meta.temperature).toBe(3);
    expect(meta.alpha).toBe(0.8);
    expect(meta.testAccuracy).toBe(result.results.student.testAccuracy);
    expect(meta.model).toBe('distilled student');
    expect(meta.baselineTestAccuracy).toBe(result.results.baseline.testAccuracy);
    expect(meta.ensembleTestAccuracy).toBe(result.results.ensemble.testAccuracy);
    expect(meta.schedule).toEqual([{ step: 0, epoch: 1, batch: 1, temperature: 3, alpha: 0.8 }]);
    expect(meta.config).toEqual(config);
    expect(meta.teacherConfig).toEqual(teacherConfig); // the teachers actually used, not the form's
    expect(strFromU8(files[README_FILE]!)).toMatch(/at T = 3, alpha = 0\.8/);
  });

  it('the baseline is exported too, from its own weights, and both file names say what they hold', async () => {
    const baselineMeta = describeModel('baseline student', { ...metadata, results: result.results });
    expect(baselineMeta.testAccuracy).toBe(result.results.baseline.testAccuracy);
    const read = readStudentZip(buildStudentZip(result.baseline, baselineMeta));
    const model = await fromSavedModel(read.model);
    expect(await testAccuracyOf(model)).toBe(result.results.baseline.testAccuracy);
    model.dispose();
    const pct = (x: number) => (x * 100).toFixed(1);
    expect(modelFileName(metadata)).toBe(`student-20h-T3-a0.8-${pct(metadata.testAccuracy)}pct.zip`);
    expect(modelFileName(baselineMeta)).toBe(`baseline-20h-${pct(baselineMeta.testAccuracy)}pct.zip`);
  });

  it('round-trips: readStudentZip → fromSavedModel reproduces the reported test accuracy exactly', async () => {
    const read = readStudentZip(zip);
    expect(read.metadata).toEqual(metadata);
    expect(new Uint8Array(read.model.weightData)).toEqual(new Uint8Array(result.student.weightData));
    const model = await fromSavedModel(read.model);
    expect(await testAccuracyOf(model)).toBe(result.results.student.testAccuracy);
    expect(result.results.student.testAccuracy).toBeGreaterThan(0.3);
    model.dispose();
  });

  it('loads from the raw model.json with tf.io.fromMemory, as a user would', async () => {
    const files = unzipSync(zip);
    const json = JSON.parse(strFromU8(files[MODEL_FILE]!)) as {
      modelTopology: object;
      weightsManifest: { weights: tf.io.WeightsManifestEntry[] }[];
    };
    const weights = files[WEIGHTS_FILE]!;
    const model = await tf.loadLayersModel(
      tf.io.fromMemory({
        modelTopology: json.modelTopology,
        weightSpecs: json.weightsManifest[0]!.weights,
        weightData: weights.buffer.slice(weights.byteOffset, weights.byteOffset + weights.byteLength) as ArrayBuffer,
      }),
    );
    expect(await testAccuracyOf(model)).toBe(result.results.student.testAccuracy);
    model.dispose();
  });

  describe('served over HTTP', () => {
    let server: Server;
    let base: string;
    beforeAll(async () => {
      const files = unzipSync(zip);
      server = createServer((req, res) => {
        const file = files[(req.url ?? '/').slice(1)];
        if (!file) {
          res.writeHead(404).end();
          return;
        }
        res
          .writeHead(200, { 'Content-Type': req.url!.endsWith('.json') ? 'application/json' : 'application/octet-stream' })
          .end(Buffer.from(file));
      });
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
      base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    });
    afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

    it('tf.loadLayersModel(url of model.json) finds the weights file the manifest names', async () => {
      const model = await tf.loadLayersModel(`${base}/${MODEL_FILE}`);
      expect(await testAccuracyOf(model)).toBe(result.results.student.testAccuracy);
      model.dispose();
    });
  });
});

describe('file names of other layouts', () => {
  it('name a deeper student by its layout and a student without hidden layer 0h', () => {
    const pct = (metadata.testAccuracy * 100).toFixed(1);
    expect(modelFileName({ ...metadata, config: { ...config, studentHidden: '128-64' } })).toBe(`student-128-64h-T3-a0.8-${pct}pct.zip`);
    expect(modelFileName({ ...metadata, config: { ...config, studentHidden: 'none' } })).toBe(`student-0h-T3-a0.8-${pct}pct.zip`);
    expect(modelFileName({ ...metadata, config: { ...config, studentHidden: 'cnn' } })).toBe(`student-cnn-T3-a0.8-${pct}pct.zip`);
  });
});

describe('a quantized student zip', () => {
  it.each(['float16', 'uint16', 'uint8'] as const)(
    '%s: named and described as such, it loads with stock tf.loadLayersModel and scores the measured accuracy',
    async (dtype) => {
      const measured = result.quantized.find((q) => q.dtype === dtype)!;
      const meta = describeModel('distilled student', { ...metadata, results: result.results, quantized: measured });
      expect(meta.weights).toEqual({
        dtype,
        float32TestAccuracy: result.results.student.testAccuracy,
        agreementWithFloat32: measured.agreement,
      });
      expect(meta.testAccuracy).toBe(measured.testAccuracy);
      expect(modelFileName(meta)).toBe(`student-20h-T3-a0.8-${dtype}-${(measured.testAccuracy * 100).toFixed(1)}pct.zip`);
      const files = unzipSync(buildStudentZip(quantizeModel(result.student, dtype), meta));
      expect(files[WEIGHTS_FILE]!.byteLength).toBe(measured.bytes);
      expect(strFromU8(files[README_FILE]!)).toContain(`Weights: ${dtype}, in the tfjs weights-manifest "quantization" format`);
      const json = JSON.parse(strFromU8(files[MODEL_FILE]!)) as { weightsManifest: { weights: tf.io.WeightsManifestEntry[] }[] };
      const weights = files[WEIGHTS_FILE]!;
      const model = await tf.loadLayersModel(
        tf.io.fromMemory({
          modelTopology: (JSON.parse(strFromU8(files[MODEL_FILE]!)) as { modelTopology: object }).modelTopology,
          weightSpecs: json.weightsManifest[0]!.weights,
          weightData: weights.buffer.slice(weights.byteOffset, weights.byteOffset + weights.byteLength) as ArrayBuffer,
        }),
      );
      expect(await testAccuracyOf(model)).toBe(measured.testAccuracy);
      model.dispose();
    },
  );
});

describe('readStudentZip errors', () => {
  const files = () => unzipSync(zip);

  it('rejects bytes that are not a zip', () => {
    expect(() => readStudentZip(strToU8('definitely not a zip file, just text'))).toThrow(/^Not a readable zip file/);
    expect(() => readStudentZip(new Uint8Array(0))).toThrow(/^Not a readable zip file/);
  });

  it('names the missing file', () => {
    for (const name of [MODEL_FILE, WEIGHTS_FILE, METADATA_FILE]) {
      const partial = files();
      delete partial[name];
      expect(() => readStudentZip(zipSync(partial))).toThrow(`The zip has no ${name}.`);
    }
  });

  it('names a file that is not valid JSON, or a model.json without a weights manifest', () => {
    expect(() => readStudentZip(zipSync({ ...files(), [MODEL_FILE]: strToU8('{ not json') }))).toThrow(/model\.json is not valid JSON/);
    expect(() => readStudentZip(zipSync({ ...files(), [METADATA_FILE]: strToU8('<xml/>') }))).toThrow(/metadata\.json is not valid JSON/);
    expect(() => readStudentZip(zipSync({ ...files(), [MODEL_FILE]: strToU8('{"modelTopology": {}}') }))).toThrow(
      /model\.json has no weightsManifest/,
    );
    expect(() => readStudentZip(zipSync({ ...files(), [MODEL_FILE]: strToU8('null') }))).toThrow(/model\.json has no weightsManifest/);
  });

  it("reads a zip of an earlier version, whose settings say 'on'/'off', with booleans", () => {
    const metadata = JSON.parse(strFromU8(files()[METADATA_FILE]!)) as { config: object; teacherConfig: object };
    const older = (config: object) => ({ ...config, keepBestEpoch: 'on', calibrateTeachers: 'off' });
    const text = JSON.stringify({ ...metadata, config: older(metadata.config), teacherConfig: older(metadata.teacherConfig) });
    const read = readStudentZip(zipSync({ ...files(), [METADATA_FILE]: strToU8(text) }));
    expect(read.metadata.config).toMatchObject({ keepBestEpoch: true, calibrateTeachers: false });
    expect(read.metadata.teacherConfig).toMatchObject({ keepBestEpoch: true, calibrateTeachers: false });
    expect(readStudentZip(zip).metadata).toEqual(JSON.parse(strFromU8(files()[METADATA_FILE]!)));
  });
});

describe('model-io', () => {
  it('toSavedModel → fromSavedModel gives the same predictions and does not leak', async () => {
    const model = createStudent(8, 10, 11);
    const saved = await toSavedModel(model);
    expect(saved.weightSpecs.map((s) => s.shape)).toEqual([[784, 8], [8], [8, 10], [10]]);
    expect(saved.weightData.byteLength).toBe(4 * model.countParams());
    const before = tf.memory().numTensors;
    const restored = await fromSavedModel(saved);
    const indices = dataset.split.test.subarray(0, 20);
    expect(Array.from(await predictLogits(restored, dataset, indices))).toEqual(Array.from(await predictLogits(model, dataset, indices)));
    restored.dispose();
    expect(tf.memory().numTensors).toBe(before);
    model.dispose();
  });
});
