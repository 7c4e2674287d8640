/**
 * Colour images through the studio: a zip of RGB PNGs in train/ and test/ folders keeps its three
 * channels and its split, and the CNN teacher, the CNN student and an MLP student train on it on
 * wasm, seeing H×W×3 (the CNNs) or the flat H·W·3 vector (the MLP).
 */
import { encode as encodePng } from 'fast-png';
import { zipSync, type Zippable } from 'fflate';
import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { useNodeBackend } from '../../../scripts/lib/node-runtime';
import { tinyConfig, useCpu } from '../../../test-support/fixtures';
import { gatherLabels, seededRandom, type Dataset } from '../data/data';
import { accuracy } from '../evaluation/metrics';
import { datasetOf, parseDatasetFiles } from '../import/dataset-files';
import { fromSavedModel } from '../models/model-io';
import { predictLogits } from '../models/predict';
import { DistillationSession } from './session';

const SIDE = 16;
const CLASSES = ['red', 'green', 'blue'];

/** A SIDE×SIDE RGB image of class `c`: dim noise, and at a random place a square bright in channel c. */
function colourImage(c: number, random: () => number): Uint8Array {
  const data = new Uint8Array(SIDE * SIDE * 3).map(() => Math.floor(random() * 90));
  const [x0, y0] = [Math.floor(random() * (SIDE - 6)), Math.floor(random() * (SIDE - 6))];
  for (let y = y0; y < y0 + 6; y++) {
    for (let x = x0; x < x0 + 6; x++) for (let k = 0; k < 3; k++) data[(y * SIDE + x) * 3 + k] = k === c ? 230 : 60;
  }
  return encodePng({ width: SIDE, height: SIDE, data, channels: 3, depth: 8 });
}

/** A zip of `perClass.train` + `perClass.test` images per class in train/<class>/ and test/<class>/. */
function colourZip(perClass: { train: number; test: number }): Uint8Array {
  const random = seededRandom(11);
  const entries: Zippable = {};
  for (const part of ['train', 'test'] as const) {
    CLASSES.forEach((name, c) => {
      for (let i = 0; i < perClass[part]; i++) entries[`shapes/${part}/${name}/${String(i).padStart(3, '0')}.png`] = colourImage(c, random);
    });
  }
  return zipSync(entries);
}

let dataset: Dataset;

beforeAll(async () => {
  await useNodeBackend('wasm');
  const data = parseDatasetFiles([{ name: 'shapes.zip', bytes: colourZip({ train: 160, test: 40 }) }]);
  dataset = datasetOf(data);
});

afterAll(useCpu);

describe('a zip of colour images', () => {
  it('keeps three channels (HWC, features = H·W·3) and its train/test split', () => {
    expect(dataset.image).toEqual({ height: SIDE, width: SIDE, channels: 3 });
    expect(dataset.features).toBe(SIDE * SIDE * 3);
    expect(dataset.values.length).toBe(600 * SIDE * SIDE * 3);
    // 480 training images, the last 10 % of them (classes interleaved) validation; the 120 test images stay the test split.
    expect(dataset.blocks).toEqual({ train: 432, val: 48, test: 120 });
    for (const part of [dataset.split.val, dataset.split.test]) {
      const perClass = [0, 0, 0];
      for (const label of gatherLabels(dataset, part)) perClass[label]!++;
      expect(perClass).toEqual(part === dataset.split.val ? [16, 16, 16] : [40, 40, 40]);
    }
  });

  it('trains a CNN teacher and the CNN student on H×W×3 on wasm, and an MLP student on the flat H·W·3 vector', async () => {
    const session = new DistillationSession(dataset);
    try {
      const teachers = await session.trainTeachers(tinyConfig({ teacherArch: 'cnn', teacherEpochs: 3 }));
      const [teacher] = session.teacherModels;
      expect(teacher!.layers[0]!.outputShape).toEqual([null, SIDE, SIDE, 3]);
      expect(teacher!.layers[1]!.getWeights()[0]!.shape).toEqual([5, 5, 3, 8]);
      // Three classes: chance is a third.
      expect(teachers.ensembleTestAccuracy).toBeGreaterThan(0.8);

      const cnn = await session.distill(tinyConfig({ studentHidden: 'cnn', studentEpochs: 3 }));
      // conv 8@5×5 over 3 channels, then dense from 6×6×8 to 3 classes.
      expect(cnn.results.student.params).toBe(5 * 5 * 3 * 8 + 8 + 6 * 6 * 8 * 3 + 3);
      expect(cnn.results.student.testAccuracy).toBeGreaterThan(0.6);
      const student = await fromSavedModel(cnn.student);
      expect(student.inputs[0]!.shape).toEqual([null, SIDE * SIDE * 3]);
      const { test } = dataset.split;
      expect(accuracy(await predictLogits(student, dataset, test), gatherLabels(dataset, test), 3)).toBe(cnn.results.student.testAccuracy);
      student.dispose();

      const mlp = await session.distill(tinyConfig({ studentHidden: '16' }));
      expect(mlp.results.student.params).toBe(SIDE * SIDE * 3 * 16 + 16 + 16 * 3 + 3);
    } finally {
      session.dispose();
    }
    expect(tf.getBackend()).toBe('wasm');
  });
});
