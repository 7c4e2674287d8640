import { describe, expect, it } from 'vitest';
import { DEFAULT_CONFIG } from '../../core/settings/config';
import type { SweepAxis, SweepPoint } from '../../core/training/sweep';
import { distillResult } from '../../../test-support/store';
import { sweepChartData } from './sweep-chart-data';

const axes: SweepAxis[] = [
  { key: 'temperature', values: [4, 2] },
  { key: 'alpha', values: [0.5, 0.9] },
  { key: 'seed', values: [0, 1] },
];

/** One point per combination; validation accuracy = student accuracy − 0.01 (test-helpers). */
function points(accuracy: (t: number, a: number, seed: number) => number): SweepPoint[] {
  const out: SweepPoint[] = [];
  for (const seed of [0, 1])
    for (const temperature of [4, 2])
      for (const alpha of [0.5, 0.9]) {
        const results = distillResult(accuracy(temperature, alpha, seed), null, 0.9 + seed * 0.02).results;
        out.push({ index: out.length + 1, config: { ...DEFAULT_CONFIG, temperature, alpha, seed }, results, seconds: 1, status: 'done' });
      }
  return out;
}

describe('sweepChartData', () => {
  it('puts T along x in ascending order, one line per alpha, mean ± sd over seeds', () => {
    const data = sweepChartData(
      points((t, a, seed) => 0.9 + t / 100 + (a === 0.9 ? 0.01 : 0) + seed * 0.002),
      axes,
    );
    expect(data.xKey).toBe('temperature');
    expect(data.xLabels).toEqual(['2', '4']);
    expect(data.lines.map((l) => l.name)).toEqual(['α = 0.5', 'α = 0.9']);
    const line = data.lines[1]!;
    expect(line.points.map((p) => p.x)).toEqual([0, 1]);
    expect(line.points[1]!.val.mean).toBeCloseTo(0.9 + 0.04 + 0.01 + 0.001 - 0.01);
    expect(line.points[1]!.val.sd).toBeCloseTo(Math.SQRT2 * 0.001);
    expect(data.baseline.mean).toBeCloseTo(0.91 - 0.01);
    expect(data.baseline.n).toBe(8);
    // Best mean validation: T = 4, α = 0.9, on the α = 0.9 line at x = 1.
    expect(data.selected).toMatchObject({ line: line.key, x: 1 });
  });

  it('leaves stopped and halted points out, and draws a single column when only seeds vary', () => {
    const all = points(() => 0.95).slice(0, 2);
    all[1] = { ...all[1]!, status: 'stopped' };
    const data = sweepChartData(all, [{ key: 'seed', values: [0, 1] }]);
    expect(data.xKey).toBeNull();
    expect(data.xLabels).toEqual(['all seeds']);
    expect(data.lines).toHaveLength(1);
    expect(data.lines[0]!.points[0]!.val.n).toBe(1);
    expect(data.baseline.n).toBe(1);
  });
});
