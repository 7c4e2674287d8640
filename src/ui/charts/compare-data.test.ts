import { describe, expect, it } from 'vitest';
import { compareDescription, comparePlot, compareXDomain, compareYAxis, fittedLog, yExtent, type CompareSeries } from './compare-data';

const series = (key: string, points: [number, number][]): CompareSeries => ({ key, label: `Run ${key}`, points });

/** A KD run's loss (about 0.3–1.4) and a DKD run's (about 9–15.2), per batch. */
const kd = series('1', [
  [0, 1.4],
  [100, 0.6],
  [200, 0.3],
]);
const dkd = series('2', [
  [0, 15.2],
  [100, 11],
  [200, 9.1],
]);

/** Every drawable value of every series lies inside the domain (none clipped). */
function expectInside(all: CompareSeries[], domain: [number, number], log: boolean) {
  for (const s of all)
    for (const [, y] of s.points) {
      if (!Number.isFinite(y) || (log && y <= 0)) continue;
      expect(y, `${s.label}'s ${y} inside ${domain.join('–')}`).toBeGreaterThanOrEqual(domain[0]);
      expect(y).toBeLessThanOrEqual(domain[1]);
    }
}

describe('the comparison’s y axes', () => {
  it('losses of 0.3–15.2 (a KD and a DKD run): a linear axis from 0 to a round value above 15.2, not 0–1', () => {
    const axis = compareYAxis([kd, dkd], 'loss');
    expect(axis.log).toBe(false);
    expect(axis.domain[0]).toBe(0);
    expect(axis.domain[1]).toBeGreaterThanOrEqual(15.2);
    expect(axis.domain[1]).toBeLessThanOrEqual(20);
    expect(axis.ticks[0]).toBe(0);
    expect(axis.ticks.at(-1)).toBe(axis.domain[1]);
    expect(axis.ticks.length).toBeGreaterThanOrEqual(3);
    expect(axis.ticks.length).toBeLessThanOrEqual(6);
    expectInside([kd, dkd], axis.domain, false);
  });

  it('on a log scale: round values around the smallest and largest loss, so both runs spread out', () => {
    const axis = compareYAxis([kd, dkd], 'loss', true);
    expect(axis.log).toBe(true);
    expect(axis.domain[0]).toBeGreaterThan(0);
    expect(axis.domain[0]).toBeLessThanOrEqual(0.3);
    expect(axis.domain[0]).toBeGreaterThanOrEqual(0.1);
    expect(axis.domain[1]).toBeGreaterThanOrEqual(15.2);
    expect(axis.domain[1]).toBeLessThanOrEqual(100);
    expect(axis.ticks.length).toBeLessThanOrEqual(6);
    expectInside([kd, dkd], axis.domain, true);
  });

  it('log scale: zeros, negatives and non-finite values are left out of the range (they have no place there)', () => {
    const odd = series('3', [
      [0, 0],
      [10, -0.5],
      [20, NaN],
      [30, Infinity],
      [40, 0.02],
      [50, 3],
    ]);
    expect(yExtent([odd], true)).toEqual({ min: 0.02, max: 3 });
    expect(yExtent([odd], false)).toEqual({ min: -0.5, max: 3 });
    const log = compareYAxis([odd], 'loss', true);
    expect(log.domain[0]).toBeLessThanOrEqual(0.02);
    expect(log.domain[0]).toBeGreaterThan(0);
    expect(log.domain[1]).toBeGreaterThanOrEqual(3);
    // On a linear scale a negative value widens the axis below 0.
    const linear = compareYAxis([odd], 'loss');
    expect(linear.domain[0]).toBeLessThanOrEqual(-0.5);
    expectInside([odd], linear.domain, false);
  });

  it('random losses over several decades: every run inside the axis, linear and log', () => {
    let seed = 7;
    const random = () => ((seed = (seed * 16807) % 2147483647) - 1) / 2147483646;
    for (let trial = 0; trial < 50; trial++) {
      const runs = [0, 1, 2].map((r) =>
        series(
          String(r),
          Array.from({ length: 20 }, (_, i): [number, number] => [i * 10, 10 ** (random() * 5 - 3) * (1 + r)]),
        ),
      );
      for (const log of [false, true]) {
        const axis = compareYAxis(runs, 'loss', log);
        expectInside(runs, axis.domain, log);
        expect(axis.ticks.every((t) => t >= axis.domain[0] - 1e-12 && t <= axis.domain[1] + 1e-12)).toBe(true);
      }
    }
  });

  it('accuracies: a padded range inside 0–100 % around every run; the log option does not apply', () => {
    const a = series('1', [
      [1, 0.82],
      [2, 0.9],
    ]);
    const b = series('2', [
      [1, 0.88],
      [2, 0.97],
    ]);
    const axis = compareYAxis([a, b], 'accuracy', true);
    expect(axis.log).toBe(false);
    expect(axis.domain[0]).toBeGreaterThanOrEqual(0.7);
    expect(axis.domain[1]).toBeLessThanOrEqual(1);
    expectInside([a, b], axis.domain, false);
  });

  it('nothing to fit: a default range', () => {
    expect(compareYAxis([], 'loss').domain).toEqual([0, 1]);
    expect(compareYAxis([series('1', [])], 'loss', true).domain[0]).toBeGreaterThan(0);
    expect(compareYAxis([], 'accuracy').domain).toEqual([0, 1]);
  });
});

describe('comparePlot', () => {
  it('x from 0 to the longest run; a run without readings is not drawn and says why', () => {
    const none = series('3', []);
    const plot = comparePlot([kd, dkd, none], 'loss');
    expect(plot.x).toEqual([0, 200]);
    expect(plot.drawn.map((s) => s.key)).toEqual(['1', '2']);
    expect(plot.empty).toEqual([{ series: none, reason: 'no loss readings' }]);
    expect(compareXDomain([])).toEqual([0, 1]);
  });

  it('on a log scale, a run with no loss above 0 has nothing to draw; on a linear one it is drawn', () => {
    const zeros = series('4', [
      [0, 0],
      [10, 0],
    ]);
    expect(comparePlot([kd, zeros], 'loss', true).empty.map((e) => e.reason)).toEqual(['no loss above 0 for a log scale']);
    expect(comparePlot([kd, zeros], 'loss', false).empty).toEqual([]);
    const broken = series('5', [[0, NaN]]);
    expect(comparePlot([broken], 'loss').empty.map((e) => e.reason)).toEqual(['no finite loss readings']);
  });

  it('the description names each run’s range and last point, then the y axis and its scale', () => {
    const none = series('3', []);
    const all = [kd, dkd, none];
    const format = (v: number) => String(+v.toPrecision(2));
    expect(compareDescription(comparePlot(all, 'loss'), all, format, 'batch')).toBe(
      'Run 1: 0.3 to 1.4, 0.3 at batch 200; Run 2: 9.1 to 15, 9.1 at batch 200; Run 3: no loss readings. Y axis from 0 to 20, linear.',
    );
    expect(compareDescription(comparePlot(all, 'loss', true), all, format, 'batch')).toMatch(/Y axis from 0\.2 to 20, log scale\.$/);
  });
});

describe('fittedLog', () => {
  it('fits the domain to 1-2-5 values around the data, not whole decades, with ticks that fit', () => {
    expect(fittedLog(0.12, 10.2, 6)).toEqual({ domain: [0.1, 20], ticks: [0.1, 1, 10, 20] });
    // Few enough 1-2-5 values: all of them.
    expect(fittedLog(0.3, 1.4, 6)).toEqual({ domain: [0.2, 2], ticks: [0.2, 0.5, 1, 2] });
    // Five decades: every second power of ten, and the ends.
    const wide = fittedLog(0.0021, 900, 6);
    expect(wide).toEqual({ domain: [0.002, 1000], ticks: [0.002, 0.1, 10, 1000] });
    // An end too near a power of ten is not labelled (the labels would overlap).
    expect(fittedLog(0.05, 900, 6)).toEqual({ domain: [0.05, 1000], ticks: [0.1, 1, 10, 100, 1000] });
    expect(wide.ticks.length).toBeLessThanOrEqual(6);
  });
});
