/**
 * Pure helpers for the charts' axes and labels, kept apart from React so they can be tested: an
 * accuracy range that fits the data, and where a reference line's label stays clear of the curves.
 */
import { niceLinear, type NiceRange } from './svg/scale';

/** Room above and below the data, as a share of its range (at least half a percentage point). */
const PAD = 0.08;
const MIN_PAD = 0.005;

/**
 * A y range for accuracies around the data, padded and on round ticks (the kit's niceLinear) inside
 * 0–100 %: e.g. 85–96 % rather than 50–100 %. Nothing to fit: 0–100 % in quarters.
 */
export function fittedRange(values: number[], maxTicks = 7): NiceRange {
  const finite = values.filter(Number.isFinite);
  if (finite.length === 0) return niceLinear(NaN, NaN);
  const min = Math.min(...finite);
  const max = Math.max(...finite);
  const pad = Math.max(MIN_PAD, (max - min) * PAD);
  // 0 and 1 are multiples of every round step below 1, so the widened range stays inside them.
  return niceLinear(Math.max(0, min - pad), Math.min(1, max + pad), maxTicks);
}

/** Where a horizontal reference line's label goes: at its left or right end, above or below it. */
export interface LabelPlacement {
  end: 'left' | 'right';
  above: boolean;
}

/**
 * Where to put the label of a horizontal reference line at `y` so that no curve crosses it: at
 * the left or right end, above or below the line. Curves are sampled between their points too.
 * `curves` are [x, y] points; the label covers `labelWidth` of the x range (a fraction) and
 * `labelHeight` of the y range (data units). The first candidate with no point under the label
 * wins (right before left, above before below); otherwise the one with the fewest.
 */
export function referenceLabelPlacement(
  curves: [number, number][],
  y: number,
  xDomain: [number, number],
  labelWidth: number,
  labelHeight: number,
): LabelPlacement {
  const [x0, x1] = xDomain;
  const width = (x1 - x0) * labelWidth;
  const candidates: { placement: LabelPlacement; xs: [number, number]; ys: [number, number] }[] = [
    { placement: { end: 'right', above: true }, xs: [x1 - width, x1], ys: [y, y + labelHeight] },
    { placement: { end: 'right', above: false }, xs: [x1 - width, x1], ys: [y - labelHeight, y] },
    { placement: { end: 'left', above: true }, xs: [x0, x0 + width], ys: [y, y + labelHeight] },
    { placement: { end: 'left', above: false }, xs: [x0, x0 + width], ys: [y - labelHeight, y] },
  ];
  const sampled = densify(curves);
  let best = candidates[0]!;
  let bestHits = Infinity;
  for (const candidate of candidates) {
    const hits = sampled.filter(
      ([px, py]) => px >= candidate.xs[0] && px <= candidate.xs[1] && py >= candidate.ys[0] && py <= candidate.ys[1],
    ).length;
    if (hits < bestHits) {
      best = candidate;
      bestHits = hits;
      if (hits === 0) break;
    }
  }
  return best.placement;
}

/** Points every quarter step between consecutive points of the same curve (x increasing), so segments count, not only their ends. */
function densify(points: [number, number][]): [number, number][] {
  const out: [number, number][] = [];
  points.forEach((p, i) => {
    out.push(p);
    const next = points[i + 1];
    if (!next || next[0] <= p[0]) return;
    for (const t of [0.25, 0.5, 0.75]) out.push([p[0] + t * (next[0] - p[0]), p[1] + t * (next[1] - p[1])]);
  });
  return out;
}

/** An accuracy axis's tick: 0.925 → "92.5%" (one decimal at most, none when whole). */
export const percentTick = (v: number): string => `${+(v * 100).toFixed(1)}%`;
