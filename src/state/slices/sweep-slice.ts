/**
 * Sweeps: one student per combination of the lists, distilled one after another from the page's
 * teachers (the worker keeps them, so they are trained once). Stop ends the sweep after the
 * current batch and keeps every finished point; a point halted by a non-finite loss is kept, marked,
 * and the sweep goes on.
 */
import { manifestJson } from '../../core/manifest/manifest';
import { manifestName, sweepManifest } from '../manifest-export';
import type { ExperimentConfig } from '../../core/settings/config';
import {
  groupPoints,
  selectedGroup,
  sweepConfigs,
  sweepCsv,
  sweepReport,
  type SweepAxis,
  type SweepPoint,
} from '../../core/training/sweep';
import { formatPercent, formatSpread } from '../format';
import { sweepDoneMessage, sweepProgressMessage } from '../messages';
import { currentSweepEstimate, estimateBlocker, estimateKey, sweepBlocker } from '../rules';
import { pointLabel, readSweepLists, settingsLabel, sweepSecondsLeft, sweepTimeLeft } from '../sweep';
import type { SliceContext } from './context';
import { jobHelpers } from './jobs';

/** The lists a sweep takes, as typed (one text per setting). */
export type SweepLists = Record<SweepListKey, string>;

export type SweepListKey = 'temperature' | 'alpha' | 'studentHidden' | 'loss' | 'calibrateTeachers' | 'seed';

/** A sweep: its students, one after another, with the teachers of the page. */
export interface SweepRun {
  /** The lists as typed when it started (a restored sweep puts them back in the inputs). */
  lists: SweepLists;
  /** The settings every point shares (the form's at the start). */
  base: ExperimentConfig;
  teacherConfig: ExperimentConfig;
  /** The teachers it distilled from (their id in saved data), and when it started (ISO 8601). */
  teachersId: string;
  createdAt: string;
  axes: SweepAxis[];
  configs: ExperimentConfig[];
  /** Finished points (and a stopped or halted one), in order. */
  points: SweepPoint[];
  /** 0-based index of the point training now; null when the sweep is over. */
  current: number | null;
  /** Expected seconds of each point, from this backend's measured speed (null: not known). */
  expectedSeconds: number[] | null;
  /** A sweep that was running when the page closed comes back 'stopped', with its finished points. */
  state: 'running' | 'done' | 'stopped' | 'failed';
  /** Set when it came from saved data: 'closed' when it was still running as the page closed. */
  restored: 'saved' | 'closed' | null;
  /** The backend, dataset and SHA-256 it ran on, for its manifest (absent in sweeps saved before manifests). */
  backend?: string;
  datasetId?: string;
  datasetName?: string;
  datasetHash?: string;
}

export interface SweepSlice {
  sweepLists: SweepLists;
  /** One message per list that cannot be read. */
  sweepErrors: Partial<Record<SweepListKey, string>>;
  sweep: SweepRun | null;
  /** Expected seconds of the sweep the lists describe, for the current settings (null: not known yet). */
  sweepEstimate: {
    seconds: number;
    /** Expected seconds of each point, in sweep order. */
    perPoint: number[];
    basis: 'measured' | 'probe';
    lists: SweepLists;
    config: ExperimentConfig;
    /** The dataset and backend it was measured on (estimateKey). */
    on: string;
  } | null;
  setSweepList(key: SweepListKey, text: string): void;
  /** Trains one student per combination, one after another; Stop ends it keeping the finished points. */
  runSweep(): Promise<void>;
  /** Asks the worker how long the sweep would take (one probe per kind of student). */
  refreshSweepEstimate(): Promise<void>;
  /** Hands every point of the sweep to the browser as a CSV or JSON file. */
  exportSweep(format: 'csv' | 'json' | 'manifest'): void;
  /** Copies a point's settings into the form (to run it alone, e.g. to download its student). */
  applySweepSettings(index: number): void;
}

type SweepActions = Pick<SweepSlice, 'setSweepList' | 'runSweep' | 'refreshSweepEstimate' | 'exportSweep' | 'applySweepSettings'>;

/** Work is the same for points that differ only in T, alpha or seed: one estimate per kind of student. */
const workKey = (c: ExperimentConfig) => [c.studentHidden, c.studentEpochs, c.loss, c.temperatureSchedule].join('|');

const pointStatus = (stopped: boolean, failure: string | null): SweepPoint['status'] => (failure ? 'halted' : stopped ? 'stopped' : 'done');

/** "T = 4, α = 0.9: val 93.51 % ± 0.20, test 93.56 %" for the group chosen on validation. */
function bestText(run: SweepRun): string | null {
  const best = selectedGroup(groupPoints(run.points, run.axes));
  if (!best) return null;
  const settings = settingsLabel(best.config, run.axes);
  return `${settings ? `${settings}: ` : ''}val ${formatSpread(best.studentVal)}, test ${formatPercent(best.studentTest.mean)}`;
}

export function sweepActions(ctx: SliceContext): SweepActions {
  const { set, get, deps } = ctx;
  const jobs = jobHelpers(ctx, () => void get().refreshEstimate());

  const updateSweep = (change: Partial<SweepRun>) => set((s) => (s.sweep ? { sweep: { ...s.sweep, ...change } } : {}));

  /** Trains point `i`, adds it to the sweep, and says whether the sweep goes on. */
  const runPoint = async (run: SweepRun, i: number, id: number): Promise<boolean> => {
    const config = run.configs[i]!;
    const label = pointLabel(config, run.axes);
    updateSweep({ current: i });
    const started = performance.now();
    const result = await jobs.distill(config, id, (progress) => {
      const points = get().sweep?.points ?? [];
      const left = sweepSecondsLeft(run.expectedSeconds, points, i, run.configs.length, progress.secondsLeft);
      return sweepProgressMessage(i, run.configs.length, label, progress, sweepTimeLeft(left));
    });
    const point: SweepPoint = {
      index: i + 1,
      config,
      results: result.results,
      seconds: (performance.now() - started) / 1000,
      status: pointStatus(result.stopped, result.failure),
    };
    set((s) => (s.sweep ? { sweep: { ...s.sweep, points: [...s.sweep.points, point] } } : {}));
    return !result.stopped;
  };

  return {
    setSweepList(key, text) {
      set((s) => {
        const sweepLists = { ...s.sweepLists, [key]: text };
        return { sweepLists, sweepErrors: readSweepLists(sweepLists).errors };
      });
    },

    async runSweep() {
      const blocker = sweepBlocker(get());
      if (blocker) {
        set({ status: blocker });
        return;
      }
      const { config: base, teachers, sweepLists } = get();
      const sweepEstimate = currentSweepEstimate(get());
      const axes = readSweepLists(sweepLists).axes;
      const configs = sweepConfigs(base, axes);
      const run: SweepRun = {
        lists: sweepLists,
        base,
        teacherConfig: teachers!.snapshot.config,
        teachersId: teachers!.id,
        createdAt: (deps.now?.() ?? new Date()).toISOString(),
        backend: get().backend?.name,
        datasetId: get().datasetId,
        datasetName: get().datasetSummary?.name,
        datasetHash: get().datasetSummary?.hash,
        axes,
        configs,
        points: [],
        current: 0,
        expectedSeconds: sweepEstimate?.perPoint ?? null,
        state: 'running',
        restored: null,
      };
      const id = jobs.start('sweep');
      set({ sweep: run, status: `Sweep: starting ${configs.length} students…` });
      let state: SweepRun['state'] = 'done';
      let i = 0;
      try {
        for (; i < configs.length; i++) {
          if (get().stopRequested || !(await runPoint(run, i, id))) {
            state = 'stopped';
            break;
          }
        }
      } catch (error) {
        state = 'failed';
        jobs.fail(`The sweep failed at student ${i + 1} of ${configs.length}`, error);
      } finally {
        updateSweep({ current: null, state });
        const finished = get().sweep!;
        if (state !== 'failed') {
          const done = finished.points.filter((p) => p.status === 'done').length;
          const halted = finished.points.filter((p) => p.status === 'halted').length;
          set({ status: sweepDoneMessage(state, done, configs.length, halted, bestText(finished)) });
        }
        jobs.end();
      }
    },

    async refreshSweepEstimate() {
      const { sweepLists, config } = get();
      const { axes, errors } = readSweepLists(sweepLists);
      if (estimateBlocker(get()) || Object.keys(errors).length > 0) return;
      const on = estimateKey(get());
      const configs = sweepConfigs(config, axes);
      const seconds = new Map<string, { seconds: number; basis: 'measured' | 'probe' } | null>();
      try {
        for (const c of configs) {
          const key = workKey(c);
          if (seconds.has(key)) continue;
          const answer = await deps.client.estimate(c);
          seconds.set(key, answer ? { seconds: answer.distillSeconds, basis: answer.basis } : null);
        }
      } catch {
        return; // No estimate: the panel says nothing about time.
      }
      // The lists, settings, dataset or backend moved on, or a job started: this answer is for another question.
      if (get().sweepLists !== sweepLists || get().config !== config || estimateKey(get()) !== on || get().job !== 'idle') return;
      const perPoint = configs.map((c) => seconds.get(workKey(c))?.seconds ?? NaN);
      if (perPoint.some((s) => !Number.isFinite(s))) {
        set({ sweepEstimate: null });
        return;
      }
      const basis = [...seconds.values()].some((s) => s?.basis === 'probe') ? 'probe' : 'measured';
      set({ sweepEstimate: { seconds: perPoint.reduce((a, b) => a + b, 0), perPoint, basis, lists: sweepLists, config, on } });
    },

    exportSweep(format) {
      const sweep = get().sweep;
      if (!sweep || sweep.points.length === 0) return;
      const stamp = (deps.now?.() ?? new Date()).toISOString().slice(0, 19).replace(/[:T]/g, '-');
      if (format === 'csv') {
        deps.saveFile(`distill-sweep-${stamp}.csv`, sweepCsv(sweep.points), 'text/csv');
      } else if (format === 'manifest') {
        const manifest = sweepManifest(sweep);
        if ('error' in manifest) {
          set({ error: manifest.error });
          return;
        }
        const fileName = manifestName(`sweep-${stamp}`);
        deps.saveFile(fileName, manifestJson(manifest.manifest), 'application/json');
        set({
          status: `Saved ${fileName}: the sweep's settings, seeds, backend and dataset hash, to replay with npm run distill -- --manifest ${fileName}.`,
        });
      } else {
        const report = sweepReport(sweep.base, sweep.teacherConfig, sweep.axes, sweep.points);
        deps.saveFile(`distill-sweep-${stamp}.json`, `${JSON.stringify(report, null, 2)}\n`, 'application/json');
      }
    },

    applySweepSettings(index) {
      const point = get().sweep?.points.find((p) => p.index === index);
      if (!point || get().job !== 'idle') return;
      get().replaceConfig(point.config);
      set({
        status: `Settings of sweep student ${index} (${pointLabel(point.config, get().sweep!.axes)}) are in the form: Distill student trains it alone, to download it.`,
      });
    },
  };
}
