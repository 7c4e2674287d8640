/**
 * What every job shares: starting and ending one, failing without losing anything, and a
 * distillation whose progress fills the live charts. The run slice (one student) and the sweep
 * slice (many) both go through these.
 */
import type { ExperimentConfig } from '../../core/settings/config';
import { WorkerCrashedError, errorMessage } from '../../bridge/client';
import { ENGINE_ERRORS, type DistillProgress, type DistillResult } from '../../shared/protocol';
import { appendAccuracies, appendLosses, appendSchedule, emptySeries } from '../series';
import type { Job } from '../types';
import type { SliceContext } from './context';

export interface JobHelpers {
  /** Marks `job` as running; returns its id (progress of an older job is ignored). */
  start(job: Exclude<Job, 'idle' | 'booting' | 'restarting'>): number;
  /** Back to idle; the estimates are asked again (the job measured this backend's speed). */
  end(): void;
  /** An error goes to the alert (a crash was already reported; a cancelled job only says so in the status). */
  fail(what: string, error: unknown): void;
  /**
   * Distils one student with `config`, its readings drawn live on the charts; `status` words each
   * progress message. Resolves with the result, or rejects as the worker did.
   */
  distill(
    config: ExperimentConfig,
    id: number,
    status: (progress: DistillProgress, temperature: number, alpha: number) => string,
  ): Promise<DistillResult>;
  /** Times Stop was pressed in this job (a second press means more during logit caching). */
  stopPresses(): number;
  pressStop(): number;
}

export function jobHelpers(ctx: SliceContext, refreshEstimates: () => void): JobHelpers {
  const { set, get, deps } = ctx;
  let presses = 0;
  return {
    start(job) {
      presses = 0;
      set({ job, error: null, stopRequested: false, estimate: null });
      return ctx.nextJobId();
    },

    end() {
      set({ job: 'idle', stopRequested: false, teacherProgress: null });
      refreshEstimates();
    },

    fail(what, error) {
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
    },

    distill(config, id, status) {
      const job = get().job;
      // The charts are this job's now (selectors.ts, drawnSeries): a run shown before is no longer selected.
      set({
        distillProgress: null,
        series: emptySeries({ loss: config.loss, temperatureSchedule: config.temperatureSchedule }),
        selectedRunId: null,
      });
      return deps.client.distill(config, (progress) => {
        if (ctx.currentJobId() !== id || get().job !== job) return;
        set((s) => {
          const series = {
            ...appendSchedule(appendAccuracies(appendLosses(s.series, progress.losses), progress.accuracies), progress.schedule),
            batchesPerEpoch: progress.batches,
          };
          const hyper = series.schedule.at(-1) ?? config;
          return {
            series,
            distillProgress: progress,
            status: s.stopRequested && !progress.finishing ? s.status : status(progress, hyper.temperature, hyper.alpha),
          };
        });
      });
    },

    stopPresses: () => presses,
    pressStop: () => ++presses,
  };
}
