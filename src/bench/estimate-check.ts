/**
 * Estimates against actual times, as the studio shows them: on a fresh session the run buttons'
 * expected times (a probe), the teachers trained and timed, the distillation's expected time as it
 * stands after them, the distillation timed, then a small sweep's expected time and its actual one.
 * It runs through anything that estimates and runs jobs the way the session does: the session in
 * Node, the worker's client in the benchmark page. `npm run bench -- --estimates` prints it; it
 * reports figures and never judges them (a benchmark, not a test).
 */
import type { ExperimentConfig } from '../core/settings/config';
import { sweepConfigs, type SweepAxis } from '../core/training/sweep';
import type { JobEstimate } from '../core/types';

/** What the check drives: the session, or the page's client of the worker. */
export interface EstimateRunner {
  estimate(config: ExperimentConfig): Promise<JobEstimate | null>;
  trainTeachers(config: ExperimentConfig): Promise<unknown>;
  distill(config: ExperimentConfig): Promise<unknown>;
}

export type EstimatedJob = 'teachers' | 'distillation' | 'sweep';

export interface EstimateRow {
  job: EstimatedJob;
  /** When the estimate was read: at load (a fresh session: probed), or just before the job's click. */
  when: 'at load' | 'before the click';
  /** Seconds the studio would have shown; null when it could not say. */
  estimate: number | null;
  basis: JobEstimate['basis'] | null;
  /** Seconds the job took, from the call to its answer. */
  actual: number;
  /** (estimate − actual) / actual, in %; null without an estimate. */
  errorPercent: number | null;
}

export interface EstimateCheck {
  config: ExperimentConfig;
  sweep: SweepAxis[];
  /** Seconds the first estimate took to answer (the probe on a fresh session). */
  probeSeconds: number;
  rows: EstimateRow[];
}

/** (estimate − actual) / actual in %, or null. */
export function errorPercent(estimate: number | null, actual: number): number | null {
  return estimate === null || !(actual > 0) ? null : (100 * (estimate - actual)) / actual;
}

const seconds = async (run: () => Promise<unknown>, now: () => number): Promise<number> => {
  const start = now();
  await run();
  return (now() - start) / 1000;
};

/**
 * The studio's sequence on a fresh session: estimate, train the teachers, estimate, distil, then
 * (if `sweep` has axes) estimate every point of the sweep (the Sweep panel's figure) and run them.
 */
export async function checkEstimates(
  runner: EstimateRunner,
  config: ExperimentConfig,
  sweep: SweepAxis[] = [],
  now: () => number = () => performance.now(),
): Promise<EstimateCheck> {
  const rows: EstimateRow[] = [];
  const row = (job: EstimatedJob, when: EstimateRow['when'], estimate: number | null, basis: JobEstimate['basis'] | null, actual: number) =>
    rows.push({ job, when, estimate, basis, actual, errorPercent: errorPercent(estimate, actual) });

  const probeStart = now();
  const atLoad = await runner.estimate(config);
  const probeSeconds = (now() - probeStart) / 1000;
  const teachers = await seconds(() => runner.trainTeachers(config), now);
  row('teachers', 'at load', atLoad?.teacherSeconds ?? null, atLoad?.basis ?? null, teachers);

  const beforeDistill = await runner.estimate(config);
  const distilled = await seconds(() => runner.distill(config), now);
  row('distillation', 'at load', atLoad?.distillSeconds ?? null, atLoad?.basis ?? null, distilled);
  row('distillation', 'before the click', beforeDistill?.distillSeconds ?? null, beforeDistill?.basis ?? null, distilled);

  if (sweep.length > 0) {
    const configs = sweepConfigs(config, sweep);
    let expected: number | null = 0;
    let basis: JobEstimate['basis'] = 'measured';
    for (const point of configs) {
      const answer = await runner.estimate(point);
      if (answer?.basis === 'probe') basis = 'probe';
      expected = answer === null || expected === null ? null : expected + answer.distillSeconds;
    }
    const actual = await seconds(async () => {
      for (const point of configs) await runner.distill(point);
    }, now);
    row('sweep', 'before the click', expected, basis, actual);
  }
  return { config, sweep, probeSeconds, rows };
}
