/**
 * Teaching mode: a 2D dataset generated on the page and in the worker alike (deterministic per
 * seed), and the models' logits over a grid, fetched after the teachers train and after each run,
 * for the decision-region maps. The jobs themselves are the studio's (run-slice.ts).
 */
import { datasetOf } from '../../core/import/dataset-files';
import { gridPoints } from '../../core/data/toy-grid';
import { validateToy, type ToySettings } from '../../core/data/toy-settings';
import type { GridLogits } from '../../core/ensemble/grid-maps';
import { errorMessage } from '../../bridge/client';
import { readyMessage } from '../messages';
import { isRunning } from '../rules';
import { LESSON_STEPS, type LessonSettings } from '../lesson';
import { GRID, toyData } from '../teaching';
import type { StudioState } from '../types';
import type { SliceContext } from './context';
import { cleared } from './dataset-slice';

/** Teaching mode: 2D datasets whose decision regions are painted (its own route, ?mode=teaching). */
export interface TeachingSlice {
  mode: 'studio' | 'teaching';
  toy: ToySettings;
  /** One message per setting that cannot be used (the dataset is kept). */
  toyErrors: string[];
  /** Logits over the grid: every teacher's, the last distilled student's and its baseline's. */
  grid: GridLogits | null;
  /** Generates the 2D dataset with these settings and loads it into the worker (clears teachers and runs). */
  setToy(changes: Partial<ToySettings>): Promise<void>;
  /** Asks the worker for the models' logits over the grid (after teachers train, after a run). */
  refreshGrid(): Promise<void>;
  /** The classroom view: large, high-contrast, controls reduced to T, alpha, Train and Reset. */
  classroom: boolean;
  setClassroom(on: boolean): void;
  /** The classroom's one button: trains the teachers if there are none, then distils; stops a running job. */
  trainOrStop(): Promise<void>;
  /** The guided lesson (lesson.ts): the step shown and the settings it started from, or null when it is not running. */
  lesson: { step: number; saved: LessonSettings } | null;
  /** Starts the lesson at its first step, remembering the settings it will change. */
  startLesson(): void;
  /** Shows a step, applying its setup. */
  showLessonStep(step: number): void;
  /** Ends the lesson and puts back every setting it changed. */
  endLesson(): void;
}

/** Epochs between repaints of the students' regions during a run. */
const EVERY = 2;

export function teachingActions({ set, get, deps }: SliceContext): Pick<
  TeachingSlice,
  'setToy' | 'refreshGrid' | 'setClassroom' | 'trainOrStop' | 'startLesson' | 'showLessonStep' | 'endLesson'
> & {
  observe(state: StudioState, previous: StudioState): void;
} {
  const points = gridPoints(GRID.resolution, GRID.extent);

  /** Sets T and alpha (live during a run) and the teacher confidence, each as the config's own actions do. */
  const applyLessonSettings = (settings: Partial<LessonSettings>) => {
    const { setTemperature, setAlpha, setParam } = get();
    if (settings.temperature !== undefined) setTemperature(settings.temperature);
    if (settings.alpha !== undefined) setAlpha(settings.alpha);
    if (settings.teacherConfidence !== undefined) setParam('teacherConfidence', String(settings.teacherConfidence));
  };

  const actions = {
    async setToy(changes: Partial<StudioState['toy']>) {
      const toy = { ...get().toy, ...changes };
      const errors = validateToy(toy);
      if (errors.length > 0) {
        set({ toyErrors: errors });
        return;
      }
      if (isRunning(get())) {
        set({ toyErrors: ['The dataset can change when no job is running.'] });
        return;
      }
      set({ toy, toyErrors: [], grid: null });
      const data = toyData(toy);
      try {
        const summary = await deps.client.loadImportedDataset(data, data.classNames);
        set({
          dataset: datasetOf(data),
          datasetSummary: summary,
          datasetId: `toy-${toy.kind}-${toy.points}-${toy.noise}-${toy.seed}-${toy.classes}${toy.unlabelled > 0 ? `-u${toy.unlabelled}` : ''}`,
          ...cleared,
          status: readyMessage(summary),
        });
      } catch (error) {
        set({ error: `The 2D dataset could not be loaded: ${errorMessage(error)}` });
      }
    },

    setClassroom(on: boolean) {
      set({ classroom: on });
    },

    async trainOrStop() {
      if (isRunning(get())) {
        get().stop();
        return;
      }
      if (!get().teachers) await get().trainTeachers();
      if (get().teachers && !isRunning(get())) await get().distill();
    },

    startLesson() {
      const { temperature, alpha, teacherConfidence } = get().config;
      set({ lesson: { step: 0, saved: { temperature, alpha, teacherConfidence } } });
      actions.showLessonStep(0);
    },

    showLessonStep(step: number) {
      const lesson = get().lesson;
      const shown = LESSON_STEPS[step];
      if (!lesson || !shown) return;
      applyLessonSettings(shown.setup);
      set({ lesson: { ...lesson, step } });
    },

    endLesson() {
      const lesson = get().lesson;
      if (!lesson) return;
      applyLessonSettings(lesson.saved);
      set({ lesson: null });
    },

    async refreshGrid() {
      const { teachers, dataset, job } = get();
      if (!dataset || (!teachers && job !== 'teachers')) {
        set({ grid: null });
        return;
      }
      try {
        const logits = await deps.client.logitsAt(points);
        set({ grid: { ...GRID, classes: dataset.classNames.length, ...logits } });
      } catch (error) {
        set({ error: `The decision regions could not be drawn: ${errorMessage(error)}` });
      }
    },
  };

  return {
    ...actions,
    /** New teachers, or a finished run: the regions are fetched again. */
    observe(state, previous) {
      if (state.mode !== 'teaching') return;
      if (state.teachers !== previous.teachers || state.runs !== previous.runs) void actions.refreshGrid();
      // While the teachers train, each member's map appears as it finishes.
      const finished = state.teacherProgress?.memberTestAccuracy.length ?? 0;
      if (state.job === 'teachers' && finished !== (previous.teacherProgress?.memberTestAccuracy.length ?? 0) && finished > 0)
        void actions.refreshGrid();
      // While the students train, their regions are repainted every other epoch.
      const epochs = state.series.accuracies.length;
      if (state.job === 'distill' && epochs !== previous.series.accuracies.length && epochs % EVERY === 0) void actions.refreshGrid();
    },
  };
}
