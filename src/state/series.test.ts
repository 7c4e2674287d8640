import { describe, expect, it } from 'vitest';
import {
  MAX_LOSS_POINTS,
  MAX_TEACHER_POINTS,
  appendAccuracies,
  appendLosses,
  appendSchedule,
  appendTeacherPoints,
  changeLabel,
  emptySeries,
  emptyTeacherSeries,
  marksFromSchedule,
  scheduleSteps,
} from './series';
import { lossPoint, scheduleEntry } from '../../test-support/store';

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
    expect(series.losses[0]!.step).toBe(0);
    expect(series.losses.at(-1)!.step).toBeGreaterThan(5000 - 2 * series.stride);
    const gaps = new Set(series.losses.slice(1).map((p, i) => p.step - series.losses[i]!.step));
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
    expect(appendSchedule(series, [])).toBe(series);
  });
});

describe('marks from the schedule', () => {
  it('makes no mark for a run that kept its T and alpha', () => {
    expect(marksFromSchedule([scheduleEntry(0)])).toEqual([]);
    expect(marksFromSchedule([])).toEqual([]);
  });

  it('marks a change at the batch it took effect, labelled with the new value', () => {
    expect(marksFromSchedule([scheduleEntry(0), scheduleEntry(120, 6)])).toEqual([
      { step: 120, from: { temperature: 4, alpha: 0.9 }, temperature: 6, alpha: 0.9, label: 'T=6' },
    ]);
  });

  it('labels alpha changes and simultaneous changes', () => {
    expect(changeLabel({ temperature: 4, alpha: 0.9 }, { temperature: 4, alpha: 0.5 })).toBe('α=0.5');
    expect(changeLabel({ temperature: 4, alpha: 0.9 }, { temperature: 8, alpha: 0.5 })).toBe('T=8, α=0.5');
  });

  it('folds a slider drag (changes a few batches apart) into one mark, from before the drag to where it ended', () => {
    const drag = [scheduleEntry(0), scheduleEntry(100, 4.5), scheduleEntry(104, 5), scheduleEntry(109, 5.5), scheduleEntry(115, 6)];
    expect(marksFromSchedule(drag)).toEqual([
      { step: 100, from: { temperature: 4, alpha: 0.9 }, temperature: 6, alpha: 0.9, label: 'T=6' },
    ]);
  });

  it('drops the mark of a drag that ends where it started, and keeps separate gestures apart', () => {
    expect(marksFromSchedule([scheduleEntry(0), scheduleEntry(50, 5), scheduleEntry(52, 4)])).toEqual([]);
    const marks = marksFromSchedule([scheduleEntry(0), scheduleEntry(400, 8), scheduleEntry(800, 8, 0.5)]);
    expect(marks.map((m) => [m.step, m.label])).toEqual([
      [400, 'T=8'],
      [800, 'α=0.5'],
    ]);
  });

  it('appendSchedule keeps the exact schedule and its marks together', () => {
    let series = appendSchedule(emptySeries(), [scheduleEntry(0)]);
    series = appendSchedule(series, [scheduleEntry(30, 2)]);
    expect(series.schedule.map((e) => e.step)).toEqual([0, 30]);
    expect(series.marks.map((m) => m.label)).toEqual(['T=2']);
  });
});

describe('the T/alpha strip', () => {
  it('draws the schedule as steps up to the last batch', () => {
    expect(scheduleSteps([scheduleEntry(0), scheduleEntry(40, 8, 0.5)], 100)).toEqual([
      { step: 0, temperature: 4, alpha: 0.9 },
      { step: 40, temperature: 8, alpha: 0.5 },
      { step: 100, temperature: 8, alpha: 0.5 },
    ]);
    expect(scheduleSteps([], 10)).toEqual([]);
  });
});

describe('teacher series', () => {
  it('keeps at most the cap of loss readings, always the latest one, and every epoch point', () => {
    let series = emptyTeacherSeries();
    // 1,200 readings, an epoch end every 100: more readings than the cap, twelve epoch points.
    expect(1200).toBeGreaterThan(MAX_TEACHER_POINTS);
    for (let i = 0; i < 1200; i++) {
      series = appendTeacherPoints(
        series,
        [{ member: 0, epoch: i / 100, loss: 1 / (i + 1) }],
        i % 100 === 99 ? [{ member: 0, epoch: (i + 1) / 100, trainLoss: 0.1, valAccuracy: 0.9 }] : [],
      );
    }
    expect(series.losses.length).toBeLessThanOrEqual(MAX_TEACHER_POINTS);
    expect(series.losses.at(-1)!.epoch).toBeCloseTo(1199 / 100, 9);
    expect(series.epochs).toHaveLength(12);
    expect(appendTeacherPoints(series, [], [])).toBe(series);
  });
});
