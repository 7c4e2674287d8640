/** The teacher settings: shown in full, or folded into a one-line summary once teachers are trained. */
import type { TeachersSlice } from '../types';
import type { SliceContext } from './context';

export function teachersActions({ set }: SliceContext): Pick<TeachersSlice, 'setTeacherFormOpen'> {
  return {
    setTeacherFormOpen(open) {
      set({ teacherFormOpen: open });
    },
  };
}
