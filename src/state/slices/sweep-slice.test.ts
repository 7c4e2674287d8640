import { parseManifest } from '../../core/manifest/manifest';
import { describe, expect, it } from 'vitest';
import { WorkerCrashedError } from '../../bridge/client';
import { DEFAULT_CONFIG } from '../../core/settings/config';
import type { SweepPoint } from '../../core/training/sweep';
import { selectRunBar, sweepBlocker } from '../selectors';
import { pointLabel, readSweepLists, sweepFraction, sweepSecondsLeft } from '../sweep';
import { distillProgress, distillResult, flush, readyStore, teacherResult } from '../../../test-support/store';
import type { SweepLists } from '../types';

const SMALL: SweepLists = { temperature: '2, 4', alpha: '0.9', studentHidden: '32', loss: 'kd', calibrateTeachers: 'off', seed: '0, 1' };

async function withTeachers(lists: SweepLists = SMALL) {
  const made = await readyStore();
  made.client.teacherJob.resolve(teacherResult(2));
  await made.store.getState().trainTeachers();
  for (const [key, text] of Object.entries(lists)) made.store.getState().setSweepList(key as keyof SweepLists, text);
  return made;
}

/** Settles the sweep's current distill call with `result`, then lets the slice start the next one. */
async function finishPoint(client: Awaited<ReturnType<typeof withTeachers>>['client'], result = distillResult()) {
  client.distillJob.resolve(result);
  await flush();
}

describe('sweep lists', () => {
  it('reads every list, and names the one that cannot be read', () => {
    const { axes, errors } = readSweepLists({ ...SMALL, alpha: '0.5, 2' });
    expect(axes.map((a) => a.key)).toEqual(['temperature', 'studentHidden', 'loss', 'calibrateTeachers', 'seed']);
    expect(errors.alpha).toMatch(/Alpha/);
  });

  it('blocks Run sweep while a list is wrong, and says why', async () => {
    const { store, client } = await withTeachers();
    store.getState().setSweepList('loss', 'kd, nope');
    expect(store.getState().sweepErrors.loss).toBeDefined();
    expect(sweepBlocker(store.getState())).toMatch(/^Fix the sweep's lists first: /);
    await store.getState().runSweep();
    expect(client.distillConfigs).toEqual([]);
    expect(store.getState().status).toMatch(/^Fix the sweep's lists first/);
  });

  it('needs teachers first', async () => {
    const { store } = await readyStore();
    expect(sweepBlocker(store.getState())).toMatch(/^Train teachers first/);
  });
});

describe('running a sweep', () => {
  it('distils one student per combination, seeds slowest, and ends on the best settings chosen on validation', async () => {
    const { store, client } = await withTeachers();
    const sweep = store.getState().runSweep();
    expect(store.getState().job).toBe('sweep');
    expect(selectRunBar(store.getState()).distillBlocker).toMatch(/A job is running/);
    const accuracies = [0.9, 0.95, 0.91, 0.94];
    for (const accuracy of accuracies) await finishPoint(client, distillResult(accuracy));
    await sweep;

    expect(client.distillConfigs.map((c) => [c.temperature, c.seed, c.studentHidden])).toEqual([
      [2, 0, '32'],
      [4, 0, '32'],
      [2, 1, '32'],
      [4, 1, '32'],
    ]);
    const state = store.getState();
    expect(state.job).toBe('idle');
    expect(state.sweep?.state).toBe('done');
    expect(state.sweep?.points.map((p) => [p.index, p.status, p.results.student.testAccuracy])).toEqual([
      [1, 'done', 0.9],
      [2, 'done', 0.95],
      [3, 'done', 0.91],
      [4, 'done', 0.94],
    ]);
    // T = 4 has the better mean validation accuracy (0.935 vs 0.895); its test mean is 94.50 %.
    expect(state.status).toMatch(/^Sweep done: 4 students; best on validation: T = 4: val 93\.50 % ± 0\.71, test 94\.50 %\.$/);
  });

  it('says which student of how many is training, with the time left in the whole sweep', async () => {
    const { store, client } = await withTeachers();
    const sweep = store.getState().runSweep();
    client.distillProgress!({ ...distillProgress([]), secondsLeft: 10 });
    // No measured estimate yet and no finished point: the time left is not known.
    expect(store.getState().status).toBe('Sweep: student 1 of 4 (T = 2, seed 0) — epoch 1/3, batch 5/10');
    await finishPoint(client);
    client.distillProgress!({ ...distillProgress([]), secondsLeft: 10 });
    expect(store.getState().status).toMatch(
      /^Sweep: student 2 of 4 \(T = 4, seed 0\) — epoch 1\/3, batch 5\/10, about \d+ s left in the sweep$/,
    );
    for (let i = 0; i < 3; i++) await finishPoint(client);
    await sweep;
  });

  it('Stop keeps the finished points, marks the stopped one and trains no more', async () => {
    const { store, client } = await withTeachers();
    const sweep = store.getState().runSweep();
    await finishPoint(client, distillResult(0.93));
    store.getState().stop();
    expect(client.calls).toContain('stop');
    await finishPoint(client, { ...distillResult(0.5), stopped: true });
    await sweep;
    const state = store.getState();
    expect(client.distillConfigs).toHaveLength(2);
    expect(state.sweep?.state).toBe('stopped');
    expect(state.sweep?.points.map((p) => p.status)).toEqual(['done', 'stopped']);
    expect(state.status).toMatch(/^Sweep stopped: 1 of 4 students finished; best on validation: T = 2: val 92\.00 %, test 93\.00 %\.$/);
  });

  it('keeps going past a student halted by a non-finite loss, and counts it', async () => {
    const { store, client } = await withTeachers({ ...SMALL, seed: '0' });
    const sweep = store.getState().runSweep();
    await finishPoint(client, distillResult(0.9, 'The loss became NaN at step 3.'));
    await finishPoint(client, distillResult(0.92));
    await sweep;
    expect(store.getState().sweep?.points.map((p) => p.status)).toEqual(['halted', 'done']);
    expect(store.getState().status).toMatch(/^Sweep done: 2 students; 1 halted on a non-finite loss; best on validation: T = 4/);
  });

  it('keeps the finished points when the worker crashes mid-sweep', async () => {
    const { store, client } = await withTeachers();
    const sweep = store.getState().runSweep();
    await finishPoint(client);
    client.crash('GPU device lost');
    client.distillJob.reject(new WorkerCrashedError('GPU device lost'));
    await sweep;
    const state = store.getState();
    expect(state.job).toBe('idle');
    expect(state.crash).toBe('GPU device lost');
    expect(state.sweep?.state).toBe('failed');
    expect(state.sweep?.points).toHaveLength(1);
  });

  it('reports an engine error with the student it happened at', async () => {
    const { store, client } = await withTeachers();
    const sweep = store.getState().runSweep();
    client.distillJob.reject(new Error('out of memory'));
    await sweep;
    expect(store.getState().error).toBe('The sweep failed at student 1 of 4: out of memory');
  });

  it('does not let the sliders steer a sweep (each student has its own T and alpha)', async () => {
    const { store, client } = await withTeachers();
    const sweep = store.getState().runSweep();
    store.getState().setTemperature(9);
    expect(client.hyperparams).toEqual([]);
    for (let i = 0; i < 4; i++) await finishPoint(client);
    await sweep;
  });
});

describe('after a sweep', () => {
  async function finishedSweep() {
    const made = await withTeachers();
    const sweep = made.store.getState().runSweep();
    for (const accuracy of [0.9, 0.95, 0.91, 0.94]) await finishPoint(made.client, distillResult(accuracy));
    await sweep;
    return made;
  }

  it('exports every point as CSV and the whole sweep as JSON', async () => {
    const { store, texts } = await finishedSweep();
    store.getState().exportSweep('csv');
    store.getState().exportSweep('json');
    expect(texts.map((t) => [t.fileName, t.type])).toEqual([
      ['distill-sweep-2026-01-02-03-04-05.csv', 'text/csv'],
      ['distill-sweep-2026-01-02-03-04-05.json', 'application/json'],
    ]);
    const lines = texts[0]!.text.trim().split('\n');
    expect(lines).toHaveLength(5);
    expect(lines[1]).toMatch(/^1,done,kd,constant,off,1,32,/);
    const report = JSON.parse(texts[1]!.text);
    expect(report.points).toHaveLength(4);
    expect(report.groups.map((g: { settings: object }) => g.settings)).toEqual([{ temperature: 4 }, { temperature: 2 }]);
  });

  it('exports a manifest: backend, dataset hash, teachers and every student with its test accuracy', async () => {
    const { store, texts } = await finishedSweep();
    store.getState().exportSweep('manifest');
    expect(texts.map((t) => t.fileName)).toEqual(['distill-manifest-sweep-2026-01-02-03-04-05.json']);
    const manifest = parseManifest(texts[0]!.text);
    expect(manifest).toMatchObject({ kind: 'sweep', backend: 'wasm', dataset: { id: 'mnist', name: 'MNIST', hash: 'sha256:00' } });
    expect(manifest.students.map((s) => [s.config.temperature, s.studentTestAccuracy])).toEqual(
      store.getState().sweep!.points.map((p) => [p.config.temperature, p.results.student.testAccuracy]),
    );
    expect(manifest.teacherConfig).toEqual(store.getState().sweep!.teacherConfig);
    expect(store.getState().status).toMatch(/to replay with npm run distill -- --manifest distill-manifest-sweep-/);
  });

  it('copies the settings of a point into the form', async () => {
    const { store } = await finishedSweep();
    store.getState().applySweepSettings(4);
    expect(store.getState().config).toMatchObject({ temperature: 4, seed: 1, studentHidden: '32' });
    expect(store.getState().status).toMatch(/^Settings of sweep student 4 \(T = 4, seed 1\) are in the form/);
  });
});

describe('sweep estimate', () => {
  it('asks once per kind of student and adds up every point', async () => {
    const { store, client } = await withTeachers({ ...SMALL, studentHidden: '32, 64' });
    client.estimates = [];
    client.estimateAnswer = { teacherSeconds: 60, distillSeconds: 20, basis: 'measured' };
    await store.getState().refreshSweepEstimate();
    expect(client.estimates.map((c) => c.studentHidden)).toEqual(['32', '64']);
    expect(store.getState().sweepEstimate).toMatchObject({ seconds: 8 * 20, basis: 'measured' });
  });
});

describe('sweep progress', () => {
  const point = (index: number, seconds: number): SweepPoint => ({
    index,
    config: DEFAULT_CONFIG,
    results: distillResult().results,
    seconds,
    status: 'done',
  });

  it('scales the later points by how the finished ones compared with their estimate', () => {
    // Expected 10 s each; the first took 20 s, so the two after the current one take about 40 s.
    expect(sweepSecondsLeft([10, 10, 10, 10], [point(1, 20)], 1, 4, 5)).toBe(45);
    expect(sweepSecondsLeft(null, [point(1, 20)], 1, 4, 5)).toBe(45);
    expect(sweepSecondsLeft(null, [], 0, 4, 5)).toBeNull();
    expect(sweepSecondsLeft([10, 10], [], 1, 2, 3)).toBe(3);
  });

  it('weighs the fraction done by the expected times', () => {
    expect(sweepFraction([10, 30], 1, 2, 0.5)).toBeCloseTo(25 / 40);
    expect(sweepFraction(null, 1, 4, 0.5)).toBeCloseTo(1.5 / 4);
  });

  it('names a point by the settings that vary and its seed', () => {
    const { axes } = readSweepLists(SMALL);
    expect(pointLabel({ ...DEFAULT_CONFIG, temperature: 4, seed: 1 }, axes)).toBe('T = 4, seed 1');
  });
});

describe('the CNN student on a backend without conv gradients', () => {
  it('blocks Distill student and a sweep listing it, saying why; other lists still run', async () => {
    const { store } = await withTeachers({ ...SMALL, studentHidden: '32, cnn' });
    store.setState({ backend: { ...store.getState().backend!, unsupported: { cnn: 'no conv gradients' } } });
    const why = 'The CNN student cannot train on WASM (no convolution gradients there). Choose WebGPU, WebGL or CPU, or an MLP student.';
    expect(sweepBlocker(store.getState())).toBe(why);
    store.getState().setLayout('studentHidden', 'cnn');
    expect(selectRunBar(store.getState()).distillBlocker).toBe(why);
    store.getState().setSweepList('studentHidden', '32');
    expect(sweepBlocker(store.getState())).toBeNull();
  });
});
