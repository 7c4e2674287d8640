/**
 * Saved work through the store, on fake-indexeddb: what a visit trains and distils is there at the
 * next visit (a new store on the same database), renames and deletions persist, a record this
 * studio did not write is skipped with a message, and a browser without storage is said once.
 */
import 'fake-indexeddb/auto';
import { openDB } from 'idb';
import { describe, expect, it } from 'vitest';
import { openSavedData, type SavedData } from '../page/saved-data';
import { distillResult, flush, readyStore, teacherResult } from './test-helpers';

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
