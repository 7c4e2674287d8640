/** Jobs: train the teachers, distill a student, stop, estimate. Results are never dropped on an error. */
import type { TeacherResult } from '../../shared/protocol';
import { distillDoneMessage, distillProgressMessage, stoppingMessage, teacherProgressMessage, teachersDoneMessage } from '../messages';
import { distillBlocker, estimateBlocker, estimateKey, teacherRunBlocker } from '../selectors';
import { appendTeacherPoints, emptyTeacherSeries } from '../series';
import { MNIST_IMAGE, PIXELS } from '../../core/data/data';
import type { RunSlice, StudentRun } from '../types';
import type { SliceContext } from './context';
import { jobHelpers } from './jobs';
import { teacherRecordOf } from './teachers-slice';

type RunActions = Pick<RunSlice, 'trainTeachers' | 'distill' | 'stop' | 'dismissError' | 'dismissNotice' | 'notify' | 'refreshEstimate'>;

export function runActions(ctx: SliceContext): RunActions {
  const { set, get, deps } = ctx;
  const { client } = deps;
  const jobs = jobHelpers(ctx, () => void actions.refreshEstimate());

  /** Puts the page's teachers back into the worker after a run that did not replace them. */
  const reinstateTeachers = async () => {
    const previous = get().teachers;
    if (!previous || get().workerState !== 'ready') return;
    try {
      await client.restoreTeachers(previous.snapshot);
    } catch {
      // The alert already says what went wrong; the snapshot stays on the page for a restart.
    }
  };

  const acceptTeachers = (result: TeacherResult) => {
    set({
      teachers: teacherRecordOf(result),
      // The form collapses to a one-line summary, so the student's controls and charts fit on screen.
      teacherFormOpen: false,
      status: teachersDoneMessage(result),
    });
  };

  const actions: RunActions = {
    async trainTeachers() {
      const blocker = teacherRunBlocker(get());
      if (blocker) {
        set({ error: blocker });
        return;
      }
      const config = get().config;
      const id = jobs.start('teachers');
      set({ teacherProgress: null, teacherSeries: emptyTeacherSeries(), status: `Training teacher 1 of ${config.ensembleSize}…` });
      try {
        const result = await client.trainTeachers(config, (progress) => {
          if (ctx.currentJobId() !== id || get().job !== 'teachers') return;
          set((s) => ({
            teacherProgress: progress,
            teacherSeries: appendTeacherPoints(s.teacherSeries, progress.losses, progress.epochPoints),
            status: s.stopRequested && !progress.finishing ? s.status : teacherProgressMessage(progress),
          }));
        });
        acceptTeachers(result);
      } catch (error) {
        jobs.fail('Teacher training failed', error);
        await reinstateTeachers();
      } finally {
        jobs.end();
      }
    },

    async distill() {
      const blocker = distillBlocker(get());
      if (blocker) {
        set({ error: blocker });
        return;
      }
      const { config, teachers } = get();
      const classNames = get().datasetSummary?.classNames ?? [];
      const runId = (get().runs.at(-1)?.id ?? 0) + 1;
      const id = jobs.start('distill');
      set({ status: `Distilling the student (run ${runId})…` });
      try {
        const result = await jobs.distill(config, id, distillProgressMessage);
        const dataset = get().dataset;
        const run: StudentRun = {
          id: runId,
          name: `Run ${runId}`,
          datasetId: get().datasetId,
          teachersId: teachers?.id ?? '',
          dataset: {
            name: dataset?.name ?? 'MNIST',
            features: dataset?.features ?? PIXELS,
            image: dataset?.image ?? MNIST_IMAGE,
            columns: dataset?.columns ?? null,
            standardization: dataset?.standardization ?? null,
          },
          losses: get().series.losses,
          result,
          config,
          teacherConfig: teachers?.snapshot.config ?? config,
          teacherMembers: teachers?.snapshot.logits.length ?? config.ensembleSize,
          teachersImportedFrom: teachers?.snapshot.importedFrom ?? null,
          classNames,
          createdAt: (deps.now?.() ?? new Date()).toISOString(),
        };
        set((s) => ({
          runs: [...s.runs, run],
          selectedRunId: null,
          status: distillDoneMessage(runId, result.results, result.stopped, result.failure),
        }));
        if (result.failure) {
          set({ error: `Training was halted: ${result.failure} The last good student is kept.` });
        }
      } catch (error) {
        jobs.fail('Distillation failed', error);
      } finally {
        jobs.end();
      }
    },

    stop() {
      const { job } = get();
      if (job !== 'teachers' && job !== 'distill' && job !== 'sweep') return;
      const presses = jobs.pressStop();
      client.stop();
      const progress = job === 'teachers' ? get().teacherProgress : get().distillProgress;
      set({ stopRequested: true, status: stoppingMessage(job, progress, presses) });
    },

    dismissError() {
      set({ error: null });
    },

    dismissNotice() {
      set({ notice: null });
    },

    notify(message) {
      set({ notice: message });
    },

    async refreshEstimate() {
      if (estimateBlocker(get())) return;
      const config = get().config;
      const on = estimateKey(get());
      try {
        const estimate = await client.estimate(config);
        // Settings, dataset or backend moved on, or a job started meanwhile: this answer is for another question.
        if (get().config !== config || estimateKey(get()) !== on || get().job !== 'idle') return;
        set({ estimate: estimate ? { ...estimate, config, on } : null });
      } catch {
        // No estimate is not an error the user needs to see; the buttons just say nothing about time.
      }
      await get().refreshSweepEstimate();
    },
  };
  return actions;
}
