import { describe, expect, it } from 'vitest';
import { DEFAULT_CONFIG, type ExperimentConfig } from '../settings/config';
import { groupColumns, groupPoints, textTable, type SweepAxis, type SweepPoint } from './sweep';
import {
  BASELINE_REFERENCE,
  comparisonColumns,
  compareWithReference,
  parseReferenceSpec,
  referenceName,
  resolveReference,
} from './sweep-compare';
import { distillResult } from '../../../test-support/store';

/** A finished point whose students score `student` and `baseline` (test; validation 0.01 lower), kept at epoch 3 of 5. */
function point(index: number, config: Partial<ExperimentConfig>, student: number, baseline: number): SweepPoint {
  const { results } = distillResult(student, null, baseline);
  results.epochs = {
    student: {
      best: { epoch: 3, valAccuracy: student - 0.01, testAccuracy: student },
      last: { epoch: 5, valAccuracy: 0.5, testAccuracy: 0.5 },
    },
    baseline: null,
  };
  return { index, config: { ...DEFAULT_CONFIG, ...config }, results, seconds: 1, status: 'done' };
}

const axes: SweepAxis[] = [
  { key: 'loss', values: ['kd', 'nkd'] },
  { key: 'seed', values: [0, 1, 2] },
];
// Per seed (0, 1, 2): KD 0.90, 0.92, 0.94; NKD 0.91, 0.94, 0.97 (differences +1, +2, +3 points);
// the baseline is 0.90 on every seed, so KD's gains are 0, +2, +4 points.
const points = [
  point(1, { loss: 'kd', seed: 0 }, 0.9, 0.9),
  point(2, { loss: 'kd', seed: 1 }, 0.92, 0.9),
  point(3, { loss: 'kd', seed: 2 }, 0.94, 0.9),
  point(4, { loss: 'nkd', seed: 0 }, 0.91, 0.9),
  point(5, { loss: 'nkd', seed: 1 }, 0.94, 0.9),
  point(6, { loss: 'nkd', seed: 2 }, 0.97, 0.9),
];
const KD = JSON.stringify({ loss: 'kd' });
const NKD = JSON.stringify({ loss: 'nkd' });
const T_975_2 = 4.302652729911275;

describe('compareWithReference', () => {
  it('pairs each group with another group by seed: mean, t-interval, verdict', () => {
    const nkd = compareWithReference(points, axes, { kind: 'group', key: KD }).get(NKD)!.test;
    // Differences 0.01, 0.02, 0.03: mean 0.02, sd 0.01, half-width t(0.975, 2)·0.01/√3.
    expect(nkd.seeds).toEqual([0, 1, 2]);
    expect(nkd.mean).toBeCloseTo(0.02, 12);
    expect(nkd.low).toBeCloseTo(0.02 - (T_975_2 * 0.01) / Math.sqrt(3), 10);
    expect(nkd.verdict).toBe('cannot tell');
    expect(nkd.seedsNeeded).toBe(4);
  });

  it('against the baseline, each group with the labels-only student of its own runs', () => {
    const comparisons = compareWithReference(points, axes, BASELINE_REFERENCE);
    const kd = comparisons.get(KD)!.test;
    expect(kd.differences.map((d) => Math.round(d * 1e4) / 1e4)).toEqual([0, 0.02, 0.04]);
    const nkd = comparisons.get(NKD)!.test;
    // 0.01, 0.04, 0.07: mean 0.04, sd 0.03 → half-width 0.0745 > 0.04: not resolved.
    expect(nkd.mean).toBeCloseTo(0.04, 12);
    expect(nkd.verdict).toBe('cannot tell');
  });

  it('leaves out stopped points, and the reference group itself', () => {
    const stopped = points.map((p) => (p.index === 6 ? { ...p, status: 'stopped' as const } : p));
    const comparisons = compareWithReference(stopped, axes, { kind: 'group', key: KD });
    expect([...comparisons.keys()]).toEqual([NKD]);
    expect(comparisons.get(NKD)!.test.seeds).toEqual([0, 1]);
  });
});

describe('the reference as the CLI reads it', () => {
  const groups = groupPoints(points, axes);

  it('reads baseline or settings, and finds the best-on-validation group that matches', () => {
    expect(parseReferenceSpec('baseline')).toEqual({ spec: 'baseline' });
    const spec = parseReferenceSpec('loss=kd');
    expect(spec).toEqual({ spec: { loss: 'kd' } });
    expect(resolveReference({ loss: 'kd' }, groups)).toEqual({ kind: 'group', key: KD });
    expect(resolveReference({ loss: 'dkd' }, groups)).toBeNull();
    expect(referenceName({ kind: 'group', key: KD }, groups)).toBe('loss = kd');
  });

  it('names what it cannot read', () => {
    expect(parseReferenceSpec('kd')).toEqual({ error: expect.stringMatching(/"kd" is not baseline or setting=value/) });
    expect(parseReferenceSpec('loss=mse')).toEqual({ error: expect.stringMatching(/^--reference: Loss must be one of/) });
  });

  it('the ranked table shows the interval, the verdict, the seeds to resolve, and best against last epoch', () => {
    const ranked = groups.map((g, i) => ({ ...g, rank: i + 1 }));
    const reference = { kind: 'group', key: KD } as const;
    const columns = [
      ...groupColumns(axes),
      ...comparisonColumns<(typeof ranked)[number]>(compareWithReference(points, axes, reference), reference, 'KD'),
    ];
    const text = textTable(columns, ranked);
    expect(text).toContain('Test vs KD (points, 95 % CI)');
    expect(text).toMatch(/nkd .*94\.00 % ± 3\.00 .*50\.00 % ± 0\.00 .*\+2\.00 \[−0\.48, \+4\.48\] +cannot tell +4/);
    expect(text).toMatch(/kd .* reference/);
  });
});
