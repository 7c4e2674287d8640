import { describe, expect, it } from 'vitest';
import { fittedRange, referenceLabelPlacement } from './axis';

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
    expect(ticks[ticks.length - 1]).toBe(domain[1]);
  });

  it('never goes below 0 or above 100 %, and copes with one value or none', () => {
    expect(fittedRange([0.999, 1]).domain[1]).toBe(1);
    expect(fittedRange([0.001]).domain[0]).toBe(0);
    expect(fittedRange([]).domain).toEqual([0, 1]);
    expect(fittedRange([NaN, 0.5]).domain[0]).toBeLessThan(0.5);
  });
});

describe('referenceLabelPlacement', () => {
  it('puts the label where no curve passes: curves rising towards the line from below → above it, on the right', () => {
    const curves: [number, number][] = [
      [1, 0.8],
      [5, 0.9],
      [10, 0.94],
    ];
    expect(referenceLabelPlacement(curves, 0.95, [1, 10], 0.3, 0.02)).toEqual({ end: 'right', above: true });
  });

  it('moves below the line when a curve runs just above it on the right (the Quick-demo picture)', () => {
    const distilled: [number, number][] = [
      [1, 0.45],
      [5, 0.76],
      [10, 0.775],
      [25, 0.78],
    ];
    const baseline: [number, number][] = [
      [1, 0.43],
      [5, 0.8],
      [25, 0.88],
    ];
    expect(referenceLabelPlacement([...distilled, ...baseline], 0.759, [0, 25], 0.45, 0.08)).toEqual({ end: 'right', above: false });
  });

  it('counts a segment that crosses the label even when no point lies in it', () => {
    // Points at x 5 and 10 are outside the label's y band, but the segment between crosses it.
    const crossing: [number, number][] = [
      [5, 0.9],
      [10, 1.0],
    ];
    expect(referenceLabelPlacement(crossing, 0.95, [0, 10], 0.45, 0.02)).not.toEqual({ end: 'right', above: true });
  });
});
