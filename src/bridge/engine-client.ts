/**
 * What the page asks of the compute worker: the store's EngineClient (tests pass a fake), and the
 * bridge as its entry points hold it. client.ts implements them over comlink.
 */
import type * as Comlink from 'comlink';
import type { BackendInfo, BackendRequest, DatasetSummary, StudioEngine, TeacherSnapshot } from '../shared/protocol';

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
