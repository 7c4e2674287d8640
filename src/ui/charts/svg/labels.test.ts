import { describe, expect, it } from 'vitest';
import { placeMarkLabels, textWidth } from './labels';

describe('textWidth', () => {
  it('estimates a label from its length and font size', () => {
    expect(textWidth('abcde', 10)).toBe(30);
    expect(textWidth('', 14)).toBe(0);
  });
});

describe('placeMarkLabels', () => {
  it('puts labels right of their line, left of it near the right edge, and a row down when they would overlap', () => {
    const slots = placeMarkLabels(
      [
        { x: 10, width: 30 },
        { x: 20, width: 30 },
        { x: 100, width: 30 },
        { x: 190, width: 30 },
      ],
      0,
      200,
    );
    expect(slots).toEqual([
      { anchor: 'start', row: 0 },
      { anchor: 'start', row: 1 },
      { anchor: 'start', row: 0 },
      { anchor: 'end', row: 0 },
    ]);
  });

  it('stops adding rows at maxRows', () => {
    const slots = placeMarkLabels(
      Array.from({ length: 5 }, (_, i) => ({ x: 10 + i, width: 40 })),
      0,
      300,
      4,
      3,
    );
    expect(slots.map((s) => s.row)).toEqual([0, 1, 2, 2, 2]);
  });
});
