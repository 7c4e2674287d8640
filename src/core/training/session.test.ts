import { datasetHash } from '../data/dataset-hash';
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { useNodeBackend } from '../../../scripts/lib/node-runtime';
import { mnistSubset, tinyConfig, useCpu } from '../../../test-support/fixtures';
import type { ExperimentConfig } from '../settings/config';
import { gatherLabels, seededRandom, shuffled, type Dataset } from '../data/data';
import { accuracy } from '../evaluation/metrics';
import { quantizeModel } from '../export/quantize';
import { fromSavedModel, toSavedModel } from '../models/model-io';
import { createStudent } from '../models/models';
import { predictLogits } from '../models/predict';
import { useWasmConvGradients } from '../models/wasm-conv';
import { DistillationSession, memberSeed, summarizeDataset } from './session';
import type { DistillProgress, LossPoint, TeacherProgress, TeacherResult, TeacherSnapshot } from '../types';

let dataset: Dataset;
let teachers: TeacherResult;

/** A fresh session holding copies of the shared teachers (restoring is cheap; training is not). */
async function sessionWithTeachers(snapshot: TeacherSnapshot = teachers.snapshot): Promise<DistillationSession> {
  const session = new DistillationSession(dataset);
  await session.restoreTeachers({ ...snapshot, logits: snapshot.logits.map((l) => l.slice()) });
  return session;
}

const lossPoints = (progress: DistillProgress[]): LossPoint[] => progress.flatMap((p) => p.losses);

/**
 * The shared teachers, with NaN logits for every training digit a distillation with `config`
 * meets after its first `batches` batches of epoch 1 (same seeded order as the run): its KD loss
 * becomes NaN at batch `batches` + 1.
 */
function poisonedFrom(batches: number, config: ExperimentConfig): TeacherSnapshot {
  const order = shuffled(new DistillationSession(dataset).trainingIndices(config), seededRandom(config.seed));
  const logits = teachers.snapshot.logits.map((l) => l.slice());
  for (const sample of order.subarray(batches * config.batchSize)) for (const l of logits) l.fill(NaN, sample * 10, sample * 10 + 10);
  return { ...teachers.snapshot, logits };
}

beforeAll(async () => {
  await useNodeBackend('wasm');
  dataset = mnistSubset(1000);
  const session = new DistillationSession(dataset);
  teachers = await session.trainTeachers(tinyConfig());
  session.dispose();
});

describe('DistillationSession basics', () => {
  it('summarises the dataset and derives distinct member seeds', () => {
    const { train, val, test } = dataset.split;
    expect(summarizeDataset(dataset)).toEqual({
      name: dataset.name,
      classNames: dataset.classNames,
      count: 1000,
      train: train.length,
      val: val.length,
      test: test.length,
      hash: datasetHash(dataset),
    });
    expect(train.length + val.length + test.length).toBe(1000);
    expect(train.length).toBeGreaterThan(680);
    expect(new Set([0, 1, 2].map((m) => memberSeed(5, m))).size).toBe(3);
  });

  it('trains teachers that beat chance and caches logits for every sample', () => {
    expect(teachers.stopped).toBe(false);
    expect(teachers.memberTestAccuracy).toHaveLength(1);
    expect(teachers.ensembleTestAccuracy).toBeGreaterThan(0.5);
    expect(teachers.snapshot.logits[0]!.length).toBe(dataset.count * 10);
    // The ensemble's make-up, from the same cached logits: the best member is the measured one, the oracle at least as good.
    const { diversity } = teachers;
    expect(diversity.bestMemberAccuracy).toBe(Math.max(...teachers.memberTestAccuracy));
    expect(diversity.oracleAccuracy).toBeGreaterThanOrEqual(diversity.bestMemberAccuracy);
    expect(diversity.ensembleGain).toBeCloseTo(teachers.ensembleTestAccuracy - diversity.bestMemberAccuracy, 12);
    expect(diversity.disagreement).toEqual(
      teachers.memberTestAccuracy.map((_, i) => teachers.memberTestAccuracy.map((__, j) => (i === j ? 0 : expect.any(Number)))),
    );
    expect(diversity.memberEce.every((e) => e >= 0 && e < 1)).toBe(true);
  });

  it('times its batch loops apart from the whole job, counting the images they trained on', async () => {
    const config = tinyConfig({ studentEpochs: 2 });
    const perRun = dataset.split.train.length;
    expect(teachers.timing.samples).toBe(perRun * config.teacherEpochs * config.ensembleSize);
    expect(teachers.timing.loopSeconds).toBeGreaterThan(0);
    // Caching every sample's logits and testing come after the loops, so the job takes longer.
    expect(teachers.timing.totalSeconds).toBeGreaterThan(teachers.timing.loopSeconds);
    const session = await sessionWithTeachers();
    const distilled = await session.distill(config);
    expect(distilled.timing.samples).toBe(perRun * 2);
    expect(distilled.timing.totalSeconds).toBeGreaterThan(distilled.timing.loopSeconds);
    session.dispose();
  });

  it.each(['32-16', 'none'])('distils a %s student: its size in the results, and its saved weights give its accuracy', async (layout) => {
    const session = await sessionWithTeachers();
    const distilled = await session.distill(tinyConfig({ studentHidden: layout, studentEpochs: 2 }));
    const dims = [784, ...(layout === 'none' ? [] : [32, 16]), 10];
    const params = dims.slice(1).reduce((sum, width, i) => sum + dims[i]! * width + width, 0);
    expect(distilled.results.student.params).toBe(params);
    expect(distilled.results.baseline.params).toBe(params);
    const student = await fromSavedModel(distilled.student);
    const { test } = dataset.split;
    expect(accuracy(await predictLogits(student, dataset, test), gatherLabels(dataset, test), 10)).toBe(
      distilled.results.student.testAccuracy,
    );
    expect(distilled.results.student.testAccuracy).toBeGreaterThan(0.5);
    // Calibration and proper scores for every row: MCE bounds ECE; NLL and Brier are positive and in range.
    for (const row of [distilled.results.ensemble, distilled.results.student, distilled.results.baseline]) {
      expect(row.mce).toBeGreaterThanOrEqual(row.ece);
      expect(row.nll).toBeGreaterThan(0);
      expect(row.brier).toBeGreaterThan(0);
      expect(row.brier).toBeLessThan(2);
    }
    student.dispose();
    session.dispose();
  });

  it('measures the distilled student under every weight format by loading the quantized weights back', async () => {
    const session = await sessionWithTeachers();
    const distilled = await session.distill(tinyConfig({ studentEpochs: 2 }));
    const rows = distilled.quantized;
    expect(rows.map((r) => r.dtype)).toEqual(['float32', 'float16', 'uint16', 'uint8']);
    const float32 = rows[0]!;
    expect(float32).toMatchObject({
      testAccuracy: distilled.results.student.testAccuracy,
      agreement: 1,
      bytes: distilled.results.student.bytes,
    });
    expect(rows.map((r) => r.bytes / float32.bytes)).toEqual([1, 0.5, 0.5, 0.25]);
    // The same figures from the quantized weights as the download would hold them.
    const uint8 = await fromSavedModel(quantizeModel(distilled.student, 'uint8'));
    const { test } = dataset.split;
    expect(accuracy(await predictLogits(uint8, dataset, test), gatherLabels(dataset, test), 10)).toBe(rows[3]!.testAccuracy);
    expect(rows[3]!.agreement).toBeGreaterThan(0.9);
    uint8.dispose();
    session.dispose();
  });

  it('trainingIndices: the whole split at 100 %, else a seeded, class-mixed subset of the split', () => {
    const session = new DistillationSession(dataset);
    const { train } = dataset.split;
    expect(session.trainingIndices(tinyConfig({ trainPercent: 100 }))).toBe(train);
    const subset = session.trainingIndices(tinyConfig({ trainPercent: 20 }));
    expect(subset.length).toBe(Math.round(train.length * 0.2));
    expect(Array.from(session.trainingIndices(tinyConfig({ trainPercent: 20 })))).toEqual(Array.from(subset));
    const inTrain = new Set(train);
    expect(subset.every((i) => inTrain.has(i))).toBe(true);
    expect(new Set(subset).size).toBe(subset.length);
    expect(new Set(gatherLabels(dataset, subset)).size).toBe(10);
    expect(session.trainingIndices(tinyConfig({ trainPercent: 1, batchSize: 64 })).length).toBe(64);
  });

  it('refuses to distill before the teachers are trained', async () => {
    const session = new DistillationSession(dataset);
    expect(session.hasTeachers).toBe(false);
    await expect(session.distill(tinyConfig())).rejects.toThrow('Train the teachers before distilling a student.');
  });

  it('rejects an invalid config before training, naming the parameter', async () => {
    const session = await sessionWithTeachers();
    await expect(session.distill(tinyConfig({ alpha: 3 }))).rejects.toThrow(/Alpha must be between 0 and 1/);
    await expect(session.trainTeachers(tinyConfig({ teacherEpochs: 0 }))).rejects.toThrow(/Teacher epochs/);
    expect(() => session.setHyperparams({ temperature: 0.5, alpha: 0.5 })).toThrow(/Temperature/);
    expect(() => session.setHyperparams({ temperature: 2, alpha: 1.5 })).toThrow(/Alpha/);
    session.dispose();
  });

  it('restoreTeachers from a snapshot reproduces the ensemble accuracy and the member logits', async () => {
    const session = await sessionWithTeachers();
    expect(session.ensembleTestAccuracy()).toBe(teachers.ensembleTestAccuracy);
    const indices = dataset.split.test.subarray(0, 50);
    const logits = await predictLogits(session.teacherModels[0]!, dataset, indices);
    indices.forEach((sample, i) => {
      for (let c = 0; c < 10; c++) expect(logits[i * 10 + c]).toBeCloseTo(teachers.snapshot.logits[0]![sample * 10 + c]!, 4);
    });
    await expect(session.restoreTeachers({ ...teachers.snapshot, logits: [new Float32Array(10 * 10)] })).rejects.toThrow(
      'The teacher snapshot covers 10 samples, the dataset has 1000.',
    );
    await expect(session.restoreTeachers({ ...teachers.snapshot, logits: [] })).rejects.toThrow(
      /different number of models and logit tables/,
    );
    expect(session.ensembleTestAccuracy()).toBe(teachers.ensembleTestAccuracy);
    session.dispose();
  });
});

describe('distillation', () => {
  it('the baseline and the distilled student start from identical weights and see the same batches: with alpha = 0, T = 1 their losses agree at every step', async () => {
    const session = await sessionWithTeachers();
    const progress: DistillProgress[] = [];
    const result = await session.distill(tinyConfig({ alpha: 0, temperature: 1, studentEpochs: 2 }), {
      progressIntervalMs: 0,
      onProgress: (p) => progress.push(p),
    });
    const points = lossPoints(progress);
    expect(points.length).toBeGreaterThanOrEqual(4);
    expect(points.map((p) => p.step)).toEqual([...points.map((p) => p.step)].sort((a, b) => a - b));
    for (const point of points) {
      expect(point.total).toBeCloseTo(point.baseline, 6);
      expect(point.hard).toBeCloseTo(point.baseline, 6);
    }
    expect(result.results.student.testAccuracy).toBe(result.results.baseline.testAccuracy);
    expect(result.results.student.meanKl).toBeCloseTo(result.results.baseline.meanKl, 6);
    const epochs = progress.flatMap((p) => p.accuracies);
    expect(epochs.map((e) => e.epoch)).toEqual([1, 2]);
    for (const e of epochs) expect(e.studentTestAccuracy).toBe(e.baselineTestAccuracy);
    session.dispose();
  });

  it('with the KD term on, the two students diverge (so the previous test can fail)', async () => {
    const session = await sessionWithTeachers();
    const progress: DistillProgress[] = [];
    await session.distill(tinyConfig({ alpha: 0.9, temperature: 4 }), { progressIntervalMs: 0, onProgress: (p) => progress.push(p) });
    const last = lossPoints(progress).at(-1)!;
    expect(Math.abs(last.hard - last.baseline)).toBeGreaterThan(1e-4);
    session.dispose();
  });

  it('setHyperparams during a run is picked up at the next batch, and the loss readings use it', async () => {
    const session = await sessionWithTeachers();
    const config = tinyConfig({ temperature: 4, alpha: 0.9, studentEpochs: 2 });
    const progress: DistillProgress[] = [];
    let changedAfterStep = -1;
    const result = await session.distill(config, {
      progressIntervalMs: 0,
      onProgress: (p) => {
        progress.push(p);
        const points = p.losses;
        if (changedAfterStep < 0 && points.length > 0) {
          changedAfterStep = points.at(-1)!.step;
          session.setHyperparams({ temperature: 9, alpha: 0.25 });
        }
      },
    });
    const points = lossPoints(progress);
    const before = points.filter((p) => p.step <= changedAfterStep);
    const after = points.filter((p) => p.step > changedAfterStep);
    expect(before.length).toBeGreaterThan(0);
    expect(after.length).toBeGreaterThan(1);
    for (const p of before) expect([p.temperature, p.alpha]).toEqual([4, 0.9]);
    for (const p of after) expect([p.temperature, p.alpha]).toEqual([9, 0.25]);
    // Each reading is alpha · T² · KL + (1 − alpha) · CE with the hyperparameters it carries.
    for (const p of points) expect(p.total).toBeCloseTo(p.alpha * p.temperature ** 2 * p.soft + (1 - p.alpha) * p.hard, 4);
    expect([result.results.temperature, result.results.alpha]).toEqual([9, 0.25]);
    session.dispose();
  });

  it('stop() ends a distillation early; the result describes the student as it was', async () => {
    const session = await sessionWithTeachers();
    const progress: DistillProgress[] = [];
    const result = await session.distill(tinyConfig({ studentEpochs: 3 }), {
      progressIntervalMs: 0,
      onProgress: (p) => {
        progress.push(p);
        if (p.batch === 3) session.stop();
      },
    });
    expect(result.stopped).toBe(true);
    expect(result.failure).toBeNull();
    expect(Math.max(...progress.map((p) => p.fraction))).toBeLessThan(0.1);
    expect(progress.flatMap((p) => p.accuracies)).toHaveLength(1);
    // The figures describe the student as it was when stopped: its own weights give them again.
    const stoppedStudent = await fromSavedModel(result.student);
    const { test } = dataset.split;
    expect(accuracy(await predictLogits(stoppedStudent, dataset, test), gatherLabels(dataset, test), 10)).toBe(
      result.results.student.testAccuracy,
    );
    stoppedStudent.dispose();
    expect(session.lastStudent).not.toBeNull();
    // The next job starts with the signal cleared.
    const again = await session.distill(tinyConfig());
    expect(again.stopped).toBe(false);
    session.dispose();
  });
});

describe('teacher training control', () => {
  it('stop() during the second member keeps the first and reports stopped', async () => {
    const session = new DistillationSession(dataset);
    const result = await session.trainTeachers(tinyConfig({ ensembleSize: 2 }), {
      progressIntervalMs: 0,
      onProgress: (p) => {
        if (p.member === 1) session.stop();
      },
    });
    expect(result.stopped).toBe(true);
    expect(result.memberTestAccuracy).toHaveLength(1);
    expect(result.snapshot.members).toHaveLength(1);
    expect(session.teacherModels).toHaveLength(1);
    // The first member (same seed) is the same model the unstopped run trained.
    expect(result.memberTestAccuracy[0]).toBe(teachers.memberTestAccuracy[0]);
    session.dispose();
  });

  it('stop() before the first member finishes an epoch throws and keeps the previous teachers', async () => {
    const session = await sessionWithTeachers();
    const previous = session.teacherModels;
    await expect(
      session.trainTeachers(tinyConfig({ seed: 99 }), {
        progressIntervalMs: 0,
        onProgress: () => session.stop(),
      }),
    ).rejects.toThrow(/stopped before the first teacher finished an epoch; the previous teachers are kept/);
    expect(session.teacherModels).toBe(previous);
    expect(session.ensembleTestAccuracy()).toBe(teachers.ensembleTestAccuracy);
    session.dispose();
  });

  it('refuses a second job while one is running', async () => {
    const session = await sessionWithTeachers();
    const running = session.distill(tinyConfig());
    await expect(session.distill(tinyConfig())).rejects.toThrow(/Another job is running/);
    await running;
    session.dispose();
  });
});

describe('the NaN guard in a session', () => {
  it('distill returns `failure` with the student at its last good weights instead of throwing', async () => {
    const config = tinyConfig({ studentEpochs: 2 });
    const checkedAt = 8; // the session reads (and checks) losses every 8 batches

    // Reference: the same run stopped right after the check at batch 8.
    const reference = await sessionWithTeachers();
    const stopped = await reference.distill(config, {
      progressIntervalMs: 0,
      onProgress: (p) => {
        if (p.epoch === 1 && p.batch === checkedAt) reference.stop();
      },
    });
    expect(stopped.stopped).toBe(true);

    // Same run, but the teachers' logits are NaN for every digit of batches 9 on, so the KD loss turns NaN there.
    const session = new DistillationSession(dataset);
    await session.restoreTeachers(poisonedFrom(checkedAt, config));
    const progress: DistillProgress[] = [];
    const result = await session.distill(config, { progressIntervalMs: 0, onProgress: (p) => progress.push(p) });
    expect(result.failure).toMatch(/^The loss of the distilled student became NaN/);
    expect(result.stopped).toBe(false);
    expect(lossPoints(progress).every((p) => Number.isFinite(p.total) && p.step <= checkedAt)).toBe(true);
    const weights = new Float32Array(result.student.weightData);
    expect(weights.every(Number.isFinite)).toBe(true);
    expect(Array.from(weights)).toEqual(Array.from(new Float32Array(stopped.student.weightData)));
    expect(result.results.student.testAccuracy).toBe(stopped.results.student.testAccuracy);
    // The baseline, whose loss was fine, is rolled back to the same batch: the table compares like with like.
    expect(Array.from(new Float32Array(result.baseline.weightData))).toEqual(Array.from(new Float32Array(stopped.baseline.weightData)));
    expect(result.results.baseline.testAccuracy).toBe(stopped.results.baseline.testAccuracy);
    expect(result.results.halt).toMatchObject({ model: 'distilled student', epoch: 1, step: 16, rolledBackTo: checkedAt });
    expect(result.failure).toMatch(/both students were rolled back to their weights after batch 8/);
    expect(session.lastStudent).not.toBeNull();
    reference.dispose();
    session.dispose();
  });
});

describe('tensor memory', () => {
  it('is flat across epochs of teacher training and distillation, and back to the start after dispose', async () => {
    const before = tf.memory().numTensors;
    const session = new DistillationSession(dataset);
    const teacherEpochEnds: number[] = [];
    await session.trainTeachers(tinyConfig({ teacherEpochs: 3 }), {
      progressIntervalMs: 0,
      onProgress: (p) => {
        if (p.epochPoints.length > 0) teacherEpochEnds.push(tf.memory().numTensors);
      },
    });
    expect(teacherEpochEnds).toHaveLength(3);
    expect(new Set(teacherEpochEnds).size).toBe(1);

    const distillEpochEnds: number[] = [];
    const onProgress = (p: DistillProgress) => {
      if (p.accuracies.length > 0) distillEpochEnds.push(tf.memory().numTensors);
    };
    await session.distill(tinyConfig({ studentEpochs: 3 }), { progressIntervalMs: 0, onProgress });
    expect(distillEpochEnds).toHaveLength(3);
    expect(new Set(distillEpochEnds).size).toBe(1);
    const afterThree = tf.memory().numTensors;

    await session.distill(tinyConfig({ studentEpochs: 1 }));
    expect(tf.memory().numTensors).toBe(afterThree);

    // New teachers: their logits go to the backend at the next distillation, as the old ones did.
    await session.trainTeachers(tinyConfig({ teacherEpochs: 1 }));
    await session.distill(tinyConfig({ studentEpochs: 1 }));
    expect(tf.memory().numTensors).toBe(afterThree);

    session.dispose();
    expect(tf.memory().numTensors).toBe(before);
  });

  it('tensors and bytes are the same after epoch 2 and after epoch 20 of a distillation', async () => {
    const session = await sessionWithTeachers();
    const at: Record<number, { numTensors: number; numBytes: number }> = {};
    await session.distill(tinyConfig({ studentEpochs: 20, trainPercent: 30 }), {
      progressIntervalMs: 0,
      onProgress: (p) => {
        for (const point of p.accuracies) at[point.epoch] = { numTensors: tf.memory().numTensors, numBytes: tf.memory().numBytes };
      },
    });
    expect(Object.keys(at)).toHaveLength(20);
    expect(at[20]).toEqual(at[2]);
    session.dispose();
  });

  it('a failed (NaN) distillation and a rejected job leak nothing either', async () => {
    const before = tf.memory().numTensors;
    const session = new DistillationSession(dataset);
    await session.restoreTeachers(poisonedFrom(2, tinyConfig()));
    const result = await session.distill(tinyConfig(), {
      progressIntervalMs: 0,
      onProgress: () => {},
    });
    expect(result.failure).not.toBeNull();
    await expect(session.trainTeachers(tinyConfig(), { progressIntervalMs: 0, onProgress: () => session.stop() })).rejects.toThrow();
    session.dispose();
    expect(tf.memory().numTensors).toBe(before);
  });
});

describe('labels of the subset', () => {
  it('cover every class in the test split (the asset is sorted by class)', () => {
    expect(new Set(gatherLabels(dataset, dataset.split.test)).size).toBe(10);
  });
});

describe('the CNN student', () => {
  it('trains on wasm (its filter gradient: models/wasm-conv.ts): a conv student and its baseline, its saved weights giving its accuracy', async () => {
    await useNodeBackend('wasm');
    const session = new DistillationSession(dataset);
    await session.trainTeachers(tinyConfig({ teacherHidden: 16 }));
    const distilled = await session.distill(tinyConfig({ studentHidden: 'cnn', studentEpochs: 2 }));
    expect(distilled.results.student.params).toBe(8 * 25 + 8 + 12 * 12 * 8 * 10 + 10);
    expect(distilled.results.baseline.params).toBe(distilled.results.student.params);
    expect(distilled.results.student.testAccuracy).toBeGreaterThan(0.5);
    const student = await fromSavedModel(distilled.student);
    const { test } = dataset.split;
    expect(accuracy(await predictLogits(student, dataset, test), gatherLabels(dataset, test), 10)).toBe(
      distilled.results.student.testAccuracy,
    );
    student.dispose();
    session.dispose();
  });

  it('is refused where a conv gradient kernel is missing, saying why and what to choose', async () => {
    const session = await sessionWithTeachers();
    tf.unregisterKernel('Conv2DBackpropFilter', 'wasm');
    try {
      await expect(session.distill(tinyConfig({ studentHidden: 'cnn' }))).rejects.toThrow(
        /^The CNN student cannot train on the wasm backend \(it lacks the Conv2DBackpropFilter.*\)\. Choose WebGPU, WebGL or CPU, or an MLP student\.$/,
      );
    } finally {
      useWasmConvGradients();
      session.dispose();
    }
  });
});

describe('the same seed gives the same numbers', () => {
  it('teachers and students repeat exactly on the cpu backend, seed 0 included (tfjs reads seed 0 as "unseeded")', async () => {
    await useCpu();
    try {
      const run = async () => {
        const session = new DistillationSession(dataset);
        const config = tinyConfig({ seed: 0, teacherHidden: 16, studentHidden: '8' });
        const t = await session.trainTeachers(config);
        const s = await session.distill(config);
        session.dispose();
        return {
          teacher: new Float32Array(t.snapshot.members[0]!.weightData),
          student: new Float32Array(s.student.weightData),
          accuracy: s.results.student.testAccuracy,
        };
      };
      const a = await run();
      const b = await run();
      expect(Array.from(b.teacher)).toEqual(Array.from(a.teacher));
      expect(Array.from(b.student)).toEqual(Array.from(a.student));
      expect(b.accuracy).toBe(a.accuracy);
    } finally {
      await useNodeBackend('wasm');
    }
  });

  it('on wasm, three distillations in one session give the same student', async () => {
    const session = await sessionWithTeachers();
    const config = tinyConfig({ seed: 0 });
    const accuracies = [];
    for (let i = 0; i < 3; i++) accuracies.push((await session.distill(config)).results.student.testAccuracy);
    expect(new Set(accuracies).size).toBe(1);
    session.dispose();
  });
});

describe('what a run records', () => {
  it("the T/alpha schedule with the batch each value took effect from; the results name the last batch's values, not a later slider move", async () => {
    const session = await sessionWithTeachers();
    const config = tinyConfig({ temperature: 4, alpha: 0.9, studentEpochs: 2 });
    const perEpoch = Math.ceil(dataset.split.train.length / config.batchSize);
    const progress: DistillProgress[] = [];
    let changed = false;
    const result = await session.distill(config, {
      progressIntervalMs: 0,
      onProgress: (p) => {
        progress.push(p);
        if (!changed && p.epoch === 1 && p.batch === 5) {
          session.setHyperparams({ temperature: 6, alpha: 0.5 });
          changed = true;
        }
        if (p.phase === 'evaluating') session.setHyperparams({ temperature: 20, alpha: 0 }); // no batch uses these
      },
    });
    const schedule = result.results.schedule;
    expect(schedule).toEqual([
      { step: 0, epoch: 1, batch: 1, temperature: 4, alpha: 0.9 },
      { step: 5, epoch: 1, batch: 6, temperature: 6, alpha: 0.5 },
    ]);
    expect(progress.flatMap((p) => p.schedule)).toEqual(schedule);
    expect([result.results.temperature, result.results.alpha]).toEqual([6, 0.5]);
    // Every reading carries its terms as they enter the total.
    for (const p of lossPoints(progress)) {
      expect(p.softTerm).toBeCloseTo(p.alpha * p.temperature ** 2 * p.soft, 5);
      expect(p.hardTerm).toBeCloseTo((1 - p.alpha) * p.hard, 5);
      expect(p.total).toBeCloseTo(p.softTerm + p.hardTerm, 4);
    }
    expect(perEpoch).toBeGreaterThan(6);
    session.dispose();
  });

  it("validation and test accuracy per epoch and in the results; the baseline's weights reproduce its row", async () => {
    const session = await sessionWithTeachers();
    const result = await session.distill(tinyConfig({ studentEpochs: 2 }));
    expect(result.accuracies.map((a) => a.epoch)).toEqual([1, 2]);
    const last = result.accuracies.at(-1)!;
    expect(last.studentValAccuracy).toBe(result.results.student.valAccuracy);
    expect(last.baselineTestAccuracy).toBe(result.results.baseline.testAccuracy);
    expect(result.results.student.valAccuracy).not.toBe(result.results.student.testAccuracy);
    const baseline = await fromSavedModel(result.baseline);
    const { test } = dataset.split;
    expect(accuracy(await predictLogits(baseline, dataset, test), gatherLabels(dataset, test), 10)).toBe(
      result.results.baseline.testAccuracy,
    );
    baseline.dispose();
    expect(result.results.timed).toBe(true);
    expect(result.results.ensemble.msPer1000).toBeGreaterThan(0);
    session.dispose();
  });

  it("teacher progress carries each member's loss readings and its validation accuracy per epoch", async () => {
    const session = new DistillationSession(dataset);
    const progress: TeacherProgress[] = [];
    const result = await session.trainTeachers(tinyConfig({ ensembleSize: 2, teacherEpochs: 2 }), {
      progressIntervalMs: 0,
      onProgress: (p) => progress.push(p),
    });
    const epochs = progress.flatMap((p) => p.epochPoints);
    expect(epochs.map((e) => [e.member, e.epoch])).toEqual([
      [0, 1],
      [0, 2],
      [1, 1],
      [1, 2],
    ]);
    for (const e of epochs) expect(e.valAccuracy).toBeGreaterThan(0.1);
    expect(epochs.filter((e) => e.epoch === 2).map((e) => e.valAccuracy)).toEqual(result.memberValAccuracy);
    const losses = progress.flatMap((p) => p.losses);
    expect(new Set(losses.map((l) => l.member))).toEqual(new Set([0, 1]));
    expect(losses.every((l) => Number.isFinite(l.loss) && l.epoch > 0 && l.epoch <= 2)).toBe(true);
    session.dispose();
  });
});

describe('progress and time left cover the whole job', () => {
  it('at the last training batch of a teacher job the caching is still ahead: fraction < 1 and time left > 0; fractions never go back', async () => {
    const session = new DistillationSession(dataset);
    const progress: TeacherProgress[] = [];
    await session.trainTeachers(tinyConfig({ teacherEpochs: 2 }), { progressIntervalMs: 0, onProgress: (p) => progress.push(p) });
    const lastTraining = progress.filter((p) => p.phase === 'training').at(-1)!;
    expect(lastTraining.fraction).toBeLessThan(1);
    expect(lastTraining.secondsLeft).toBeGreaterThan(0);
    expect(progress.some((p) => p.phase === 'caching logits')).toBe(true);
    const fractions = progress.map((p) => p.fraction);
    expect(fractions).toEqual([...fractions].sort((a, b) => a - b));
    session.dispose();
  });

  it('a distillation reports its evaluation phase with time left for it', async () => {
    const session = await sessionWithTeachers();
    const progress: DistillProgress[] = [];
    await session.distill(tinyConfig({ studentEpochs: 2 }), { progressIntervalMs: 0, onProgress: (p) => progress.push(p) });
    const evaluating = progress.find((p) => p.phase === 'evaluating')!;
    expect(evaluating.fraction).toBeLessThan(1);
    expect(evaluating.secondsLeft).toBeGreaterThan(0);
    session.dispose();
  });
});

describe('Stop during caching and evaluation', () => {
  it('a Stop while caching lets the caching finish (the teachers are kept) and says so', async () => {
    const session = new DistillationSession(dataset);
    const progress: TeacherProgress[] = [];
    const result = await session.trainTeachers(tinyConfig(), {
      progressIntervalMs: 0,
      onProgress: (p) => {
        progress.push(p);
        if (p.phase === 'caching logits' && !p.finishing) session.stop();
      },
    });
    expect(result.snapshot.members).toHaveLength(1);
    expect(result.snapshot.logits[0]!.length).toBe(dataset.count * 10);
    expect(
      progress.some((p) =>
        p.finishing?.startsWith('Caching the logits of the 1 trained teacher so it is kept. Press Stop again to discard it'),
      ),
    ).toBe(true);
    session.dispose();
  });

  it('a second Stop while caching discards the new teachers at once and keeps the previous ones', async () => {
    const session = await sessionWithTeachers();
    const previous = session.teacherModels;
    let presses = 0;
    const started = performance.now();
    let stoppedAt = 0;
    const job = session.trainTeachers(tinyConfig({ seed: 3 }), {
      progressIntervalMs: 0,
      onProgress: (p) => {
        if (p.phase === 'caching logits' && presses < 2) {
          session.stop();
          presses++;
          stoppedAt = performance.now();
        }
      },
    });
    await expect(job).rejects.toMatchObject({
      name: 'JobCancelledError',
      message: expect.stringMatching(/new teacher was discarded; the previous teachers are kept/),
    });
    expect(performance.now() - stoppedAt).toBeLessThan(1000);
    expect(stoppedAt).toBeGreaterThan(started);
    expect(session.teacherModels).toBe(previous);
    expect(session.ensembleTestAccuracy()).toBe(teachers.ensembleTestAccuracy);
    session.dispose();
  });

  it('a Stop during evaluation skips the inference timing; the accuracies are still measured', async () => {
    const session = await sessionWithTeachers();
    const progress: DistillProgress[] = [];
    const result = await session.distill(tinyConfig(), {
      progressIntervalMs: 0,
      onProgress: (p) => {
        progress.push(p);
        if (p.phase === 'evaluating' && !p.finishing) session.stop();
      },
    });
    expect(result.results.timed).toBe(false);
    expect(result.results.ensemble.msPer1000).toBeNaN();
    expect(result.results.speedup).toBeNaN();
    expect(result.results.student.testAccuracy).toBeGreaterThan(0.3);
    session.dispose();
  });
});

describe('estimates', () => {
  it('probes a fresh backend, then answers from what the jobs measured', async () => {
    const session = new DistillationSession(dataset);
    const config = tinyConfig();
    const first = await session.estimate(config);
    expect(first?.basis).toBe('probe');
    expect(first!.teacherSeconds).toBeGreaterThan(0);
    expect(first!.distillSeconds).toBeGreaterThan(0);
    const again = await session.estimate(config);
    expect(again?.basis).toBe('measured');
    await session.trainTeachers(config);
    const after = await session.estimate(config);
    expect(after?.basis).toBe('measured');
    // Five times the epochs cost more.
    const longer = await session.estimate(tinyConfig({ teacherEpochs: 5 }));
    expect(longer!.teacherSeconds).toBeGreaterThan(after!.teacherSeconds);
    session.dispose();
  });
});

describe('the teachers as the student sees them', () => {
  it('calibrating the teachers keeps the ensemble accuracy and changes its confidence (ECE, NLL) in the results', async () => {
    const session = await sessionWithTeachers();
    const config = tinyConfig({ studentEpochs: 1 });
    const plain = await session.distill(config);
    const calibrated = await session.distill({ ...config, calibrateTeachers: true });
    const { calibration } = session.teacherFigures();
    expect(calibrated.results.ensemble.testAccuracy).toBe(plain.results.ensemble.testAccuracy);
    expect(calibrated.results.ensemble.ece).not.toBe(plain.results.ensemble.ece);
    // The results' ensemble row is the calibrated ensemble the figures describe.
    expect(calibrated.results.ensemble.ece).toBeCloseTo(calibration.ensemble.after.ece, 6);
    expect(plain.results.ensemble.ece).toBeCloseTo(calibration.ensemble.before.ece, 6);
    expect(calibrated.results.teacherView.scales).toEqual(
      calibration.memberTemperatures.map((t) => 1 / (t * calibration.ensembleTemperature)),
    );
    session.dispose();
  });

  it('a confidence above 1 makes the ensemble more confident on test (lower entropy: its NLL moves, accuracy stays)', async () => {
    const session = await sessionWithTeachers();
    const config = tinyConfig({ studentEpochs: 1 });
    const plain = await session.distill(config);
    const sharp = await session.distill({ ...config, teacherConfidence: 3 });
    expect(sharp.results.ensemble.testAccuracy).toBeCloseTo(plain.results.ensemble.testAccuracy, 2);
    expect(sharp.results.teacherView.scales).toEqual(teachers.snapshot.members.map(() => 3));
    const meanTop = (logProbs: Float32Array) => {
      let sum = 0;
      for (let i = 0; i < logProbs.length; i += 10) sum += Math.exp(Math.max(...logProbs.subarray(i, i + 10)));
      return sum / (logProbs.length / 10);
    };
    expect(meanTop(sharp.outputs.ensemble.test)).toBeGreaterThan(meanTop(plain.outputs.ensemble.test));
    session.dispose();
  });

  it('member weights change the ensemble figures and are refused when malformed; zero weight drops a member', async () => {
    // Two members: the shared teacher, and the same logits with the classes reversed (mostly wrong).
    const [model] = teachers.snapshot.members;
    const [logits] = teachers.snapshot.logits;
    const reversed = logits!.map((_, i) => logits![i - (i % 10) + 9 - (i % 10)]!);
    const session = await sessionWithTeachers({
      ...teachers.snapshot,
      members: [model!, model!],
      logits: [logits!, reversed],
      weights: [1, 1],
    });
    const { test } = dataset.split;
    const labels = gatherLabels(dataset, test);
    const memberAccuracy = (table: Float32Array) =>
      accuracy(
        Array.from(test).flatMap((i) => Array.from(table.subarray(i * 10, i * 10 + 10))),
        labels,
        10,
      );
    expect(session.setTeacherWeights([0, 1]).ensembleTestAccuracy).toBeCloseTo(memberAccuracy(reversed), 10);
    const first = session.setTeacherWeights([1, 0]);
    expect(first.ensembleTestAccuracy).toBeCloseTo(memberAccuracy(logits!), 10);
    expect(first.diversity.ensembleGain).toBeCloseTo(0, 10);
    expect(() => session.setTeacherWeights([1])).toThrow(/one weight per teacher/);
    expect(() => session.setTeacherWeights([0, 0])).toThrow(/above 0/);
    expect(() => session.setTeacherWeights([1, -2])).toThrow(/at least 0/);
    // A refused change keeps the previous weights, and a run distils from them.
    expect(session.teacherFigures().weights).toEqual([1, 0]);
    const run = await session.distill(tinyConfig({ studentEpochs: 1 }));
    expect(run.results.teacherView.weights).toEqual([1, 0]);
    expect(run.results.ensemble.testAccuracy).toBeCloseTo(memberAccuracy(logits!), 10);
    session.dispose();
  });

  it('an omitted digit is left out of the students’ training images, and the outputs cover every val and test image', async () => {
    const session = await sessionWithTeachers();
    const config = tinyConfig({ studentEpochs: 1, omitClass: '3' });
    const transfer = session.transferSet(config).labelled;
    expect(transfer.length).toBeGreaterThan(0);
    expect(Array.from(transfer).some((i) => dataset.labels[i] === 3)).toBe(false);
    expect(session.transferSet({ ...config, omitClass: 'none' }).labelled.length).toBeGreaterThan(transfer.length);
    const result = await session.distill(config);
    const { val, test } = dataset.split;
    expect(result.outputs.student.test.length).toBe(test.length * 10);
    expect(result.outputs.baseline.val.length).toBe(val.length * 10);
    // The outputs are the rows the table reports.
    expect(accuracy(result.outputs.student.test, gatherLabels(dataset, test), 10)).toBeCloseTo(result.results.student.testAccuracy, 10);
    session.dispose();
  });
});

describe('teachers imported as logits', () => {
  it('distils from logits alone (no models): the ensemble is what the logits say, its size unknown; a worker restart restores them', async () => {
    const session = new DistillationSession(dataset);
    const logits = teachers.snapshot.logits.map((l) => l.slice());
    const imported = session.importTeacherLogits(
      { name: 'ensemble.npy', members: logits, count: dataset.count, classes: 10 },
      tinyConfig(),
    );
    expect(imported.snapshot).toMatchObject({ members: [], importedFrom: 'ensemble.npy' });
    expect(imported.ensembleTestAccuracy).toBeCloseTo(teachers.ensembleTestAccuracy, 10);
    expect(imported.memberTestAccuracy).toEqual(teachers.memberTestAccuracy);
    const run = await session.distill(tinyConfig({ studentEpochs: 1 }));
    expect(run.results.ensemble.testAccuracy).toBeCloseTo(teachers.ensembleTestAccuracy, 10);
    expect(run.results.ensemble.params).toBeNaN();
    expect(run.results.compression).toBeNaN();
    expect(run.results.student.testAccuracy).toBeGreaterThan(0.3);
    const restarted = new DistillationSession(dataset);
    const figures = await restarted.restoreTeachers(imported.snapshot);
    expect(figures.ensembleTestAccuracy).toBeCloseTo(teachers.ensembleTestAccuracy, 10);
    session.dispose();
    restarted.dispose();
  });

  it('refuses logits of the wrong shape, keeping the current teachers', async () => {
    const session = await sessionWithTeachers();
    const short = { name: 'short.npy', members: [new Float32Array(10 * (dataset.count - 1))], count: dataset.count - 1, classes: 10 };
    expect(() => session.importTeacherLogits(short, tinyConfig())).toThrow(
      `short.npy: ${dataset.count - 1} × 10 logits do not fit the dataset (${dataset.count} samples, 10 classes).`,
    );
    expect(session.hasTeachers).toBe(true);
    expect(session.teacherModels.length).toBe(teachers.snapshot.members.length);
    session.dispose();
  });
});

describe('teacher models of one’s own', () => {
  it('a Layers model joins the trained teachers: its logits are cached, its accuracy is its own, and a student distils from all', async () => {
    const session = await sessionWithTeachers();
    const own = createStudent('16', 10, 9, 'own_teacher');
    const saved = await toSavedModel(own);
    const expected = accuracy(await predictLogits(own, dataset, dataset.split.test), gatherLabels(dataset, dataset.split.test), 10);
    own.dispose();
    const before = teachers.snapshot.logits.length;
    const result = await session.importTeacherModels([{ name: 'own.zip', model: saved }], tinyConfig());
    expect(result.snapshot.logits).toHaveLength(before + 1);
    expect(result.snapshot.members).toHaveLength(before + 1);
    expect(result.memberTestAccuracy.at(-1)).toBeCloseTo(expected, 10);
    expect(result.weights).toEqual(Array(before + 1).fill(1));
    const run = await session.distill(tinyConfig({ studentEpochs: 1 }));
    expect(run.results.ensemble.params).toBe(session.teacherModels.reduce((sum, m) => sum + m.countParams(), 0));
    session.dispose();
  });

  it('a model with the wrong input or output is refused, naming both shapes, and the teachers are kept', async () => {
    const session = await sessionWithTeachers();
    const wrongOutput = createStudent('8', 3, 1, 'three_classes');
    const wrongInput = tf.sequential({ layers: [tf.layers.dense({ inputShape: [100], units: 10 })] });
    const saved = [await toSavedModel(wrongOutput), await toSavedModel(wrongInput)];
    wrongOutput.dispose();
    wrongInput.dispose();
    await expect(session.importTeacherModels([{ name: 'three.zip', model: saved[0]! }], tinyConfig())).rejects.toThrow(
      'three.zip: the model outputs [batch, 3]; this dataset has 10 classes, so [batch, 10].',
    );
    await expect(session.importTeacherModels([{ name: 'small.json', model: saved[1]! }], tinyConfig())).rejects.toThrow(
      'small.json: the model takes input [batch, 100]; this dataset needs [batch, 784].',
    );
    expect(session.teacherModels).toHaveLength(teachers.snapshot.members.length);
    expect(session.ensembleTestAccuracy()).toBeCloseTo(teachers.ensembleTestAccuracy, 10);
    session.dispose();
  });
});

describe('logits at points (teaching mode)', () => {
  it('gives every teacher’s and, during a run, the students’ logits as of their last finished epoch; after it, the last run’s', async () => {
    const session = await sessionWithTeachers();
    const points = new Float32Array(dataset.features * 3).fill(0.5);
    const before = await session.logitsAt(points);
    expect(before.members).toHaveLength(teachers.snapshot.logits.length);
    expect(before.student).toBeNull();
    let during: Float32Array | null = null;
    await session.distill(tinyConfig({ studentEpochs: 2 }), {
      progressIntervalMs: 0,
      onProgress: (p) => {
        if (p.accuracies.length > 0 && during === null) void session.logitsAt(points).then((l) => (during = l.student));
      },
    });
    expect(during).not.toBeNull();
    expect(during!.length).toBe(3 * 10);
    const after = await session.logitsAt(points);
    expect(after.student?.length).toBe(30);
    expect(after.baseline?.length).toBe(30);
    await expect(session.logitsAt(new Float32Array(5))).rejects.toThrow(/not points of 784 features/);
    session.dispose();
  });
});
