/** The benchmark's estimate-against-actual arithmetic and sequence, on a fake runner and a fake clock (no timing of real work). */
import { describe, expect, it } from 'vitest';
import { DEFAULT_CONFIG, type ExperimentConfig } from '../core/settings/config';
import { checkEstimates, errorPercent, type EstimateRunner } from './estimate-check';
import type { JobEstimate } from '../core/types';

describe('estimates against actual times', () => {
  it('errorPercent is (estimate − actual) / actual in %, null without an estimate', () => {
    expect(errorPercent(39, 21)).toBeCloseTo(85.714, 3);
    expect(errorPercent(15, 20)).toBe(-25);
    expect(errorPercent(null, 20)).toBeNull();
    expect(errorPercent(5, 0)).toBeNull();
  });

  it('reads the estimates as the studio shows them (at load, then before each click) and times each job on the clock', async () => {
    let now = 0;
    const calls: string[] = [];
    const answers: JobEstimate[] = [
      { teacherSeconds: 30, distillSeconds: 24, basis: 'probe' }, // at load
      { teacherSeconds: 28, distillSeconds: 18, basis: 'measured' }, // after the teachers
      { teacherSeconds: 28, distillSeconds: 18, basis: 'measured' }, // sweep point 1
      { teacherSeconds: 28, distillSeconds: 40, basis: 'probe' }, // sweep point 2: a student not timed yet
    ];
    const runner: EstimateRunner = {
      async estimate(config: ExperimentConfig) {
        calls.push(`estimate ${config.studentHidden}`);
        now += 500; // the probe's time does not count towards a job's
        return answers.shift() ?? null;
      },
      async trainTeachers() {
        calls.push('teachers');
        now += 25_000;
      },
      async distill(config: ExperimentConfig) {
        calls.push(`distill ${config.studentHidden}`);
        now += config.studentHidden === '64' ? 20_000 : 30_000;
      },
    };
    const check = await checkEstimates(runner, DEFAULT_CONFIG, [{ key: 'studentHidden', values: ['64', '128'] }], () => now);
    expect(calls).toEqual([
      'estimate 64',
      'teachers',
      'estimate 64',
      'distill 64',
      'estimate 64',
      'estimate 128',
      'distill 64',
      'distill 128',
    ]);
    expect(check.probeSeconds).toBe(0.5);
    expect(check.rows.map((r) => [r.job, r.when, r.estimate, r.basis, r.actual, r.errorPercent])).toEqual([
      ['teachers', 'at load', 30, 'probe', 25, 20],
      ['distillation', 'at load', 24, 'probe', 20, 20],
      ['distillation', 'before the click', 18, 'measured', 20, -10],
      ['sweep', 'before the click', 58, 'probe', 50, 16],
    ]);
  });
});
