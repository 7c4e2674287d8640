/**
 * The one bridge between the page and the compute worker. It owns the worker's lifecycle
 * (start, restart, crash) and keeps what a new worker needs to pick up where the old one died:
 * the dataset asset and the last teacher snapshot. The page never posts raw messages.
 */
import * as Comlink from 'comlink';
import type { BackendInfo, BackendRequest, DatasetSummary, ImportedData, StudioEngine, TeacherSnapshot } from '../shared/protocol';

/**
 * What the store needs from the compute side (tests pass a fake): the engine's own calls, declared
 * once in StudioEngine (src/shared/protocol.ts), with the worker's lifecycle in place of its
 * plumbing (init and watchFaults). The client passes each call on and keeps what a restarted
 * worker needs: the dataset asset or imported dataset, and the last teacher snapshot (from
 * trainTeachers, the imports, restoreTeachers and setTeacherWeights; a new dataset forgets it).
 * Files' buffers are transferred to the worker (the caller's copies are emptied) and progress
 * callbacks are passed as comlink proxies.
 */
export interface EngineClient extends Omit<StudioEngine, 'init' | 'watchFaults' | 'restoreTeachers'> {
  /** Starts a worker on the requested backend (terminating any previous one): the engine's init. */
  start: StudioEngine['init'];
  /**
   * Terminates the worker, starts a new one, hands it the dataset again and restores the teachers
   * from the last snapshot, if the page holds them.
   */
  restart(request: BackendRequest): Promise<RestartResult>;
  /** Puts these teachers back into the worker (after a partial or failed run) and keeps them for restarts. */
  restoreTeachers(snapshot: TeacherSnapshot): Promise<void>;
  /** Called once per worker death (error event, messageerror, lost device) with a readable reason. */
  onCrash(listener: (message: string) => void): () => void;
  dispose(): void;
}

/**
 * The bridge as its entry points hold it: the store's EngineClient, and `remote` for an engine that
 * offers more than the studio's (the benchmark's worker), with the same crash handling.
 */
export interface WorkerClient<E extends StudioEngine> extends EngineClient {
  remote<T>(run: (engine: Comlink.Remote<E>) => Promise<T>): Promise<T>;
}

export interface RestartResult {
  backend: BackendInfo;
  /** Null when the page has no dataset yet (it failed to load before the restart). */
  dataset: DatasetSummary | null;
  restoredTeachers: boolean;
}

/** A call failed because the worker died; the store shows the crash alert instead of an error. */
export class WorkerCrashedError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'WorkerCrashedError';
  }
}

/** Errors after which the worker's tfjs backend is unusable (WebGPU device / WebGL context gone). */
const FATAL_ERROR = /device (was |is )?lost|GPUDevice.*lost|context (was |is )?lost|CONTEXT_LOST|out of memory/i;

export function errorMessage(error: unknown): string {
  if (error instanceof Error) return error.message || error.name;
  if (typeof error === 'string') return error;
  try {
    return JSON.stringify(error);
  } catch {
    return String(error);
  }
}

/** A readable reason from a worker's error event (errors from its own threads arrive as "[object ErrorEvent]"). */
function describeWorkerError(event: ErrorEvent): string {
  if (event.error instanceof Error && event.error.message) return event.error.message;
  const message = (event.message ?? '').replace(/^Uncaught\s+/, '');
  if (message === '') return 'the worker script failed to load or threw an uncaught error';
  if (message.includes('[object ')) return "an uncaught error in one of the worker's helper threads";
  const where = event.filename ? ` (${event.filename.split('/').pop()}:${event.lineno})` : '';
  return `${message}${where}`;
}

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
