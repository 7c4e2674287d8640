/**
 * The section the page shows, and how it follows the jobs without taking the user elsewhere
 * unasked: a distillation the user starts shows the live charts it draws; a run that finishes while
 * another section is shown is marked as new on the Results tab (and offered in the run bar), never
 * jumped to.
 */
import type { StudioState } from '../types';
import type { SectionId } from '../sections';
import type { SliceContext } from './context';

/** What the studio page shows beside the setup column: one section at a time (its id is in the URL's `?section=`). */
export interface ViewSlice {
  section: SectionId;
  /** The newest run, when it finished while another section was shown: the Results tab marks it as new until it is seen. */
  unseenRunId: number | null;
  /** Shows a section (Results marks its new run as seen). */
  showSection(section: SectionId): void;
}

type ViewActions = Pick<ViewSlice, 'showSection'> & {
  /** Called by the store after every change. */
  observe(state: StudioState, previous: StudioState): void;
};

export function viewActions({ set }: SliceContext): ViewActions {
  return {
    showSection(section) {
      set((s) => ({ section, unseenRunId: section === 'results' ? null : s.unseenRunId }));
    },

    observe(state, previous) {
      // The user pressed "Distill student": its loss and accuracy are drawn in Live charts.
      if (state.job === 'distill' && previous.job !== 'distill' && state.section !== 'live') {
        set({ section: 'live' });
        return;
      }
      const newest = state.runs.at(-1);
      // A run this page just distilled (not one restored or deleted), while Results is not shown.
      const finished = newest !== undefined && newest !== previous.runs.at(-1) && state.job === 'distill';
      if (finished && state.section !== 'results') set({ unseenRunId: newest.id });
      else if (state.unseenRunId !== null && !state.runs.some((r) => r.id === state.unseenRunId)) set({ unseenRunId: null });
    },
  };
}
