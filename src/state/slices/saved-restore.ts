/**
 * Bringing saved work back onto the page (saved-slice.ts): the runs, the dataset, the teachers
 * (into the worker too) and the sweep of a dataset, each checked before it is trusted. What comes
 * back goes into `fromSaved`, so the saved-data observer does not write it again.
 */
import type { SavedData, SavedRun } from '../../storage/saved-data';
import { datasetOf } from '../../core/import/dataset-files';
import { readyMessage } from '../messages';
import { isStudentRun, isTeacherRecord, sweepRunOf } from '../saved-records';
import { readSweepLists } from '../sweep';
import type { StudentRun, SweepRun, TeacherRecord } from '../types';
import { migrateConfig } from '../../core/settings/config';
import type { SliceContext } from './context';

export function savedRestorers({ set, get, deps }: SliceContext, fromSaved: WeakSet<object>) {
  /** The saved runs of `datasetId` as the page holds them, with a reason for each that cannot be used. */
  const savedRunsOf = (runs: SavedRun[], datasetId: string, problems: string[]): StudentRun[] =>
    runs
      .filter((r) => r.datasetId === datasetId)
      .flatMap((r) => {
        if (!isStudentRun(r.run)) {
          problems.push(`run ${r.id} (not a run this studio wrote)`);
          return [];
        }
        // Configs saved before on/off settings were booleans are read as this version holds them.
        const run: StudentRun = {
          ...r.run,
          name: r.name,
          config: migrateConfig(r.run.config),
          teacherConfig: migrateConfig(r.run.teacherConfig),
        };
        fromSaved.add(run);
        return [run];
      });

  async function restoreDataset(open: SavedData, id: string, problems: string[]) {
    const found = await open.getDataset(id);
    if (found.status !== 'found') {
      if (found.status === 'unreadable') problems.push(`the dataset (${found.reason})`);
      return;
    }
    const { data } = found.value;
    const summary = await deps.client.loadImportedDataset(data, data.classNames);
    const dataset = datasetOf(data);
    fromSaved.add(dataset);
    set({ dataset, datasetSummary: summary, datasetId: id, status: readyMessage(summary) });
  }

  async function restoreTeachers(open: SavedData, id: string, problems: string[]) {
    const found = await open.getTeachers(id);
    if (found.status !== 'found') {
      if (found.status === 'unreadable') problems.push(`the teachers (${found.reason})`);
      return;
    }
    if (found.value.datasetId !== get().datasetId) return;
    const saved = found.value.record;
    if (!isTeacherRecord(saved)) {
      problems.push('the teachers (not a record this studio wrote)');
      return;
    }
    const record: TeacherRecord = { ...saved, snapshot: { ...saved.snapshot, config: migrateConfig(saved.snapshot.config) } };
    await deps.client.restoreTeachers(record.snapshot);
    fromSaved.add(record);
    set({ teachers: record, teacherFormOpen: false });
  }

  /** Puts the dataset's saved sweep on the page (table, chart and the lists in the inputs), unless the page has a sweep of its own. */
  async function restoreSweep(open: SavedData, datasetId: string, problems: string[]): Promise<SweepRun | null> {
    const found = await open.getSweep(datasetId);
    if (found.status !== 'found') {
      if (found.status === 'unreadable') problems.push(`the sweep (${found.reason})`);
      return null;
    }
    if (get().datasetId !== datasetId) return null;
    const onPage = get().sweep;
    // Restored already (a dataset restored at boot also shows its saved work), or a sweep of this visit: kept.
    if (onPage !== null) return fromSaved.has(onPage) ? onPage : null;
    if (get().job === 'sweep') return null;
    const sweep = sweepRunOf(found.value);
    fromSaved.add(sweep);
    set({ sweep, sweepLists: sweep.lists, sweepErrors: readSweepLists(sweep.lists).errors });
    return sweep;
  }

  return { savedRunsOf, restoreDataset, restoreTeachers, restoreSweep };
}
