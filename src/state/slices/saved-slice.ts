/**
 * Work that lasts: the current dataset (if imported), teachers, every run and the dataset's sweep
 * are written to the browser's IndexedDB (src/storage/saved-data.ts) as they change, and restored at
 * the next visit without retraining. Saving follows the state — an observer of the store — so the
 * jobs know nothing about it. A refused write (a full disk) is said once, what it carried is listed
 * as not saved (the leave-page prompt asks while anything is), and what is on the page is kept; a
 * saved record that cannot be read is reported and skipped, and the rest loads. The records and
 * their checks are in ../saved-records.ts, the restores in saved-restore.ts.
 *
 * Over 300 lines on purpose: one closure over one connection and one queue of writes, which the
 * store's observer and the actions share; it reads best whole.
 */
import { errorMessage } from '../../bridge/client';
import type { SavedData, StorageUsage } from '../../storage/saved-data';
import { readyMessage } from '../messages';
import { isRunning } from '../rules';
import { importedDataOf, listed, savedSweepOf, sweepPhrase } from '../saved-records';
import type { StudentRun, StudioState } from '../types';
import type { SliceContext } from './context';
import { savedRestorers } from './saved-restore';

/** Work kept in the browser (IndexedDB) across reloads, and the runs picked for comparison. */
export interface SavedSlice {
  saved: {
    /** 'off' when the browser has no usable storage (the page works in memory, and says so). */
    state: 'opening' | 'on' | 'off';
    usage: StorageUsage | null;
    /** The last problem with saving, shown under the runs (e.g. the quota). */
    problem: string | null;
    /** Writes queued or under way: until they end, leaving the page would lose what they carry. */
    pending: number;
    /** What the page holds that the last attempt failed to save ("run 3", "the sweep"), until it is saved. */
    unsaved: string[];
  };
  /** Runs ticked for comparison, in the order ticked. */
  compareIds: number[];
  /** Restores the last dataset, teachers, runs and the dataset's sweep from saved data (at boot, after MNIST is loaded). */
  restoreSaved(): Promise<void>;
  renameRun(id: number, name: string): void;
  /** Makes a run current: its teachers (from saved data, if others are current now) and its details and downloads. */
  loadRun(id: number): Promise<void>;
  deleteRun(id: number): void;
  toggleCompare(id: number): void;
  /** Deletes every saved dataset, teacher ensemble, run and sweep (what is on the page stays). */
  clearSaved(): Promise<void>;
}

type SavedActions = Pick<SavedSlice, 'restoreSaved' | 'renameRun' | 'loadRun' | 'deleteRun' | 'toggleCompare' | 'clearSaved'>;

/** Which dataset and teachers were current, so the next visit starts where this one left off. */
interface Current {
  datasetId: string;
  teachersId: string | null;
}

const CURRENT = 'current';

export function savedActions(ctx: SliceContext): SavedActions & { observe(state: StudioState, previous: StudioState): void } {
  const { set, get, deps } = ctx;
  let db: SavedData | null = null;
  /** Writes go one after another, in the order the state changed. */
  let queue: Promise<void> = Promise.resolve();
  /** What came from saved data as it is stored (dataset, teachers, runs, a sweep): writing it back would only rewrite it. */
  const fromSaved = new WeakSet<object>();

  const refreshUsage = async () => {
    if (!db) return;
    const usage = await db.usage();
    set((s) => ({ saved: { ...s.saved, usage } }));
  };

  const countPending = (change: number) => set((s) => ({ saved: { ...s.saved, pending: s.saved.pending + change } }));

  /** `item` is saved now (or no longer on the page): it leaves the list of what is not saved. */
  const forget = (item: string) =>
    set((s) => (s.saved.unsaved.includes(item) ? { saved: { ...s.saved, unsaved: s.saved.unsaved.filter((u) => u !== item) } } : {}));

  /**
   * Queues a write. `item` names what it carries ("run 3", "the sweep"): if the browser refuses it,
   * the item is listed as not saved (and the leave-page prompt asks) until a later write of it succeeds.
   */
  const write = (what: string, task: (db: SavedData) => Promise<void>, item: string | null = null) => {
    const open = db;
    if (!open) return;
    countPending(1);
    queue = queue
      .then(() => task(open))
      .then(
        () => {
          if (item) forget(item);
        },
        (error: unknown) => {
          // Nothing on the page is lost: the write failed, the state did not.
          const problem = `Could not save ${what}: ${errorMessage(error)}`;
          set((s) => ({
            saved: {
              ...s.saved,
              problem,
              unsaved: item && !s.saved.unsaved.includes(item) ? [...s.saved.unsaved, item] : s.saved.unsaved,
            },
            notice: problem,
          }));
        },
      )
      .finally(() => countPending(-1))
      .then(refreshUsage)
      .catch(() => {
        // The usage line keeps its last figures.
      });
  };

  const saveCurrent = (state: StudioState) =>
    write('which dataset and teachers are current', (d) =>
      d.setMeta(CURRENT, { datasetId: state.datasetId, teachersId: state.teachers?.id ?? null } satisfies Current),
    );

  const { savedRunsOf, restoreDataset, restoreTeachers, restoreSweep } = savedRestorers(ctx, fromSaved);

  /** The saved runs and sweep of a dataset the page switched to (its own were cleared with the old dataset). */
  const showSavedWork = (datasetId: string) => {
    const open = db;
    if (!open) return;
    queue = queue
      .then(async () => {
        const saved = savedRunsOf((await open.listRuns()).runs, datasetId, []);
        if (saved.length > 0 && get().datasetId === datasetId && get().runs.length === 0) set({ runs: saved, selectedRunId: null });
        await restoreSweep(open, datasetId, []);
      })
      .catch((error: unknown) => set({ notice: `The saved runs of this dataset could not be read: ${errorMessage(error)}` }));
  };

  const putRun = (run: StudentRun) =>
    write(
      `run ${run.id}`,
      (d) =>
        d.putRun({
          id: run.id,
          name: run.name,
          createdAt: run.createdAt,
          datasetId: run.datasetId,
          teachersId: run.teachersId,
          run,
          series: {},
        }),
      `run ${run.id}`,
    );

  /** Set by "Clear saved data": the dataset and teachers on the page are no longer in the database. */
  let clearedSince = false;

  const writeDataset = (state: StudioState) => {
    const { dataset } = state;
    if (!dataset) return;
    const data = importedDataOf(dataset);
    write(
      `the dataset ${dataset.name}`,
      (d) => d.putDataset({ id: state.datasetId, name: dataset.name, createdAt: new Date().toISOString(), data }),
      'the dataset',
    );
  };

  const writeTeachers = (state: StudioState) => {
    const teachers = state.teachers;
    if (!teachers) return;
    write(
      'the teachers',
      (d) => d.putTeachers({ id: teachers.id, createdAt: new Date().toISOString(), datasetId: state.datasetId, record: teachers }),
      'the teachers',
    );
  };

  return {
    /** Called on every state change: writes what changed. */
    observe(state, previous) {
      if (!db) return;
      if (state.datasetId !== previous.datasetId) {
        // What was not saved of the old dataset has left the page with it.
        if (previous.saved.unsaved.length > 0) set((s) => ({ saved: { ...s.saved, unsaved: [] } }));
        if (state.datasetId !== 'mnist' && state.dataset && !fromSaved.has(state.dataset)) writeDataset(state);
      }
      if (state.teachers && state.teachers !== previous.teachers && !fromSaved.has(state.teachers)) writeTeachers(state);
      if (state.datasetId !== previous.datasetId || state.teachers?.id !== previous.teachers?.id) saveCurrent(state);
      if (state.datasetId !== previous.datasetId) showSavedWork(state.datasetId);
      if (state.runs !== previous.runs) {
        const added = state.runs.filter((run) => !previous.runs.includes(run) && !fromSaved.has(run));
        // After "Clear saved data", the first new run brings its dataset and teachers back with it, or it could not be loaded.
        if (added.length > 0 && clearedSince) {
          clearedSince = false;
          if (state.datasetId !== 'mnist' && state.dataset) writeDataset(state);
          if (state.teachers) writeTeachers(state);
          saveCurrent(state);
        }
        for (const run of added) putRun(run);
        // A new dataset clears the page's runs, not the saved ones: only a run deleted on the same dataset is deleted.
        if (state.datasetId === previous.datasetId) {
          for (const run of previous.runs)
            if (!state.runs.some((r) => r.id === run.id)) {
              forget(`run ${run.id}`);
              write(`the deletion of run ${run.id}`, (d) => d.deleteRun(run.id));
            }
        }
      }
      const sweep = state.sweep;
      const before = previous.sweep;
      // Written when it starts, as each point finishes and when it ends (not as the current point moves on).
      const sweepChanged =
        sweep !== null &&
        !fromSaved.has(sweep) &&
        (before === null || before.configs !== sweep.configs || before.points !== sweep.points || before.state !== sweep.state);
      if (sweepChanged && state.datasetId === previous.datasetId) {
        const record = savedSweepOf(sweep, state.datasetId);
        write('the sweep', (d) => d.putSweep(record), 'the sweep');
      }
    },

    async restoreSaved() {
      if (!deps.openSavedData) {
        set((s) => ({ saved: { ...s.saved, state: 'off', usage: null, problem: null } }));
        return;
      }
      try {
        db = await deps.openSavedData();
      } catch (error) {
        set((s) => ({
          saved: { ...s.saved, state: 'off', usage: null, problem: errorMessage(error) },
          notice: `${errorMessage(error)} Work stays on this page until it is closed.`,
        }));
        return;
      }
      set((s) => ({ saved: { ...s.saved, state: 'on', usage: null, problem: null } }));
      const open = db;
      const problems: string[] = [];
      try {
        const current = (await open.getMeta(CURRENT)) as Current | undefined;
        if (current && current.datasetId !== 'mnist') await restoreDataset(open, current.datasetId, problems);
        if (current?.teachersId) await restoreTeachers(open, current.teachersId, problems);
        const { runs, skipped } = await open.listRuns();
        for (const s of skipped) problems.push(`run ${String(s.key)} (${s.reason})`);
        const restored = savedRunsOf(runs, get().datasetId, problems);
        if (restored.length > 0) set({ runs: restored, selectedRunId: null });
        const sweep = await restoreSweep(open, get().datasetId, problems);
        const parts = [
          get().teachers ? 'the teachers' : null,
          restored.length ? `${restored.length} run${restored.length === 1 ? '' : 's'}` : null,
          sweep ? sweepPhrase(sweep) : null,
        ].filter((part): part is string => part !== null);
        if (parts.length > 0 && get().datasetSummary) {
          set({ status: `${readyMessage(get().datasetSummary!)}; restored from your last visit: ${listed(parts)}.` });
        }
      } catch (error) {
        problems.push(errorMessage(error));
      }
      if (problems.length > 0) {
        const problem = `Some saved work could not be read and was skipped: ${problems.join('; ')}.`;
        set((s) => ({ saved: { ...s.saved, problem }, notice: problem }));
      }
      await refreshUsage();
    },

    renameRun(id, name) {
      const trimmed = name.trim();
      if (!trimmed) return;
      set((s) => ({ runs: s.runs.map((r) => (r.id === id ? { ...r, name: trimmed } : r)) }));
    },

    async loadRun(id) {
      const run = get().runs.find((r) => r.id === id);
      if (!run || isRunning(get())) return;
      if (run.teachersId && run.teachersId !== get().teachers?.id) {
        if (!db) {
          set({ error: `The teachers of ${run.name} are not on this page and nothing is saved in this browser.` });
          return;
        }
        const problems: string[] = [];
        try {
          await restoreTeachers(db, run.teachersId, problems);
        } catch (error) {
          problems.push(errorMessage(error));
        }
        if (get().teachers?.id !== run.teachersId) {
          set({
            error: `The teachers of ${run.name} could not be loaded${problems.length ? `: ${problems.join('; ')}` : ' (they are no longer saved)'}. The current teachers are kept.`,
          });
          return;
        }
      }
      set({ selectedRunId: id, status: `${run.name} loaded: its teachers are current, its students ready to download.` });
    },

    deleteRun(id) {
      if (isRunning(get())) return;
      set((s) => ({
        runs: s.runs.filter((r) => r.id !== id),
        compareIds: s.compareIds.filter((c) => c !== id),
        selectedRunId: s.selectedRunId === id ? null : s.selectedRunId,
      }));
    },

    toggleCompare(id) {
      set((s) => ({ compareIds: s.compareIds.includes(id) ? s.compareIds.filter((c) => c !== id) : [...s.compareIds, id] }));
    },

    async clearSaved() {
      if (!db) return;
      const open = db;
      queue = queue.then(async () => {
        try {
          await open.clearAll();
          clearedSince = true;
          // The user asked for the browser to keep nothing: what is on the page is no longer owed a save.
          set((s) => ({
            saved: { ...s.saved, problem: null, unsaved: [] },
            status: 'Saved data cleared: nothing of this studio is kept in this browser now.',
          }));
        } catch (error) {
          set({ error: `Saved data could not be cleared: ${errorMessage(error)}` });
        }
      });
      await queue;
      await refreshUsage();
    },
  };
}
