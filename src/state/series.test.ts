import { describe, expect, it } from 'vitest';
import { emptySeries } from './initial-state';
import { MAX_LOSS_POINTS, appendAccuracies, appendLosses, changeLabel } from './series';
import { lossPoint } from './test-helpers';

const readings = (from: number, to: number, temperature = 4, alpha = 0.9) =>
  Array.from({ length: to - from }, (_, i) => lossPoint(from + i, temperature, alpha));

describe('loss series', () => {
  it('keeps every reading while under the cap', () => {
    const series = appendLosses(emptySeries(), readings(0, 50));
    expect(series.losses.map((p) => p.step)).toEqual(readings(0, 50).map((p) => p.step));
    expect(series.seen).toBe(50);
  });

  it('never holds more than the cap and still spans the whole run, evenly spaced', () => {
    let series = emptySeries();
    for (let start = 0; start < 5000; start += 37) series = appendLosses(series, readings(start, Math.min(start + 37, 5000)));
    expect(series.seen).toBe(5000);
    expect(series.losses.length).toBeLessThanOrEqual(MAX_LOSS_POINTS);
    expect(series.losses.length).toBeGreaterThan(MAX_LOSS_POINTS / 2);
    expect(series.losses[0].step).toBe(0);
    expect(series.losses[series.losses.length - 1].step).toBeGreaterThan(5000 - 2 * series.stride);
    const gaps = new Set(series.losses.slice(1).map((p, i) => p.step - series.losses[i].step));
    expect([...gaps]).toEqual([series.stride]);
  });

  it('decimates the same way whether readings come one by one or in a batch', () => {
    let oneByOne = emptySeries();
    for (const p of readings(0, 1500)) oneByOne = appendLosses(oneByOne, [p], 100);
    const batched = appendLosses(emptySeries(), readings(0, 1500), 100);
    expect(oneByOne.losses.map((p) => p.step)).toEqual(batched.losses.map((p) => p.step));
  });

  it('returns the same object for an empty batch (no re-render)', () => {
    const series = appendLosses(emptySeries(), readings(0, 3));
    expect(appendLosses(series, [])).toBe(series);
    expect(appendAccuracies(series, [])).toBe(series);
  });
});

describe('hyperparameter marks', () => {
  it('records no mark while T and alpha stay the same', () => {
    const series = appendLosses(emptySeries(), readings(0, 100));
    expect(series.marks).toEqual([]);
  });

  it('records one mark where T changed, labelled with the new value', () => {
    let series = appendLosses(emptySeries(), readings(0, 20));
    series = appendLosses(series, readings(20, 40, 6));
    expect(series.marks).toEqual([{ step: 20, from: { temperature: 4, alpha: 0.9 }, temperature: 6, alpha: 0.9, label: 'T=6' }]);
  });

  it('labels alpha changes and simultaneous changes', () => {
    expect(changeLabel({ temperature: 4, alpha: 0.9 }, { temperature: 4, alpha: 0.5 })).toBe('α=0.5');
    expect(changeLabel({ temperature: 4, alpha: 0.9 }, { temperature: 8, alpha: 0.5 })).toBe('T=8, α=0.5');
  });

  it('folds a slider drag (changes on consecutive readings) into one mark', () => {
    let series = appendLosses(emptySeries(), readings(0, 10));
    for (const [i, t] of [4.5, 5, 5.5, 6].entries()) series = appendLosses(series, [lossPoint(10 + i, t)]);
    series = appendLosses(series, readings(14, 30, 6));
    expect(series.marks).toHaveLength(1);
    expect(series.marks[0]).toMatchObject({ step: 10, temperature: 6, label: 'T=6' });
  });

  it('drops the mark when a drag ends where it started', () => {
    let series = appendLosses(emptySeries(), readings(0, 10));
    series = appendLosses(series, [lossPoint(10, 5), lossPoint(11, 4)]);
    expect(series.marks).toEqual([]);
  });

  it('keeps separate marks for separate changes, even when their readings were decimated away', () => {
    let series = appendLosses(emptySeries(), readings(0, 400), 50);
    series = appendLosses(series, readings(400, 800, 8), 50);
    series = appendLosses(series, readings(800, 1200, 8, 0.5), 50);
    expect(series.marks.map((m) => [m.step, m.label])).toEqual([
      [400, 'T=8'],
      [800, 'α=0.5'],
    ]);
  });
});
