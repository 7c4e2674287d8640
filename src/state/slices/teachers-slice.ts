/** The teacher settings (shown in full, or folded into a one-line summary once teachers are trained), and the members' weights. */
import { weightsProblem } from '../../core/ensemble/teacher-view';
import { errorMessage } from '../../bridge/client';
import { isRunning } from '../rules';
import { checkImportSize } from '../../core/import/limits';
import type { TeacherCalibration } from '../../core/ensemble/calibration';
import type { TeacherEpochPoint, TeacherLossPoint, TeacherResult, TeacherSnapshot } from '../../shared/protocol';
import { formatPercent } from '../format';
import type { SliceContext } from './context';

export interface TeacherRecord {
  /** Identifies these teachers in saved data (runs point at the teachers they learnt from). */
  id: string;
  snapshot: TeacherSnapshot;
  memberTestAccuracy: number[];
  memberValAccuracy: number[];
  ensembleTestAccuracy: number;
  ensembleValAccuracy: number;
  diversity: TeacherResult['diversity'];
  /** Each member's weight in the ensemble mean (the snapshot's too). */
  weights: number[];
  /** Temperatures fitted on validation, figures before and after on test, for these weights. */
  calibration: TeacherCalibration;
  stopped: boolean;
  /** Seconds the whole job took. */
  seconds: number;
}

/** Live teacher curves: loss readings and epoch-end points of every member. */
export interface TeacherSeries {
  losses: TeacherLossPoint[];
  epochs: TeacherEpochPoint[];
}

export interface TeachersSlice {
  teachers: TeacherRecord | null;
  teacherSeries: TeacherSeries;
  /** The teacher settings are shown in full (before training, or after "Edit"). */
  teacherFormOpen: boolean;
  setTeacherFormOpen(open: boolean): void;
  /** Teacher models of one's own (model.json + weight files, or .zip files): they join the trained teachers. */
  importTeacherModels(files: { name: string; size: number; read(): Promise<ArrayBuffer> }[]): Promise<void>;
  /** Teachers from a file of their logits (.npy, .csv, .json) for every sample of the dataset; refused by size before it is read. */
  importTeacherLogits(file: { name: string; size: number; read(): Promise<ArrayBuffer> }): Promise<void>;
  /** Sends new member weights to the worker; every ensemble figure and the next run use them. Refused (with a message) while a job runs. */
  setTeacherWeights(weights: number[]): Promise<void>;
}

/** An id for saved data: unique enough across visits and tabs (time, then randomness). */
export function newId(kind: string): string {
  return `${kind}-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 8)}`;
}

/** What the page keeps of a teacher job's (or a logits import's) result. */
export function teacherRecordOf(result: TeacherResult, id = newId('teachers')): TeacherRecord {
  return {
    id,
    snapshot: result.snapshot,
    memberTestAccuracy: result.memberTestAccuracy,
    memberValAccuracy: result.memberValAccuracy,
    ensembleTestAccuracy: result.ensembleTestAccuracy,
    ensembleValAccuracy: result.ensembleValAccuracy,
    diversity: result.diversity,
    weights: result.weights,
    calibration: result.calibration,
    stopped: result.stopped,
    seconds: result.timing.totalSeconds,
  };
}

export function teachersActions({
  set,
  get,
  deps,
}: SliceContext): Pick<TeachersSlice, 'setTeacherFormOpen' | 'setTeacherWeights' | 'importTeacherLogits' | 'importTeacherModels'> {
  return {
    async importTeacherModels(files) {
      if (isRunning(get()) || get().workerState !== 'ready') {
        set({ error: 'Teacher models can be imported when no job is running.' });
        return;
      }
      try {
        for (const file of files) checkImportSize(file.name, file.size);
        const read = await Promise.all(files.map(async (f) => ({ name: f.name, buffer: await f.read() })));
        const result = await deps.client.importTeacherModels(read, get().config);
        const previous = get().teachers;
        const added = result.snapshot.logits.length - (previous?.snapshot.logits.length ?? 0);
        set({
          teachers: teacherRecordOf(result),
          teacherFormOpen: false,
          status: `${added} teacher model${added === 1 ? '' : 's'} imported: ${result.snapshot.logits.length} teachers now, ensemble test accuracy ${formatPercent(result.ensembleTestAccuracy)}.`,
        });
      } catch (error) {
        set({ error: `The teacher models were not imported: ${errorMessage(error)} The current teachers are kept.` });
      }
    },

    async importTeacherLogits(file) {
      if (isRunning(get()) || get().workerState !== 'ready') {
        set({ error: 'Teacher logits can be imported when no job is running.' });
        return;
      }
      try {
        checkImportSize(file.name, file.size);
        const result = await deps.client.importTeacherLogits({ name: file.name, buffer: await file.read() }, get().config);
        set({
          teachers: teacherRecordOf(result),
          teacherFormOpen: false,
          status: `Teachers imported from ${file.name}: ${result.snapshot.logits.length} member${result.snapshot.logits.length === 1 ? '' : 's'}, ensemble test accuracy ${formatPercent(result.ensembleTestAccuracy)}.`,
        });
      } catch (error) {
        set({ error: `The teacher logits were not imported: ${errorMessage(error)} The current teachers are kept.` });
      }
    },

    setTeacherFormOpen(open) {
      set({ teacherFormOpen: open });
    },

    async setTeacherWeights(weights) {
      const teachers = get().teachers;
      if (!teachers) return;
      if (isRunning(get())) {
        set({ error: 'Teacher weights can be changed when no job is running.' });
        return;
      }
      const problem = weightsProblem(weights, teachers.snapshot.members.length);
      if (problem) {
        set({ error: problem });
        return;
      }
      try {
        const figures = await deps.client.setTeacherWeights(weights);
        // Only if these are still the teachers the weights were meant for.
        if (get().teachers?.snapshot !== teachers.snapshot) return;
        set({
          teachers: { ...teachers, ...figures, snapshot: { ...teachers.snapshot, weights: figures.weights } },
          status: `Teacher weights set to ${figures.weights.join(', ')}: the ensemble and the next run use them.`,
        });
      } catch (error) {
        set({ error: `The teacher weights were not changed: ${errorMessage(error)}` });
      }
    },
  };
}
