/**
 * The distillation run on its own, without a session: teachers are a small untrained MLP whose
 * logits are cached, which is all a run needs from them.
 */
import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { useNodeBackend } from '../../../scripts/lib/node-runtime';
import { mnistSubset, tinyConfig } from '../../../test-support/fixtures';
import type { ExperimentConfig } from '../settings/config';
import type { Dataset } from '../data/data';
import type { LossPoint } from '../types';
import { runDistillation, type DistillJobEnv } from './distill-run';
import type { StudentSamples } from './student-samples';
import { WEIGHT_BINS } from '../settings/config';
import { DeviceDataset } from '../data/device-data';
import { LogitsCache } from '../ensemble/ensemble';
import { RateMeter } from './rates';
import { StopSignal } from './job';
import { createTeacher } from '../models/models';
import { allIndices, predictLogits } from '../models/predict';
import { DistillationSession } from './session';
import { annealedTemperature } from '../losses/schedules';

let dataset: Dataset;
/** A session with teachers trained on the subset, for the tests that need teachers worth learning from. */
let trained: DistillationSession;
let env: (hyperparams?: DistillJobEnv['hyperparams']) => DistillJobEnv;
/** Every training image with its label, no transfer set. */
let allLabelled: StudentSamples;

beforeAll(async () => {
  await useNodeBackend('wasm');
  dataset = mnistSubset(600);
  allLabelled = { labelled: dataset.split.train, unlabelled: dataset.unlabelled };
  const teacherConfig = tinyConfig();
  const teacher = createTeacher('mlp', 24, 10, 5);
  const cache = new LogitsCache([await predictLogits(teacher, dataset, allIndices(dataset))], 10);
  const device = new DeviceDataset(dataset);
  env = (hyperparams = () => ({ temperature: 4, alpha: 0.9 })) => ({
    dataset,
    device,
    stop: new StopSignal(),
    meter: new RateMeter(),
    teachers: { models: [teacher], cache, mode: 'arithmetic', config: teacherConfig, view: { weights: [1], scales: [1] } },
    hyperparams,
  });
  trained = new DistillationSession(dataset);
  await trained.trainTeachers(tinyConfig({ teacherEpochs: 3, learningRate: 0.02 }));
});

afterAll(() => trained.dispose());

async function run(config: ExperimentConfig, hyperparams?: DistillJobEnv['hyperparams']) {
  const result = await runDistillation(env(hyperparams), config, allLabelled);
  result.student.dispose();
  result.baseline.dispose();
  return result;
}

/** A run holds only the two students it returns, and nothing once they are disposed. */
async function expectNoLeak(config: ExperimentConfig): Promise<void> {
  await run(config); // the teachers' tables for this loss are made once and kept
  const before = tf.memory().numTensors;
  const result = await runDistillation(env(), config, allLabelled);
  const held = result.student.getWeights().length + result.baseline.getWeights().length;
  expect(tf.memory().numTensors).toBe(before + held);
  result.student.dispose();
  result.baseline.dispose();
  expect(tf.memory().numTensors).toBe(before);
}

/** A run with its loss readings collected from the progress messages. */
async function runWithLosses(config: ExperimentConfig, hyperparams?: DistillJobEnv['hyperparams']) {
  const losses: LossPoint[] = [];
  const result = await runDistillation(env(hyperparams), config, allLabelled, { onProgress: (p) => losses.push(...p.losses) });
  result.student.dispose();
  result.baseline.dispose();
  return { ...result, losses };
}

describe('runDistillation', () => {
  it('with "Keep best epoch" each student ends on its epoch of best validation accuracy, and says which', async () => {
    const config = tinyConfig({ studentEpochs: 5, learningRate: 0.05, keepBestEpoch: true });
    const result = await run(config);
    for (const [row, key] of [
      [result.results.student, 'studentValAccuracy'],
      [result.results.baseline, 'baselineValAccuracy'],
    ] as const) {
      const curve = result.accuracies.map((a) => a[key]);
      const best = Math.max(...curve);
      expect(row.keptEpoch).toBe(curve.indexOf(best) + 1); // the earliest epoch on a tie
      expect(row.valAccuracy).toBe(best);
    }
    // At this learning rate the curves wobble: a student really goes back to an earlier epoch.
    expect(Math.min(result.results.student.keptEpoch!, result.results.baseline.keptEpoch!)).toBeLessThan(5);
    // Best and last side by side: the best is the kept epoch and what it scores; the last is epoch 5's.
    const { student, baseline } = result.results.epochs!;
    expect(student!.best).toEqual({
      epoch: result.results.student.keptEpoch,
      valAccuracy: result.results.student.valAccuracy,
      testAccuracy: result.results.student.testAccuracy,
    });
    expect(baseline!.best.epoch).toBe(result.results.baseline.keptEpoch);
    const last = result.accuracies.at(-1)!;
    expect(student!.last).toEqual({ epoch: 5, valAccuracy: last.studentValAccuracy, testAccuracy: last.studentTestAccuracy });
  });

  it("without it, the students are their last epoch's", async () => {
    const config = tinyConfig({ studentEpochs: 3, learningRate: 0.05, keepBestEpoch: false });
    const result = await run(config);
    const last = result.accuracies.at(-1)!;
    expect(result.results.student.keptEpoch).toBeNull();
    expect(result.results.student.valAccuracy).toBe(last.studentValAccuracy);
    expect(result.results.baseline.testAccuracy).toBe(last.baselineTestAccuracy);
  });

  it('reads T and alpha before every batch and records each change once', async () => {
    let batches = 0;
    const result = await run(tinyConfig({ studentEpochs: 1 }), () => {
      batches++;
      return batches <= 3 ? { temperature: 2, alpha: 0.5 } : { temperature: 7, alpha: 0.5 };
    });
    expect(result.results.schedule).toEqual([
      { step: 0, epoch: 1, batch: 1, temperature: 2, alpha: 0.5 },
      { step: 3, epoch: 1, batch: 4, temperature: 7, alpha: 0.5 },
    ]);
    expect([result.results.temperature, result.results.alpha]).toEqual([7, 0.5]);
  });

  it('per-epoch validation loss is the mean cross-entropy, lower as accuracy rises', async () => {
    const result = await run(tinyConfig({ studentEpochs: 3, learningRate: 0.05 }));
    const [first, , last] = result.accuracies;
    expect(first!.studentValLoss).toBeGreaterThan(0);
    expect(last!.studentValAccuracy).toBeGreaterThan(first!.studentValAccuracy);
    expect(last!.baselineValLoss).toBeLessThan(first!.baselineValLoss);
  });

  it('per epoch, the calibration and fidelity to the ensemble of each student on validation: ECE, agreement, KL', async () => {
    const result = await run(tinyConfig({ studentEpochs: 3, learningRate: 0.05 }));
    for (const point of result.accuracies) {
      for (const [ece, agreement, kl] of [
        [point.studentValEce, point.studentValAgreement, point.studentValKl],
        [point.baselineValEce, point.baselineValAgreement, point.baselineValKl],
      ] as const) {
        expect(ece).toBeGreaterThanOrEqual(0);
        expect(ece).toBeLessThan(1);
        expect(agreement).toBeGreaterThanOrEqual(0);
        expect(agreement).toBeLessThanOrEqual(1);
        expect(kl).toBeGreaterThan(0);
      }
    }
    // Trained on the ensemble's soft labels, the distilled student ends closer to it in KL than the baseline.
    const last = result.accuracies.at(-1)!;
    expect(last.studentValKl).toBeLessThan(last.baselineValKl);
  });

  it('records the loss terms as they enter the total: for vanilla KD, alpha·T²·KL and (1 − alpha)·CE', async () => {
    const result = await runWithLosses(tinyConfig({ studentEpochs: 2 }), () => ({ temperature: 3, alpha: 0.25 }));
    expect(result.losses.length).toBeGreaterThan(2);
    for (const p of result.losses) {
      expect(p.softTerm).toBeCloseTo(0.25 * 9 * p.soft, 4);
      expect(p.hardTerm).toBeCloseTo(0.75 * p.hard, 4);
      expect(p.total).toBeCloseTo(p.softTerm + p.hardTerm, 4);
    }
  });

  it.each(['kd', 'dkd', 'ls', 'wsld', 'confidence', 'dist', 'ttm', 'wttm', 'nkd'] as const)(
    'with trained teachers, the %s loss gives finite readings that add up, and a student that learns',
    async (loss) => {
      const losses: LossPoint[] = [];
      const result = await trained.distill(tinyConfig({ studentEpochs: 2, learningRate: 0.02, loss }), {
        onProgress: (p) => losses.push(...p.losses),
      });
      expect(result.failure).toBeNull();
      for (const p of losses) {
        expect(Number.isFinite(p.total)).toBe(true);
        expect(p.total).toBeCloseTo(p.softTerm + p.hardTerm, 4);
      }
      expect(result.results.student.valAccuracy).toBeGreaterThan(0.3); // 10 classes: chance is 0.1 (DKD, β = 8 on weak teachers, is the slowest here)
    },
  );

  it('a weighted loss counts every training sample of an epoch once in its weight histogram', async () => {
    const result = await run(tinyConfig({ studentEpochs: 2, loss: 'wsld' }));
    for (const epoch of result.accuracies) {
      expect(epoch.softWeights!.counts).toHaveLength(WEIGHT_BINS);
      expect(epoch.softWeights!.counts.reduce((a, b) => a + b, 0)).toBe(dataset.split.train.length);
      // The mean lies within the bins that hold samples.
      const first = epoch.softWeights!.counts.findIndex((c) => c > 0);
      const last = WEIGHT_BINS - 1 - [...epoch.softWeights!.counts].reverse().findIndex((c) => c > 0);
      expect(epoch.softWeights!.mean).toBeGreaterThanOrEqual(first / WEIGHT_BINS);
      expect(epoch.softWeights!.mean).toBeLessThanOrEqual((last + 1) / WEIGHT_BINS);
    }
    const vanilla = await run(tinyConfig({ studentEpochs: 1 }));
    expect(vanilla.accuracies[0]!.softWeights).toBeNull();
  });

  it('a linear schedule anneals T from the Temperature to the final one, whatever the slider says', async () => {
    const config = tinyConfig({ studentEpochs: 2, temperatureSchedule: 'linear', temperature: 6, temperatureEnd: 2 });
    const result = await runWithLosses(config, () => ({ temperature: 15, alpha: 0.9 }));
    const temperatures = result.losses.map((p) => p.temperature);
    const steps = result.accuracies.at(-1)!.step;
    result.losses.forEach((p) => expect(p.temperature).toBeCloseTo(annealedTemperature(config, p.step - 1, steps), 5));
    expect(annealedTemperature(config, 0, steps)).toBe(6);
    expect(temperatures.at(-1)).toBeCloseTo(2, 5);
    expect(temperatures.every((t, i) => i === 0 || t < temperatures[i - 1]!)).toBe(true);
    expect(result.results.schedule.map((e) => e.temperature)).toEqual([6]); // the slider left no trace
    expect(result.results.temperature).toBeCloseTo(2, 5);
  });

  it('CTKD learns T: it starts at the Temperature and moves', async () => {
    const config = tinyConfig({ studentEpochs: 3, learningRate: 0.05, temperatureSchedule: 'ctkd', temperature: 4 });
    const result = await runWithLosses(config);
    expect(result.failure).toBeNull();
    expect(result.losses[0]!.temperature).toBeCloseTo(4, 1);
    const last = result.losses.at(-1)!.temperature;
    expect(Math.abs(last - 4)).toBeGreaterThan(0.01);
    expect(result.results.temperature).toBeCloseTo(last, 5);
  });

  it('DKD ignores the alpha slider (it has no alpha) and records none of its moves', async () => {
    let batches = 0;
    const result = await run(tinyConfig({ studentEpochs: 1, loss: 'dkd', alpha: 0.9 }), () => ({
      temperature: 4,
      alpha: ++batches > 2 ? 0.1 : 0.9,
    }));
    expect(result.results.schedule.map((e) => e.alpha)).toEqual([0.9]);
  });

  it.each([
    ['kd', 'constant'],
    ['dkd', 'linear'],
    ['ls', 'cosine'],
    ['wsld', 'ctkd'],
    ['confidence', 'constant'],
    ['dist', 'constant'],
    ['ttm', 'linear'],
    ['wttm', 'constant'],
    ['nkd', 'cosine'],
  ] as const)('leaves no tensors behind but the two students it returns (%s, %s T)', async (loss, temperatureSchedule) => {
    await expectNoLeak(tinyConfig({ studentEpochs: 2, loss, temperatureSchedule }));
  });

  it('DOT trains the distilled student with two momenta, leaves no tensors behind, and its baseline is momentum SGD', async () => {
    const config = tinyConfig({ studentEpochs: 3, optimizer: 'dot', learningRate: 0.02 });
    await expectNoLeak(config);
    const withDot = await trained.distill(config);
    const momentum = await trained.distill({ ...config, optimizer: 'momentum' });
    expect(withDot.results.student.valAccuracy).toBeGreaterThan(0.3); // chance is 0.1
    // The baseline has one loss, so DOT gives it momentum 0.9 as plain momentum SGD does (the fused
    // pair computes it in another order: close, not bit-equal); the student learns differently.
    expect(Math.abs(withDot.results.baseline.testAccuracy - momentum.results.baseline.testAccuracy)).toBeLessThanOrEqual(0.01);
    expect(withDot.accuracies.map((a) => a.studentValLoss)).not.toEqual(momentum.accuracies.map((a) => a.studentValLoss));
  });
});
