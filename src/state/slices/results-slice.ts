/** Results and the student download (built on the page from the last DistillResult). */
import { errorMessage } from '../../worker/client';
import { STUDENT_ZIP_NAME, studentMetadata } from '../student-metadata';
import type { ResultsSlice } from '../types';
import type { SliceContext } from './context';

export function resultsActions({ set, get, deps }: SliceContext): Pick<ResultsSlice, 'downloadStudent'> {
  return {
    downloadStudent() {
      const student = get().student;
      if (!student) {
        set({ error: 'There is no student to download yet: distil one first.' });
        return;
      }
      try {
        deps.saveStudent(student.result.student, studentMetadata(student));
        set({ status: `Saved ${STUDENT_ZIP_NAME}.` });
      } catch (error) {
        set({ error: `Could not build the download: ${errorMessage(error)}` });
      }
    },
  };
}
