/** Jobs: train the teachers, distill a student, stop, estimate. Results are never dropped on an error. */
import type { ExperimentConfig } from '../../core/settings/config';
import type { EpochPoint, JobEstimate, LossPoint, Progress, ScheduleEntry, TeacherProgress, TeacherResult } from '../../shared/protocol';
import { distillDoneMessage, distillProgressMessage, stoppingMessage, teacherProgressMessage, teachersDoneMessage } from '../messages';
import { distillBlocker, estimateBlocker, estimateKey, teacherRunBlocker } from '../rules';
import { appendTeacherPoints, emptyTeacherSeries } from '../series';
import { MNIST_IMAGE, PIXELS } from '../../core/data/data';
import type { StudentRun } from '../types';
import type { SliceContext } from './context';
import { jobHelpers } from './jobs';
import { teacherRecordOf } from './teachers-slice';

export type Job = 'idle' | 'booting' | 'restarting' | 'teachers' | 'distill' | 'sweep' | 'import';

/** What is running, how far it is, and what went wrong. */
export interface RunSlice {
  job: Job;
  /** One line for the live status region. */
  status: string;
  /** The last error that is not a crash (shown in an alert); results are kept. */
  error: string | null;
  /** Something the user should know that is not an error (e.g. a link's settings not applied during a run). */
  notice: string | null;
  teacherProgress: TeacherProgress | null;
  distillProgress: Progress | null;
  stopRequested: boolean;
  /**
   * Expected durations of the next jobs, for the settings in `config` on the dataset and backend
   * named by `on` (estimateKey): compare both with the current ones before showing it.
   */
  estimate: (JobEstimate & { config: ExperimentConfig; on: string }) | null;
  trainTeachers(): Promise<void>;
  distill(): Promise<void>;
  /** Stops teacher training or distillation after the current batch (pressed again while caching logits: discards the new teachers). */
  stop(): void;
  dismissError(): void;
  dismissNotice(): void;
  /** Shows a notice (e.g. why a link's settings were not applied). */
  notify(message: string): void;
  /** Asks the worker how long the next jobs would take with the current settings. */
  refreshEstimate(): Promise<void>;
}

/** A change of T or alpha during distillation, drawn as a vertical line on the loss and accuracy charts. */
export interface HyperMark {
  step: number;
  /** T and alpha before the change. */
  from: { temperature: number; alpha: number };
  temperature: number;
  alpha: number;
  label: string;
}

export interface Series {
  /** Loss readings, decimated to at most MAX_LOSS_POINTS (every `stride`-th reading is kept). */
  losses: LossPoint[];
  stride: number;
  /** Readings received so far in this run (kept or not). */
  seen: number;
  accuracies: EpochPoint[];
  /** Every T/alpha the run used, from the batch it took effect (exact, from the worker). */
  schedule: ScheduleEntry[];
  /** Changes of the schedule, a slider drag folded into one. */
  marks: HyperMark[];
  /** Student batches per epoch, to place marks on the accuracy chart's epoch axis. */
  batchesPerEpoch: number;
  /** Soft-term weights per epoch (weighted losses only; the accuracy points carry them too). */
  softWeights: SoftWeightsPoint[];
  /** The loss and T schedule of the run drawn (they name the loss terms and say where T comes from). */
  distilledWith: Pick<ExperimentConfig, 'loss' | 'temperatureSchedule'>;
}

export interface SoftWeightsPoint {
  epoch: number;
  counts: number[];
  mean: number;
}

/** The curves the charts draw of the running (or last) job: the jobs write them (jobs.ts). */
export interface SeriesSlice {
  series: Series;
}

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
            // A text student's download carries its vocabulary and tokeniser.
            text: dataset?.text ? { words: dataset.text.words, length: dataset.text.length } : null,
          },
          losses: get().series.losses,
          result,
          config,
          teacherConfig: teachers?.snapshot.config ?? config,
          teacherMembers: teachers?.snapshot.logits.length ?? config.ensembleSize,
          teachersImportedFrom: teachers?.snapshot.importedFrom ?? null,
          classNames,
          createdAt: (deps.now?.() ?? new Date()).toISOString(),
          backend: get().backend?.name,
          datasetHash: get().datasetSummary?.hash,
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
