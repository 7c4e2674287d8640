/** The compute worker and the dataset: boot, restart on another backend, crash reports. */
import { parseMnistAsset } from '../../core/data/data';
import { WorkerCrashedError, errorMessage } from '../../bridge/client';
import type { Dataset } from '../../core/data/data';
import type { BackendInfo, BackendRequest, DatasetSummary } from '../../shared/protocol';
import { backendLabel } from '../format';
import { crashMessage, readyMessage } from '../messages';
import type { SliceContext } from './context';

export type WorkerState = 'starting' | 'ready' | 'crashed' | 'failed';

/** The compute worker and the dataset. */
export interface BackendSlice {
  backendRequest: BackendRequest;
  backend: BackendInfo | null;
  workerState: WorkerState;
  /** Why the worker died, while it is dead. */
  crash: string | null;
  /** The page's own parse of the asset (thumbnails); the worker has its own copy. */
  dataset: Dataset | null;
  datasetSummary: DatasetSummary | null;
  /** 'mnist' for the bundled dataset, else the id of the imported one (in saved data). */
  datasetId: string;
  /** Starts the worker and loads MNIST. Call once. */
  boot(): Promise<void>;
  /** Starts a fresh worker on `request`, restoring the dataset and teachers. */
  restartWorker(request: BackendRequest): Promise<void>;
}

type BackendActions = Pick<BackendSlice, 'boot' | 'restartWorker'>;

export function backendActions({ set, get, deps }: SliceContext): BackendActions {
  const { client } = deps;

  const startFailure = (request: BackendRequest, error: unknown) => {
    if (error instanceof WorkerCrashedError) {
      set({ workerState: 'crashed', crash: get().crash ?? error.message, status: crashMessage(get().crash ?? error.message) });
      return;
    }
    const message = `Could not start the compute worker (${backendLabel(request)}): ${errorMessage(error)} Choose another backend.`;
    set({ workerState: 'failed', error: message, status: message });
  };

  /** Fetches and parses the asset, and gives the client a copy to hand to workers. */
  const loadDataset = async (workerRunning: boolean) => {
    set({ status: 'Loading MNIST…' });
    let asset: ArrayBuffer;
    try {
      asset = await deps.loadAsset();
      set({ dataset: parseMnistAsset(asset) });
    } catch (error) {
      const message = `Could not load the MNIST dataset: ${errorMessage(error)}`;
      set({ error: message, status: message });
      return;
    }
    try {
      const summary = await client.loadDataset(asset);
      set({ datasetSummary: summary, status: readyMessage(summary) });
    } catch (error) {
      // The client keeps the asset even when no worker runs, so a restart can send it.
      if (workerRunning) {
        if (error instanceof WorkerCrashedError) return; // reported by the crash listener
        const message = `The compute worker could not read the dataset: ${errorMessage(error)}`;
        set({ error: message, status: message });
      }
    }
  };

  return {
    async boot() {
      const request = get().backendRequest;
      set({ job: 'booting', workerState: 'starting', status: 'Starting the compute worker…' });
      let running = false;
      try {
        const backend = await client.start(request);
        set({ backend, workerState: 'ready' });
        running = true;
      } catch (error) {
        startFailure(request, error);
      }
      const failure = get().status;
      if (get().mode === 'teaching' && running) {
        // Teaching mode's dataset is generated, not fetched: the studio's saved work is not touched.
        await get().setToy({});
        set({ job: 'idle' });
        return;
      }
      await loadDataset(running);
      if (!running) set({ status: failure });
      set({ job: 'idle' });
      // The last visit's dataset, teachers and runs, when the browser kept them.
      if (running && get().dataset) await get().restoreSaved();
    },

    async restartWorker(request) {
      const { job } = get();
      if (job === 'teachers' || job === 'distill' || job === 'restarting' || job === 'booting') return;
      set({
        job: 'restarting',
        backendRequest: request,
        backend: null,
        workerState: 'starting',
        crash: null,
        error: null,
        status: `Restarting the compute worker (${backendLabel(request)})…`,
      });
      try {
        const restarted = await client.restart(request);
        set({ backend: restarted.backend, workerState: 'ready' });
        if (restarted.dataset) {
          const teachers = get().teachers;
          const restored =
            restarted.restoredTeachers && teachers
              ? `; ${teachers.snapshot.members.length} teacher${teachers.snapshot.members.length === 1 ? '' : 's'} restored`
              : '';
          set({
            datasetSummary: restarted.dataset,
            status: `${readyMessage(restarted.dataset)} on ${backendLabel(restarted.backend.name)}${restored}.`,
          });
        } else {
          await loadDataset(true);
        }
      } catch (error) {
        startFailure(request, error);
      } finally {
        set({ job: 'idle' });
      }
    },
  };
}

/** Subscribes the store to the client's crash reports. */
export function watchCrashes({ set, deps }: SliceContext): () => void {
  return deps.client.onCrash((reason) => {
    set({ crash: reason, workerState: 'crashed', status: crashMessage(reason), stopRequested: false });
  });
}
