import { describe, expect, it } from 'vitest';
import { WorkerCrashedError } from '../../bridge/client';
import { presetById } from '../../core/settings/presets';
import { watchEstimates } from '../estimates';
import {
  distillBlocker,
  hasUnsavedWork,
  selectClassroom,
  selectConfigForm,
  selectedRun,
  selectResults,
  selectRunBar,
  selectTeacherPanel,
  teacherRunBlocker,
} from '../selectors';
import {
  backendInfo,
  deferred,
  distillProgress,
  distillResult,
  flush,
  lossPoint,
  makeStore,
  readyStore,
  scheduleEntry,
  teacherProgress,
  teacherResult,
} from '../../../test-support/store';

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

  it('refuses to distill before teachers exist, saying why', async () => {
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
    const stopping = 'Stopping after the current batch; the teachers that finished an epoch are kept…';
    expect(store.getState().status).toBe(stopping);
    client.teacherProgress?.(teacherProgress(0, 5));
    expect(store.getState().status).toBe(stopping);
  });
});

describe('distillation', () => {
  async function withTeachers() {
    const made = await readyStore();
    made.client.teacherJob.resolve(teacherResult(2));
    await made.store.getState().trainTeachers();
    return made;
  }

  it('streams loss points and the T/alpha schedule into the series, and keeps the run', async () => {
    const { store, client } = await withTeachers();
    const run = store.getState().distill();
    client.distillProgress?.(distillProgress([lossPoint(1), lossPoint(2)], [scheduleEntry(0)]));
    client.distillProgress?.(distillProgress([lossPoint(40, 6)], [scheduleEntry(35, 6)]));
    const { series, status } = store.getState();
    expect(series.losses.map((p) => p.step)).toEqual([1, 2, 40]);
    expect(series.schedule.map((e) => e.step)).toEqual([0, 35]);
    expect(series.marks.map((m) => [m.step, m.label])).toEqual([[35, 'T=6']]);
    expect(series.batchesPerEpoch).toBe(10);
    expect(status).toContain('(T = 6, alpha = 0.9)');
    client.distillJob.resolve(distillResult(0.96));
    await run;
    const { runs } = store.getState();
    expect(runs).toHaveLength(1);
    expect(runs[0]).toMatchObject({ id: 1, createdAt: '2026-01-02T03:04:05.000Z', teacherMembers: 2 });
    expect(runs[0]!.result.results.student.testAccuracy).toBe(0.96);
    expect(store.getState().status).toMatch(/^Done: run 1, distilled student 96\.00 % vs baseline 95\.00 %/);
  });

  it('the classroom view reads the newest run’s test accuracies, whether students train now, and what Reset would delete', async () => {
    const { store, client } = await withTeachers();
    expect(selectClassroom(store.getState())).toEqual({
      runId: null,
      studentTestAccuracy: null,
      baselineTestAccuracy: null,
      ensembleTestAccuracy: 0.97,
      teacherCount: 2,
      runCount: 0,
      distilling: false,
    });
    const run = store.getState().distill();
    expect(selectClassroom(store.getState()).distilling).toBe(true);
    client.distillJob.resolve(distillResult(0.96, null, 0.93));
    await run;
    expect(selectClassroom(store.getState())).toMatchObject({
      runId: 1,
      studentTestAccuracy: 0.96,
      baselineTestAccuracy: 0.93,
      runCount: 1,
      distilling: false,
    });
  });

  it('a second run adds a row instead of replacing the first; while it trains the table says which rows are finished', async () => {
    const { store, client } = await withTeachers();
    client.distillJob.resolve(distillResult(0.96));
    await store.getState().distill();
    client.distillJob = deferred();
    const second = store.getState().distill();
    expect(selectResults(store.getState())).toMatchObject({ training: 2 });
    expect(selectResults(store.getState()).runs.map((r) => r.id)).toEqual([1]);
    client.distillJob.resolve(distillResult(0.93));
    await second;
    const results = selectResults(store.getState());
    expect(results.runs.map((r) => [r.id, r.result.results.student.testAccuracy])).toEqual([
      [1, 0.96],
      [2, 0.93],
    ]);
    expect(results.training).toBeNull();
    expect(results.selected?.id).toBe(2);
    store.getState().selectRun(1);
    expect(selectedRun(store.getState())?.id).toBe(1);
  });

  it('keeps the earlier runs when a later distillation fails', async () => {
    const { store, client } = await withTeachers();
    client.distillJob.resolve(distillResult(0.96));
    await store.getState().distill();
    const first = store.getState().runs;
    client.distillJob = deferred();
    const run = store.getState().distill();
    client.distillJob.reject(new Error('out of cheese'));
    await run;
    expect(store.getState().runs).toBe(first);
    expect(store.getState().error).toBe('Distillation failed: out of cheese');
  });

  it('shows a halted run (NaN loss) in the alert and keeps its last good student', async () => {
    const { store, client } = await withTeachers();
    client.distillJob.resolve(distillResult(0.9, 'The loss became NaN at step 12.'));
    await store.getState().distill();
    expect(store.getState().runs[0]?.result.failure).toBe('The loss became NaN at step 12.');
    expect(store.getState().error).toMatch(/^Training was halted: The loss became NaN at step 12\. The last good student is kept\.$/);
  });

  it('downloads either student under a name that says what it is, with metadata naming the whole run', async () => {
    const { store, client, saved } = await withTeachers();
    client.distillJob.resolve(distillResult(0.9444, null, 0.931));
    await store.getState().distill();
    store.getState().downloadModel(1, 'student');
    store.getState().downloadModel(1, 'baseline');
    expect(saved.map((s) => s.fileName)).toEqual(['student-64h-T4-a0.9-94.4pct.zip', 'baseline-64h-93.1pct.zip']);
    expect(saved[0]!.model).toBe(store.getState().runs[0]!.result.student);
    expect(saved[1]!.model).toBe(store.getState().runs[0]!.result.baseline);
    expect(saved[0]!.metadata).toMatchObject({
      model: 'distilled student',
      classNames: ['0', '1', '2'],
      input: { shape: [null, 784], range: [0, 1] },
      temperature: 4,
      alpha: 0.9,
      testAccuracy: 0.9444,
      distilledTestAccuracy: 0.9444,
      baselineTestAccuracy: 0.931,
      ensembleTestAccuracy: 0.97,
      createdAt: '2026-01-02T03:04:05.000Z',
    });
    expect(saved[1]!.metadata).toMatchObject({ model: 'baseline student', testAccuracy: 0.931 });
    expect(store.getState().status).toBe('Saved baseline-64h-93.1pct.zip (the baseline student of run 1).');
  });

  it('downloads a student as ONNX, named like its zip', async () => {
    const { store, client, texts } = await withTeachers();
    const result = distillResult(0.9444, null, 0.931);
    const dense = (name: string, units: number, activation: string) => ({
      class_name: 'Dense',
      config: { name, units, activation, use_bias: true },
    });
    result.student = {
      modelTopology: { class_name: 'Sequential', config: { layers: [dense('d1', 2, 'relu'), dense('d2', 3, 'linear')] } },
      weightSpecs: [
        { name: 'd1/kernel', shape: [784, 2], dtype: 'float32' },
        { name: 'd1/bias', shape: [2], dtype: 'float32' },
        { name: 'd2/kernel', shape: [2, 3], dtype: 'float32' },
        { name: 'd2/bias', shape: [3], dtype: 'float32' },
      ],
      weightData: new Float32Array(784 * 2 + 2 + 6 + 3).buffer,
    };
    client.distillJob.resolve(result);
    await store.getState().distill();
    store.getState().downloadOnnx(1, 'student');
    expect(texts.map((t) => t.fileName)).toEqual(['student-64h-T4-a0.9-94.4pct.onnx']);
    expect(texts[0]!.bytes!.byteLength).toBeGreaterThan((784 * 2 + 11) * 4);
    expect(store.getState().status).toBe(
      'Saved student-64h-T4-a0.9-94.4pct.onnx (the distilled student of run 1 as ONNX, float32 weights).',
    );
    // The fake baseline has no layers ONNX can write: the alert says why, nothing is saved.
    store.getState().downloadOnnx(1, 'baseline');
    expect(texts).toHaveLength(1);
    expect(store.getState().error).toBe('Could not build the ONNX file: ONNX export needs a Sequential model.');
  });

  it('downloads the distilled student quantized, named and described by its measured figures', async () => {
    const { store, client, saved } = await withTeachers();
    const result = distillResult(0.9444, null, 0.931);
    // A student with one real float32 weight, so the quantized bytes can be checked.
    result.student = {
      modelTopology: {},
      weightSpecs: [{ name: 'w', shape: [4], dtype: 'float32' }],
      weightData: Float32Array.from([-1, 0, 0.5, 1]).buffer,
    };
    client.distillJob.resolve(result);
    await store.getState().distill();
    store.getState().downloadModel(1, 'student', 'uint8');
    expect(saved[0]!.fileName).toBe('student-64h-T4-a0.9-uint8-94.2pct.zip');
    expect(saved[0]!.model.weightData.byteLength).toBe(4);
    expect(saved[0]!.model.weightSpecs[0]!.quantization).toMatchObject({ dtype: 'uint8' });
    expect(saved[0]!.metadata).toMatchObject({
      testAccuracy: 0.9424,
      weights: { dtype: 'uint8', float32TestAccuracy: 0.9444, agreementWithFloat32: 0.99 },
    });
    expect(store.getState().status).toBe('Saved student-64h-T4-a0.9-uint8-94.2pct.zip (the distilled student of run 1, uint8 weights).');
    // The baseline is only offered as float32: its quantized figures were not measured.
    store.getState().downloadModel(1, 'baseline', 'uint8');
    expect(saved).toHaveLength(1);
    expect(store.getState().error).toBe('Cannot download that from run 1: the baseline is offered with float32 weights only.');
  });
});

describe('Stop, beyond the batch loop', () => {
  it('during logit caching it says the caching finishes and how long, and a second press discards the new teachers', async () => {
    const { store, client } = await readyStore();
    const run = store.getState().trainTeachers();
    client.teacherProgress?.(teacherProgress(1, 0, 'caching logits'));
    store.getState().stop();
    expect(store.getState().status).toBe(
      'Finishing the logits cache so the trained teachers are kept, about 12 s left. Press Stop again to discard them.',
    );
    store.getState().stop();
    expect(store.getState().status).toBe('Discarding the new teachers…');
    expect(client.calls.filter((c) => c === 'stop')).toHaveLength(2);
    const cancelled = new Error("Stopped while caching the teachers' logits: the 2 new teachers were discarded; no teachers were kept.");
    cancelled.name = 'JobCancelledError';
    client.teacherJob.reject(cancelled);
    await run;
    expect(store.getState().error).toBeNull(); // a cancel the user asked for is not an error
    expect(store.getState().status).toBe(cancelled.message);
  });

  it("shows the engine's own account of what it finishes once it reports it", async () => {
    const { store, client } = await readyStore();
    void store.getState().trainTeachers();
    store.getState().stop();
    client.teacherProgress?.({
      ...teacherProgress(0, 0, 'caching logits'),
      finishing: 'Caching the logits of the 1 trained teacher so it is kept.',
      secondsLeft: 3,
    });
    expect(store.getState().status).toBe('Caching the logits of the 1 trained teacher so it is kept. About 3 s left');
  });

  it('during evaluation it says the inference timing is skipped', async () => {
    const { store, client } = await readyStore();
    client.teacherJob.resolve(teacherResult(2));
    await store.getState().trainTeachers();
    void store.getState().distill();
    client.distillProgress?.(distillProgress([], [], 'evaluating'));
    store.getState().stop();
    expect(store.getState().status).toBe('Skipping the inference timing; the accuracy figures follow at once…');
  });
});

describe('estimates and presets', () => {
  it('asks the worker for the expected times of the current settings, and drops an answer for settings that changed meanwhile', async () => {
    const { store, client } = await readyStore();
    await store.getState().refreshEstimate();
    expect(client.estimates[0]).toBe(store.getState().config);
    expect(selectRunBar(store.getState()).estimate).toMatchObject({ teacherSeconds: 60, distillSeconds: 20 });
    store.getState().setParam('teacherEpochs', '3');
    expect(selectRunBar(store.getState()).estimate).toBeNull(); // measured for other settings
    client.estimateAnswer = { teacherSeconds: 25, distillSeconds: 20, basis: 'measured' };
    const pending = store.getState().refreshEstimate();
    store.getState().setParam('teacherEpochs', '4');
    await pending;
    expect(selectRunBar(store.getState()).estimate).toBeNull();
  });

  it('never shows an estimate measured on another dataset or backend, and asks again when the dataset changes', async () => {
    const { store, client } = await readyStore();
    const stop = watchEstimates(store, 0);
    await store.getState().refreshEstimate();
    expect(selectRunBar(store.getState()).estimate).toMatchObject({ teacherSeconds: 60 });
    expect(store.getState().sweepEstimate).not.toBeNull();
    // A CSV of 10 samples: what MNIST's teachers would take says nothing about it.
    const file = { name: 'table.csv', size: 8, read: async () => new ArrayBuffer(8) };
    await store.getState().importDatasetFiles([file]);
    client.estimates = [];
    client.estimateAnswer = { teacherSeconds: 2, distillSeconds: 1, basis: 'probe' };
    await store.getState().switchToImportedDataset();
    expect(store.getState().sweepEstimate).toBeNull();
    expect(selectRunBar(store.getState()).estimate).toBeNull();
    await flush(); // the watcher's timer
    await flush(); // the worker's answer
    // The run bar's, then the sweep's (one student).
    expect(client.estimates).toHaveLength(2);
    expect(client.estimates[0]).toBe(store.getState().config);
    expect(selectRunBar(store.getState()).estimate).toMatchObject({ teacherSeconds: 2, distillSeconds: 1 });
    // Another backend: the figure was measured on WASM.
    store.setState({ backend: backendInfo('webgl', 'webgl') });
    expect(selectRunBar(store.getState()).estimate).toBeNull();
    stop();
  });

  it('drops an answer that arrives after the dataset changed', async () => {
    const { store } = await readyStore();
    const pending = store.getState().refreshEstimate();
    store.setState({ datasetId: 'toy-spirals-300-0.1-0-2' });
    await pending;
    expect(store.getState().estimate).toBeNull();
  });

  it('does not ask while a job runs', async () => {
    const { store, client } = await readyStore();
    void store.getState().trainTeachers();
    await store.getState().refreshEstimate();
    expect(client.estimates).toHaveLength(0);
  });

  it('applies a preset, names it, and refuses while a job runs', async () => {
    const { store } = await readyStore();
    store.getState().applyPreset('quick');
    expect(store.getState().config).toEqual(presetById('quick').config);
    expect(selectConfigForm(store.getState()).preset).toBe('quick');
    store.getState().setParam('seed', '3');
    expect(selectConfigForm(store.getState()).preset).toBeNull();
    void store.getState().trainTeachers();
    store.getState().applyPreset('defaults');
    expect(store.getState().config.seed).toBe(3);
  });
});

describe('teachers on the page', () => {
  it('collapse to a summary once trained, and say when their settings were edited since', async () => {
    const { store, client } = await readyStore();
    expect(selectTeacherPanel(store.getState()).formOpen).toBe(true);
    client.teacherJob.resolve(teacherResult(2));
    await store.getState().trainTeachers();
    expect(selectTeacherPanel(store.getState()).formOpen).toBe(false);
    store.getState().setParam('ensembleSize', '5');
    store.getState().setParam('learningRate', '0.01'); // a shared setting: the teachers keep theirs
    expect(selectTeacherPanel(store.getState()).changed).toBe('ensembleSize');
    store.getState().setTeacherFormOpen(true);
    expect(selectTeacherPanel(store.getState()).formOpen).toBe(true);
  });

  it('a teacher model the backend cannot train blocks the button before the click, with the reason', async () => {
    const { store, client } = makeStore({ hash: '#teacher-arch=cnn' });
    const reason = 'The CNN teacher cannot train on the wasm backend (it lacks the Conv2DBackpropFilter kernel).';
    client.start = async (request) => ({ ...backendInfo('wasm', request), unsupported: { cnn: reason } });
    await store.getState().boot();
    expect(teacherRunBlocker(store.getState())).toBe(reason);
    store.getState().setChoice('teacherArch', 'mlp');
    expect(teacherRunBlocker(store.getState())).toBeNull();
  });

  it('unsaved work (a job, teachers, runs) is what leaving the page would lose', async () => {
    const { store, client } = await readyStore();
    expect(hasUnsavedWork(store.getState())).toBe(false);
    const run = store.getState().trainTeachers();
    expect(hasUnsavedWork(store.getState())).toBe(true);
    client.teacherJob.resolve(teacherResult(1));
    await run;
    expect(hasUnsavedWork(store.getState())).toBe(true);
  });
});

describe('worker crash', () => {
  it('shows the crash, keeps teachers and student, and restores them on restart', async () => {
    const { store, client } = await readyStore();
    client.teacherJob.resolve(teacherResult(2));
    await store.getState().trainTeachers();
    client.distillJob.resolve(distillResult());
    await store.getState().distill();
    const { teachers, runs } = store.getState();

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
    expect(state.runs).toBe(runs);
    expect(teacherRunBlocker(state)).toMatch(/crashed/);

    await store.getState().restartWorker('cpu');
    await flush();
    state = store.getState();
    expect(client.calls.at(-1)).toBe('restart:cpu');
    expect(state.crash).toBeNull();
    expect(state.workerState).toBe('ready');
    expect(state.backendRequest).toBe('cpu');
    expect(state.status).toBe('Ready: 10 digits (7 train / 1 val / 2 test) on CPU; 2 teachers restored.');
    expect(state.runs).toBe(runs);
  });
});
