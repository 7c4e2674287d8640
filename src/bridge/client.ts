/**
 * The one bridge between the page and the compute worker. It owns the worker's lifecycle
 * (start, restart, crash) and keeps what a new worker needs to pick up where the old one died:
 * the dataset asset and the last teacher snapshot. The page never posts raw messages. What it
 * offers is declared in engine-client.ts, its errors in worker-errors.ts (both re-exported here).
 */
import * as Comlink from 'comlink';
import type { BackendInfo, BackendRequest, DatasetSummary, ImportedData, StudioEngine, TeacherSnapshot } from '../shared/protocol';
import type { WorkerClient } from './engine-client';
import { describeWorkerError, errorMessage, FATAL_ERROR, WorkerCrashedError } from './worker-errors';

export type { EngineClient, RestartResult, WorkerClient } from './engine-client';
export { errorMessage, WorkerCrashedError } from './worker-errors';

interface Session<E> {
  worker: WorkerLike;
  engine: Comlink.Remote<E>;
  /** Rejects when this worker dies; every call races against it so none hangs forever. */
  died: Promise<never>;
  /** Marks the worker dead, terminates it, rejects pending calls and tells the listeners. */
  kill(message: string): void;
  dead: boolean;
}

/** What the bridge needs of a worker: the messages comlink sends, its error events, terminate(). */
export type WorkerLike = Pick<Worker, 'postMessage' | 'addEventListener' | 'removeEventListener' | 'terminate'>;

/** The studio's compute worker (Vite bundles it from this URL). */
export function studioWorker(): WorkerLike {
  return new Worker(new URL('../worker/studio.worker.ts', import.meta.url), { type: 'module' });
}

/** The bridge. `spawnWorker` makes a new worker each start and restart (tests pass a fake). */
export function createWorkerClient<E extends StudioEngine = StudioEngine>(spawnWorker: () => WorkerLike = studioWorker): WorkerClient<E> {
  let session: Session<E> | null = null;
  let asset: ArrayBuffer | null = null;
  /** An imported dataset in use (it replaces the asset's for restarts). */
  let imported: { data: ImportedData; classNames: string[] } | null = null;
  let snapshot: TeacherSnapshot | null = null;
  const crashListeners = new Set<(message: string) => void>();

  function spawn(): Session<E> {
    const worker = spawnWorker();
    let reject: (error: Error) => void = () => {};
    const died = new Promise<never>((_, r) => {
      reject = r;
    });
    // Nobody may be awaiting a call when the worker dies; the death is reported through onCrash.
    died.catch(() => {});
    const next: Session<E> = {
      worker,
      engine: Comlink.wrap<E>(worker as Comlink.Endpoint),
      died,
      dead: false,
      kill(message) {
        if (next.dead) return;
        next.dead = true;
        worker.terminate();
        reject(new WorkerCrashedError(message));
        for (const listener of crashListeners) listener(message);
      },
    };
    worker.addEventListener('error', (event) => {
      event.preventDefault();
      next.kill(describeWorkerError(event as ErrorEvent));
    });
    worker.addEventListener('messageerror', () => next.kill('a message from the worker could not be read'));
    return next;
  }

  /** A fresh worker with a backend; faults outside any call (a lost GPU device) count as crashes. */
  async function launch(request: BackendRequest): Promise<BackendInfo> {
    terminate();
    const s = spawn();
    session = s;
    const backend = await call((engine) => engine.init(request));
    await call((engine) => engine.watchFaults(Comlink.proxy((message: string) => s.kill(message))));
    return backend;
  }

  function current(): Session<E> {
    if (!session || session.dead) throw new WorkerCrashedError('the compute worker is not running');
    return session;
  }

  /** Runs a call on the live worker; a fatal error or the worker's death rejects with WorkerCrashedError. */
  async function call<T>(run: (engine: Comlink.Remote<E>) => Promise<T>): Promise<T> {
    const s = current();
    try {
      return await Promise.race([run(s.engine), s.died]);
    } catch (error) {
      if (error instanceof WorkerCrashedError) throw error;
      const message = errorMessage(error);
      if (FATAL_ERROR.test(message)) {
        s.kill(message);
        throw new WorkerCrashedError(message);
      }
      throw error;
    }
  }

  function terminate(): void {
    if (!session) return;
    const old = session;
    session = null;
    old.dead = true; // a deliberate stop is not a crash
    old.worker.terminate();
  }

  async function sendDataset(): Promise<DatasetSummary> {
    const held = imported;
    if (held) return call((engine) => engine.loadImportedDataset(held.data, held.classNames));
    if (!asset) throw new Error('No dataset has been loaded yet.');
    const copy = asset.slice(0);
    return call((engine) => engine.loadDataset(Comlink.transfer(copy, [copy])));
  }

  return {
    start(request) {
      return launch(request);
    },

    async restart(request) {
      const backend = await launch(request);
      const dataset = asset ? await sendDataset() : null;
      const held = snapshot;
      if (dataset && held) await call((engine) => engine.restoreTeachers(held));
      return { backend, dataset, restoredTeachers: dataset !== null && held !== null };
    },

    async loadDataset(buffer) {
      asset = buffer;
      imported = null;
      return sendDataset();
    },

    previewDataset(files, options, onProgress) {
      const transferred = files.map((f) => ({ name: f.name, buffer: f.buffer }));
      return call((engine) =>
        engine.previewDataset(
          Comlink.transfer(
            transferred,
            transferred.map((f) => f.buffer),
          ),
          options,
          Comlink.proxy(onProgress),
        ),
      );
    },

    reparseDataset(options, onProgress) {
      return call((engine) => engine.reparseDataset(options, Comlink.proxy(onProgress)));
    },

    pendingLabelChoice(options) {
      return call((engine) => engine.pendingLabelChoice(options));
    },

    discardImport() {
      return call((engine) => engine.discardImport());
    },

    logitsAt(points) {
      return call((engine) => engine.logitsAt(points));
    },

    async loadImportedDataset(data, classNames) {
      const summary = await call((engine) => engine.loadImportedDataset(data, classNames));
      imported = { data, classNames };
      snapshot = null;
      return summary;
    },

    async importTeacherModels(files, config) {
      const result = await call((engine) =>
        engine.importTeacherModels(
          Comlink.transfer(
            files,
            files.map((f) => f.buffer),
          ),
          config,
        ),
      );
      snapshot = result.snapshot;
      return result;
    },

    async importTeacherLogits(file, config) {
      const result = await call((engine) => engine.importTeacherLogits(Comlink.transfer(file, [file.buffer]), config));
      snapshot = result.snapshot;
      return result;
    },

    async loadTextCorpus(buffer, encoding) {
      const result = await call((engine) => engine.loadTextCorpus(Comlink.transfer(buffer, [buffer]), encoding));
      // Restarts reload the tokenised data (no second tokenisation), like an imported dataset.
      imported = { data: result.data, classNames: result.classNames };
      snapshot = null;
      return result;
    },

    async useImportedDataset(classNames) {
      const result = await call((engine) => engine.useImportedDataset(classNames));
      imported = { data: result.data, classNames: result.classNames };
      // The new dataset's session has no teachers: nothing to restore after a restart.
      snapshot = null;
      return result;
    },

    async trainTeachers(config, onProgress) {
      const result = await call((engine) => engine.trainTeachers(config, Comlink.proxy(onProgress)));
      if (result.snapshot.members.length > 0) snapshot = result.snapshot;
      return result;
    },

    async restoreTeachers(held) {
      snapshot = held;
      await call((engine) => engine.restoreTeachers(held));
    },

    async setTeacherWeights(weights) {
      const figures = await call((engine) => engine.setTeacherWeights(weights));
      if (snapshot) snapshot = { ...snapshot, weights: figures.weights };
      return figures;
    },

    async distill(config, onProgress) {
      return call((engine) => engine.distill(config, Comlink.proxy(onProgress)));
    },

    setHyperparams(hyperparams) {
      if (!session || session.dead) return;
      void call((engine) => engine.setHyperparams(hyperparams)).catch(() => {});
    },

    stop() {
      if (!session || session.dead) return;
      void call((engine) => engine.stop()).catch(() => {});
    },

    estimate(config) {
      return call((engine) => engine.estimate(config));
    },

    remote(run) {
      return call(run);
    },

    onCrash(listener) {
      crashListeners.add(listener);
      return () => crashListeners.delete(listener);
    },

    dispose() {
      terminate();
      crashListeners.clear();
    },
  };
}
