/**
 * The accuracy/size trade-off of every student trained on this page: test accuracy against
 * parameters for the distilled students and their baselines (single runs and sweep points), and
 * the frontier of each — the students no smaller one beats.
 */
import type { SweepPoint } from '../../core/training/sweep';
import type { StudentRun } from '../../state/types';

export interface ParetoPoint {
  params: number;
  testAccuracy: number;
  /** "Run 3" or "Sweep student 7": where the point came from. */
  source: string;
  /** The student's hidden layers, e.g. "128-64". */
  hidden: string;
}

export interface ParetoData {
  distilled: ParetoPoint[];
  baseline: ParetoPoint[];
  /** The frontier of each set: by size, each point more accurate than every smaller one. */
  distilledFrontier: ParetoPoint[];
  baselineFrontier: ParetoPoint[];
}

/** Points sorted by size, keeping those more accurate than everything smaller (ties: the smaller). */
export function frontier(points: readonly ParetoPoint[]): ParetoPoint[] {
  const sorted = [...points].sort((a, b) => a.params - b.params || b.testAccuracy - a.testAccuracy);
  const out: ParetoPoint[] = [];
  for (const p of sorted) if (out.length === 0 || p.testAccuracy > out.at(-1)!.testAccuracy) out.push(p);
  return out;
}

export function paretoData(runs: readonly StudentRun[], sweepPoints: readonly SweepPoint[]): ParetoData {
  const distilled: ParetoPoint[] = [];
  const baseline: ParetoPoint[] = [];
  for (const run of runs) {
    const { student, baseline: base } = run.result.results;
    const hidden = run.config.studentHidden;
    distilled.push({ params: student.params, testAccuracy: student.testAccuracy, source: `Run ${run.id}`, hidden });
    baseline.push({ params: base.params, testAccuracy: base.testAccuracy, source: `Run ${run.id}`, hidden });
  }
  for (const point of sweepPoints) {
    if (point.status !== 'done') continue;
    const { student, baseline: base } = point.results;
    const hidden = point.config.studentHidden;
    const source = `Sweep student ${point.index}`;
    distilled.push({ params: student.params, testAccuracy: student.testAccuracy, source, hidden });
    baseline.push({ params: base.params, testAccuracy: base.testAccuracy, source, hidden });
  }
  return { distilled, baseline, distilledFrontier: frontier(distilled), baselineFrontier: frontier(baseline) };
}
