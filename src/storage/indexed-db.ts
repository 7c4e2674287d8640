/**
 * Saved data in IndexedDB: one object store per kind of record (keys out-of-line), every read
 * checked before it is trusted (checks.ts), and every failure a StorageError (errors.ts). Opening,
 * upgrading and the schema's version are in saved-data.ts.
 */
import type { DBSchema, IDBPDatabase, IDBPObjectStore, IDBPTransaction } from 'idb';
import { checkDataset, checkRun, checkSweep, checkTeachers, refuseUnreadable, type Verdict } from './checks';
import { describeError, errorName, isQuotaError, StorageError, StorageFullError, underlying } from './errors';
import type { Lookup, SavedData, SavedDataset, SavedRun, SavedSweep, SavedTeachers, Skipped, StorageUsage } from './records';

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
export interface SavedDataSchema extends DBSchema {
  datasets: { key: string; value: unknown };
  teachers: { key: string; value: unknown };
  runs: { key: number; value: unknown };
  meta: { key: string; value: unknown };
  sweeps: { key: string; value: unknown };
}

type StoreName = 'datasets' | 'teachers' | 'runs' | 'meta' | 'sweeps';
const STORE_NAMES: StoreName[] = ['datasets', 'teachers', 'runs', 'meta', 'sweeps'];

export type Database = IDBPDatabase<SavedDataSchema>;
type ReadStore<N extends StoreName> = IDBPObjectStore<SavedDataSchema, [N], N, 'readonly'>;
type WriteTransaction = IDBPTransaction<SavedDataSchema, StoreName[], 'readwrite'>;

export class IndexedDbSavedData implements SavedData {
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
