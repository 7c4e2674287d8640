/**
 * Work that lasts: the current dataset (if imported), teachers and every run are written to the
 * browser's IndexedDB (src/page/saved-data.ts) as they change, and restored at the next visit
 * without retraining. Saving follows the state — an observer of the store — so the jobs know
 * nothing about it. A refused write (a full disk) is said once and what is on the page is kept; a
 * saved record that cannot be read is reported and skipped, and the rest loads.
 */
import { errorMessage } from '../../page/client';
import type { SavedData, SavedRun } from '../../page/saved-data';
import { datasetOf } from '../../core/import/dataset-files';
import type { ImportedData } from '../../core/import/types';
import { readyMessage } from '../messages';
import { isRunning } from '../selectors';
import type { SavedSlice, StudentRun, StudioState, TeacherRecord } from '../types';
import type { SliceContext } from './context';

type SavedActions = Pick<SavedSlice, 'restoreSaved' | 'renameRun' | 'loadRun' | 'deleteRun' | 'toggleCompare' | 'clearSaved'>;

/** Which dataset and teachers were current, so the next visit starts where this one left off. */
interface Current {
  datasetId: string;
  teachersId: string | null;
}

const CURRENT = 'current';

/** The shape checks a restored record must pass before the page trusts it (saved-data.ts checks only the envelope). */
function isTeacherRecord(value: unknown): value is TeacherRecord {
  const r = value as Partial<TeacherRecord> | null;
  return typeof r === 'object' && r !== null && typeof r.id === 'string' && Array.isArray(r.snapshot?.logits) && Array.isArray(r.weights);
}

function isStudentRun(value: unknown): value is StudentRun {
  const r = value as Partial<StudentRun> | null;
  return (
    typeof r === 'object' && r !== null && typeof r.id === 'number' && typeof r.result?.results === 'object' && Array.isArray(r.classNames)
  );
}

export function savedActions(ctx: SliceContext): SavedActions & { observe(state: StudioState, previous: StudioState): void } {
  const { set, get, deps } = ctx;
  let db: SavedData | null = null;
  /** Writes go one after another, in the order the state changed. */
  let queue: Promise<void> = Promise.resolve();

  const refreshUsage = async () => {
    if (!db) return;
    const usage = await db.usage();
    set((s) => ({ saved: { ...s.saved, usage } }));
  };

  const write = (what: string, task: (db: SavedData) => Promise<void>) => {
    const open = db;
    if (!open) return;
    queue = queue
      .then(() => task(open))
      .then(refreshUsage)
      .catch((error: unknown) => {
        // Nothing on the page is lost: the write failed, the state did not.
        const problem = `Could not save ${what}: ${errorMessage(error)}`;
        set((s) => ({ saved: { ...s.saved, problem }, notice: problem }));
      });
  };

  const saveCurrent = (state: StudioState) =>
    write('which dataset and teachers are current', (d) =>
      d.setMeta(CURRENT, { datasetId: state.datasetId, teachersId: state.teachers?.id ?? null } satisfies Current),
    );

  /** The saved runs of a dataset the page switched to (its own runs were cleared with the old dataset). */
  const showSavedRuns = (datasetId: string) => {
    const open = db;
    if (!open) return;
    queue = queue
      .then(async () => {
        const { runs } = await open.listRuns();
        const saved = runs
          .filter((r) => r.datasetId === datasetId && isStudentRun(r.run))
          .map((r) => ({ ...(r.run as StudentRun), name: r.name }));
        if (saved.length > 0 && get().datasetId === datasetId && get().runs.length === 0) set({ runs: saved, selectedRunId: null });
      })
      .catch((error: unknown) => set({ notice: `The saved runs of this dataset could not be read: ${errorMessage(error)}` }));
  };

  const putRun = (run: StudentRun) =>
    write(`run ${run.id}`, (d) =>
      d.putRun({
        id: run.id,
        name: run.name,
        createdAt: run.createdAt,
        datasetId: run.datasetId,
        teachersId: run.teachersId,
        run,
        series: {},
      }),
    );

  return {
    /** Called on every state change: writes what changed. */
    observe(state, previous) {
      if (!db) return;
      if (state.datasetId !== previous.datasetId && state.datasetId !== 'mnist' && state.dataset) {
        const { dataset } = state;
        // The dataset as parsed: its values are saved as imported (a table before standardisation is not kept, so save what the worker got).
        const data: ImportedData = {
          name: dataset.name,
          classNames: dataset.classNames,
          features: dataset.features,
          values: dataset.image ? dataset.values : unstandardized(dataset.values as Float32Array, dataset.standardization!),
          image: dataset.image,
          columns: dataset.columns,
          labels: dataset.labels,
          ...(dataset.unlabelled.length > 0 ? { unlabelled: dataset.unlabelled.length } : {}),
          ...(dataset.blocks ? { split: dataset.blocks } : {}),
        };
        write(`the dataset ${dataset.name}`, (d) =>
          d.putDataset({ id: state.datasetId, name: dataset.name, createdAt: new Date().toISOString(), data }),
        );
      }
      if (state.teachers && state.teachers !== previous.teachers) {
        const teachers = state.teachers;
        write('the teachers', (d) =>
          d.putTeachers({ id: teachers.id, createdAt: new Date().toISOString(), datasetId: state.datasetId, record: teachers }),
        );
      }
      if (state.datasetId !== previous.datasetId || state.teachers?.id !== previous.teachers?.id) saveCurrent(state);
      if (state.datasetId !== previous.datasetId) showSavedRuns(state.datasetId);
      if (state.runs !== previous.runs) {
        for (const run of state.runs) if (!previous.runs.includes(run)) putRun(run);
        // A new dataset clears the page's runs, not the saved ones: only a run deleted on the same dataset is deleted.
        if (state.datasetId === previous.datasetId) {
          for (const run of previous.runs)
            if (!state.runs.some((r) => r.id === run.id)) write(`the deletion of run ${run.id}`, (d) => d.deleteRun(run.id));
        }
      }
    },

    async restoreSaved() {
      if (!deps.openSavedData) {
        set({ saved: { state: 'off', usage: null, problem: null } });
        return;
      }
      try {
        db = await deps.openSavedData();
      } catch (error) {
        set({
          saved: { state: 'off', usage: null, problem: errorMessage(error) },
          notice: `${errorMessage(error)} Work stays on this page until it is closed.`,
        });
        return;
      }
      set({ saved: { state: 'on', usage: null, problem: null } });
      const open = db;
      const problems: string[] = [];
      try {
        const current = (await open.getMeta(CURRENT)) as Current | undefined;
        if (current && current.datasetId !== 'mnist') await restoreDataset(open, current.datasetId, problems);
        if (current?.teachersId) await restoreTeachers(open, current.teachersId, problems);
        const { runs, skipped } = await open.listRuns();
        for (const s of skipped) problems.push(`run ${String(s.key)} (${s.reason})`);
        const datasetId = get().datasetId;
        const restored = runs
          .filter((r) => r.datasetId === datasetId)
          .map((r: SavedRun) => {
            if (!isStudentRun(r.run)) {
              problems.push(`run ${r.id} (not a run this studio wrote)`);
              return null;
            }
            return { ...r.run, name: r.name };
          })
          .filter((r): r is StudentRun => r !== null);
        if (restored.length > 0) set({ runs: restored, selectedRunId: null });
        const parts = [
          get().teachers ? 'the teachers' : null,
          restored.length ? `${restored.length} run${restored.length === 1 ? '' : 's'}` : null,
        ].filter(Boolean);
        if (parts.length > 0 && get().datasetSummary) {
          set({ status: `${readyMessage(get().datasetSummary!)}; restored from your last visit: ${parts.join(' and ')}.` });
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
          set((s) => ({
            saved: { ...s.saved, problem: null },
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

  async function restoreDataset(open: SavedData, id: string, problems: string[]) {
    const found = await open.getDataset(id);
    if (found.status !== 'found') {
      if (found.status === 'unreadable') problems.push(`the dataset (${found.reason})`);
      return;
    }
    const { data } = found.value;
    const summary = await deps.client.loadImportedDataset(data, data.classNames);
    set({ dataset: datasetOf(data), datasetSummary: summary, datasetId: id, status: readyMessage(summary) });
  }

  async function restoreTeachers(open: SavedData, id: string, problems: string[]) {
    const found = await open.getTeachers(id);
    if (found.status !== 'found') {
      if (found.status === 'unreadable') problems.push(`the teachers (${found.reason})`);
      return;
    }
    if (found.value.datasetId !== get().datasetId) return;
    const record = found.value.record;
    if (!isTeacherRecord(record)) {
      problems.push('the teachers (not a record this studio wrote)');
      return;
    }
    await deps.client.restoreTeachers(record.snapshot);
    set({ teachers: record, teacherFormOpen: false });
  }
}

/** A table's values as read, from its standardised values (the dataset is rebuilt, and standardised again, from these). */
function unstandardized(values: Float32Array, standardization: { mean: number[]; std: number[] }): Float32Array {
  const features = standardization.mean.length;
  return values.map((v, i) => v * standardization.std[i % features]! + standardization.mean[i % features]!);
}
