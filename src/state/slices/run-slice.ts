/** Jobs: train the teachers, distil the student, stop. Results are never dropped on an error. */
import { WorkerCrashedError, errorMessage } from '../../worker/client';
import type { TeacherResult } from '../../worker/protocol';
import { emptySeries } from '../initial-state';
import { distillDoneMessage, distillProgressMessage, teacherProgressMessage, teachersDoneMessage } from '../messages';
import { distillBlocker, teacherRunBlocker } from '../selectors';
import { appendAccuracies, appendLosses } from '../series';
import type { RunSlice } from '../types';
import type { SliceContext } from './context';

type RunActions = Pick<RunSlice, 'trainTeachers' | 'distill' | 'stop' | 'dismissError'>;

export function runActions(ctx: SliceContext): RunActions {
  const { set, get, deps } = ctx;
  const { client } = deps;

  /** An error that is not a crash goes to the alert; a crash was already reported by the client. */
  const fail = (what: string, error: unknown) => {
    if (error instanceof WorkerCrashedError) {
      if (get().workerState !== 'crashed') set({ workerState: 'crashed', crash: error.message });
      return;
    }
    const message = `${what}: ${errorMessage(error)}`;
    set({ error: message, status: message });
  };

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
      teachers: {
        snapshot: result.snapshot,
        memberTestAccuracy: result.memberTestAccuracy,
        ensembleTestAccuracy: result.ensembleTestAccuracy,
        stopped: result.stopped,
      },
      status: teachersDoneMessage(result),
    });
  };

  return {
    async trainTeachers() {
      const blocker = teacherRunBlocker(get());
      if (blocker) {
        set({ error: blocker });
        return;
      }
      const config = get().config;
      const id = ctx.nextJobId();
      set({
        job: 'teachers',
        error: null,
        stopRequested: false,
        teacherProgress: null,
        status: `Training teacher 1 of ${config.ensembleSize}…`,
      });
      try {
        const result = await client.trainTeachers(config, (progress) => {
          if (ctx.currentJobId() !== id || get().job !== 'teachers') return;
          set({ teacherProgress: progress, status: get().stopRequested ? get().status : teacherProgressMessage(progress) });
        });
        // A result always holds at least one member: a stop before the first finished epoch
        // rejects instead, with a message saying the previous teachers are kept.
        acceptTeachers(result);
      } catch (error) {
        fail('Teacher training failed', error);
        await reinstateTeachers();
      } finally {
        set({ job: 'idle', teacherProgress: null, stopRequested: false });
      }
    },

    async distill() {
      const blocker = distillBlocker(get());
      if (blocker) {
        set({ error: blocker });
        return;
      }
      const config = get().config;
      const classNames = get().datasetSummary?.classNames ?? [];
      const id = ctx.nextJobId();
      set({
        job: 'distill',
        error: null,
        stopRequested: false,
        distillProgress: null,
        series: emptySeries(),
        status: 'Distilling the student…',
      });
      try {
        const result = await client.distill(config, (progress) => {
          if (ctx.currentJobId() !== id || get().job !== 'distill') return;
          set((s) => {
            const series = appendAccuracies(appendLosses(s.series, progress.losses), progress.accuracies);
            const hyper = series.lastHyper ?? s.config;
            return {
              series,
              distillProgress: progress,
              status: s.stopRequested ? s.status : distillProgressMessage(progress, hyper.temperature, hyper.alpha),
            };
          });
        });
        const { results } = result;
        set({
          student: {
            result,
            config: { ...config, temperature: results.temperature, alpha: results.alpha },
            classNames,
            createdAt: (deps.now?.() ?? new Date()).toISOString(),
          },
          status: distillDoneMessage(results, result.stopped, result.failure),
        });
        if (result.failure) {
          set({ error: `Training was halted: ${result.failure} The last good student is kept.` });
        }
      } catch (error) {
        fail('Distillation failed', error);
      } finally {
        set({ job: 'idle', stopRequested: false });
      }
    },

    stop() {
      const { job } = get();
      if (job !== 'teachers' && job !== 'distill') return;
      client.stop();
      set({ stopRequested: true, status: 'Stopping after the current batch…' });
    },

    dismissError() {
      set({ error: null });
    },
  };
}
