/**
 * Bringing in a dataset of one's own. Files are refused by size before they are read, parsed in
 * the worker (progress by stage), previewed, and only then made current: until the user says "Use
 * this dataset", the current dataset, teachers and runs are untouched.
 */
import { parseMnistAsset } from '../../core/data/data';
import { datasetOf } from '../../core/import/dataset-files';
import { formatCount } from '../../core/format';
import { checkImportSize } from '../../core/import/limits';
import type { ImportedData } from '../../core/import/types';
import { errorMessage } from '../../bridge/client';
import { emptySeries, emptyTeacherSeries } from '../series';
import { importProblemPointer, readyMessage } from '../messages';
import { isRunning } from '../rules';
import type { CsvLabelChoice, DatasetPreview } from '../../core/import/dataset-files';
import type { StudioState } from '../types';
import { DEFAULT_TEXT_ENCODING, type TextEncoding } from '../../core/text/corpus';
import { isTextLayout } from '../../core/settings/layouts';
import { TEXT_CONFIG } from '../../core/settings/presets';
import type { SliceContext } from './context';

/**
 * Bringing in a dataset of one's own: files parsed in the worker, a preview, then the switch. A
 * refusal ('failed') stays here, said next to the file picker, until the next import or Dismiss.
 */
export interface DatasetImport {
  state: 'parsing' | 'preview' | 'switching' | 'failed';
  /** The chosen files' names. */
  files: string[];
  /** What the worker is doing now (parsing stages). */
  stage: string;
  preview: DatasetPreview | null;
  /** The class names as typed, one per class, comma-separated. */
  classNames: string;
  /** Why the files were refused ('failed') or the switch was (back in 'preview'); null when nothing went wrong. */
  error: string | null;
  /** A CSV's columns and its label column, for the "Label column" chooser (kept while it re-parses); null for other formats. */
  labelChoice: CsvLabelChoice | null;
  /** The label column the user chose (null: the one recognised by its name); used again if the same file is chosen again. */
  chosenLabelColumn: string | null;
}

export interface DatasetSlice {
  /** Null when no import is under way (the current dataset is in BackendSlice). */
  datasetImport: DatasetImport | null;
  /** Reads the chosen files (each refused by size before it is read) and parses them in the worker. */
  importDatasetFiles(files: { name: string; size: number; read(): Promise<ArrayBuffer> }[]): Promise<void>;
  /** Parses the chosen CSV again in the worker with `column` as its label column (the preview or the refusal offers it). */
  chooseLabelColumn(column: string): Promise<void>;
  setImportClassNames(text: string): void;
  /** Makes the previewed dataset current: the teachers and runs of the old one are cleared. */
  switchToImportedDataset(): Promise<void>;
  /** Drops the preview or the refusal (the worker forgets the files). */
  cancelImport(): void;
  /** Goes back to the bundled MNIST. */
  switchToBundledDataset(): Promise<void>;
  /**
   * Switches to the bundled text dataset (the Brown corpus's genres), tokenised in the worker with
   * `encoding`; the config becomes the text preset's unless it already reads text.
   */
  switchToTextCorpus(encoding?: TextEncoding): Promise<void>;
}

type DatasetActions = Pick<
  DatasetSlice,
  | 'importDatasetFiles'
  | 'chooseLabelColumn'
  | 'setImportClassNames'
  | 'switchToImportedDataset'
  | 'cancelImport'
  | 'switchToBundledDataset'
  | 'switchToTextCorpus'
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

  const onStage = (stage: string) =>
    set((s) => (s.datasetImport?.state === 'parsing' ? { datasetImport: { ...s.datasetImport, stage } } : {}));

  /** A preview to show: its label column (for a CSV) is the one the chooser shows. */
  const showPreview = (pending: DatasetImport, preview: DatasetPreview) =>
    set({
      job: 'idle',
      datasetImport: {
        ...pending,
        state: 'preview',
        stage: '',
        preview,
        classNames: preview.classNames.join(', '),
        error: null,
        labelChoice: preview.labelChoice,
      },
      status: `${preview.name}: ${formatCount(preview.count)} samples in ${preview.classNames.length} classes, ready to use.`,
    });

  /**
   * A refusal, said in the Dataset panel next to the file picker (the run bar points there). For a
   * CSV the worker still holds, the chooser lists its columns, so another label column can be tried.
   */
  const refuse = async (pending: DatasetImport, error: unknown, askColumns: boolean) => {
    const options = pending.chosenLabelColumn === null ? {} : { labelColumn: pending.chosenLabelColumn };
    const labelChoice = askColumns ? await client.pendingLabelChoice(options).catch(() => null) : null;
    const failed: DatasetImport = {
      ...pending,
      state: 'failed',
      stage: '',
      preview: null,
      classNames: '',
      error: `The dataset was not imported: ${errorMessage(error)} The current dataset is kept.`,
      labelChoice: labelChoice ?? pending.labelChoice,
    };
    set({ job: 'idle', datasetImport: failed, status: importProblemPointer(failed) ?? '' });
  };

  return {
    async importDatasetFiles(files) {
      if (isRunning(get())) {
        set({ error: 'A dataset can be imported when no job is running.' });
        return;
      }
      const names = files.map((f) => f.name);
      // A label column chosen for this file is used again while its preview (or refusal) is open.
      const open = get().datasetImport;
      const remembered =
        open && open.files.length === 1 && names.length === 1 && open.files[0] === names[0] ? open.chosenLabelColumn : null;
      const pending: DatasetImport = {
        state: 'parsing',
        files: names,
        stage: 'Reading the files…',
        preview: null,
        classNames: '',
        error: null,
        labelChoice: null,
        chosenLabelColumn: remembered,
      };
      set({ job: 'import', error: null, datasetImport: pending });
      let sent = false;
      try {
        for (const file of files) checkImportSize(file.name, file.size);
        const read = await Promise.all(files.map(async (f) => ({ name: f.name, buffer: await f.read() })));
        sent = true;
        const preview = await client.previewDataset(read, remembered === null ? {} : { labelColumn: remembered }, onStage);
        showPreview(pending, preview);
      } catch (error) {
        await refuse(pending, error, sent);
      }
    },

    async chooseLabelColumn(column) {
      const open = get().datasetImport;
      if (!open?.labelChoice || (open.state !== 'preview' && open.state !== 'failed') || isRunning(get())) return;
      const pending: DatasetImport = {
        ...open,
        state: 'parsing',
        stage: `Reading "${column}" as the label column…`,
        preview: null,
        error: null,
        labelChoice: { ...open.labelChoice, labelColumn: column },
        chosenLabelColumn: column,
      };
      set({ job: 'import', error: null, datasetImport: pending });
      try {
        showPreview(pending, await client.reparseDataset({ labelColumn: column }, onStage));
      } catch (error) {
        await refuse(pending, error, false);
      }
    },

    setImportClassNames(text) {
      set((s) => (s.datasetImport ? { datasetImport: { ...s.datasetImport, classNames: text } } : {}));
    },

    async switchToImportedDataset() {
      const pending = get().datasetImport;
      if (pending?.state !== 'preview' || !pending.preview || isRunning(get())) return;
      const classNames = pending.classNames.split(',').map((n) => n.trim());
      set({ job: 'import', datasetImport: { ...pending, state: 'switching', stage: 'Loading the dataset into the worker…', error: null } });
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
        // The worker refused (e.g. the class names): the preview stays, with the message beside its buttons.
        const kept: DatasetImport = { ...pending, state: 'preview', error: `The dataset was not switched: ${errorMessage(error)}` };
        set({ job: 'idle', datasetImport: kept, status: importProblemPointer(kept) ?? '' });
      }
    },

    cancelImport() {
      const { datasetImport: open, datasetSummary: summary, status } = get();
      if (open?.state !== 'preview' && open?.state !== 'failed') return;
      // The run bar no longer points to a message that is gone.
      const pointing = summary !== null && status === importProblemPointer(open);
      set({ datasetImport: null, job: 'idle', ...(pointing ? { status: readyMessage(summary) } : {}) });
      // The worker may hold the files' bytes (a CSV): let it forget them. A dead worker holds nothing.
      client.discardImport().catch(() => {});
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

    async switchToTextCorpus(encoding = DEFAULT_TEXT_ENCODING) {
      if (isRunning(get()) || !deps.loadTextAsset) return;
      set({ job: 'import', error: null, status: 'Loading and tokenising the Brown corpus…' });
      try {
        const asset = await deps.loadTextAsset();
        const { summary, data, classNames } = await client.loadTextCorpus(asset, encoding);
        const config = get().config;
        const readsText = config.teacherArch === 'transformer' && isTextLayout(config.studentHidden);
        set({
          ...cleared,
          ...(readsText ? {} : { config: { ...TEXT_CONFIG } }),
          dataset: datasetOf(data, classNames),
          datasetSummary: summary,
          datasetId: `brown-${encoding.vocabSize}-${encoding.length}`,
          datasetImport: null,
          job: 'idle',
          status: readyMessage(summary),
        });
      } catch (error) {
        fail(`The text dataset could not be loaded: ${errorMessage(error)} The current dataset is kept.`);
      }
    },
  };
}
