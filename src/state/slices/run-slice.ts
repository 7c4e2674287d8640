/** Jobs: train the teachers, distill a student, stop, estimate. Results are never dropped on an error. */
import { WorkerCrashedError, errorMessage } from '../../page/client';
import { ENGINE_ERRORS, type TeacherResult } from '../../shared/protocol';
import { distillDoneMessage, distillProgressMessage, stoppingMessage, teacherProgressMessage, teachersDoneMessage } from '../messages';
import { distillBlocker, estimateBlocker, teacherRunBlocker } from '../selectors';
import { appendAccuracies, appendLosses, appendSchedule, appendTeacherPoints, emptySeries, emptyTeacherSeries } from '../series';
import type { RunSlice } from '../types';
import type { SliceContext } from './context';

type RunActions = Pick<RunSlice, 'trainTeachers' | 'distill' | 'stop' | 'dismissError' | 'dismissNotice' | 'notify' | 'refreshEstimate'>;

export function runActions(ctx: SliceContext): RunActions {
  const { set, get, deps } = ctx;
  const { client } = deps;
  let stopPresses = 0;

  /** An error that is not a crash goes to the alert; a crash was already reported by the client. */
  const fail = (what: string, error: unknown) => {
    if (error instanceof WorkerCrashedError) {
      if (get().workerState !== 'crashed') set({ workerState: 'crashed', crash: error.message });
      return;
    }
    // A job the user cancelled is said in the status line, not in an alert.
    if (error instanceof Error && error.name === ENGINE_ERRORS.cancelled) {
      set({ status: error.message });
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
        memberValAccuracy: result.memberValAccuracy,
        ensembleTestAccuracy: result.ensembleTestAccuracy,
        ensembleValAccuracy: result.ensembleValAccuracy,
        stopped: result.stopped,
        seconds: result.timing.totalSeconds,
      },
      // The form collapses to a one-line summary, so the student's controls and charts fit on screen.
      teacherFormOpen: false,
      status: teachersDoneMessage(result),
    });
  };

  const startJob = (job: 'teachers' | 'distill') => {
    stopPresses = 0;
    set({ job, error: null, stopRequested: false, estimate: null });
    return ctx.nextJobId();
  };

  const endJob = () => {
    set({ job: 'idle', stopRequested: false, teacherProgress: null });
    // The jobs measured this backend's speed: estimates for the next ones are better now.
    void actions.refreshEstimate();
  };

  const actions: RunActions = {
    async trainTeachers() {
      const blocker = teacherRunBlocker(get());
      if (blocker) {
        set({ error: blocker });
        return;
      }
      const config = get().config;
      const id = startJob('teachers');
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
        fail('Teacher training failed', error);
        await reinstateTeachers();
      } finally {
        endJob();
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
      const id = startJob('distill');
      set({
        distillProgress: null,
        series: emptySeries({ loss: config.loss, temperatureSchedule: config.temperatureSchedule }),
        status: `Distilling the student (run ${runId})…`,
      });
      try {
        const result = await client.distill(config, (progress) => {
          if (ctx.currentJobId() !== id || get().job !== 'distill') return;
          set((s) => {
            const series = {
              ...appendSchedule(appendAccuracies(appendLosses(s.series, progress.losses), progress.accuracies), progress.schedule),
              batchesPerEpoch: progress.batches,
            };
            const hyper = series.schedule.at(-1) ?? s.config;
            return {
              series,
              distillProgress: progress,
              status: s.stopRequested && !progress.finishing ? s.status : distillProgressMessage(progress, hyper.temperature, hyper.alpha),
            };
          });
        });
        const run = {
          id: runId,
          result,
          config,
          teacherConfig: teachers?.snapshot.config ?? config,
          teacherMembers: teachers?.snapshot.members.length ?? config.ensembleSize,
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
        fail('Distillation failed', error);
      } finally {
        endJob();
      }
    },

    stop() {
      const { job } = get();
      if (job !== 'teachers' && job !== 'distill') return;
      stopPresses++;
      client.stop();
      const progress = job === 'teachers' ? get().teacherProgress : get().distillProgress;
      set({ stopRequested: true, status: stoppingMessage(job, progress, stopPresses) });
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
      try {
        const estimate = await client.estimate(config);
        // Settings moved on, or a job started meanwhile: this answer is for another question.
        if (get().config !== config || get().job !== 'idle') return;
        set({ estimate: estimate ? { ...estimate, config } : null });
      } catch {
        // No estimate is not an error the user needs to see; the buttons just say nothing about time.
      }
    },
  };
  return actions;
}
