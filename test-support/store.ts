/** A scriptable EngineClient and fixtures for the store tests (no worker, no DOM). */
import { encodeCorpus, type TextEncoding } from '../src/core/text/corpus';
import { DEFAULT_CONFIG, type ExperimentConfig } from '../src/core/settings/config';
import { PIXELS } from '../src/core/data/data';
import type { StudentMetadata } from '../src/core/export/export';
import type { EngineClient, RestartResult } from '../src/bridge/client';
import type {
  BackendInfo,
  BackendRequest,
  CsvLabelChoice,
  DatasetImportOptions,
  DatasetPreview,
  DatasetSummary,
  ImportedData,
  ImportFile,
  DistillProgress,
  DistillResult,
  EpochPoint,
  JobEstimate,
  LiveHyperparams,
  LossPoint,
  ModelRow,
  SavedModel,
  ScheduleEntry,
  TeacherFigures,
  TeacherProgress,
  TeacherResult,
  TeacherSnapshot,
} from '../src/shared/protocol';
import type { ScoredFigures, TeacherCalibration } from '../src/core/ensemble/calibration';
import { createStudioStore } from '../src/state/store';
import type { StudioDeps } from '../src/state/types';

export interface Deferred<T> {
  promise: Promise<T>;
  resolve(value: T): void;
  reject(error: unknown): void;
}

export function deferred<T>(): Deferred<T> {
  let resolve!: (value: T) => void;
  let reject!: (error: unknown) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

/** A tiny imported table: 20 rows of 2 columns, labels alternating over 2 classes. */
export function importedData(): ImportedData {
  return {
    name: 'table.csv',
    classNames: ['a', 'b'],
    features: 2,
    values: Float32Array.from({ length: 40 }, (_, i) => i % 7),
    image: null,
    columns: ['x', 'y'],
    labels: Uint8Array.from({ length: 20 }, (_, i) => i % 2),
  };
}

export function importedPreview(): DatasetPreview {
  const data = importedData();
  return {
    name: data.name,
    count: 20,
    features: 2,
    image: null,
    columns: data.columns,
    classNames: data.classNames,
    perClass: [10, 10],
    split: { train: 14, val: 2, test: 4 },
    splitRule: 'split 70/10/20 within each class (the data has no test set of its own)',
    samples: data,
    labelChoice: { header: ['x', 'y', 'label'], labelColumn: 'label' },
  };
}

export const SUMMARY: DatasetSummary = {
  name: 'MNIST',
  classNames: ['0', '1', '2'],
  count: 10,
  train: 7,
  val: 1,
  test: 2,
  hash: 'sha256:00',
};

export function backendInfo(name: BackendInfo['name'] = 'wasm', requested: BackendRequest = 'auto'): BackendInfo {
  return { name, requested, skipped: [], detail: 'test backend', unsupported: {} };
}

export function snapshot(members = 2, config: ExperimentConfig = DEFAULT_CONFIG): TeacherSnapshot {
  return {
    config,
    members: Array.from({ length: members }, () => ({ modelTopology: {}, weightSpecs: [], weightData: new ArrayBuffer(4) })),
    logits: Array.from({ length: members }, (_, m) => Float32Array.from({ length: 30 }, (_, i) => (i % 3 === 0 ? 5 : m))),
    weights: Array(members).fill(1),
    importedFrom: null,
  };
}

const figures = (accuracy: number, ece: number): ScoredFigures => ({ accuracy, ece, mce: ece * 3, nll: 0.2, brier: 0.08, reliability: [] });

/** Temperatures and before/after figures as the worker would report them (members over-confident, T > 1). */
export function calibrationFixture(members = 2): TeacherCalibration {
  return {
    memberTemperatures: Array.from({ length: members }, (_, m) => 1.5 + m / 10),
    ensembleTemperature: 0.9,
    members: Array.from({ length: members }, () => ({ before: figures(0.95, 0.03), after: figures(0.95, 0.01) })),
    ensemble: { before: figures(0.97, 0.02), after: figures(0.97, 0.008) },
  };
}

const timing = { samples: 7000, loopSeconds: 10, totalSeconds: 12 };

export function teacherResult(members = 2, config: ExperimentConfig = DEFAULT_CONFIG): TeacherResult {
  return {
    snapshot: snapshot(members, config),
    memberTestAccuracy: Array(members).fill(0.95),
    memberValAccuracy: Array(members).fill(0.94),
    ensembleTestAccuracy: 0.97,
    ensembleValAccuracy: 0.96,
    diversity: {
      memberEce: Array(members).fill(0.02),
      disagreement: Array.from({ length: members }, (_, i) => Array.from({ length: members }, (_, j) => (i === j ? 0 : 0.04))),
      oracleAccuracy: 0.98,
      bestMemberAccuracy: 0.95,
      ensembleGain: 0.02,
    },
    weights: Array(members).fill(1),
    calibration: calibrationFixture(members),
    stopped: false,
    timing,
  };
}

const row = (testAccuracy: number): ModelRow => ({
  keptEpoch: null,
  params: 1000,
  bytes: 4000,
  valAccuracy: testAccuracy - 0.01,
  testAccuracy,
  ece: 0.02,
  mce: 0.1,
  nll: 0.15,
  brier: 0.07,
  reliability: [],
  agreement: 0.98,
  meanKl: 0.05,
  msPer1000: 3,
});

export function scheduleEntry(step: number, temperature = 4, alpha = 0.9): ScheduleEntry {
  return { step, epoch: Math.floor(step / 10) + 1, batch: (step % 10) + 1, temperature, alpha };
}

/** Log-probabilities of a 3-class model that predicts class 0 for every image of the tiny dataset (1 val, 2 test rows). */
const outputs = () => ({ val: new Float32Array([-0.1, -3, -3]), test: new Float32Array([-0.1, -3, -3, -0.1, -3, -3]) });

export function distillResult(accuracy = 0.96, failure: string | null = null, baseline = 0.95): DistillResult {
  return {
    quantized: [
      { dtype: 'float32', bytes: 4000, testAccuracy: accuracy, agreement: 1 },
      { dtype: 'float16', bytes: 2000, testAccuracy: accuracy, agreement: 0.999 },
      { dtype: 'uint16', bytes: 2000, testAccuracy: accuracy, agreement: 1 },
      { dtype: 'uint8', bytes: 1000, testAccuracy: accuracy - 0.002, agreement: 0.99 },
    ],
    results: {
      ensemble: row(0.97),
      student: row(accuracy),
      baseline: row(baseline),
      compression: 20,
      speedup: 8,
      temperature: 4,
      alpha: 0.9,
      schedule: [scheduleEntry(0)],
      timed: true,
      halt: null,
      teacherView: { weights: [1, 1], scales: [1, 1] },
    },
    outputs: { ensemble: outputs(), student: outputs(), baseline: outputs() },
    student: { modelTopology: { accuracy }, weightSpecs: [], weightData: new ArrayBuffer(8) },
    baseline: { modelTopology: { baseline }, weightSpecs: [], weightData: new ArrayBuffer(8) },
    accuracies: [],
    stopped: false,
    timing,
    failure,
  };
}

/** The figures the worker reports at the end of `epoch` of `batches` batches (accuracies rising with it). */
export function epochPoint(epoch: number, batches = 10): EpochPoint {
  const a = 0.8 + epoch / 100;
  return {
    epoch,
    step: epoch * batches,
    studentTrainAccuracy: a + 0.01,
    studentValAccuracy: a,
    studentValLoss: 0.5 / epoch,
    studentValEce: 0.03,
    studentValAgreement: 0.9,
    studentValKl: 0.2,
    studentTestAccuracy: a - 0.005,
    baselineValAccuracy: a - 0.02,
    baselineValLoss: 0.6 / epoch,
    baselineValEce: 0.04,
    baselineValAgreement: 0.85,
    baselineValKl: 0.3,
    baselineTestAccuracy: a - 0.025,
    softWeights: null,
  };
}

export function lossPoint(step: number, temperature = 4, alpha = 0.9): LossPoint {
  const soft = 0.5;
  const hard = 0.4;
  return {
    step,
    epoch: 1,
    temperature,
    alpha,
    total: alpha * temperature ** 2 * soft + (1 - alpha) * hard,
    softTerm: alpha * temperature ** 2 * soft,
    hardTerm: (1 - alpha) * hard,
    soft,
    hard,
    baseline: 0.45,
  };
}

export function teacherProgress(member: number, batch: number, phase: TeacherProgress['phase'] = 'training'): TeacherProgress {
  return {
    phase,
    fraction: 0.5,
    epoch: 1,
    epochs: 2,
    batch,
    batches: 10,
    secondsLeft: 12,
    finishing: null,
    member,
    members: 2,
    loss: 0.3,
    memberTestAccuracy: [],
    losses: [],
    epochPoints: [],
  };
}

export function distillProgress(
  losses: LossPoint[],
  schedule: ScheduleEntry[] = [],
  phase: DistillProgress['phase'] = 'training',
): DistillProgress {
  return {
    phase,
    fraction: 0.1,
    epoch: 1,
    epochs: 3,
    batch: 5,
    batches: 10,
    secondsLeft: null,
    finishing: null,
    losses,
    accuracies: [],
    schedule,
  };
}

/** A fake worker client: each job returns a deferred the test settles; calls are recorded. */
export class FakeClient implements EngineClient {
  calls: string[] = [];
  hyperparams: LiveHyperparams[] = [];
  teacherJob = deferred<TeacherResult>();
  distillJob = deferred<DistillResult>();
  /** The config of every distill call, in order. */
  distillConfigs: ExperimentConfig[] = [];
  /** Set once a call has taken distillJob: the next call gets a fresh one (a sweep makes many calls). */
  private distillJobTaken = false;
  teacherProgress: ((p: TeacherProgress) => void) | null = null;
  distillProgress: ((p: DistillProgress) => void) | null = null;
  restored: TeacherSnapshot[] = [];
  startError: Error | null = null;
  estimates: ExperimentConfig[] = [];
  estimateAnswer: JobEstimate | null = { teacherSeconds: 60, distillSeconds: 20, basis: 'probe' };
  private crashListeners = new Set<(message: string) => void>();

  async start(request: BackendRequest) {
    this.calls.push(`start:${request}`);
    if (this.startError) throw this.startError;
    return backendInfo('wasm', request);
  }
  async restart(request: BackendRequest): Promise<RestartResult> {
    this.calls.push(`restart:${request}`);
    return { backend: backendInfo(request === 'auto' ? 'wasm' : request, request), dataset: SUMMARY, restoredTeachers: true };
  }
  async loadDataset() {
    this.calls.push('loadDataset');
    return SUMMARY;
  }
  /** The files previewed, and what the next preview answers (or throws). */
  previewed: ImportFile[][] = [];
  previewOptions: DatasetImportOptions[] = [];
  previewAnswer: DatasetPreview | Error = importedPreview();
  async previewDataset(files: ImportFile[], options: DatasetImportOptions, onProgress: (stage: string) => void) {
    this.calls.push('previewDataset');
    this.previewed.push(files);
    this.previewOptions.push(options);
    onProgress('Parsing…');
    if (this.previewAnswer instanceof Error) throw this.previewAnswer;
    return this.previewAnswer;
  }
  /** The options of every reparse, and what the next one answers (or throws). */
  reparsed: DatasetImportOptions[] = [];
  reparseAnswer: DatasetPreview | Error = importedPreview();
  async reparseDataset(options: DatasetImportOptions, onProgress: (stage: string) => void) {
    this.calls.push('reparseDataset');
    this.reparsed.push(options);
    onProgress('Parsing…');
    if (this.reparseAnswer instanceof Error) throw this.reparseAnswer;
    return this.reparseAnswer;
  }
  /** The columns of the CSV the worker holds (null: not a CSV); the options of each question. */
  labelChoiceAnswer: CsvLabelChoice | null = { header: ['x', 'y', 'label'], labelColumn: 'label' };
  labelChoiceAsked: DatasetImportOptions[] = [];
  async pendingLabelChoice(options: DatasetImportOptions) {
    this.calls.push('pendingLabelChoice');
    this.labelChoiceAsked.push(options);
    return this.labelChoiceAnswer;
  }
  async discardImport() {
    this.calls.push('discardImport');
  }
  logitsAnswer: TeacherResult | Error = { ...teacherResult(2), snapshot: { ...snapshot(2), members: [], importedFrom: 'ensemble.npy' } };
  async importTeacherLogits(file: ImportFile) {
    this.calls.push(`importTeacherLogits:${file.name}`);
    if (this.logitsAnswer instanceof Error) throw this.logitsAnswer;
    return this.logitsAnswer;
  }
  async loadImportedDataset(data: ImportedData, classNames: string[]) {
    this.calls.push('loadImportedDataset');
    return { ...SUMMARY, name: data.name, classNames };
  }
  modelsAnswer: TeacherResult | Error = teacherResult(3);
  async importTeacherModels(files: ImportFile[]) {
    this.calls.push(`importTeacherModels:${files.map((f) => f.name).join(',')}`);
    if (this.modelsAnswer instanceof Error) throw this.modelsAnswer;
    return this.modelsAnswer;
  }
  /** Answers logitsAt with 3-class logits favouring class 0, for every teacher and both students. */
  async logitsAt(points: Float32Array) {
    this.calls.push('logitsAt');
    const logits = () => Float32Array.from({ length: (points.length / 2) * 3 }, (_, i) => (i % 3 === 0 ? 2 : 0));
    return { members: [logits(), logits()], student: logits(), baseline: logits() };
  }
  useError: Error | null = null;
  /** Answers with a tiny tokenised corpus (two classes, three texts), the way the worker tokenises one. */
  async loadTextCorpus(asset: ArrayBuffer, encoding: TextEncoding) {
    this.calls.push(`loadTextCorpus:${asset.byteLength}:${encoding.vocabSize}x${encoding.length}`);
    const corpus = {
      name: 'tiny corpus',
      classNames: ['a', 'b'],
      texts: ['x y', 'y z', 'x z'],
      labels: Uint8Array.from([0, 1, 0]),
      split: { train: 1, val: 1, test: 1 },
    };
    const data = encodeCorpus(corpus, encoding);
    return { summary: { ...SUMMARY, name: data.name, classNames: corpus.classNames }, data, classNames: corpus.classNames };
  }
  async useImportedDataset(classNames: string[]) {
    this.calls.push('useImportedDataset');
    if (this.useError) throw this.useError;
    const data = importedData();
    return { summary: { ...SUMMARY, name: data.name, classNames }, data, classNames };
  }
  trainTeachers(_config: ExperimentConfig, onProgress: (p: TeacherProgress) => void) {
    this.calls.push('trainTeachers');
    this.teacherProgress = onProgress;
    return this.teacherJob.promise;
  }
  async restoreTeachers(held: TeacherSnapshot) {
    this.calls.push('restoreTeachers');
    this.restored.push(held);
  }
  /** Weights sent by setTeacherWeights, in order; the answer echoes them with `weightFigures`. */
  weights: number[][] = [];
  weightsError: Error | null = null;
  async setTeacherWeights(weights: number[]): Promise<TeacherFigures> {
    this.calls.push('setTeacherWeights');
    if (this.weightsError) throw this.weightsError;
    this.weights.push(weights);
    const { ensembleTestAccuracy, ensembleValAccuracy, diversity, calibration } = teacherResult(weights.length);
    return { weights, ensembleTestAccuracy: ensembleTestAccuracy - 0.01, ensembleValAccuracy, diversity, calibration };
  }
  distill(config: ExperimentConfig, onProgress: (p: DistillProgress) => void) {
    this.calls.push('distill');
    this.distillConfigs.push(config);
    this.distillProgress = onProgress;
    if (this.distillJobTaken) this.distillJob = deferred();
    this.distillJobTaken = true;
    return this.distillJob.promise;
  }
  setHyperparams(h: LiveHyperparams) {
    this.hyperparams.push(h);
  }
  stop() {
    this.calls.push('stop');
  }
  async estimate(config: ExperimentConfig) {
    this.estimates.push(config);
    return this.estimateAnswer;
  }
  onCrash(listener: (message: string) => void) {
    this.crashListeners.add(listener);
    return () => this.crashListeners.delete(listener);
  }
  dispose() {}
  /** Simulates the worker dying. */
  crash(message: string) {
    for (const listener of this.crashListeners) listener(message);
  }
}

/** A tiny valid dataset asset (the DSMN format): `count` images, labels cycling 0..2. */
export function tinyAsset(count = 30): ArrayBuffer {
  const bytes = new Uint8Array(16 + count + count * PIXELS);
  bytes.set(
    [...'DSMN'].map((c) => c.charCodeAt(0)),
    0,
  );
  const view = new DataView(bytes.buffer);
  view.setUint32(4, 1, true);
  view.setUint32(8, count, true);
  view.setUint32(12, PIXELS, true);
  for (let i = 0; i < count; i++) bytes[16 + i] = i % 3;
  return bytes.buffer;
}

export function makeStore(options: { hash?: string; search?: string; deps?: Partial<StudioDeps> } = {}) {
  const client = new FakeClient();
  const saved: { fileName: string; metadata: StudentMetadata; model: SavedModel }[] = [];
  /** Files other than model zips: `text` for text, `bytes` for binary. */
  const texts: { fileName: string; text: string; bytes: Uint8Array | null; type: string }[] = [];
  const store = createStudioStore(
    {
      client,
      loadAsset: async () => tinyAsset(),
      saveModel: (fileName, model, metadata) => saved.push({ fileName, model, metadata }),
      saveFile: (fileName, data, type) =>
        texts.push({ fileName, text: typeof data === 'string' ? data : '', bytes: typeof data === 'string' ? null : data, type }),
      now: () => new Date('2026-01-02T03:04:05Z'),
      ...options.deps,
    },
    { hash: options.hash ?? '', search: options.search ?? '' },
  );
  return { store, client, saved, texts };
}

/** Boots a store to "Ready". */
export async function readyStore(options: Parameters<typeof makeStore>[0] = {}) {
  const made = makeStore(options);
  await made.store.getState().boot();
  return made;
}

/** Lets pending promise callbacks run. */
export const flush = () => new Promise<void>((resolve) => setTimeout(resolve, 0));
