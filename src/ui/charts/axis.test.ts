import { describe, expect, it } from 'vitest';
import { fittedRange, referenceLabelPosition } from './axis';

describe('fittedRange', () => {
  it('fits accuracies of 85–96 % instead of spanning 50–100 %', () => {
    const { domain, ticks } = fittedRange([0.853, 0.91, 0.958, 0.94]);
    expect(domain[0]).toBeGreaterThanOrEqual(0.8);
    expect(domain[0]).toBeLessThanOrEqual(0.853);
    expect(domain[1]).toBeGreaterThanOrEqual(0.958);
    expect(domain[1]).toBeLessThanOrEqual(1);
    expect(ticks.length).toBeGreaterThanOrEqual(3);
    expect(ticks.length).toBeLessThanOrEqual(7);
    expect(ticks[0]).toBe(domain[0]);
  });

  it('never goes below 0 or above 100 %, and copes with one value or none', () => {
    expect(fittedRange([0.999, 1]).domain[1]).toBe(1);
    expect(fittedRange([0.001]).domain[0]).toBe(0);
    expect(fittedRange([]).domain).toEqual([0, 1]);
    expect(fittedRange([NaN, 0.5]).domain[0]).toBeLessThan(0.5);
  });
});

describe('referenceLabelPosition', () => {
  it('puts the label where no curve passes: curves rising towards the line from below on the right → top right', () => {
    const curves: [number, number][] = [[1, 0.8], [5, 0.9], [10, 0.94]];
    expect(referenceLabelPosition(curves, 0.95, [1, 10], 0.3, 0.02)).toBe('insideTopRight');
  });

  it('moves away from a curve that crosses above the line on the right', () => {
    const curves: [number, number][] = [[1, 0.85], [8, 0.955], [10, 0.96]];
    expect(referenceLabelPosition(curves, 0.95, [1, 10], 0.3, 0.02)).toBe('insideBottomRight');
    const everywhereRight: [number, number][] = [[9, 0.94], [10, 0.96]];
    expect(referenceLabelPosition(everywhereRight, 0.95, [1, 10], 0.3, 0.02)).toBe('insideTopLeft');
  });
});
