import { describe, expect, it } from 'vitest';
import { classroomPercent, gainText, mapGrid, MIN_MAP_SIZE, resetWarning } from './classroom';

describe('mapGrid', () => {
  it('puts four maps in one row on a wide screen, as large as the width allows', () => {
    // 1256 px wide: (1256 − 3·12) / 4 = 305; the height would allow 470 − 140 = 330.
    expect(mapGrid({ width: 1256, height: 470 }, 4, 12, 140)).toEqual({ size: 305, columns: 4 });
  });

  it('chooses a 2×2 grid when it gives larger maps (a tall screen)', () => {
    // One row: (744 − 36) / 4 = 177; 2×2: min((744 − 12) / 2, (1000 − 12) / 2 − 140) = 354.
    expect(mapGrid({ width: 744, height: 1000 }, 4, 12, 140)).toEqual({ size: 354, columns: 2 });
  });

  it('is limited by the height when the text under the maps takes it', () => {
    expect(mapGrid({ width: 1900, height: 600 }, 4, 12, 200)).toEqual({ size: 400, columns: 4 });
  });

  it('never goes below the minimum size (before the area is measured, or on a tiny screen)', () => {
    expect(mapGrid({ width: 0, height: 0 }, 4, 12, 140).size).toBe(MIN_MAP_SIZE);
  });
});

describe('the accuracies as shown', () => {
  it('prints one decimal', () => {
    expect(classroomPercent(0.61234)).toBe('61.2 %');
    expect(classroomPercent(0.6)).toBe('60.0 %');
    expect(classroomPercent(NaN)).toBe('–');
  });

  it('gives the gain in points of the figures shown, so the subtraction checks out', () => {
    expect(gainText(0.6123, 0.5792)).toBe('+3.3 points vs baseline');
    // 60.04 % and 60.852 % show as 60.0 % and 60.9 % (not 0.812 → "0.8"): 0.9 points.
    expect(gainText(0.6004, 0.60852)).toBe('−0.9 points vs baseline');
    expect(gainText(0.6, 0.60001)).toBe('level with baseline');
  });
});

describe('resetWarning', () => {
  it('says nothing when there is nothing to lose', () => {
    expect(resetWarning(0, 0)).toBeNull();
  });

  it('names the teachers and the runs it deletes', () => {
    expect(resetWarning(3, 2)).toBe(
      'Reset draws the same points again and deletes the 3 trained teachers and the 2 runs of this page, with their maps and losses. They cannot be brought back.',
    );
    expect(resetWarning(1, 1)).toMatch(/deletes the 1 trained teacher and the run of this page,/);
    expect(resetWarning(3, 0)).toMatch(/deletes the 3 trained teachers, with/);
  });
});
