/** The teacher settings (shown in full, or folded into a one-line summary once teachers are trained), and the members' weights. */
import { weightsProblem } from '../../core/ensemble/teacher-view';
import { errorMessage } from '../../bridge/client';
import { isRunning } from '../selectors';
import { checkImportSize } from '../../core/import/limits';
import type { TeacherResult } from '../../shared/protocol';
import { formatPercent } from '../format';
import type { TeacherRecord, TeachersSlice } from '../types';
import type { SliceContext } from './context';

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
