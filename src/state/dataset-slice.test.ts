import { describe, expect, it } from 'vitest';
import { MAX_IMPORT_BYTES } from '../core/import/types';
import { distillResult, flush, readyStore, teacherResult } from './test-helpers';

/** A chosen file whose reads are counted. */
function chosen(name: string, size = 8) {
  const file = { name, size, reads: 0, read: async () => (file.reads++, new ArrayBuffer(size)) };
  return file;
}

async function withTeachersAndRun() {
  const made = await readyStore();
  made.client.teacherJob.resolve(teacherResult(2));
  await made.store.getState().trainTeachers();
  made.client.distillJob.resolve(distillResult());
  await made.store.getState().distill();
  return made;
}

describe('importing a dataset', () => {
  it('parses in the worker and previews, leaving the current dataset, teachers and runs as they are', async () => {
    const { store, client } = await withTeachersAndRun();
    const dataset = store.getState().dataset;
    await store.getState().importDatasetFiles([chosen('table.csv')]);
    const state = store.getState();
    expect(client.previewed[0]!.map((f) => f.name)).toEqual(['table.csv']);
    expect(state.datasetImport).toMatchObject({ state: 'preview', classNames: 'a, b' });
    expect(state.dataset).toBe(dataset);
    expect(state.teachers).not.toBeNull();
    expect(state.runs).toHaveLength(1);
  });

  it('"Use this dataset" makes it current with the typed class names, and clears what belonged to the old one', async () => {
    const { store } = await withTeachersAndRun();
    await store.getState().importDatasetFiles([chosen('table.csv')]);
    store.getState().setImportClassNames('low, high');
    await store.getState().switchToImportedDataset();
    const state = store.getState();
    expect(state.dataset?.classNames).toEqual(['low', 'high']);
    expect(state.dataset?.columns).toEqual(['x', 'y']);
    // Standardised on the training split: the training values have mean 0.
    const { train } = state.dataset!.split;
    const mean = Array.from(train).reduce((sum, i) => sum + state.dataset!.values[i * 2]!, 0) / train.length;
    expect(mean).toBeCloseTo(0, 5);
    expect(state.teachers).toBeNull();
    expect(state.runs).toEqual([]);
    expect(state.datasetImport).toBeNull();
    expect(state.status).toMatch(/^Ready: table\.csv, 10 samples/);
  });

  it('refuses a file by its size before reading it, and keeps everything', async () => {
    const { store, client } = await withTeachersAndRun();
    const huge = chosen('huge.csv', 2 * 1024 ** 3);
    expect(huge.size).toBeGreaterThan(MAX_IMPORT_BYTES);
    await store.getState().importDatasetFiles([huge]);
    expect(huge.reads).toBe(0);
    expect(client.previewed).toEqual([]);
    expect(store.getState().error).toMatch(/^The dataset was not imported: huge\.csv: the file is 2 GB; the studio reads files up to 1 GB/);
    expect(store.getState().teachers).not.toBeNull();
    expect(store.getState().job).toBe('idle');
  });

  it("shows the parser's message when the worker refuses the files, and keeps the current dataset", async () => {
    const { store, client } = await withTeachersAndRun();
    const dataset = store.getState().dataset;
    client.previewAnswer = new Error('data.csv, row 17, column "x": "abc" is not a number.');
    await store.getState().importDatasetFiles([chosen('data.csv')]);
    expect(store.getState().error).toBe(
      'The dataset was not imported: data.csv, row 17, column "x": "abc" is not a number. The current dataset is kept.',
    );
    expect(store.getState().dataset).toBe(dataset);
    expect(store.getState().runs).toHaveLength(1);
  });

  it('keeps the preview when the switch fails, and Cancel drops it', async () => {
    const { store, client } = await withTeachersAndRun();
    await store.getState().importDatasetFiles([chosen('table.csv')]);
    client.useError = new Error('Class names must differ from each other.');
    await store.getState().switchToImportedDataset();
    expect(store.getState().datasetImport?.state).toBe('preview');
    expect(store.getState().error).toMatch(/must differ/);
    expect(store.getState().teachers).not.toBeNull();
    store.getState().cancelImport();
    expect(store.getState().datasetImport).toBeNull();
    await flush();
  });
});
