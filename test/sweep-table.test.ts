import { describe, expect, it } from 'vitest';
import { DEFAULT_CONFIG } from '../src/core/settings/config';
import type { LossName } from '../src/core/losses/registry';
import { sweepReport, type SweepPoint } from '../src/core/training/sweep';
import { distillResult } from '../test-support/store';
import { columns, combineReports, compareRows, markdownTable, referenceLine, tableRows } from '../scripts/lib/sweep-table';

/** One seed's report: each loss at T = 2 and 4, with the given test accuracies (val = test − 0.01). */
function report(seed: number, accuracy: (loss: LossName, t: number) => number) {
  const points: SweepPoint[] = [];
  for (const loss of ['kd', 'dkd'] as const)
    for (const temperature of [2, 4]) {
      const config = { ...DEFAULT_CONFIG, loss, temperature, seed };
      points.push({
        index: points.length + 1,
        config,
        results: distillResult(accuracy(loss, temperature), null, 0.9).results,
        seconds: 1,
        status: 'done',
      });
    }
  const axes = [
    { key: 'loss' as const, values: ['kd', 'dkd'] },
    { key: 'temperature' as const, values: [2, 4] },
  ];
  return sweepReport({ ...DEFAULT_CONFIG, seed }, { ...DEFAULT_CONFIG, seed }, axes, points);
}

describe('the variant table', () => {
  it('chooses T per loss on mean validation over seeds and reports test as mean ± sd', () => {
    // KD is best at T = 4 on both seeds; DKD at T = 2 on one seed, T = 4 on the other, better mean at T = 2.
    const kd = { 2: [0.92, 0.92], 4: [0.94, 0.96] };
    const dkd = { 2: [0.95, 0.91], 4: [0.9, 0.93] };
    const reports = [0, 1].map((seed) => report(seed, (loss, t) => (loss === 'kd' ? kd : dkd)[t as 2 | 4][seed]!));
    const { points, axes } = combineReports(reports);
    expect(points.map((p) => p.index)).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
    const rows = tableRows(points, axes, ['loss', 'temperatureSchedule']);
    expect(rows.map((r) => [r.label, r.chosen, r.candidates, r.group.seeds])).toEqual([
      ['KD', 'T = 4', 2, [0, 1]],
      ['DKD', 'T = 2', 2, [0, 1]],
    ]);
    expect(rows[0]!.group.studentTest.mean).toBeCloseTo(0.95);
    expect(rows[0]!.group.studentTest.sd).toBeCloseTo(Math.SQRT2 * 0.01);
    expect(rows[0]!.group.testGain.mean).toBeCloseTo(0.05);
    // Paired over the two seeds: the gains are +4 and +6 points, t(0.975, 1) = 12.706: +5.00 ± 12.706·1.414/√2.
    expect(compareRows(rows, { loss: 'kd' })).toBe(rows[0]);
    const table = markdownTable(columns('KD'), rows).split('\n');
    expect(table[2]).toBe('| KD | T = 4 (of 2) | 2 | 94.00 ± 1.41 | 95.00 ± 1.41 | – | +5.00 [−7.71, +17.71] | reference | – | – |');
    // DKD − KD per seed: +1 and −5 points: −2.00, half-width 12.706·4.243/√2 = 38.12. Seeds to resolve:
    // the first n with t(0.975, n − 1)·4.243/√n < 2: n = 20 (2.093·4.243/4.472 = 1.99; n = 19: 2.04).
    expect(table[3]).toBe(
      '| DKD | T = 2 (of 2) | 2 | 92.00 ± 2.83 | 93.00 ± 2.83 | – | +3.00 [−22.41, +28.41] | −2.00 [−40.12, +36.12] | cannot tell | 20 |',
    );
    expect(referenceLine(points)).toBe(
      'Baseline student (labels only), test: 90.00 ± 0.00 %; teacher ensemble, test: 97.00 ± 0.00 % (2 seeds, 8 students).',
    );
  });
});
