/**
 * The classroom view's arithmetic and wording, without React: how large the maps can be on this
 * screen, the accuracies as the room reads them, and what a reset would delete.
 */

export interface MapGrid {
  /** Each map's width and height, in CSS px. */
  size: number;
  columns: number;
}

/** Maps never shrink below this (a phone held upright); the page scrolls instead. */
export const MIN_MAP_SIZE = 120;

/**
 * The largest square maps that fit `area` (CSS px): `count` maps in 1…count columns (for four: one
 * row, a 2×2 grid, one column — whichever gives the larger maps), `gap` px apart, each with
 * `overhead` px of text above and under it (its caption, the accuracy, a legend).
 */
export function mapGrid(area: { width: number; height: number }, count: number, gap: number, overhead: number): MapGrid {
  let best: MapGrid = { size: 0, columns: count };
  for (let columns = count; columns >= 1; columns--) {
    const rows = Math.ceil(count / columns);
    const byWidth = (area.width - (columns - 1) * gap) / columns;
    const byHeight = (area.height - (rows - 1) * gap) / rows - overhead;
    const size = Math.floor(Math.min(byWidth, byHeight));
    if (size > best.size) best = { size, columns };
  }
  return { size: Math.max(MIN_MAP_SIZE, best.size), columns: best.columns };
}

/** An accuracy in tenths of a percent, as the classroom shows it: 0.61234 → 612. */
const tenths = (fraction: number) => Math.round(fraction * 1000);

/** 0.61234 → "61.2 %" (one decimal: read from the back of the room). */
export function classroomPercent(fraction: number): string {
  return Number.isFinite(fraction) ? `${(tenths(fraction) / 10).toFixed(1)} %` : '–';
}

/**
 * The distilled student against the baseline, in points of the two accuracies as shown (so the
 * room can check the subtraction): "+3.3 points vs baseline".
 */
export function gainText(student: number, baseline: number): string {
  const points = (tenths(student) - tenths(baseline)) / 10;
  if (!Number.isFinite(points)) return '';
  if (points === 0) return 'level with baseline';
  return `${points > 0 ? '+' : '−'}${Math.abs(points).toFixed(1)} points vs baseline`;
}

/**
 * What Reset deletes, or null when there is nothing to lose. Reset loads the same 2D dataset again,
 * and a dataset clears the teachers, the runs and their curves (`cleared` in the dataset slice);
 * teaching mode keeps nothing in the browser's saved data, so they cannot come back.
 */
export function resetWarning(teachers: number, runs: number): string | null {
  if (teachers === 0 && runs === 0) return null;
  const lost = [
    teachers > 0 ? `the ${teachers} trained teacher${teachers === 1 ? '' : 's'}` : null,
    runs > 0 ? `${runs === 1 ? 'the run' : `the ${runs} runs`} of this page` : null,
  ].filter((part) => part !== null);
  return `Reset draws the same points again and deletes ${lost.join(' and ')}, with their maps and losses. They cannot be brought back.`;
}
