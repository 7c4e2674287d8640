import { describe, expect, it } from 'vitest';
import {
  barBands,
  linearScale,
  linearTickFormat,
  linearTicks,
  linePath,
  logScale,
  niceLinear,
  niceLog,
  px,
  stepPath,
  tickCount,
  type Point,
} from './scale';

describe('scales', () => {
  it('maps a linear domain onto pixels, upside down for y', () => {
    const y = linearScale([0, 2], [200, 0]);
    expect(y(0)).toBe(200);
    expect(y(1)).toBe(100);
    expect(y(2)).toBe(0);
    expect(linearScale([3, 3], [0, 10])(3)).toBe(5); // a flat domain does not divide by zero: d3 puts it in the middle
  });

  it('maps decades evenly on a log scale and has no place for zero or negatives', () => {
    const y = logScale([0.01, 10], [300, 0]);
    expect(y(0.01)).toBeCloseTo(300);
    expect(y(0.1)).toBeCloseTo(200);
    expect(y(1)).toBeCloseTo(100);
    expect(y(10)).toBeCloseTo(0);
    expect(y(0)).toBeNaN();
    expect(y(-1)).toBeNaN();
  });
});

describe('ticks', () => {
  it('are round multiples of 1, 2 or 5 × 10^k inside the range, at most maxCount', () => {
    expect(linearTicks(0, 1000, 5)).toEqual([0, 500, 1000]);
    expect(linearTicks(0, 1234, 7)).toEqual([0, 200, 400, 600, 800, 1000, 1200]);
    expect(linearTicks(0, 1, 6)).toEqual([0, 0.2, 0.4, 0.6, 0.8, 1]);
    expect(linearTicks(0.13, 0.47, 5)).toEqual([0.2, 0.3, 0.4]);
    for (const [min, max, count] of [
      [0, 7, 4],
      [3, 977, 6],
      [0.001, 0.0173, 5],
    ] as const) {
      const ticks = linearTicks(min, max, count);
      expect(ticks.length).toBeLessThanOrEqual(count);
      expect(ticks.length).toBeGreaterThanOrEqual(2);
      expect(ticks[0]).toBeGreaterThanOrEqual(min);
      expect(ticks[ticks.length - 1]).toBeLessThanOrEqual(max);
    }
  });

  it('print without floating-point noise', () => {
    expect(linearTicks(0, 0.3, 4)).toEqual([0, 0.1, 0.2, 0.3]);
    expect(linearTicks(0, 0.7, 8).map(String)).toEqual(['0', '0.1', '0.2', '0.3', '0.4', '0.5', '0.6', '0.7']);
  });

  it('can be whole numbers only (epochs), which may leave a short range with one tick', () => {
    expect(linearTicks(0, 3, 10, true)).toEqual([0, 1, 2, 3]);
    expect(linearTicks(0, 40, 6, true)).toEqual([0, 10, 20, 30, 40]);
    expect(linearTicks(0, 0.97, 5, true)).toEqual([0]);
    expect(linearTicks(0, 0.97, 5)).toEqual([0, 0.2, 0.4, 0.6, 0.8]);
  });

  it('fit the pixels available', () => {
    expect(tickCount(400, 70)).toBe(6);
    expect(tickCount(30, 70)).toBe(2);
  });

  it('print as d3 prints them when a chart sets no format: the decimals the step needs, thousands grouped', () => {
    expect([0, 0.5, 1].map(linearTickFormat([0, 0.5, 1]))).toEqual(['0.0', '0.5', '1.0']);
    expect([0, 5000, 10000].map(linearTickFormat([0, 5000, 10000]))).toEqual(['0', '5,000', '10,000']);
    expect(linearTickFormat([3])(3)).toBe('3');
  });
});

describe('niceLinear', () => {
  it('widens [0, max] to the next round tick', () => {
    expect(niceLinear(0, 2.73, 5)).toEqual({ domain: [0, 3], ticks: [0, 1, 2, 3] });
    expect(niceLinear(0, 0.37, 5)).toEqual({ domain: [0, 0.4], ticks: [0, 0.1, 0.2, 0.3, 0.4] });
    expect(niceLinear(0, 1.9, 6).domain).toEqual([0, 2]);
  });

  it('copes with a flat or empty range', () => {
    expect(niceLinear(0, 0).domain).toEqual([0, 1]);
    const flat = niceLinear(2, 2);
    expect(flat.domain[0]).toBeLessThan(2);
    expect(flat.domain[1]).toBeGreaterThan(2);
    expect(niceLinear(NaN, 1).domain).toEqual([0, 1]);
  });
});

describe('niceLog', () => {
  it('uses 1-2-5 ticks when the data spans little more than a decade', () => {
    expect(niceLog(0.15, 1.7, 6)).toEqual({ domain: [0.1, 2], ticks: [0.1, 0.2, 0.5, 1, 2] });
  });

  it('falls back to powers of ten over several decades', () => {
    const { domain, ticks } = niceLog(0.003, 2.4, 6);
    expect(domain).toEqual([0.001, 10]);
    expect(ticks).toEqual([0.001, 0.01, 0.1, 1, 10]);
  });

  it('skips decades when even the powers are too many', () => {
    const { domain, ticks } = niceLog(1e-6, 5, 4);
    expect(ticks.length).toBeLessThanOrEqual(5);
    expect(domain[0]).toBeLessThanOrEqual(1e-6);
    expect(domain[1]).toBeGreaterThanOrEqual(5);
    expect(ticks[0]).toBe(domain[0]);
    expect(ticks[ticks.length - 1]).toBe(domain[1]);
  });

  it('copes with one value, zeros and nothing', () => {
    expect(niceLog(1, 1).domain).toEqual([1, 2]);
    expect(niceLog(0, 0.5).domain[0]).toBeGreaterThan(0);
    expect(niceLog(NaN, NaN).domain).toEqual([0.1, 1]);
  });
});

describe('paths', () => {
  const x = linearScale([0, 10], [0, 100]);
  const y = linearScale([0, 1], [50, 0]);

  /**
   * What the e2e helper svgPoints (e2e/fixtures.ts) reads: d3-shape's M/L commands (and Z) with plain
   * decimal "x,y" pairs, no exponents.
   */
  const PLAIN_PATH = /^(?:[ML]-?\d+(?:\.\d+)?,-?\d+(?:\.\d+)?Z?)+$/;

  it('draws a polyline as "Mx,yLx,y…" (d3-shape), the plain form the e2e helper svgPoints reads', () => {
    const points: Point[] = [
      [0, 0],
      [5, 0.5],
      [10, 1],
    ];
    const d = linePath(points, x, y);
    expect(d).toBe('M0,50L50,25L100,0');
    expect(d).toMatch(PLAIN_PATH);
    const wiggly: Point[] = Array.from({ length: 50 }, (_, i) => [i / 5, Math.sin(i) / 2 + 0.5]);
    expect(linePath(wiggly, x, y)).toMatch(PLAIN_PATH);
  });

  it('rounds to a tenth of a pixel and never prints -0 or exponents', () => {
    expect(px(-0.01)).toBe(0);
    expect(String(px(1e-9))).toBe('0');
    expect(linePath([[1 / 3, 1 / 3]], x, y)).toBe('M3.3,33.3Z');
    expect(
      linePath(
        [
          [-0.001, 1e-9],
          [1e-9, 0.5],
        ],
        x,
        y,
      ),
    ).toBe('M0,50L0,25');
  });

  it('breaks the line where a point has no place (zero on a log scale) and resumes after it', () => {
    const logY = logScale([0.1, 10], [100, 0]);
    const d = linePath(
      [
        [0, 1],
        [2, 0],
        [4, 1],
        [6, 10],
      ],
      x,
      logY,
    );
    // The lone point before the gap is a one-point subpath, closed ("Z"); the line resumes with "M".
    expect(d).toBe('M0,50ZM40,50L60,0');
    expect(d).toMatch(PLAIN_PATH);
    expect(linePath([], x, y)).toBe('');
  });

  it('draws a step line that holds each value until the next point', () => {
    expect(
      stepPath(
        [
          [0, 0],
          [5, 1],
          [10, 1],
        ],
        x,
        y,
      ),
    ).toBe('M0,50L50,50L50,0L100,0L100,0');
  });
});

describe('barBands', () => {
  it('splits each category band into equal bars, leaving the padding around them', () => {
    const { category, group } = barBands(10, 2, [100, 600], 0.2);
    expect(category.step()).toBeCloseTo(50);
    expect(category.bandwidth()).toBeCloseTo(40);
    expect(category(0)).toBeCloseTo(105);
    expect(category(9)).toBeCloseTo(555);
    expect(group.bandwidth()).toBeCloseTo(20);
    expect(group(1)).toBeCloseTo(20);
  });
});
