import { describe, expect, it } from 'vitest';
import { MAX_IMPORT_BYTES } from '../../core/import/types';
import { distillResult, flush, importedPreview, readyStore, teacherResult } from '../../../test-support/store';

/** A chosen file whose reads are counted. */
function chosen(name: string, size = 8) {
  const file = { name, size, reads: 0, read: async () => (file.reads++, new ArrayBuffer(size)) };
  return file;
}

async function withTeachersAndRun(options: Parameters<typeof readyStore>[0] = {}) {
  const made = await readyStore(options);
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

  it('refuses a file by its size before reading it, says so in the Dataset panel, and keeps everything', async () => {
    const { store, client } = await withTeachersAndRun();
    const huge = chosen('huge.csv', 2 * 1024 ** 3);
    expect(huge.size).toBeGreaterThan(MAX_IMPORT_BYTES);
    await store.getState().importDatasetFiles([huge]);
    expect(huge.reads).toBe(0);
    expect(client.previewed).toEqual([]);
    const failed = store.getState().datasetImport;
    expect(failed?.state).toBe('failed');
    expect(failed?.error).toMatch(/^The dataset was not imported: huge\.csv: the file is 2 GB; the studio reads files up to 1 GB/);
    // The worker never had the file: it is not asked for its columns.
    expect(client.calls).not.toContain('pendingLabelChoice');
    expect(failed?.labelChoice).toBeNull();
    expect(store.getState().error).toBeNull();
    expect(store.getState().status).toBe('The dataset could not be imported: see the Dataset panel.');
    expect(store.getState().teachers).not.toBeNull();
    expect(store.getState().job).toBe('idle');
    // Dismissed, the run bar no longer points to it.
    store.getState().cancelImport();
    expect(store.getState().datasetImport).toBeNull();
    expect(store.getState().status).toBe('Ready: 10 digits (7 train / 1 val / 2 test)');
  });

  it("shows the parser's message in the Dataset panel when the worker refuses the files, the run bar pointing there", async () => {
    const { store, client } = await withTeachersAndRun();
    const dataset = store.getState().dataset;
    client.previewAnswer = new Error('data.csv, row 17, column "x": "abc" is not a number.');
    await store.getState().importDatasetFiles([chosen('data.csv')]);
    expect(store.getState().datasetImport).toMatchObject({
      state: 'failed',
      files: ['data.csv'],
      error: 'The dataset was not imported: data.csv, row 17, column "x": "abc" is not a number. The current dataset is kept.',
      preview: null,
      // The CSV's columns, from the worker that still holds it: another label column can be chosen.
      labelChoice: { header: ['x', 'y', 'label'], labelColumn: 'label' },
    });
    expect(client.labelChoiceAsked).toEqual([{}]);
    expect(store.getState().error).toBeNull();
    expect(store.getState().status).toBe('The dataset could not be imported: see the Dataset panel.');
    expect(store.getState().dataset).toBe(dataset);
    expect(store.getState().runs).toHaveLength(1);
    expect(store.getState().job).toBe('idle');
  });

  it('keeps the preview when the switch fails, with the message beside it, and Cancel drops it (the worker forgets the files)', async () => {
    const { store, client } = await withTeachersAndRun();
    await store.getState().importDatasetFiles([chosen('table.csv')]);
    client.useError = new Error('Class names must differ from each other.');
    await store.getState().switchToImportedDataset();
    expect(store.getState().datasetImport?.state).toBe('preview');
    expect(store.getState().datasetImport?.error).toBe('The dataset was not switched: Class names must differ from each other.');
    expect(store.getState().status).toBe('The dataset was not switched: see the Dataset panel.');
    expect(store.getState().teachers).not.toBeNull();
    store.getState().cancelImport();
    expect(store.getState().datasetImport).toBeNull();
    expect(client.calls).toContain('discardImport');
    await flush();
  });
});

describe('choosing the label column of a CSV', () => {
  const IRIS_COLUMNS = ['sepal_length', 'sepal_width', 'petal_length', 'petal_width', 'species'];
  const speciesPreview = () => ({
    ...importedPreview(),
    name: 'iris.csv',
    classNames: ['setosa', 'versicolor', 'virginica'],
    labelChoice: { header: IRIS_COLUMNS, labelColumn: 'species' },
  });

  /** A store whose import of iris.csv was refused for want of a recognised label column. */
  async function refusedIris() {
    const made = await readyStore();
    made.client.previewAnswer = new Error('iris.csv: no label column: none of its columns is named label, class, target or y.');
    made.client.labelChoiceAnswer = { header: IRIS_COLUMNS, labelColumn: null };
    await made.store.getState().importDatasetFiles([chosen('iris.csv')]);
    return made;
  }

  it('a refusal offers the columns, none chosen; choosing one parses the file again in the worker and previews it', async () => {
    const { store, client } = await refusedIris();
    expect(store.getState().datasetImport).toMatchObject({ state: 'failed', labelChoice: { header: IRIS_COLUMNS, labelColumn: null } });
    client.reparseAnswer = speciesPreview();
    const choosing = store.getState().chooseLabelColumn('species');
    // While the worker parses, the chooser shows the choice and the message is gone.
    expect(store.getState().datasetImport).toMatchObject({ state: 'parsing', error: null, labelChoice: { labelColumn: 'species' } });
    expect(store.getState().job).toBe('import');
    await choosing;
    expect(client.reparsed).toEqual([{ labelColumn: 'species' }]);
    expect(client.previewed).toHaveLength(1); // the file was not sent again
    const state = store.getState();
    expect(state.datasetImport).toMatchObject({
      state: 'preview',
      error: null,
      classNames: 'setosa, versicolor, virginica',
      chosenLabelColumn: 'species',
      labelChoice: { header: IRIS_COLUMNS, labelColumn: 'species' },
    });
    expect(state.status).toBe('iris.csv: 20 samples in 3 classes, ready to use.');
    expect(state.job).toBe('idle');
  });

  it('a column that cannot be the label is said where the chooser is, the choice kept in it', async () => {
    const { store, client } = await refusedIris();
    client.reparseAnswer = new Error(
      'iris.csv: column "sepal_length" holds numbers with decimals (row 2: "5.1"), so it cannot be the label column.',
    );
    await store.getState().chooseLabelColumn('sepal_length');
    expect(store.getState().datasetImport).toMatchObject({
      state: 'failed',
      error: expect.stringMatching(/^The dataset was not imported: iris\.csv: column "sepal_length" holds numbers with decimals/),
      labelChoice: { header: IRIS_COLUMNS, labelColumn: 'sepal_length' },
      chosenLabelColumn: 'sepal_length',
    });
    expect(client.labelChoiceAsked).toHaveLength(1); // only for the first refusal: the columns are known
    expect(store.getState().status).toBe('The dataset could not be imported: see the Dataset panel.');
    // Another choice then works.
    client.reparseAnswer = speciesPreview();
    await store.getState().chooseLabelColumn('species');
    expect(store.getState().datasetImport?.state).toBe('preview');
  });

  it('a preview offers it too, to override the column recognised by its name', async () => {
    const { store, client } = await readyStore();
    await store.getState().importDatasetFiles([chosen('table.csv')]);
    expect(store.getState().datasetImport?.labelChoice).toEqual({ header: ['x', 'y', 'label'], labelColumn: 'label' });
    client.reparseAnswer = {
      ...importedPreview(),
      classNames: ['0', '1', '2'],
      labelChoice: { header: ['x', 'y', 'label'], labelColumn: 'y' },
    };
    await store.getState().chooseLabelColumn('y');
    expect(client.reparsed).toEqual([{ labelColumn: 'y' }]);
    expect(store.getState().datasetImport).toMatchObject({ state: 'preview', classNames: '0, 1, 2', labelChoice: { labelColumn: 'y' } });
  });

  it('remembers the choice for that file while its preview is open: choosing the file again uses it', async () => {
    const { store, client } = await refusedIris();
    client.reparseAnswer = speciesPreview();
    await store.getState().chooseLabelColumn('species');
    client.previewAnswer = speciesPreview();
    await store.getState().importDatasetFiles([chosen('iris.csv')]);
    expect(client.previewOptions.at(-1)).toEqual({ labelColumn: 'species' });
    expect(store.getState().datasetImport).toMatchObject({ state: 'preview', chosenLabelColumn: 'species' });
    // Another file starts afresh.
    client.previewAnswer = importedPreview();
    await store.getState().importDatasetFiles([chosen('table.csv')]);
    expect(client.previewOptions.at(-1)).toEqual({});
    // And so does the same file once the preview is closed.
    store.getState().cancelImport();
    await store.getState().importDatasetFiles([chosen('iris.csv')]);
    expect(client.previewOptions.at(-1)).toEqual({});
  });

  it('is ignored while the file is being parsed, and without a CSV', async () => {
    const { store, client } = await readyStore();
    const importing = store.getState().importDatasetFiles([chosen('table.csv')]);
    expect(store.getState().datasetImport?.state).toBe('parsing');
    await store.getState().chooseLabelColumn('x');
    await importing;
    expect(client.reparsed).toEqual([]);
    client.labelChoiceAnswer = null;
    client.previewAnswer = new Error('images.zip: not a zip file.');
    await store.getState().importDatasetFiles([chosen('images.zip')]);
    expect(store.getState().datasetImport).toMatchObject({ state: 'failed', labelChoice: null });
    await store.getState().chooseLabelColumn('label');
    expect(client.reparsed).toEqual([]);
  });

  it('"Use this dataset" after a chosen column switches to it as usual', async () => {
    const { store, client } = await refusedIris();
    client.reparseAnswer = { ...importedPreview(), labelChoice: { header: IRIS_COLUMNS, labelColumn: 'species' } };
    await store.getState().chooseLabelColumn('species');
    await store.getState().switchToImportedDataset();
    expect(client.calls.at(-1)).toBe('useImportedDataset');
    expect(store.getState().datasetImport).toBeNull();
    expect(store.getState().status).toMatch(/^Ready: table\.csv, 10 samples/);
  });
});

describe('the bundled text dataset', () => {
  const textAsset = { deps: { loadTextAsset: async () => new ArrayBuffer(5) } };

  it('is tokenised in the worker with the chosen encoding, becomes current, and brings the text preset', async () => {
    const { store, client } = await withTeachersAndRun(textAsset);
    await store.getState().switchToTextCorpus({ vocabSize: 200, length: 8 });
    const state = store.getState();
    expect(client.calls).toContain('loadTextCorpus:5:200x8');
    expect(state.dataset?.text?.texts).toEqual(['x y', 'y z', 'x z']);
    expect(state.datasetId).toBe('brown-200-8');
    expect(state.teachers).toBeNull();
    expect(state.runs).toHaveLength(0);
    expect(state.config).toMatchObject({ teacherArch: 'transformer', studentHidden: 'bag8' });
  });

  it('keeps the current dataset and says why when the asset cannot be read', async () => {
    const { store } = await readyStore({
      deps: {
        loadTextAsset: async () => {
          throw new Error('/data/brown.json answered 404 Not Found');
        },
      },
    });
    const before = store.getState().dataset;
    await store.getState().switchToTextCorpus();
    expect(store.getState().dataset).toBe(before);
    expect(store.getState().error).toMatch(/The text dataset could not be loaded: .*404.* The current dataset is kept\./);
  });
});
