/**
 * The object the worker exposes: a thin adapter from the StudioEngine protocol to a
 * DistillationSession. No training logic lives here.
 */
import type { ExperimentConfig } from '../core/settings/config';
import * as Comlink from 'comlink';
import { formatBytes } from '../core/format';
import { parseMnistAsset, type Dataset } from '../core/data/data';
import { csvLabelChoice, datasetOf, isCsvImport, parseDatasetFiles, previewOf } from '../core/import/dataset-files';
import { checkImportSize } from '../core/import/limits';
import { parseLayersModelFiles } from '../core/import/layers-model';
import { parseLogits } from '../core/import/logits';
import type { InputFile } from '../core/import/types';
import { DistillationSession, summarizeDataset } from '../core/training/session';
import { encodeCorpus, parseTextCorpus } from '../core/text/corpus';
import { initBackend, watchDeviceLoss } from './backend';
import type {
  BackendRequest,
  DatasetImportOptions,
  DatasetSummary,
  ImportedData,
  ImportFile,
  StudioEngine,
  TextEncoding,
  TeacherSnapshot,
} from '../shared/protocol';

let session: DistillationSession | null = null;
/** A dataset parsed and previewed, not yet in use. */
let pendingImport: ImportedData | null = null;
/** The CSV it comes from (or that was refused), kept until the import is used or discarded: another label column may be chosen. */
let pendingCsv: InputFile[] | null = null;
let faultListener: ((message: string) => void) | null = null;

/** The session on the loaded dataset (the benchmark's worker, src/bench/bench.worker.ts, runs on it too). */
export function requireSession(): DistillationSession {
  if (!session) throw new Error('No dataset is loaded in the worker yet.');
  return session;
}

/** A new session on `dataset` (the old one's teachers and student go with it). */
function replaceSession(dataset: Dataset): DatasetSummary {
  session?.dispose();
  session = new DistillationSession(dataset);
  return summarizeDataset(session.dataset);
}

/** Parses files into the dataset held aside (none while parsing, so a refusal leaves none) and previews it. */
function parsePending(inputs: InputFile[], options: DatasetImportOptions, onProgress: (stage: string) => void) {
  pendingImport = null;
  const total = inputs.reduce((sum, f) => sum + f.bytes.byteLength, 0);
  const column = options.labelColumn === undefined ? '' : ` with "${options.labelColumn}" as the label`;
  onProgress(`Parsing ${inputs.map((f) => f.name).join(', ')} (${formatBytes(total)})${column}…`);
  const data = parseDatasetFiles(inputs, options);
  onProgress('Checking the split…');
  const preview = previewOf(data, csvLabelChoice(inputs, options));
  pendingImport = data;
  return preview;
}

/** The dataset made current, as the page gets it: its own copy (samples, labels, texts) and the data for a worker restart. */
function forPage(summary: DatasetSummary, data: ImportedData) {
  const copy = { ...data, values: data.values.slice(), labels: data.labels.slice() };
  return Comlink.transfer({ summary, data: copy, classNames: summary.classNames }, [copy.values.buffer, copy.labels.buffer]);
}

export const engine: StudioEngine = {
  async init(request: BackendRequest) {
    const info = await initBackend(request);
    watchDeviceLoss((message) => faultListener?.(message));
    return info;
  },

  async loadDataset(asset: ArrayBuffer) {
    return replaceSession(parseMnistAsset(asset));
  },

  async previewDataset(files: ImportFile[], options: DatasetImportOptions, onProgress) {
    const inputs = files.map((f) => ({ name: f.name, bytes: new Uint8Array(f.buffer) }));
    pendingCsv = isCsvImport(inputs) ? inputs : null;
    return parsePending(inputs, options, onProgress);
  },

  async reparseDataset(options: DatasetImportOptions, onProgress) {
    if (!pendingCsv) throw new Error('The worker no longer holds the file: choose it again.');
    return parsePending(pendingCsv, options, onProgress);
  },

  async pendingLabelChoice(options: DatasetImportOptions) {
    return pendingCsv ? csvLabelChoice(pendingCsv, options) : null;
  },

  async discardImport() {
    pendingImport = null;
    pendingCsv = null;
  },

  async useImportedDataset(classNames: string[]) {
    if (!pendingImport) throw new Error('Choose the files of a dataset first.');
    const data = pendingImport;
    const summary = replaceSession(datasetOf(data, classNames));
    pendingImport = null;
    pendingCsv = null;
    return forPage(summary, data);
  },

  async importTeacherLogits(file: ImportFile, config: ExperimentConfig) {
    const current = requireSession();
    checkImportSize(file.name, file.buffer.byteLength);
    const logits = parseLogits(
      { name: file.name, bytes: new Uint8Array(file.buffer) },
      { count: current.dataset.count, classes: current.classes, classNames: current.dataset.classNames },
    );
    return current.importTeacherLogits(logits, config);
  },

  async importTeacherModels(files: ImportFile[], config: ExperimentConfig) {
    const models = parseLayersModelFiles(files.map((f) => ({ name: f.name, bytes: new Uint8Array(f.buffer) })));
    return requireSession().importTeacherModels(models, config);
  },

  logitsAt(points: Float32Array) {
    return requireSession().logitsAt(points);
  },

  async loadTextCorpus(asset: ArrayBuffer, encoding: TextEncoding) {
    const data = encodeCorpus(parseTextCorpus(new TextDecoder().decode(asset)), encoding);
    const summary = replaceSession(datasetOf(data));
    return forPage(summary, data);
  },

  async loadImportedDataset(data: ImportedData, classNames: string[]) {
    return replaceSession(datasetOf(data, classNames));
  },

  trainTeachers(config: ExperimentConfig, onProgress) {
    return requireSession().trainTeachers(config, { onProgress });
  },

  restoreTeachers(snapshot: TeacherSnapshot) {
    return requireSession().restoreTeachers(snapshot);
  },

  async setTeacherWeights(weights: number[]) {
    return requireSession().setTeacherWeights(weights);
  },

  distill(config: ExperimentConfig, onProgress) {
    return requireSession().distill(config, { onProgress });
  },

  setHyperparams(hyperparams) {
    requireSession().setHyperparams(hyperparams);
  },

  stop() {
    session?.stop();
  },

  estimate(config: ExperimentConfig) {
    return requireSession().estimate(config);
  },

  watchFaults(onFault) {
    faultListener = onFault;
  },
};
