/**
 * Where text goes in the SVG charts, without measuring it: a label's width estimated from its font
 * size, and the labels of vertical marks kept inside the plot and clear of each other. Pure
 * functions (labels.test.ts).
 */

/** The average advance of a character of the chart's sans-serif font, as a share of its size. */
const CHAR_WIDTH = 0.6;

/** Rough width of a label in pixels (for placement only: no text is measured). */
export function textWidth(text: string, fontSize: number): number {
  return text.length * fontSize * CHAR_WIDTH;
}

export interface LabelSlot {
  /** Which side of its line the label sits on: 'start' = to the right of it, 'end' = to the left. */
  anchor: 'start' | 'end';
  /** 0 for the first row, 1 for the next one further into the plot, … */
  row: number;
}

/**
 * Places the labels of vertical marks at pixel positions `xs` (widths in pixels) so that they stay
 * inside [left, right] and do not overlap: each goes to the right of its line unless that runs past
 * `right`, then to the left; one that would overlap an earlier label moves down a row (up to `maxRows`).
 */
export function placeMarkLabels(
  marks: readonly { x: number; width: number }[],
  left: number,
  right: number,
  gap = 4,
  maxRows = 3,
): LabelSlot[] {
  const rows: [number, number][][] = [];
  return marks.map(({ x, width }) => {
    const anchor: LabelSlot['anchor'] = x + gap + width > right && x - gap - width >= left ? 'end' : 'start';
    const span: [number, number] = anchor === 'start' ? [x + gap, x + gap + width] : [x - gap - width, x - gap];
    let row = rows.findIndex((taken) => taken.every(([a, b]) => span[1] + gap <= a || span[0] >= b + gap));
    if (row < 0) row = rows.length < maxRows ? rows.length : rows.length - 1;
    (rows[row] ??= []).push(span);
    return { anchor, row };
  });
}
