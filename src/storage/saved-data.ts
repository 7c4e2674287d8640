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
 *
 * This module opens (and upgrades) the database and is what the page imports; the records are in
 * records.ts, the IndexedDB class in indexed-db.ts, the checks in checks.ts, the errors in errors.ts.
 */
import { openDB } from 'idb';
import type { SavedData } from './records';
import { describeError, StorageError } from './errors';
import { IndexedDbSavedData, type Database, type SavedDataSchema } from './indexed-db';

export type {
  Lookup,
  SavedData,
  SavedDataset,
  SavedRun,
  SavedSweep,
  SavedSweepState,
  SavedTeachers,
  Skipped,
  StorageUsage,
} from './records';
export { describeBytes, StorageError, StorageFullError } from './errors';
export { estimateUsage } from './indexed-db';

export const DEFAULT_DATABASE_NAME = 'distill-studio';

/**
 * Raise it (and extend `createStores`) when the stores change; old databases are upgraded in place.
 * 1: datasets, teachers, runs, meta. 2: sweeps.
 */
export const SCHEMA_VERSION = 2;

/** Safari 14.1 could leave `indexedDB.open` pending forever; past this the page stops waiting. */
const DEFAULT_OPEN_TIMEOUT_MS = 10_000;

export interface OpenOptions {
  /** How long to wait for the browser to open the database before giving up. */
  openTimeoutMs?: number;
}

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
