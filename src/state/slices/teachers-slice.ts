/** The teacher settings (shown in full, or folded into a one-line summary once teachers are trained), and the members' weights. */
import { weightsProblem } from '../../core/teacher-view';
import { errorMessage } from '../../page/client';
import { isRunning } from '../selectors';
import type { TeachersSlice } from '../types';
import type { SliceContext } from './context';

export function teachersActions({ set, get, deps }: SliceContext): Pick<TeachersSlice, 'setTeacherFormOpen' | 'setTeacherWeights'> {
  return {
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
