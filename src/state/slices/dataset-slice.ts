/**
 * Bringing in a dataset of one's own. Files are refused by size before they are read, parsed in
 * the worker (progress by stage), previewed, and only then made current: until the user says "Use
 * this dataset", the current dataset, teachers and runs are untouched.
 */
import { parseMnistAsset } from '../../core/data';
import { datasetOf } from '../../core/import/dataset-files';
import { checkImportSize } from '../../core/import/limits';
import type { ImportedData } from '../../core/import/types';
import { errorMessage } from '../../page/client';
import { emptySeries, emptyTeacherSeries } from '../series';
import { readyMessage } from '../messages';
import { isRunning } from '../selectors';
import type { DatasetSlice, StudioState } from '../types';
import type { SliceContext } from './context';

type DatasetActions = Pick<
  DatasetSlice,
  'importDatasetFiles' | 'setImportClassNames' | 'switchToImportedDataset' | 'cancelImport' | 'switchToBundledDataset'
>;

/** What a new dataset clears: everything that belonged to the old one (teaching mode's 2D datasets too). */
export const cleared: Partial<StudioState> = {
  teachers: null,
  teacherSeries: emptyTeacherSeries(),
  teacherFormOpen: true,
  teacherProgress: null,
  distillProgress: null,
  series: emptySeries(),
  runs: [],
  selectedRunId: null,
  sweep: null,
  samplePosition: 0,
  sampleDigit: null,
  showStudent: false,
  // Measured on the old dataset: the new one is estimated afresh (estimates.ts asks at once).
  estimate: null,
  sweepEstimate: null,
};

/**
 * The same dataset imported again gets the same id (its saved runs come back with it): its name,
 * size and an FNV-1a hash of its labels and values.
 */
export function datasetIdOf(data: ImportedData): string {
  let hash = 0x811c9dc5;
  const mix = (byte: number) => (hash = Math.imul(hash ^ byte, 0x01000193) >>> 0);
  data.labels.forEach(mix);
  const bytes = new Uint8Array(data.values.buffer, data.values.byteOffset, data.values.byteLength);
  for (let i = 0; i < bytes.length; i += 7) mix(bytes[i]!);
  return `dataset-${data.name}-${data.labels.length}x${data.features}-${hash.toString(36)}`;
}

export function datasetActions({ set, get, deps }: SliceContext): DatasetActions {
  const { client } = deps;

  const fail = (message: string) => set({ datasetImport: null, job: 'idle', error: message, status: message });

  return {
    async importDatasetFiles(files) {
      if (isRunning(get())) {
        set({ error: 'A dataset can be imported when no job is running.' });
        return;
      }
      set({ job: 'import', error: null, datasetImport: { state: 'parsing', stage: 'Reading the files…', preview: null, classNames: '' } });
      try {
        for (const file of files) checkImportSize(file.name, file.size);
        const read = await Promise.all(files.map(async (f) => ({ name: f.name, buffer: await f.read() })));
        const preview = await client.previewDataset(read, {}, (stage) =>
          set((s) => (s.datasetImport ? { datasetImport: { ...s.datasetImport, stage } } : {})),
        );
        set({
          job: 'idle',
          datasetImport: { state: 'preview', stage: '', preview, classNames: preview.classNames.join(', ') },
          status: `${preview.name}: ${preview.count.toLocaleString('en-US')} samples in ${preview.classNames.length} classes, ready to use.`,
        });
      } catch (error) {
        fail(`The dataset was not imported: ${errorMessage(error)} The current dataset is kept.`);
      }
    },

    setImportClassNames(text) {
      set((s) => (s.datasetImport ? { datasetImport: { ...s.datasetImport, classNames: text } } : {}));
    },

    async switchToImportedDataset() {
      const pending = get().datasetImport;
      if (!pending?.preview || isRunning(get())) return;
      const classNames = pending.classNames.split(',').map((n) => n.trim());
      set({ job: 'import', datasetImport: { ...pending, state: 'switching', stage: 'Loading the dataset into the worker…' } });
      try {
        const { summary, data, classNames: names } = await client.useImportedDataset(classNames);
        set({
          ...cleared,
          dataset: datasetOf(data, names),
          datasetSummary: summary,
          datasetId: datasetIdOf(data),
          datasetImport: null,
          job: 'idle',
          status: readyMessage(summary),
        });
      } catch (error) {
        // The worker refused (e.g. the class names): the preview stays, so the user can fix them.
        set({
          job: 'idle',
          datasetImport: { ...pending, state: 'preview' },
          error: `The dataset was not switched: ${errorMessage(error)}`,
        });
      }
    },

    cancelImport() {
      if (get().datasetImport?.state === 'preview') set({ datasetImport: null, job: 'idle' });
    },

    async switchToBundledDataset() {
      if (isRunning(get())) return;
      set({ job: 'import', status: 'Loading MNIST…' });
      try {
        const asset = await deps.loadAsset();
        const dataset = parseMnistAsset(asset);
        const summary = await client.loadDataset(asset);
        set({
          ...cleared,
          dataset,
          datasetSummary: summary,
          datasetId: 'mnist',
          datasetImport: null,
          job: 'idle',
          status: readyMessage(summary),
        });
      } catch (error) {
        fail(`MNIST could not be loaded: ${errorMessage(error)}`);
      }
    },
  };
}
