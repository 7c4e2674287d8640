/**
 * Saved work through the store, on fake-indexeddb: what a visit trains and distils is there at the
 * next visit (a new store on the same database), renames and deletions persist, a record this
 * studio did not write is skipped with a message, and a browser without storage is said once. A
 * sweep comes back with its points, chosen settings and lists (stopped, if the page closed while it
 * ran); a shown run's curves are drawn from its record; and the leave-page prompt asks only while
 * something would be lost.
 */
import 'fake-indexeddb/auto';
import { openDB } from 'idb';
import { describe, expect, it, vi } from 'vitest';
import { groupPoints, selectedGroup } from '../../core/training/sweep';
import { openSavedData, type SavedData } from '../../storage/saved-data';
import { drawnSeries, hasUnsavedWork, selectAccuracyChart, selectLossChart } from '../selectors';
import { runSeries } from '../series';
import {
  distillProgress,
  distillResult,
  epochPoint,
  flush,
  lossPoint,
  readyStore,
  scheduleEntry,
  teacherResult,
} from '../../../test-support/store';
import type { StudioState, SweepLists } from '../types';

let databases = 0;

/** A store on database `name` (the same name = the same browser, a later visit). */
async function visit(name: string) {
  const opened: SavedData[] = [];
  const made = await readyStore({
    deps: {
      openSavedData: async () => {
        const saved = await openSavedData(name);
        opened.push(saved);
        return saved;
      },
    },
  });
  return { ...made, close: () => opened.forEach((s) => s.close()) };
}

/** Lets the queued writes reach the database. */
async function settle() {
  for (let i = 0; i < 20; i++) await flush();
}

async function trainAndDistil(made: Awaited<ReturnType<typeof visit>>) {
  made.client.teacherJob.resolve(teacherResult(2));
  await made.store.getState().trainTeachers();
  made.client.distillJob.resolve(distillResult(0.93));
  await made.store.getState().distill();
  await settle();
}

describe('saved work', () => {
  it('a reload restores the teachers (into the worker too) and the runs, without training again', async () => {
    const name = `saved-slice-${++databases}`;
    const first = await visit(name);
    await trainAndDistil(first);
    const teachersId = first.store.getState().teachers!.id;
    first.close();

    const second = await visit(name);
    const state = second.store.getState();
    expect(state.saved.state).toBe('on');
    expect(state.teachers?.id).toBe(teachersId);
    expect(second.client.restored).toHaveLength(1);
    expect(second.client.calls).not.toContain('trainTeachers');
    expect(state.runs.map((r) => [r.id, r.name, r.result.results.student.testAccuracy])).toEqual([[1, 'Run 1', 0.93]]);
    expect(state.status).toMatch(/restored from your last visit: the teachers and 1 run\.$/);
    // The next run continues the numbering.
    second.client.distillJob.resolve(distillResult(0.94));
    await second.store.getState().distill();
    expect(second.store.getState().runs.map((r) => r.id)).toEqual([1, 2]);
    second.close();
  });

  it('renames and deletions are saved', async () => {
    const name = `saved-slice-${++databases}`;
    const first = await visit(name);
    await trainAndDistil(first);
    const second = first.store.getState().distill();
    first.client.distillJob.resolve(distillResult(0.9));
    await second;
    first.store.getState().renameRun(1, 'T = 4, first try');
    first.store.getState().deleteRun(2);
    await settle();
    first.close();
    const later = await visit(name);
    expect(later.store.getState().runs.map((r) => [r.id, r.name])).toEqual([[1, 'T = 4, first try']]);
    later.close();
  });

  it('a corrupted run record is skipped with a message; the others load', async () => {
    const name = `saved-slice-${++databases}`;
    const first = await visit(name);
    await trainAndDistil(first);
    first.close();
    const raw = await openDB(name);
    await raw.put('runs', { id: 7, name: 42 }, 7);
    raw.close();
    const second = await visit(name);
    expect(second.store.getState().runs.map((r) => r.id)).toEqual([1]);
    expect(second.store.getState().notice).toMatch(/^Some saved work could not be read and was skipped: run 7 \(/);
    second.close();
  });

  it("records saved before on/off settings were booleans ('on'/'off') come back as booleans", async () => {
    const name = `saved-slice-${++databases}`;
    const first = await visit(name);
    await trainAndDistil(first);
    first.close();
    // Rewrite the records as the previous version wrote them.
    const older = (config: object) => ({ ...config, keepBestEpoch: 'on', calibrateTeachers: 'off' });
    const raw = await openDB(name);
    const saved = await raw.get('runs', 1);
    await raw.put(
      'runs',
      { ...saved, run: { ...saved.run, config: older(saved.run.config), teacherConfig: older(saved.run.teacherConfig) } },
      1,
    );
    const [teachersKey] = await raw.getAllKeys('teachers');
    const teachers = await raw.get('teachers', teachersKey!);
    const snapshot = { ...teachers.record.snapshot, config: older(teachers.record.snapshot.config) };
    await raw.put('teachers', { ...teachers, record: { ...teachers.record, snapshot } }, teachersKey);
    raw.close();

    const second = await visit(name);
    const state = second.store.getState();
    const booleans = { keepBestEpoch: true, calibrateTeachers: false };
    expect(state.runs[0]!.config).toMatchObject(booleans);
    expect(state.runs[0]!.teacherConfig).toMatchObject(booleans);
    expect(state.teachers!.snapshot.config).toMatchObject(booleans);
    expect(second.client.restored[0]!.config).toMatchObject(booleans);
    second.close();
  });

  it('Clear saved data empties the database but keeps the page', async () => {
    const name = `saved-slice-${++databases}`;
    const first = await visit(name);
    await trainAndDistil(first);
    await first.store.getState().clearSaved();
    expect(first.store.getState().runs).toHaveLength(1);
    first.close();
    const second = await visit(name);
    expect(second.store.getState().runs).toEqual([]);
    expect(second.store.getState().teachers).toBeNull();
    second.close();
  });

  it('a run distilled after Clear saved data is saved with its teachers, so the next visit can use it', async () => {
    const name = `saved-slice-${++databases}`;
    const first = await visit(name);
    await trainAndDistil(first);
    const teachersId = first.store.getState().teachers!.id;
    await first.store.getState().clearSaved();
    const again = first.store.getState().distill();
    first.client.distillJob.resolve(distillResult(0.95));
    await again;
    await settle();
    first.close();
    const second = await visit(name);
    expect(second.store.getState().teachers?.id).toBe(teachersId);
    expect(second.store.getState().runs.map((r) => r.result.results.student.testAccuracy)).toEqual([0.95]);
    second.close();
  });

  it('without storage the page says so once and works in memory', async () => {
    const made = await readyStore({
      deps: { openSavedData: () => Promise.reject(new Error('Saved runs are unavailable in this browser: no IndexedDB.')) },
    });
    expect(made.store.getState().saved.state).toBe('off');
    expect(made.store.getState().notice).toBe(
      'Saved runs are unavailable in this browser: no IndexedDB. Work stays on this page until it is closed.',
    );
    made.client.teacherJob.resolve(teacherResult(2));
    await made.store.getState().trainTeachers();
    expect(made.store.getState().teachers).not.toBeNull();
  });
});

describe('loading a run', () => {
  it('brings back the teachers it was distilled from (from saved data) and selects it', async () => {
    const made = await visit(`saved-slice-${++databases}`);
    await trainAndDistil(made);
    const first = made.store.getState().teachers!.id;
    // New teachers, then a second run from them.
    const training = made.store.getState().trainTeachers();
    made.client.teacherJob.resolve(teacherResult(3));
    await training;
    const distilling = made.store.getState().distill();
    made.client.distillJob.resolve(distillResult(0.95));
    await distilling;
    await settle();
    expect(made.store.getState().teachers!.id).not.toBe(first);
    await made.store.getState().loadRun(1);
    expect(made.store.getState().teachers!.id).toBe(first);
    expect(made.client.restored.at(-1)?.logits).toHaveLength(2);
    expect(made.store.getState().selectedRunId).toBe(1);
    expect(made.store.getState().status).toBe('Run 1 loaded: its teachers are current, its students ready to download.');
    made.close();
  });
});

describe('datasets and their saved runs', () => {
  it('going back to MNIST shows its saved runs again; the same file imported again gets the same id', async () => {
    const made = await visit(`saved-slice-${++databases}`);
    await trainAndDistil(made);
    await made.store.getState().importDatasetFiles([{ name: 'table.csv', size: 8, read: async () => new ArrayBuffer(8) }]);
    await made.store.getState().switchToImportedDataset();
    const imported = made.store.getState().datasetId;
    expect(imported).toMatch(/^dataset-table\.csv-20x2-/);
    expect(made.store.getState().runs).toEqual([]);
    await made.store.getState().switchToBundledDataset();
    await settle();
    expect(made.store.getState().runs.map((r) => r.id)).toEqual([1]);
    await made.store.getState().importDatasetFiles([{ name: 'table.csv', size: 8, read: async () => new ArrayBuffer(8) }]);
    await made.store.getState().switchToImportedDataset();
    expect(made.store.getState().datasetId).toBe(imported);
    made.close();
  });
});

const SWEEP: SweepLists = { temperature: '2, 4', alpha: '0.9', studentHidden: '32', loss: 'kd', calibrateTeachers: 'off', seed: '0' };

type Visit = Awaited<ReturnType<typeof visit>>;

async function withTeachers(made: Visit) {
  made.client.teacherJob.resolve(teacherResult(2));
  await made.store.getState().trainTeachers();
  for (const [key, text] of Object.entries(SWEEP)) made.store.getState().setSweepList(key as keyof SweepLists, text);
}

/** The chosen settings of the page's sweep (core/sweep.ts: the best mean validation accuracy). */
const chosenOf = (state: StudioState) => {
  const sweep = state.sweep!;
  return selectedGroup(groupPoints(sweep.points, sweep.axes))?.key ?? null;
};

describe('a saved sweep', () => {
  it('comes back at the next visit with its points, the chosen settings and the lists in the inputs', async () => {
    const name = `saved-slice-${++databases}`;
    const first = await visit(name);
    await withTeachers(first);
    const sweep = first.store.getState().runSweep();
    first.client.distillJob.resolve(distillResult(0.9));
    await flush();
    first.client.distillJob.resolve(distillResult(0.95));
    await sweep;
    await settle();
    const ran = first.store.getState().sweep!;
    expect(chosenOf(first.store.getState())).toBe('{"temperature":4}');
    // The inputs move on after the sweep; the sweep keeps the lists it ran with.
    first.store.getState().setSweepList('temperature', '1, 8');
    first.close();

    const raw = await openDB(name);
    expect(await raw.get('sweeps', 'mnist')).toMatchObject({ chosen: '{"temperature":4}', state: 'done', lists: SWEEP });
    raw.close();

    const second = await visit(name);
    const state = second.store.getState();
    expect(state.sweep?.points).toEqual(ran.points);
    expect(state.sweep?.points.map((p) => [p.index, p.config.temperature, p.results.student.testAccuracy])).toEqual([
      [1, 2, 0.9],
      [2, 4, 0.95],
    ]);
    expect(state.sweep).toMatchObject({ state: 'done', restored: 'saved', current: null, axes: ran.axes, configs: ran.configs });
    expect(chosenOf(state)).toBe('{"temperature":4}');
    expect(state.sweepLists).toEqual(SWEEP);
    expect(state.sweepErrors).toEqual({});
    expect(state.status).toMatch(/restored from your last visit: the teachers and a sweep \(2 students\)\.$/);
    // Restoring writes nothing back.
    expect(state.saved.pending).toBe(0);
    second.close();
  });

  it('saved before on/off settings were booleans: its calibrated-teachers list and configs come back as booleans', async () => {
    const name = `saved-slice-${++databases}`;
    const first = await visit(name);
    await withTeachers(first);
    first.store.getState().setSweepList('calibrateTeachers', 'off, on');
    const sweep = first.store.getState().runSweep();
    for (let i = 0; i < 4; i++) {
      first.client.distillJob.resolve(distillResult(0.9 + i / 100));
      await flush();
    }
    await sweep;
    await settle();
    const ran = first.store.getState().sweep!;
    first.close();
    // Rewrite the record as the previous version wrote it: 'on'/'off' in the axes and every config.
    const text = (value: unknown) => (value === true ? 'on' : value === false ? 'off' : value);
    const older = (config: Record<string, unknown>) => ({
      ...config,
      keepBestEpoch: text(config.keepBestEpoch),
      calibrateTeachers: text(config.calibrateTeachers),
    });
    const raw = await openDB(name);
    const record = await raw.get('sweeps', 'mnist');
    await raw.put(
      'sweeps',
      {
        ...record,
        base: older(record.base),
        teacherConfig: older(record.teacherConfig),
        axes: record.axes.map((a: { key: string; values: unknown[] }) => ({ ...a, values: a.values.map(text) })),
        configs: record.configs.map(older),
        points: record.points.map((p: { config: Record<string, unknown> }) => ({ ...p, config: older(p.config) })),
      },
      'mnist',
    );
    expect((await raw.get('sweeps', 'mnist')).axes.find((a: { key: string }) => a.key === 'calibrateTeachers').values).toEqual([
      'off',
      'on',
    ]);
    raw.close();

    const second = await visit(name);
    const restored = second.store.getState().sweep!;
    expect(restored.axes).toEqual(ran.axes);
    expect(restored.configs).toEqual(ran.configs);
    expect(restored.points).toEqual(ran.points);
    expect(restored.axes.find((a) => a.key === 'calibrateTeachers')?.values).toEqual([false, true]);
    second.close();
  });

  it('that was running when the page closed comes back stopped, with its finished points', async () => {
    const name = `saved-slice-${++databases}`;
    const first = await visit(name);
    await withTeachers(first);
    void first.store.getState().runSweep();
    first.client.distillJob.resolve(distillResult(0.9));
    await settle();
    expect(first.store.getState().sweep?.state).toBe('running');
    first.close(); // the page closes with the second student training

    const second = await visit(name);
    const state = second.store.getState();
    expect(state.job).toBe('idle');
    expect(state.sweep).toMatchObject({ state: 'stopped', restored: 'closed', current: null });
    expect(state.sweep?.points.map((p) => p.index)).toEqual([1]);
    expect(state.sweep?.configs).toHaveLength(2);
    expect(state.status).toMatch(
      /restored from your last visit: the teachers and a sweep stopped when the page closed \(1 of 2 students\)\.$/,
    );
    second.close();
  });

  it('that is corrupted is skipped with the reason; the runs still load', async () => {
    const name = `saved-slice-${++databases}`;
    const first = await visit(name);
    await trainAndDistil(first);
    first.close();
    const raw = await openDB(name);
    await raw.put('sweeps', { datasetId: 'mnist', createdAt: 'x', teachersId: 't', lists: {}, points: 'none' }, 'mnist');
    raw.close();
    const second = await visit(name);
    expect(second.store.getState().runs.map((r) => r.id)).toEqual([1]);
    expect(second.store.getState().sweep).toBeNull();
    expect(second.store.getState().notice).toBe(
      'Some saved work could not be read and was skipped: the sweep (base is missing, expected the settings as an object).',
    );
    second.close();
  });

  it('is cleared by Clear saved data', async () => {
    const name = `saved-slice-${++databases}`;
    const first = await visit(name);
    await withTeachers(first);
    const sweep = first.store.getState().runSweep();
    first.client.distillJob.resolve(distillResult(0.9));
    await flush();
    first.client.distillJob.resolve(distillResult(0.95));
    await sweep;
    await settle();
    await first.store.getState().clearSaved();
    expect(first.store.getState().sweep?.points).toHaveLength(2);
    first.close();
    const second = await visit(name);
    expect(second.store.getState().sweep).toBeNull();
    second.close();
  });
});

/** Distils a run whose progress carried loss readings and whose result has three epochs (T 4, then 6 from batch 12). */
async function distilWithCurves(made: Visit, accuracy: number) {
  const running = made.store.getState().distill();
  // What the worker sends as it trains: 10 batches an epoch, the readings, the epochs' figures and the schedule.
  made.client.distillProgress!({
    ...distillProgress(
      [5, 10, 15, 20, 25, 30].map((step) => lossPoint(step, step > 12 ? 6 : 4)),
      [scheduleEntry(0), scheduleEntry(12, 6)],
    ),
    accuracies: [1, 2, 3].map((e) => epochPoint(e)),
  });
  const result = distillResult(accuracy);
  made.client.distillJob.resolve({
    ...result,
    accuracies: [1, 2, 3].map((e) => epochPoint(e)),
    results: { ...result.results, schedule: [scheduleEntry(0), scheduleEntry(12, 6)] },
  });
  await running;
}

describe('the charts after a reload', () => {
  it('draw the newest run from its record, and a shown run’s curves; a running job owns them', async () => {
    const name = `saved-slice-${++databases}`;
    const first = await visit(name);
    first.client.teacherJob.resolve(teacherResult(2));
    await first.store.getState().trainTeachers();
    await distilWithCurves(first, 0.93);
    await distilWithCurves(first, 0.94);
    await settle();
    const [run1, run2] = first.store.getState().runs;
    first.close();

    const second = await visit(name);
    const { store, client } = second;
    // Nothing has run in this visit: the newest run is drawn, with its own ensemble as the reference.
    expect(store.getState().series.losses).toEqual([]);
    expect(selectLossChart(store.getState())).toMatchObject({ losses: run2!.losses, runName: 'Run 2' });
    expect(selectAccuracyChart(store.getState())).toMatchObject({
      accuracies: run2!.result.accuracies,
      batchesPerEpoch: 10,
      ensembleValAccuracy: run2!.result.results.ensemble.valAccuracy,
    });

    // "Show run 1": its loss readings, epochs, schedule and the mark at batch 12.
    store.getState().selectRun(1);
    const loss = selectLossChart(store.getState());
    expect(loss.runName).toBe('Run 1');
    expect(loss.losses.map((p) => [p.step, p.temperature])).toEqual(run1!.losses.map((p) => [p.step, p.temperature]));
    expect(loss.losses).toHaveLength(6);
    expect(loss.schedule).toEqual([scheduleEntry(0), scheduleEntry(12, 6)]);
    expect(loss.marks.map((m) => [m.step, m.label])).toEqual([[12, 'T=6']]);
    expect(selectAccuracyChart(store.getState()).accuracies.map((a) => a.epoch)).toEqual([1, 2, 3]);
    // The same arrays for the same state (the hooks compare them shallowly).
    expect(selectLossChart(store.getState()).losses).toBe(loss.losses);

    // A new run owns the charts while it trains, whatever was shown; then its curves stay.
    const running = store.getState().distill();
    client.distillProgress!(distillProgress([lossPoint(1, 5)]));
    store.getState().selectRun(1);
    expect(drawnSeries(store.getState()).run).toBeNull();
    expect(selectLossChart(store.getState()).losses.map((p) => p.step)).toEqual([1]);
    client.distillJob.resolve(distillResult(0.95));
    await running;
    expect(selectLossChart(store.getState())).toMatchObject({ runName: null, losses: [lossPoint(1, 5)] });
    store.getState().selectRun(2);
    expect(selectLossChart(store.getState()).runName).toBe('Run 2');
    second.close();
  });

  it('a run’s record gives the series the live charts had', async () => {
    const made = await visit(`saved-slice-${++databases}`);
    made.client.teacherJob.resolve(teacherResult(2));
    await made.store.getState().trainTeachers();
    await distilWithCurves(made, 0.93);
    const live = made.store.getState().series;
    const fromRecord = runSeries(made.store.getState().runs[0]!);
    expect(fromRecord).toEqual({ ...live, stride: fromRecord.stride, seen: fromRecord.seen });
    made.close();
  });
});

describe('the leave-page prompt', () => {
  it('does not ask on an idle page whose work is saved; asks while a job runs or a write is under way', async () => {
    const made = await visit(`saved-slice-${++databases}`);
    expect(hasUnsavedWork(made.store.getState())).toBe(false);
    const training = made.store.getState().trainTeachers();
    expect(hasUnsavedWork(made.store.getState())).toBe(true);
    made.client.teacherJob.resolve(teacherResult(2));
    await training;
    // The teachers' write is queued: until it ends, leaving would lose them.
    expect(made.store.getState().saved.pending).toBeGreaterThan(0);
    expect(hasUnsavedWork(made.store.getState())).toBe(true);
    await settle();
    expect(made.store.getState().saved.pending).toBe(0);
    expect(hasUnsavedWork(made.store.getState())).toBe(false);
    made.close();
  });

  it('asks while the browser has refused to save something, and says what', async () => {
    const made = await visit(`saved-slice-${++databases}`);
    await trainAndDistil(made);
    const put = vi.spyOn(IDBObjectStore.prototype, 'put').mockImplementation(() => {
      throw new DOMException('The quota has been exceeded.', 'QuotaExceededError');
    });
    const running = made.store.getState().distill();
    made.client.distillJob.resolve(distillResult(0.91));
    await running;
    await settle();
    expect(made.store.getState().saved.unsaved).toEqual(['run 2']);
    expect(made.store.getState().saved.problem).toMatch(
      /^Could not save run 2: The browser refused to save: its storage for this site is full/,
    );
    expect(hasUnsavedWork(made.store.getState())).toBe(true);
    // Once it is saved (here: renamed with room again), the page leaves without asking.
    put.mockRestore();
    made.store.getState().renameRun(2, 'kept');
    await settle();
    expect(made.store.getState().saved.unsaved).toEqual([]);
    expect(hasUnsavedWork(made.store.getState())).toBe(false);
    made.close();
  });

  it('asks where nothing can be saved, once there is work on the page', async () => {
    const made = await readyStore({ deps: { openSavedData: () => Promise.reject(new Error('no IndexedDB')) } });
    expect(hasUnsavedWork(made.store.getState())).toBe(false);
    made.client.teacherJob.resolve(teacherResult(2));
    await made.store.getState().trainTeachers();
    expect(hasUnsavedWork(made.store.getState())).toBe(true);
  });
});
