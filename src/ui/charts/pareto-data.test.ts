import { describe, expect, it } from 'vitest';
import { frontier, type ParetoPoint } from './pareto-data';

const point = (params: number, testAccuracy: number): ParetoPoint => ({ params, testAccuracy, source: `${params}`, hidden: '8' });

describe('frontier', () => {
  it('keeps, by size, each student more accurate than every smaller one', () => {
    const points = [point(100, 0.9), point(50, 0.92), point(200, 0.91), point(400, 0.95), point(50, 0.8), point(300, 0.95)];
    expect(frontier(points).map((p) => [p.params, p.testAccuracy])).toEqual([
      [50, 0.92],
      [300, 0.95],
    ]);
  });

  it('is empty without points', () => {
    expect(frontier([])).toEqual([]);
  });
});
