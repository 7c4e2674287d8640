import { describe, expect, it } from 'vitest';
import { WorkerCrashedError } from '../worker/client';
import { distillBlocker, teacherRunBlocker } from './selectors';
import {
  deferred,
  distillProgress,
  distillResult,
  flush,
  lossPoint,
  makeStore,
  readyStore,
  teacherProgress,
  teacherResult,
} from './test-helpers';

describe('boot', () => {
  it('starts the worker on the requested backend, loads the dataset and says Ready', async () => {
    const { store, client } = makeStore({ search: '?backend=wasm' });
    await store.getState().boot();
    const state = store.getState();
    expect(client.calls).toEqual(['start:wasm', 'loadDataset']);
    expect(state.status).toBe('Ready: 10 digits (7 train / 1 val / 2 test)');
    expect(state.backend?.name).toBe('wasm');
    expect(state.dataset?.count).toBe(30);
    expect(state.job).toBe('idle');
  });

  it('reports a backend that cannot start, and still parses the dataset for the page', async () => {
    const { store, client } = makeStore();
    client.startError = new Error('no backend at all');
    await store.getState().boot();
    const state = store.getState();
    expect(state.workerState).toBe('failed');
    expect(state.error).toMatch(/Could not start the compute worker \(Auto\): no backend at all/);
    expect(state.dataset).not.toBeNull();
    expect(teacherRunBlocker(state)).toMatch(/not running/);
  });
});

describe('teacher training', () => {
  it('shows progress in the status line and keeps the result', async () => {
    const { store, client } = await readyStore();
    const run = store.getState().trainTeachers();
    expect(store.getState().job).toBe('teachers');
    client.teacherProgress?.(teacherProgress(1, 4));
    expect(store.getState().status).toBe('Training teacher 2 of 2 — epoch 1/2, batch 4/10, about 12 s left');
    expect(store.getState().teacherProgress?.member).toBe(1);
    client.teacherJob.resolve(teacherResult(2));
    await run;
    const state = store.getState();
    expect(state.job).toBe('idle');
    expect(state.teacherProgress).toBeNull();
    expect(state.teachers?.ensembleTestAccuracy).toBe(0.97);
    expect(state.status).toBe('Done: 2 teachers trained; ensemble test accuracy 97.00 % (members 95.00 %, 95.00 %).');
    expect(distillBlocker(state)).toBeNull();
  });

  it('refuses to distil before teachers exist, saying why', async () => {
    const { store, client } = await readyStore();
    expect(distillBlocker(store.getState())).toMatch(/Train teachers first/);
    await store.getState().distill();
    expect(client.calls).not.toContain('distill');
  });

  it('keeps the previous teachers and puts them back in the worker when training fails', async () => {
    const { store, client } = await readyStore();
    client.teacherJob.resolve(teacherResult(3));
    await store.getState().trainTeachers();
    const before = store.getState().teachers;
    client.teacherJob = deferred();
    const run = store.getState().trainTeachers();
    client.teacherJob.reject(new Error('loss became NaN'));
    await run;
    const state = store.getState();
    expect(state.teachers).toBe(before);
    expect(state.error).toBe('Teacher training failed: loss became NaN');
    expect(client.restored.at(-1)).toBe(before?.snapshot);
  });

  it('ignores progress that arrives after the job ended', async () => {
    const { store, client } = await readyStore();
    const run = store.getState().trainTeachers();
    const late = client.teacherProgress;
    client.teacherJob.resolve(teacherResult(2));
    await run;
    const status = store.getState().status;
    late?.(teacherProgress(0, 9));
    expect(store.getState().status).toBe(status);
    expect(store.getState().teacherProgress).toBeNull();
  });

  it('Stop asks the worker to stop and says so', async () => {
    const { store, client } = await readyStore();
    void store.getState().trainTeachers();
    store.getState().stop();
    expect(client.calls).toContain('stop');
    expect(store.getState().status).toBe('Stopping after the current batch…');
    client.teacherProgress?.(teacherProgress(0, 5));
    expect(store.getState().status).toBe('Stopping after the current batch…');
  });
});

describe('distillation', () => {
  async function withTeachers() {
    const made = await readyStore();
    made.client.teacherJob.resolve(teacherResult(2));
    await made.store.getState().trainTeachers();
    return made;
  }

  it('streams loss points into the series and stores the result with its final T and alpha', async () => {
    const { store, client } = await withTeachers();
    const run = store.getState().distill();
    client.distillProgress?.(distillProgress([lossPoint(1), lossPoint(2)]));
    client.distillProgress?.(distillProgress([lossPoint(3, 6)]));
    expect(store.getState().series.losses.map((p) => p.step)).toEqual([1, 2, 3]);
    expect(store.getState().series.marks.map((m) => m.label)).toEqual(['T=6']);
    expect(store.getState().status).toContain('(T = 6, alpha = 0.9)');
    client.distillJob.resolve(distillResult(0.96));
    await run;
    const { student } = store.getState();
    expect(student?.result.results.student.testAccuracy).toBe(0.96);
    expect(student?.config.temperature).toBe(4);
    expect(student?.createdAt).toBe('2026-01-02T03:04:05.000Z');
  });

  it('keeps the last student when a later distillation fails', async () => {
    const { store, client } = await withTeachers();
    client.distillJob.resolve(distillResult(0.96));
    await store.getState().distill();
    const first = store.getState().student;
    client.distillJob = deferred();
    const run = store.getState().distill();
    client.distillJob.reject(new Error('out of cheese'));
    await run;
    expect(store.getState().student).toBe(first);
    expect(store.getState().error).toBe('Distillation failed: out of cheese');
  });

  it('shows a halted run (NaN loss) in the alert and keeps its last good student', async () => {
    const { store, client } = await withTeachers();
    client.distillJob.resolve(distillResult(0.9, 'The loss became NaN at step 12.'));
    await store.getState().distill();
    expect(store.getState().student?.result.failure).toBe('The loss became NaN at step 12.');
    expect(store.getState().error).toMatch(/^Training was halted: The loss became NaN at step 12\. The last good student is kept\.$/);
  });

  it('downloads the student with metadata describing it', async () => {
    const { store, client, saved } = await withTeachers();
    client.distillJob.resolve(distillResult(0.96));
    await store.getState().distill();
    store.getState().downloadStudent();
    expect(saved).toHaveLength(1);
    expect(saved[0].metadata).toMatchObject({
      classNames: ['0', '1', '2'],
      input: { shape: [null, 784], range: [0, 1] },
      temperature: 4,
      alpha: 0.9,
      testAccuracy: 0.96,
      createdAt: '2026-01-02T03:04:05.000Z',
    });
  });
});

describe('worker crash', () => {
  it('shows the crash, keeps teachers and student, and restores them on restart', async () => {
    const { store, client } = await readyStore();
    client.teacherJob.resolve(teacherResult(2));
    await store.getState().trainTeachers();
    client.distillJob.resolve(distillResult());
    await store.getState().distill();
    const { teachers, student } = store.getState();

    client.distillJob = deferred();
    const run = store.getState().distill();
    client.crash('GPU device lost');
    client.distillJob.reject(new WorkerCrashedError('GPU device lost'));
    await run;
    let state = store.getState();
    expect(state.crash).toBe('GPU device lost');
    expect(state.status).toBe('The compute worker crashed: GPU device lost. Restart it on another backend.');
    expect(state.error).toBeNull(); // the crash alert says it; no second alert
    expect(state.job).toBe('idle');
    expect(state.teachers).toBe(teachers);
    expect(state.student).toBe(student);
    expect(teacherRunBlocker(state)).toMatch(/crashed/);

    await store.getState().restartWorker('cpu');
    await flush();
    state = store.getState();
    expect(client.calls.at(-1)).toBe('restart:cpu');
    expect(state.crash).toBeNull();
    expect(state.workerState).toBe('ready');
    expect(state.backendRequest).toBe('cpu');
    expect(state.status).toBe('Ready: 10 digits (7 train / 1 val / 2 test) on CPU; 2 teachers restored.');
    expect(state.student).toBe(student);
  });
});
