/**
 * Saved work: what a user imported, trained and distilled, kept in the browser's IndexedDB so a
 * reload (or a closed tab) does not throw away minutes of training. It stores, per site:
 *
 * - `datasets`: imported datasets (`ImportedData`, typed arrays as they are), keyed by a string id;
 * - `teachers`: teacher ensembles as the caller hands them (snapshots with ArrayBuffers and
 *   Float32Arrays), keyed by a string id and tied to the dataset they were trained on;
 * - `runs`: finished distillations with their chart series, keyed by the run's number;
 * - `sweeps`: the sweep of each dataset (the lists typed, the settings, every finished point and
 *   the point chosen on validation), keyed by the dataset's id; a new sweep replaces the old one;
 * - `meta`: small facts such as which dataset and teachers were current.
 *
 * Values go in by structured clone (never JSON), so weights and logits stay binary and compact.
 * What comes back is checked before it is trusted: a record this code did not write (another
 * version of the studio, a browser bug, a hand edit in DevTools) is reported and skipped, and the
 * rest still loads. Failures are said in words a user can act on: a full disk is a
 * `StorageFullError`, anything else a `StorageError`, and a browser without usable IndexedDB
 * makes `openSavedData` reject so the page can carry on in memory.
 */
import { openDB, type DBSchema, type IDBPDatabase, type IDBPObjectStore, type IDBPTransaction } from 'idb';
import type { ExperimentConfig } from '../core/settings/config';
import type { ImageShape, ImportedData } from '../core/import/types';
import { SWEEP_KEYS, type PointStatus, type SweepAxis, type SweepKey, type SweepPoint, type SweepValue } from '../core/training/sweep';

export const DEFAULT_DATABASE_NAME = 'distill-studio';

/**
 * Raise it (and extend `createStores`) when the stores change; old databases are upgraded in place.
 * 1: datasets, teachers, runs, meta. 2: sweeps.
 */
export const SCHEMA_VERSION = 2;

/** Safari 14.1 could leave `indexedDB.open` pending forever; past this the page stops waiting. */
const DEFAULT_OPEN_TIMEOUT_MS = 10_000;

export interface SavedDataset {
  id: string;
  name: string;
  /** ISO 8601, like `StudentRun.createdAt`. */
  createdAt: string;
  data: ImportedData;
}

export interface SavedTeachers {
  id: string;
  createdAt: string;
  datasetId: string;
  /** The caller's teacher record (e.g. a `TeacherRecord`): any structured-cloneable object. */
  record: unknown;
}

export interface SavedRun {
  /** The run's number ("Run 3"); runs list in this order. */
  id: number;
  name: string;
  createdAt: string;
  datasetId: string;
  teachersId: string;
  /** The caller's run and chart series (e.g. a `StudentRun` and a `Series`): structured-cloneable objects. */
  run: unknown;
  series: unknown;
}

export type SavedSweepState = 'running' | 'done' | 'stopped' | 'failed';

/** A sweep as it stood at its last change: written when it starts, as each point finishes, and when it ends. */
export interface SavedSweep {
  /** The dataset it ran on: one sweep per dataset is kept (the newest). */
  datasetId: string;
  /** When it started (ISO 8601). */
  createdAt: string;
  teachersId: string;
  /** The lists as typed in the sweep's inputs, one text per setting. */
  lists: Record<string, string>;
  /** The settings every point shares (the form's at the start), and the teachers'. */
  base: ExperimentConfig;
  teacherConfig: ExperimentConfig;
  /** The values the lists gave, and every point's settings in sweep order. */
  axes: SweepAxis[];
  configs: ExperimentConfig[];
  /** Finished points (and a stopped or halted one), in order, with their figures. */
  points: SweepPoint[];
  /** The key of the settings chosen on validation (core/sweep.ts, `sweepReport().selected`); null before a point finished. */
  chosen: string | null;
  /** 'running' when the page closed before the sweep ended. */
  state: SavedSweepState;
}

/** A stored record that was left out of a listing, and why (said so a person can understand it). */
export interface Skipped {
  key: IDBValidKey;
  reason: string;
}

/** What asking for one record found. */
export type Lookup<T> = { status: 'found'; value: T } | { status: 'missing' } | { status: 'unreadable'; reason: string };

export interface StorageUsage {
  /** Bytes this site uses and may use, as the browser estimates them; null where it does not say. */
  usedBytes: number | null;
  quotaBytes: number | null;
}

export interface SavedData {
  putDataset(dataset: SavedDataset): Promise<void>;
  getDataset(id: string): Promise<Lookup<SavedDataset>>;
  /** In id order. */
  listDatasets(): Promise<{ datasets: SavedDataset[]; skipped: Skipped[] }>;
  deleteDataset(id: string): Promise<void>;
  putTeachers(teachers: SavedTeachers): Promise<void>;
  getTeachers(id: string): Promise<Lookup<SavedTeachers>>;
  /** In id order. */
  listTeachers(): Promise<{ teachers: SavedTeachers[]; skipped: Skipped[] }>;
  deleteTeachers(id: string): Promise<void>;
  putRun(run: SavedRun): Promise<void>;
  /** Oldest (lowest id) first. */
  listRuns(): Promise<{ runs: SavedRun[]; skipped: Skipped[] }>;
  /** Rejects with a StorageError when the run is not saved or cannot be read. */
  renameRun(id: number, name: string): Promise<void>;
  deleteRun(id: number): Promise<void>;
  /** Replaces the dataset's saved sweep. */
  putSweep(sweep: SavedSweep): Promise<void>;
  getSweep(datasetId: string): Promise<Lookup<SavedSweep>>;
  /** In dataset-id order. */
  listSweeps(): Promise<{ sweeps: SavedSweep[]; skipped: Skipped[] }>;
  deleteSweep(datasetId: string): Promise<void>;
  /** undefined when nothing is stored under `key`. */
  getMeta(key: string): Promise<unknown>;
  setMeta(key: string, value: unknown): Promise<void>;
  usage(): Promise<StorageUsage>;
  /** Empties every store (the database itself stays). */
  clearAll(): Promise<void>;
  /** Closes the connection; later calls reject with a StorageError. */
  close(): void;
}

export interface OpenOptions {
  /** How long to wait for the browser to open the database before giving up. */
  openTimeoutMs?: number;
}

/** Saving or loading failed; the message says what and why, for the user. */
export class StorageError extends Error {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'StorageError';
  }
}

/** The browser refused a write because this site's storage quota is used up. */
export class StorageFullError extends StorageError {
  readonly usage: StorageUsage;

  constructor(usage: StorageUsage, options?: ErrorOptions) {
    super(storageFullMessage(usage), options);
    this.name = 'StorageFullError';
    this.usage = usage;
  }
}

function storageFullMessage({ usedBytes, quotaBytes }: StorageUsage): string {
  const figures = usedBytes !== null && quotaBytes !== null ? ` (${describeBytes(usedBytes)} used of ${describeBytes(quotaBytes)})` : '';
  return (
    `The browser refused to save: its storage for this site is full${figures}. ` +
    'What is on the page is kept; delete saved runs or datasets to make room.'
  );
}

const BYTE_UNITS = ['B', 'kB', 'MB', 'GB', 'TB'] as const;

/** Bytes as "950 B", "1.2 MB", "48 MB", "2.1 GB" (powers of 1000, like the rest of the studio). */
export function describeBytes(bytes: number): string {
  if (!Number.isFinite(bytes) || bytes < 0) return 'an unknown amount';
  let value = bytes;
  let unit = 0;
  while (value >= 1000 && unit < BYTE_UNITS.length - 1) {
    value /= 1000;
    unit += 1;
  }
  const decimals = unit === 0 || value >= 10 ? 0 : 1;
  return `${value.toFixed(decimals)} ${BYTE_UNITS[unit]}`;
}

/** What this site stores and may store, from `navigator.storage.estimate()`; nulls where the browser (or Node) cannot say. */
export async function estimateUsage(): Promise<StorageUsage> {
  const storage = typeof navigator === 'undefined' ? undefined : navigator.storage;
  if (typeof storage?.estimate !== 'function') return { usedBytes: null, quotaBytes: null };
  try {
    const { usage, quota } = await storage.estimate();
    return { usedBytes: usage ?? null, quotaBytes: quota ?? null };
  } catch {
    return { usedBytes: null, quotaBytes: null };
  }
}

/**
 * Values are `unknown` on purpose: what a read returns may not be what was written, so every
 * read goes through a check. Keys are out-of-line (no keyPath), so even a record that is not an
 * object can sit in a store and be reported rather than break the listing.
 */
interface SavedDataSchema extends DBSchema {
  datasets: { key: string; value: unknown };
  teachers: { key: string; value: unknown };
  runs: { key: number; value: unknown };
  meta: { key: string; value: unknown };
  sweeps: { key: string; value: unknown };
}

type StoreName = 'datasets' | 'teachers' | 'runs' | 'meta' | 'sweeps';
const STORE_NAMES: StoreName[] = ['datasets', 'teachers', 'runs', 'meta', 'sweeps'];

type Database = IDBPDatabase<SavedDataSchema>;
type ReadStore<N extends StoreName> = IDBPObjectStore<SavedDataSchema, [N], N, 'readonly'>;
type WriteTransaction = IDBPTransaction<SavedDataSchema, StoreName[], 'readwrite'>;

/** Brings a database of any earlier version up to this one, keeping what it holds. */
function createStores(db: Database, oldVersion: number): void {
  if (oldVersion < 1) {
    for (const name of ['datasets', 'teachers', 'runs', 'meta'] as const) db.createObjectStore(name);
  }
  if (oldVersion < 2) db.createObjectStore('sweeps');
}

/**
 * Opens (creating or upgrading) the saved-data database. Rejects with a StorageError saying
 * "Saved runs are unavailable in this browser: …" when IndexedDB is missing, refuses to open, or
 * does not answer: the caller then keeps the work in memory only.
 */
export async function openSavedData(name = DEFAULT_DATABASE_NAME, options: OpenOptions = {}): Promise<SavedData> {
  if (typeof indexedDB === 'undefined' || indexedDB === null) {
    throw unavailable('it offers no IndexedDB (private browsing can turn it off).');
  }
  const db = await openDatabase(name, options.openTimeoutMs ?? DEFAULT_OPEN_TIMEOUT_MS);
  return new IndexedDbSavedData(db);
}

function unavailable(reason: string, cause?: unknown): StorageError {
  return new StorageError(`Saved runs are unavailable in this browser: ${reason}`, { cause });
}

/** openDB, except that being blocked or not answering in time counts as failing (a connection that opens late is closed). */
function openDatabase(name: string, timeoutMs: number): Promise<Database> {
  return new Promise((resolve, reject) => {
    let settled = false;
    const fail = (reason: string, cause?: unknown) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      reject(unavailable(reason, cause));
    };
    const timer = setTimeout(() => fail(`the database did not open within ${timeoutMs / 1000} s.`), timeoutMs);
    let opening: Promise<Database>;
    try {
      opening = openDB<SavedDataSchema>(name, SCHEMA_VERSION, {
        upgrade: createStores,
        blocked: () => fail('another tab of the studio holds an older version of the saved data open; close it and reload.'),
      });
    } catch (error) {
      // Some browsers throw from open() itself (sandboxed frames, file: pages).
      fail(`the database could not be opened (${describeError(error)}).`, error);
      return;
    }
    opening.then(
      (db) => {
        if (settled) {
          db.close();
          return;
        }
        settled = true;
        clearTimeout(timer);
        resolve(db);
      },
      (error: unknown) => fail(`the database could not be opened (${describeError(error)}).`, error),
    );
  });
}

class IndexedDbSavedData implements SavedData {
  private readonly db: Database;
  /** Set once the connection is gone, to say why in every later failure. */
  private closedBecause: string | null = null;

  constructor(db: Database) {
    this.db = db;
    // Another tab upgrading the schema waits for every connection to close: let it, rather than block it.
    db.addEventListener('versionchange', () => {
      this.closedBecause = 'another tab opened a newer version of the studio; reload this page to keep saving.';
      db.close();
    });
    db.addEventListener('close', () => {
      this.closedBecause = 'the browser closed the database (site data may have been cleared); reload this page to keep saving.';
    });
  }

  async putDataset(dataset: SavedDataset): Promise<void> {
    refuseUnreadable(checkDataset(dataset, dataset.id), 'dataset');
    await this.write('save the dataset', ['datasets'], (tx) => tx.objectStore('datasets').put(dataset, dataset.id));
  }

  getDataset(id: string): Promise<Lookup<SavedDataset>> {
    return this.lookUp('datasets', id, 'read the saved dataset', checkDataset);
  }

  async listDatasets(): Promise<{ datasets: SavedDataset[]; skipped: Skipped[] }> {
    const { items, skipped } = await this.list('datasets', 'read the saved datasets', checkDataset);
    return { datasets: items, skipped };
  }

  deleteDataset(id: string): Promise<void> {
    return this.write('delete the dataset', ['datasets'], (tx) => tx.objectStore('datasets').delete(id));
  }

  async putTeachers(teachers: SavedTeachers): Promise<void> {
    refuseUnreadable(checkTeachers(teachers, teachers.id), 'teachers');
    await this.write('save the teachers', ['teachers'], (tx) => tx.objectStore('teachers').put(teachers, teachers.id));
  }

  getTeachers(id: string): Promise<Lookup<SavedTeachers>> {
    return this.lookUp('teachers', id, 'read the saved teachers', checkTeachers);
  }

  async listTeachers(): Promise<{ teachers: SavedTeachers[]; skipped: Skipped[] }> {
    const { items, skipped } = await this.list('teachers', 'read the saved teachers', checkTeachers);
    return { teachers: items, skipped };
  }

  deleteTeachers(id: string): Promise<void> {
    return this.write('delete the teachers', ['teachers'], (tx) => tx.objectStore('teachers').delete(id));
  }

  async putRun(run: SavedRun): Promise<void> {
    refuseUnreadable(checkRun(run, run.id), 'run');
    await this.write('save the run', ['runs'], (tx) => tx.objectStore('runs').put(run, run.id));
  }

  async listRuns(): Promise<{ runs: SavedRun[]; skipped: Skipped[] }> {
    const { items, skipped } = await this.list('runs', 'read the saved runs', checkRun);
    return { runs: items, skipped };
  }

  renameRun(id: number, name: string): Promise<void> {
    return this.write('rename the run', ['runs'], async (tx) => {
      const store = tx.objectStore('runs');
      const stored = await store.get(id);
      if (stored === undefined) throw new StorageError(`Could not rename run ${id}: it is not saved.`);
      const verdict = checkRun(stored, id);
      if (!verdict.ok) throw new StorageError(`Could not rename run ${id}: the saved copy cannot be read (${verdict.reason}).`);
      await store.put({ ...verdict.value, name }, id);
    });
  }

  deleteRun(id: number): Promise<void> {
    return this.write('delete the run', ['runs'], (tx) => tx.objectStore('runs').delete(id));
  }

  async putSweep(sweep: SavedSweep): Promise<void> {
    refuseUnreadable(checkSweep(sweep, sweep.datasetId), 'sweep');
    await this.write('save the sweep', ['sweeps'], (tx) => tx.objectStore('sweeps').put(sweep, sweep.datasetId));
  }

  getSweep(datasetId: string): Promise<Lookup<SavedSweep>> {
    return this.lookUp('sweeps', datasetId, 'read the saved sweep', checkSweep);
  }

  async listSweeps(): Promise<{ sweeps: SavedSweep[]; skipped: Skipped[] }> {
    const { items, skipped } = await this.list('sweeps', 'read the saved sweeps', checkSweep);
    return { sweeps: items, skipped };
  }

  deleteSweep(datasetId: string): Promise<void> {
    return this.write('delete the sweep', ['sweeps'], (tx) => tx.objectStore('sweeps').delete(datasetId));
  }

  getMeta(key: string): Promise<unknown> {
    return this.read('read the saved settings', 'meta', (store) => store.get(key));
  }

  setMeta(key: string, value: unknown): Promise<void> {
    return this.write('save the settings', ['meta'], (tx) => tx.objectStore('meta').put(value, key));
  }

  usage(): Promise<StorageUsage> {
    return estimateUsage();
  }

  clearAll(): Promise<void> {
    return this.write('delete the saved data', STORE_NAMES, (tx) => Promise.all(STORE_NAMES.map((name) => tx.objectStore(name).clear())));
  }

  close(): void {
    this.closedBecause ??= 'the saved data was closed.';
    this.db.close();
  }

  private async lookUp<N extends StoreName, T>(
    store: N,
    key: SavedDataSchema[N]['key'],
    action: string,
    check: (value: unknown, key: IDBValidKey) => Verdict<T>,
  ): Promise<Lookup<T>> {
    const stored = await this.read(action, store, (s) => s.get(key));
    if (stored === undefined) return { status: 'missing' };
    const verdict = check(stored, key);
    return verdict.ok ? { status: 'found', value: verdict.value } : { status: 'unreadable', reason: verdict.reason };
  }

  /** Every record of a store that passes `check`, in key order; the others, with the reason, in `skipped`. */
  private async list<T>(
    store: StoreName,
    action: string,
    check: (value: unknown, key: IDBValidKey) => Verdict<T>,
  ): Promise<{ items: T[]; skipped: Skipped[] }> {
    const { entries, unreadable } = await this.readEntries(store, action);
    const items: T[] = [];
    const skipped = [...unreadable];
    for (const { key, value } of entries) {
      const verdict = check(value, key);
      if (verdict.ok) items.push(verdict.value);
      else skipped.push({ key, reason: verdict.reason });
    }
    skipped.sort((a, b) => indexedDB.cmp(a.key, b.key));
    return { items, skipped };
  }

  /**
   * All of a store in one go; if the browser cannot hand them over together (one value it cannot
   * deserialize fails the whole getAll, e.g. Chrome's "Failed to read large IndexedDB value"),
   * one by one, so a single bad record costs only itself.
   */
  private async readEntries(store: StoreName, action: string): Promise<{ entries: StoredEntry[]; unreadable: Skipped[] }> {
    try {
      const [keys, values] = await this.read(action, store, (s) => Promise.all([s.getAllKeys(), s.getAll()]));
      return { entries: keys.map((key, i) => ({ key, value: values[i] })), unreadable: [] };
    } catch {
      return this.readEntriesOneByOne(store, action);
    }
  }

  private async readEntriesOneByOne(store: StoreName, action: string): Promise<{ entries: StoredEntry[]; unreadable: Skipped[] }> {
    const keys: IDBValidKey[] = await this.read(action, store, (s) => s.getAllKeys());
    const entries: StoredEntry[] = [];
    const unreadable: Skipped[] = [];
    for (const key of keys) {
      try {
        entries.push({ key, value: await this.read(action, store, (s) => s.get(IDBKeyRange.only(key))) });
      } catch (error) {
        if (this.closedBecause !== null) throw error; // the connection went, not this record
        unreadable.push({ key, reason: `the browser could not read it (${describeError(underlying(error))})` });
      }
    }
    return { entries, unreadable };
  }

  /** Runs `work` in a read-only transaction on one store; any failure becomes a StorageError. */
  private async read<N extends StoreName, R>(action: string, storeName: N, work: (store: ReadStore<N>) => Promise<R>): Promise<R> {
    this.refuseIfClosed(action);
    try {
      const tx = this.db.transaction(storeName, 'readonly');
      // Awaiting tx.done alongside the work means its rejection is always handled, and the
      // result is only used once the transaction has really finished.
      const [result] = await Promise.all([callAsync(() => work(tx.store)), tx.done]);
      return result;
    } catch (error) {
      throw this.failure(action, error);
    }
  }

  private failure(action: string, error: unknown): StorageError {
    if (error instanceof StorageError) return error;
    return new StorageError(`Could not ${action}: ${describeError(error)}`, { cause: error });
  }

  /**
   * Runs `work` in a read-write transaction and waits for it to commit, because a quota refusal
   * often comes only at commit time (as the transaction's abort), not from the put itself.
   */
  private async write(action: string, stores: StoreName[], work: (tx: WriteTransaction) => Promise<unknown>): Promise<void> {
    const tx = this.beginWrite(action, stores);
    try {
      await Promise.all([tx.done, callAsync(() => work(tx))]);
    } catch (error) {
      abortQuietly(tx);
      throw await this.writeFailure(action, error, tx.error);
    }
  }

  private beginWrite(action: string, stores: StoreName[]): WriteTransaction {
    this.refuseIfClosed(action);
    try {
      return this.db.transaction(stores, 'readwrite');
    } catch (error) {
      throw this.failure(action, error);
    }
  }

  private async writeFailure(action: string, error: unknown, transactionError: unknown): Promise<StorageError> {
    if (error instanceof StorageError) return error;
    const quotaError = [error, transactionError].find(isQuotaError);
    if (quotaError !== undefined) return new StorageFullError(await this.usage(), { cause: quotaError });
    // A request in an aborted transaction fails with a bare AbortError; the transaction says why.
    const cause = errorName(error) === 'AbortError' && transactionError !== null ? transactionError : error;
    return new StorageError(`Could not ${action}: ${describeError(cause)}`, { cause });
  }

  private refuseIfClosed(action: string): void {
    if (this.closedBecause !== null) throw new StorageError(`Could not ${action}: ${this.closedBecause}`);
  }
}

/**
 * Calls `work` so that a synchronous throw (put throws DataCloneError or QuotaExceededError
 * before any request exists) becomes a rejection, which Promise.all then handles like tx.done's.
 */
async function callAsync<R>(work: () => Promise<R>): Promise<R> {
  return work();
}

interface StoredEntry {
  key: IDBValidKey;
  value: unknown;
}

/** The work may have failed before the transaction ended (e.g. a value that cannot be cloned): end it without saving. */
function abortQuietly(tx: WriteTransaction): void {
  try {
    tx.abort();
  } catch {
    // Already committed or aborted: nothing to undo.
  }
}

/** Firefox before the standard name used its own. */
const QUOTA_ERROR_NAMES = new Set(['QuotaExceededError', 'NS_ERROR_DOM_QUOTA_REACHED']);

function isQuotaError(error: unknown): boolean {
  const name = errorName(error);
  return name !== null && QUOTA_ERROR_NAMES.has(name);
}

function errorName(error: unknown): string | null {
  return typeof error === 'object' && error !== null && 'name' in error && typeof error.name === 'string' ? error.name : null;
}

/** The browser's own error behind one of ours, if there is one. */
function underlying(error: unknown): unknown {
  return error instanceof StorageError && error.cause !== undefined ? error.cause : error;
}

function describeError(error: unknown): string {
  if (typeof error === 'object' && error !== null && 'message' in error && typeof error.message === 'string' && error.message !== '') {
    return error.message;
  }
  return errorName(error) ?? String(error);
}

// ——— Checks: is a stored value what this module writes? ———

type Verdict<T> = { ok: true; value: T } | { ok: false; reason: string };

const accepted = <T>(value: T): Verdict<T> => ({ ok: true, value });
const rejected = (reason: string): Verdict<never> => ({ ok: false, reason });
const wrongField = (field: string, value: unknown, expected: string): Verdict<never> =>
  rejected(`${field} is ${describeValue(value)}, expected ${expected}`);

/** Writing what could not be read back would only move the failure to the next reload. */
function refuseUnreadable(verdict: Verdict<unknown>, what: string): void {
  if (!verdict.ok) throw new StorageError(`Could not save the ${what}: ${verdict.reason}.`);
}

type Fields = Record<string, unknown>;

function isFields(value: unknown): value is Fields {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isTextList(value: unknown): value is string[] {
  return Array.isArray(value) && value.every((item) => typeof item === 'string');
}

function isCount(value: unknown): value is number {
  return typeof value === 'number' && Number.isInteger(value) && value >= 0;
}

function isImageShape(value: unknown): value is ImageShape {
  return isFields(value) && isCount(value.height) && isCount(value.width) && isCount(value.channels);
}

function checkDataset(value: unknown, key: IDBValidKey): Verdict<SavedDataset> {
  if (!isFields(value)) return rejected(`it is ${describeValue(value)}, not a saved dataset`);
  const { id, name, createdAt, data } = value;
  if (typeof id !== 'string' || id !== key) return wrongField('id', id, `its key ${describeValue(key)}`);
  if (typeof name !== 'string') return wrongField('name', name, 'text');
  if (typeof createdAt !== 'string') return wrongField('createdAt', createdAt, 'a date as text');
  const checkedData = checkImportedData(data);
  if (!checkedData.ok) return checkedData;
  return accepted({ id, name, createdAt, data: checkedData.value });
}

function checkImportedData(data: unknown): Verdict<ImportedData> {
  if (!isFields(data)) return wrongField('data', data, 'the imported data');
  const { name, classNames, features, values, image, columns, labels, unlabelled, split } = data;
  if (typeof name !== 'string') return wrongField('data.name', name, 'text');
  if (!isTextList(classNames)) return wrongField('data.classNames', classNames, 'a list of texts');
  if (!isCount(features)) return wrongField('data.features', features, 'a whole number');
  if (!(values instanceof Uint8Array || values instanceof Float32Array))
    return wrongField('data.values', values, 'a Uint8Array or Float32Array');
  if (!(labels instanceof Uint8Array)) return wrongField('data.labels', labels, 'a Uint8Array');
  if (image !== null && !isImageShape(image)) return wrongField('data.image', image, 'null or { height, width, channels }');
  if (columns !== null && !isTextList(columns)) return wrongField('data.columns', columns, 'null or a list of texts');
  // A truncated copy would otherwise load and misalign every sample after the cut.
  if (values.length !== labels.length * features) {
    return rejected(`data.values holds ${values.length} numbers, expected ${labels.length} samples × ${features} features`);
  }
  if (unlabelled !== undefined && !(isCount(unlabelled) && unlabelled < labels.length))
    return wrongField('data.unlabelled', unlabelled, `a whole number below ${labels.length}`);
  const blocks = split === undefined ? undefined : isFields(split) ? [split.train, split.val, split.test] : [];
  if (blocks !== undefined && !(blocks.length === 3 && blocks.every(isCount)))
    return wrongField('data.split', split, 'undefined or { train, val, test } counts');
  const [train, val, test] = (blocks ?? []) as number[];
  return accepted({
    name,
    classNames,
    features,
    values,
    image,
    columns,
    labels,
    ...(unlabelled ? { unlabelled } : {}),
    ...(blocks ? { split: { train: train!, val: val!, test: test! } } : {}),
  });
}

function checkTeachers(value: unknown, key: IDBValidKey): Verdict<SavedTeachers> {
  if (!isFields(value)) return rejected(`it is ${describeValue(value)}, not saved teachers`);
  const { id, createdAt, datasetId, record } = value;
  if (typeof id !== 'string' || id !== key) return wrongField('id', id, `its key ${describeValue(key)}`);
  if (typeof createdAt !== 'string') return wrongField('createdAt', createdAt, 'a date as text');
  if (typeof datasetId !== 'string') return wrongField('datasetId', datasetId, 'text');
  if (!isFields(record)) return wrongField('record', record, 'the teachers as an object');
  return accepted({ id, createdAt, datasetId, record });
}

function checkRun(value: unknown, key: IDBValidKey): Verdict<SavedRun> {
  if (!isFields(value)) return rejected(`it is ${describeValue(value)}, not a saved run`);
  const { id, name, createdAt, datasetId, teachersId, run, series } = value;
  if (typeof id !== 'number' || id !== key) return wrongField('id', id, `its key ${describeValue(key)}`);
  if (typeof name !== 'string') return wrongField('name', name, 'text');
  if (typeof createdAt !== 'string') return wrongField('createdAt', createdAt, 'a date as text');
  if (typeof datasetId !== 'string') return wrongField('datasetId', datasetId, 'text');
  if (typeof teachersId !== 'string') return wrongField('teachersId', teachersId, 'text');
  if (!isFields(run)) return wrongField('run', run, 'the run as an object');
  if (!isFields(series)) return wrongField('series', series, 'the series as an object');
  return accepted({ id, name, createdAt, datasetId, teachersId, run, series });
}

const SWEEP_STATES: readonly SavedSweepState[] = ['running', 'done', 'stopped', 'failed'];
const POINT_STATUSES: readonly PointStatus[] = ['done', 'stopped', 'halted'];
/** The figures of a point the sweep's table, chart and ranking read. */
const STUDENT_FIGURES = ['valAccuracy', 'testAccuracy', 'params', 'bytes', 'msPer1000'] as const;
const BASELINE_FIGURES = ['valAccuracy', 'testAccuracy'] as const;

const isSweepKey = (value: unknown): value is SweepKey => (SWEEP_KEYS as readonly unknown[]).includes(value);
/** A swept setting's value: a number, a text, or an on/off setting's boolean (saved before it was one: 'on'/'off', read as they are). */
const isSweepValue = (value: unknown): value is SweepValue =>
  typeof value === 'number' || typeof value === 'string' || typeof value === 'boolean';

function checkSweep(value: unknown, key: IDBValidKey): Verdict<SavedSweep> {
  if (!isFields(value)) return rejected(`it is ${describeValue(value)}, not a saved sweep`);
  const { datasetId, createdAt, teachersId, lists, base, teacherConfig, axes, configs, points, chosen, state } = value;
  if (typeof datasetId !== 'string' || datasetId !== key) return wrongField('datasetId', datasetId, `its key ${describeValue(key)}`);
  if (typeof createdAt !== 'string') return wrongField('createdAt', createdAt, 'a date as text');
  if (typeof teachersId !== 'string') return wrongField('teachersId', teachersId, 'text');
  if (!isFields(lists) || !Object.values(lists).every((text) => typeof text === 'string'))
    return wrongField('lists', lists, 'the lists as texts');
  if (!isFields(base)) return wrongField('base', base, 'the settings as an object');
  if (!isFields(teacherConfig)) return wrongField('teacherConfig', teacherConfig, 'the settings as an object');
  const checkedAxes = checkAxes(axes);
  if (!checkedAxes.ok) return checkedAxes;
  if (!Array.isArray(configs) || configs.length === 0) return wrongField('configs', configs, 'a list of settings');
  for (const [i, config] of configs.entries()) {
    const verdict = checkPointConfig(config, checkedAxes.value, `configs[${i}]`);
    if (!verdict.ok) return verdict;
  }
  if (!Array.isArray(points)) return wrongField('points', points, 'a list of points');
  for (const [i, point] of points.entries()) {
    const verdict = checkPoint(point, checkedAxes.value, configs.length, `points[${i}]`);
    if (!verdict.ok) return verdict;
  }
  if (chosen !== null && typeof chosen !== 'string') return wrongField('chosen', chosen, 'null or text');
  if (!SWEEP_STATES.includes(state as SavedSweepState)) return wrongField('state', state, `one of ${SWEEP_STATES.join(', ')}`);
  return accepted({
    datasetId,
    createdAt,
    teachersId,
    lists: lists as Record<string, string>,
    base: base as unknown as ExperimentConfig,
    teacherConfig: teacherConfig as unknown as ExperimentConfig,
    axes: checkedAxes.value,
    configs: configs as ExperimentConfig[],
    points: points as SweepPoint[],
    chosen,
    state: state as SavedSweepState,
  });
}

function checkAxes(axes: unknown): Verdict<SweepAxis[]> {
  if (!Array.isArray(axes)) return wrongField('axes', axes, 'a list of settings and their values');
  for (const [i, axis] of axes.entries()) {
    if (!isFields(axis)) return wrongField(`axes[${i}]`, axis, '{ key, values }');
    if (!isSweepKey(axis.key)) return wrongField(`axes[${i}].key`, axis.key, 'a setting a sweep can vary');
    if (!Array.isArray(axis.values) || axis.values.length === 0 || !axis.values.every(isSweepValue))
      return wrongField(`axes[${i}].values`, axis.values, 'a list of numbers or texts');
  }
  return accepted(axes as SweepAxis[]);
}

/** A point's settings: an object with a seed, and a number or text for every setting the sweep varies. */
function checkPointConfig(config: unknown, axes: readonly SweepAxis[], path: string): Verdict<true> {
  if (!isFields(config)) return wrongField(path, config, 'the settings as an object');
  if (typeof config.seed !== 'number') return wrongField(`${path}.seed`, config.seed, 'a number');
  for (const { key } of axes) if (!isSweepValue(config[key])) return wrongField(`${path}.${key}`, config[key], 'a number or text');
  return accepted(true);
}

function checkPoint(point: unknown, axes: readonly SweepAxis[], count: number, path: string): Verdict<true> {
  if (!isFields(point)) return wrongField(path, point, 'a finished point');
  const { index, config, results, seconds, status } = point;
  if (!isCount(index) || index < 1 || index > count) return wrongField(`${path}.index`, index, `a whole number from 1 to ${count}`);
  const checkedConfig = checkPointConfig(config, axes, `${path}.config`);
  if (!checkedConfig.ok) return checkedConfig;
  if (!isFields(results)) return wrongField(`${path}.results`, results, 'the results as an object');
  const numbers = (row: unknown, fields: readonly string[], where: string): Verdict<true> => {
    if (!isFields(row)) return wrongField(where, row, 'an object of figures');
    for (const field of fields) if (typeof row[field] !== 'number') return wrongField(`${where}.${field}`, row[field], 'a number');
    return accepted(true);
  };
  for (const verdict of [
    numbers(results.student, STUDENT_FIGURES, `${path}.results.student`),
    numbers(results.baseline, BASELINE_FIGURES, `${path}.results.baseline`),
    numbers(results, ['temperature', 'alpha'], `${path}.results`),
  ]) {
    if (!verdict.ok) return verdict;
  }
  if (typeof seconds !== 'number') return wrongField(`${path}.seconds`, seconds, 'a number');
  if (!POINT_STATUSES.includes(status as PointStatus)) return wrongField(`${path}.status`, status, `one of ${POINT_STATUSES.join(', ')}`);
  return accepted(true);
}

/** A value as a short phrase for a reason ("42", "the text "abc"", "a Float32Array", "missing"). */
function describeValue(value: unknown): string {
  if (value === undefined) return 'missing';
  if (value === null) return 'null';
  if (typeof value === 'string') return `the text ${JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value)}`;
  if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint') return String(value);
  if (Array.isArray(value)) return `a list of ${value.length}`;
  if (ArrayBuffer.isView(value) || value instanceof ArrayBuffer) return `a ${value.constructor.name}`;
  return typeof value === 'object' ? 'an object' : `a ${typeof value}`;
}
