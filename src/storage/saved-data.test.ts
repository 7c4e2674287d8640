/**
 * The saved-data layer against fake-indexeddb: typed arrays and ArrayBuffers survive the round
 * trip, runs list in id order, a record this code did not write is reported and skipped while the
 * rest loads, a full disk becomes a StorageFullError with figures, a database of the previous
 * version opens with its data and gains the sweeps store, and a browser without usable IndexedDB
 * makes openSavedData reject. Each test opens a database of its own name.
 */
import 'fake-indexeddb/auto';
import { openDB } from 'idb';
import { DEFAULT_CONFIG } from '../core/settings/config';
import type { Results } from '../core/types';
import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  describeBytes,
  estimateUsage,
  openSavedData,
  SCHEMA_VERSION,
  StorageError,
  StorageFullError,
  type SavedData,
  type SavedDataset,
  type SavedRun,
  type SavedSweep,
  type SavedTeachers,
} from './saved-data';

const CREATED = '2025-01-02T03:04:05.000Z';
const FULL_WITHOUT_FIGURES =
  'The browser refused to save: its storage for this site is full. What is on the page is kept; delete saved runs or datasets to make room.';

let databases = 0;
const opened: SavedData[] = [];

async function openFresh(): Promise<{ saved: SavedData; name: string }> {
  databases += 1;
  const name = `saved-data-test-${databases}`;
  const saved = await openSavedData(name);
  opened.push(saved);
  return { saved, name };
}

/** Writes a value with plain IDB, bypassing the checks: what another version of the studio (or DevTools) could leave behind. */
async function putRaw(name: string, store: string, value: unknown, key: IDBValidKey): Promise<void> {
  const raw = await openDB(name);
  await raw.put(store, value, key);
  raw.close();
}

afterEach(() => {
  for (const saved of opened.splice(0)) saved.close();
  vi.restoreAllMocks();
  vi.unstubAllGlobals();
});

const imageDataset = (id: string): SavedDataset => ({
  id,
  name: 'Digits',
  createdAt: CREATED,
  data: {
    name: 'digits.idx',
    classNames: ['0', '1'],
    features: 4,
    values: new Uint8Array([0, 255, 1, 2, 3, 4, 5, 6]),
    image: { height: 2, width: 2, channels: 1 },
    columns: null,
    labels: new Uint8Array([0, 1]),
  },
});

const tabularDataset = (id: string): SavedDataset => ({
  id,
  name: 'Iris',
  createdAt: CREATED,
  data: {
    name: 'iris.csv',
    classNames: ['setosa', 'virginica'],
    features: 2,
    values: new Float32Array([0.5, -1.25, 3, 4.75]),
    image: null,
    columns: ['petal length', 'petal width'],
    labels: new Uint8Array([1, 0]),
  },
});

const teacherRecord = {
  snapshot: {
    members: [{ modelTopology: { layers: [] }, weightSpecs: [], weightData: new Uint8Array([1, 2, 3, 4]).buffer }],
    logits: [new Float32Array([0.25, 0.75])],
    weights: [1],
  },
  stopped: false,
};
const teachers: SavedTeachers = { id: 't1', createdAt: CREATED, datasetId: 'mnist', record: teacherRecord };

const savedRun = (id: number, name = `Run ${id}`): SavedRun => ({
  id,
  name,
  createdAt: CREATED,
  datasetId: 'mnist',
  teachersId: 't1',
  run: { id, weights: new Float32Array([id, id + 0.5]).buffer },
  series: { losses: [{ step: 1, total: 0.5 }], stride: 1 },
});

const idsOf = (runs: SavedRun[]) => runs.map((run) => run.id);

/** A point's figures: what the sweep's table, chart and ranking read, and a little more. */
const figures = (accuracy: number) => ({
  valAccuracy: accuracy,
  testAccuracy: accuracy - 0.01,
  params: 50_890,
  bytes: 203_560,
  msPer1000: NaN,
  ece: 0.02,
});

/** A sweep over T = 2, 4 (seed 0) with its first point finished, as the store writes one. */
const savedSweep = (datasetId = 'mnist'): SavedSweep => {
  const configs = [2, 4].map((temperature) => ({ ...DEFAULT_CONFIG, temperature, seed: 0 }));
  return {
    datasetId,
    createdAt: CREATED,
    teachersId: 't1',
    lists: { temperature: '2, 4', alpha: '0.9', studentHidden: '64', loss: 'kd', calibrateTeachers: 'off', seed: '0' },
    base: DEFAULT_CONFIG,
    teacherConfig: DEFAULT_CONFIG,
    axes: [
      { key: 'temperature', values: [2, 4] },
      { key: 'alpha', values: [0.9] },
      { key: 'seed', values: [0] },
    ],
    configs,
    points: [
      {
        index: 1,
        config: configs[0]!,
        // Only the figures a sweep reads: the record's check is about those.
        results: {
          student: figures(0.93),
          baseline: figures(0.91),
          ensemble: figures(0.95),
          temperature: 2,
          alpha: 0.9,
        } as unknown as Results,
        seconds: 12.5,
        status: 'done',
      },
    ],
    chosen: '{"temperature":2}',
    state: 'running',
  };
};

describe('datasets', () => {
  it('come back with their typed arrays as typed arrays', async () => {
    const { saved } = await openFresh();
    await saved.putDataset(imageDataset('digits'));
    await saved.putDataset(tabularDataset('iris'));

    const digits = await saved.getDataset('digits');
    const iris = await saved.getDataset('iris');
    if (digits.status !== 'found' || iris.status !== 'found') throw new Error('datasets not found');
    expect(digits.value).toEqual(imageDataset('digits'));
    expect(digits.value.data.values).toBeInstanceOf(Uint8Array);
    expect(digits.value.data.labels).toBeInstanceOf(Uint8Array);
    expect(iris.value.data.values).toBeInstanceOf(Float32Array);
    expect([...iris.value.data.values]).toEqual([0.5, -1.25, 3, 4.75]);

    const { datasets, skipped } = await saved.listDatasets();
    expect(datasets.map((d) => d.id)).toEqual(['digits', 'iris']);
    expect(skipped).toEqual([]);
  });

  it('are missing once deleted', async () => {
    const { saved } = await openFresh();
    await saved.putDataset(imageDataset('digits'));
    await saved.deleteDataset('digits');
    expect(await saved.getDataset('digits')).toEqual({ status: 'missing' });
    await expect(saved.deleteDataset('never-saved')).resolves.toBeUndefined();
  });

  it('are refused before writing when they could not be read back', async () => {
    const { saved } = await openFresh();
    const truncated = tabularDataset('iris');
    truncated.data.values = new Float32Array([1, 2, 3]);
    await expect(saved.putDataset(truncated)).rejects.toThrow(
      'Could not save the dataset: data.values holds 3 numbers, expected 2 samples × 2 features.',
    );
    expect(await saved.getDataset('iris')).toEqual({ status: 'missing' });
  });

  it('keep a 2D dataset’s own split and its unlabelled rows, and refuse a split that is not three counts', async () => {
    const { saved } = await openFresh();
    const toy = tabularDataset('toy');
    toy.data = { ...toy.data, split: { train: 1, val: 0, test: 1 }, unlabelled: 0 };
    await saved.putDataset(toy);
    const found = await saved.getDataset('toy');
    if (found.status !== 'found') throw new Error('dataset not found');
    expect(found.value.data.split).toEqual({ train: 1, val: 0, test: 1 });
    const bad = tabularDataset('bad');
    bad.data = { ...bad.data, split: { train: 1, val: -1, test: 'x' } as unknown as { train: number; val: number; test: number } };
    await expect(saved.putDataset(bad)).rejects.toThrow(/data\.split/);
    const tooMany = tabularDataset('many');
    tooMany.data = { ...tooMany.data, unlabelled: 2 };
    await expect(saved.putDataset(tooMany)).rejects.toThrow(/data\.unlabelled/);
  });

  it('keep a colour image dataset’s three channels and a split whose validation rows were marked in the data', async () => {
    const { saved } = await openFresh();
    const colour: SavedDataset = {
      id: 'colour',
      name: 'Colour',
      createdAt: CREATED,
      data: {
        name: 'shapes.zip',
        classNames: ['red', 'blue'],
        features: 12,
        values: Uint8Array.from({ length: 36 }, (_, i) => i * 7),
        image: { height: 2, width: 2, channels: 3 },
        columns: null,
        labels: new Uint8Array([0, 1, 0]),
        split: { train: 1, val: 1, test: 1, markedVal: true },
      },
    };
    await saved.putDataset(colour);
    const found = await saved.getDataset('colour');
    if (found.status !== 'found') throw new Error('dataset not found');
    expect(found.value).toEqual(colour);
    const bad = { ...colour, id: 'bad', data: { ...colour.data, split: { train: 1, val: 1, test: 1, markedVal: 'yes' } } };
    await expect(saved.putDataset(bad as unknown as SavedDataset)).rejects.toThrow(/data\.split\.markedVal/);
  });

  it('skip a stored dataset whose data is not what was written', async () => {
    const { saved, name } = await openFresh();
    await saved.putDataset(imageDataset('digits'));
    await putRaw(name, 'datasets', { ...imageDataset('broken'), data: { ...imageDataset('broken').data, values: [1, 2, 3] } }, 'broken');

    const { datasets, skipped } = await saved.listDatasets();
    expect(datasets.map((d) => d.id)).toEqual(['digits']);
    expect(skipped).toEqual([{ key: 'broken', reason: 'data.values is a list of 3, expected a Uint8Array or Float32Array' }]);
  });
});

describe('teachers', () => {
  it('keep their ArrayBuffers and Float32Arrays', async () => {
    const { saved } = await openFresh();
    await saved.putTeachers(teachers);

    const found = await saved.getTeachers('t1');
    if (found.status !== 'found') throw new Error('teachers not found');
    const record = found.value.record as typeof teacherRecord;
    const weightData = record.snapshot.members[0]!.weightData;
    expect(weightData).toBeInstanceOf(ArrayBuffer);
    expect([...new Uint8Array(weightData)]).toEqual([1, 2, 3, 4]);
    expect(record.snapshot.logits[0]).toBeInstanceOf(Float32Array);
    expect(found.value).toEqual(teachers);

    await saved.deleteTeachers('t1');
    expect(await saved.getTeachers('t1')).toEqual({ status: 'missing' });
  });

  it('that are corrupted are reported with a reason, not thrown', async () => {
    const { saved, name } = await openFresh();
    await saved.putTeachers(teachers);
    await putRaw(name, 'teachers', { id: 't2', createdAt: CREATED, datasetId: 'mnist' }, 't2');
    await putRaw(name, 'teachers', 'garbage', 't3');

    expect(await saved.getTeachers('t2')).toEqual({
      status: 'unreadable',
      reason: 'record is missing, expected the teachers as an object',
    });
    expect(await saved.getTeachers('t3')).toEqual({ status: 'unreadable', reason: 'it is the text "garbage", not saved teachers' });
    const listed = await saved.listTeachers();
    expect(listed.teachers.map((t) => t.id)).toEqual(['t1']);
    expect(listed.skipped.map((s) => s.key)).toEqual(['t2', 't3']);
  });

  it('that cannot be cloned fail with a StorageError, not a StorageFullError', async () => {
    const { saved } = await openFresh();
    const error: unknown = await saved.putTeachers({ ...teachers, record: { onLoad: () => 1 } }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(StorageError);
    expect(error).not.toBeInstanceOf(StorageFullError);
    expect((error as StorageError).message).toMatch(/^Could not save the teachers: ./);
    expect(await saved.getTeachers('t1')).toEqual({ status: 'missing' });
  });
});

describe('runs', () => {
  it('list by id, and can be renamed and deleted', async () => {
    const { saved } = await openFresh();
    for (const id of [10, 2, 7]) await saved.putRun(savedRun(id));

    const { runs, skipped } = await saved.listRuns();
    expect(idsOf(runs)).toEqual([2, 7, 10]);
    expect(skipped).toEqual([]);
    expect(runs[0]).toEqual(savedRun(2));
    expect((runs[0]!.run as { weights: unknown }).weights).toBeInstanceOf(ArrayBuffer);

    await saved.renameRun(7, 'Best so far');
    await saved.deleteRun(2);
    const after = await saved.listRuns();
    expect(after.runs.map((run) => [run.id, run.name])).toEqual([
      [7, 'Best so far'],
      [10, 'Run 10'],
    ]);
  });

  it('cannot be renamed when not saved', async () => {
    const { saved } = await openFresh();
    await expect(saved.renameRun(4, 'x')).rejects.toThrow(new StorageError('Could not rename run 4: it is not saved.'));
  });

  it('skip and report a corrupted record while the others load', async () => {
    const { saved, name } = await openFresh();
    for (const id of [1, 2, 5]) await saved.putRun(savedRun(id));
    await putRaw(name, 'runs', { id: 3, name: 42 }, 3);
    await putRaw(name, 'runs', 'a string', 4);
    await putRaw(name, 'runs', savedRun(6), 60);

    const { runs, skipped } = await saved.listRuns();
    expect(idsOf(runs)).toEqual([1, 2, 5]);
    expect(skipped).toEqual([
      { key: 3, reason: 'name is 42, expected text' },
      { key: 4, reason: 'it is the text "a string", not a saved run' },
      { key: 60, reason: 'id is 6, expected its key 60' },
    ]);
    await expect(saved.renameRun(3, 'x')).rejects.toThrow(
      'Could not rename run 3: the saved copy cannot be read (name is 42, expected text).',
    );
  });

  it('still list when the browser cannot read one of them', async () => {
    const { saved } = await openFresh();
    for (const id of [1, 2, 3]) await saved.putRun(savedRun(id));
    const notReadable = () => new DOMException('Failed to read large IndexedDB value', 'NotReadableError');
    vi.spyOn(IDBObjectStore.prototype, 'getAll').mockImplementation(() => {
      throw notReadable();
    });
    const get = IDBObjectStore.prototype.get;
    vi.spyOn(IDBObjectStore.prototype, 'get').mockImplementation(function (this: IDBObjectStore, query) {
      if (query instanceof IDBKeyRange && query.lower === 2) throw notReadable();
      return get.call(this, query);
    });

    const { runs, skipped } = await saved.listRuns();
    expect(idsOf(runs)).toEqual([1, 3]);
    expect(skipped).toEqual([{ key: 2, reason: 'the browser could not read it (Failed to read large IndexedDB value)' }]);
  });

  it('that are not what listRuns accepts are refused before writing', async () => {
    const { saved } = await openFresh();
    await expect(saved.putRun({ ...savedRun(1), series: 'none' })).rejects.toThrow(
      'Could not save the run: series is the text "none", expected the series as an object.',
    );
  });
});

describe('sweeps', () => {
  it('keep the lists, the settings, every point with its figures and the chosen point, one per dataset', async () => {
    const { saved } = await openFresh();
    await saved.putSweep(savedSweep('mnist'));
    await saved.putSweep(savedSweep('dataset-iris'));
    const found = await saved.getSweep('mnist');
    if (found.status !== 'found') throw new Error('sweep not found');
    expect(found.value).toEqual(savedSweep('mnist'));
    expect(found.value.points[0]!.results.student.msPer1000).toBeNaN();

    // A new sweep of the same dataset replaces the old one.
    const next = { ...savedSweep('mnist'), createdAt: '2025-02-01T00:00:00.000Z', state: 'done' as const };
    await saved.putSweep(next);
    const { sweeps, skipped } = await saved.listSweeps();
    expect(sweeps.map((s) => [s.datasetId, s.createdAt, s.state])).toEqual([
      ['dataset-iris', CREATED, 'running'],
      ['mnist', '2025-02-01T00:00:00.000Z', 'done'],
    ]);
    expect(skipped).toEqual([]);
    await saved.deleteSweep('dataset-iris');
    expect(await saved.getSweep('dataset-iris')).toEqual({ status: 'missing' });
  });

  it('skip a corrupted sweep with the reason while the others load', async () => {
    const { saved, name } = await openFresh();
    await saved.putSweep(savedSweep('mnist'));
    const wrongPoint = savedSweep('a');
    (wrongPoint.points[0]!.results.student as { valAccuracy: unknown }).valAccuracy = '93 %';
    await putRaw(name, 'sweeps', wrongPoint, 'a');
    await putRaw(name, 'sweeps', { ...savedSweep('b'), axes: [{ key: 'colour', values: [1] }] }, 'b');
    await putRaw(name, 'sweeps', { ...savedSweep('c'), state: 'paused' }, 'c');
    await putRaw(name, 'sweeps', { ...savedSweep('d'), points: [{ ...savedSweep().points[0]!, index: 3 }] }, 'd');
    await putRaw(name, 'sweeps', savedSweep('e'), 'f');
    await putRaw(name, 'sweeps', [1, 2], 'g');

    const { sweeps, skipped } = await saved.listSweeps();
    expect(sweeps.map((s) => s.datasetId)).toEqual(['mnist']);
    expect(skipped).toEqual([
      { key: 'a', reason: 'points[0].results.student.valAccuracy is the text "93 %", expected a number' },
      { key: 'b', reason: 'axes[0].key is the text "colour", expected a setting a sweep can vary' },
      { key: 'c', reason: 'state is the text "paused", expected one of running, done, stopped, failed' },
      { key: 'd', reason: 'points[0].index is 3, expected a whole number from 1 to 2' },
      { key: 'f', reason: 'datasetId is the text "e", expected its key the text "f"' },
      { key: 'g', reason: 'it is a list of 2, not a saved sweep' },
    ]);
    expect(await saved.getSweep('a')).toEqual({
      status: 'unreadable',
      reason: 'points[0].results.student.valAccuracy is the text "93 %", expected a number',
    });
  });

  it('that could not be read back are refused before writing', async () => {
    const { saved } = await openFresh();
    await expect(saved.putSweep({ ...savedSweep(), configs: [] })).rejects.toThrow(
      'Could not save the sweep: configs is a list of 0, expected a list of settings.',
    );
    expect(await saved.getSweep('mnist')).toEqual({ status: 'missing' });
  });
});

describe('a database of the previous version', () => {
  it('opens with its datasets, teachers, runs and settings kept, and gains the sweeps store', async () => {
    databases += 1;
    const name = `saved-data-test-${databases}`;
    // Version 1 as the studio created it: four stores, out-of-line keys.
    const old = await openDB(name, 1, {
      upgrade(db) {
        for (const store of ['datasets', 'teachers', 'runs', 'meta']) db.createObjectStore(store);
      },
    });
    await old.put('datasets', imageDataset('digits'), 'digits');
    await old.put('teachers', teachers, 't1');
    await old.put('runs', savedRun(3), 3);
    await old.put('meta', { datasetId: 'digits', teachersId: 't1' }, 'current');
    old.close();

    const saved = await openSavedData(name);
    opened.push(saved);
    expect(await saved.getDataset('digits')).toEqual({ status: 'found', value: imageDataset('digits') });
    expect(await saved.getTeachers('t1')).toEqual({ status: 'found', value: teachers });
    expect((await saved.listRuns()).runs).toEqual([savedRun(3)]);
    expect(await saved.getMeta('current')).toEqual({ datasetId: 'digits', teachersId: 't1' });
    expect(await saved.listSweeps()).toEqual({ sweeps: [], skipped: [] });
    await saved.putSweep(savedSweep('digits'));
    expect((await saved.getSweep('digits')).status).toBe('found');
    saved.close();

    const raw = await openDB(name);
    expect(raw.version).toBe(SCHEMA_VERSION);
    expect([...raw.objectStoreNames].sort()).toEqual(['datasets', 'meta', 'runs', 'sweeps', 'teachers']);
    raw.close();
  });
});

describe('meta and clearAll', () => {
  it('keeps small facts by key', async () => {
    const { saved } = await openFresh();
    expect(await saved.getMeta('current')).toBeUndefined();
    await saved.setMeta('current', { datasetId: 'mnist', teachersId: 't1' });
    expect(await saved.getMeta('current')).toEqual({ datasetId: 'mnist', teachersId: 't1' });
    await saved.setMeta('current', { datasetId: 'iris', teachersId: null });
    expect(await saved.getMeta('current')).toEqual({ datasetId: 'iris', teachersId: null });
  });

  it('clearAll empties every store', async () => {
    const { saved } = await openFresh();
    await saved.putDataset(imageDataset('digits'));
    await saved.putTeachers(teachers);
    await saved.putRun(savedRun(1));
    await saved.putSweep(savedSweep());
    await saved.setMeta('current', 'digits');

    await saved.clearAll();
    expect((await saved.listDatasets()).datasets).toEqual([]);
    expect((await saved.listTeachers()).teachers).toEqual([]);
    expect((await saved.listRuns()).runs).toEqual([]);
    expect((await saved.listSweeps()).sweeps).toEqual([]);
    expect(await saved.getMeta('current')).toBeUndefined();
  });
});

describe('a full disk', () => {
  it('refusing the put becomes a StorageFullError, and nothing is saved', async () => {
    const { saved } = await openFresh();
    vi.spyOn(IDBObjectStore.prototype, 'put').mockImplementation(() => {
      throw new DOMException('The quota has been exceeded.', 'QuotaExceededError');
    });

    const error: unknown = await saved.putRun(savedRun(1)).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(StorageFullError);
    expect(error).toBeInstanceOf(StorageError);
    expect((error as StorageFullError).message).toBe(FULL_WITHOUT_FIGURES);
    vi.restoreAllMocks();
    expect((await saved.listRuns()).runs).toEqual([]);
  });

  it('aborting the transaction at commit becomes a StorageFullError with the figures', async () => {
    const { saved } = await openFresh();
    vi.stubGlobal('navigator', { storage: { estimate: async () => ({ usage: 48_200_000, quota: 50_000_000 }) } });
    const put = IDBObjectStore.prototype.put;
    vi.spyOn(IDBObjectStore.prototype, 'put').mockImplementation(function (this: IDBObjectStore, value, key) {
      const request = put.call(this, value, key);
      // What a browser does when the commit does not fit: abort the transaction with a QuotaExceededError.
      (this.transaction as unknown as { _abort(name: string): void })._abort('QuotaExceededError');
      return request;
    });

    await expect(saved.putDataset(imageDataset('digits'))).rejects.toThrow(
      new StorageFullError({ usedBytes: 48_200_000, quotaBytes: 50_000_000 }),
    );
    await expect(saved.putDataset(imageDataset('digits'))).rejects.toThrow(
      'The browser refused to save: its storage for this site is full (48 MB used of 50 MB). What is on the page is kept; delete saved runs or datasets to make room.',
    );
    vi.restoreAllMocks();
    expect(await saved.getDataset('digits')).toEqual({ status: 'missing' });
  });
});

describe('opening', () => {
  it('rejects with a StorageError when the browser has no IndexedDB', async () => {
    vi.stubGlobal('indexedDB', undefined);
    const error: unknown = await openSavedData('no-idb').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(StorageError);
    expect((error as StorageError).message).toMatch(/^Saved runs are unavailable in this browser: /);
  });

  it('rejects with a StorageError when open() throws', async () => {
    vi.spyOn(indexedDB, 'open').mockImplementation(() => {
      throw new DOMException('The operation is insecure.', 'SecurityError');
    });
    await expect(openSavedData('insecure')).rejects.toThrow(
      new StorageError('Saved runs are unavailable in this browser: the database could not be opened (The operation is insecure.).'),
    );
  });

  it('rejects with a StorageError when a newer version of the database exists', async () => {
    databases += 1;
    const name = `saved-data-test-${databases}`;
    (await openDB(name, SCHEMA_VERSION + 1)).close();
    await expect(openSavedData(name)).rejects.toThrow(/^Saved runs are unavailable in this browser: the database could not be opened/);
  });

  it('stops waiting when open() never answers', async () => {
    vi.spyOn(indexedDB, 'open').mockImplementation(() => new IDBOpenDBRequest());
    await expect(openSavedData('hangs', { openTimeoutMs: 20 })).rejects.toThrow(
      new StorageError('Saved runs are unavailable in this browser: the database did not open within 0.02 s.'),
    );
  });

  it('lets another tab upgrade the database, then says why it cannot save', async () => {
    const { saved, name } = await openFresh();
    (await openDB(name, SCHEMA_VERSION + 1)).close();
    await expect(saved.putRun(savedRun(1))).rejects.toThrow(
      'Could not save the run: another tab opened a newer version of the studio; reload this page to keep saving.',
    );
  });

  it('rejects calls after close()', async () => {
    const { saved } = await openFresh();
    saved.close();
    await expect(saved.listRuns()).rejects.toThrow(new StorageError('Could not read the saved runs: the saved data was closed.'));
  });
});

describe('usage', () => {
  it('is unknown where navigator.storage is absent or fails', async () => {
    vi.stubGlobal('navigator', undefined);
    expect(await estimateUsage()).toEqual({ usedBytes: null, quotaBytes: null });
    vi.stubGlobal('navigator', {});
    const { saved } = await openFresh();
    expect(await saved.usage()).toEqual({ usedBytes: null, quotaBytes: null });
    vi.stubGlobal('navigator', { storage: { estimate: () => Promise.reject(new Error('denied')) } });
    expect(await saved.usage()).toEqual({ usedBytes: null, quotaBytes: null });
  });

  it('passes on the browser estimate', async () => {
    vi.stubGlobal('navigator', { storage: { estimate: async () => ({ usage: 1234, quota: 5_000_000 }) } });
    expect(await estimateUsage()).toEqual({ usedBytes: 1234, quotaBytes: 5_000_000 });
  });

  it('describes bytes in words', () => {
    expect(describeBytes(950)).toBe('950 B');
    expect(describeBytes(1_234_567)).toBe('1.2 MB');
    expect(describeBytes(48_200_000)).toBe('48 MB');
    expect(describeBytes(2_100_000_000)).toBe('2.1 GB');
    expect(describeBytes(Number.NaN)).toBe('an unknown amount');
  });
});
