/**
 * Pure helpers for the charts' axes and labels, kept apart from React so they can be tested:
 * an accuracy range that fits the data, and where a reference line's label stays clear of the curves.
 * The label positions keep recharts' names (the charts drew with recharts once); labelPlacement
 * says what each means for the SVG charts.
 */

/** A y range around the data (padded, on round ticks), e.g. 85–96 % rather than 50–100 %. */
export function fittedRange(values: number[], maxTicks = 7): { domain: [number, number]; ticks: number[] } {
  const finite = values.filter(Number.isFinite);
  if (finite.length === 0) return { domain: [0, 1], ticks: [0, 0.25, 0.5, 0.75, 1] };
  const min = Math.min(...finite);
  const max = Math.max(...finite);
  const pad = Math.max(0.005, (max - min) * 0.08);
  const steps = [0.0025, 0.005, 0.01, 0.02, 0.025, 0.05, 0.1, 0.2, 0.25];
  for (const step of steps) {
    const low = Math.max(0, Math.floor((min - pad) / step) * step);
    const high = Math.min(1, Math.ceil((max + pad) / step) * step);
    if (Math.round((high - low) / step) + 1 > maxTicks && step !== steps[steps.length - 1]) continue;
    const ticks: number[] = [];
    for (let t = low; t <= high + 1e-9; t += step) ticks.push(Math.round(t * 10000) / 10000);
    return { domain: [ticks[0] ?? low, ticks[ticks.length - 1] ?? high], ticks };
  }
  return { domain: [0, 1], ticks: [0, 0.25, 0.5, 0.75, 1] };
}

export type LabelPosition = 'insideTopLeft' | 'insideTopRight' | 'insideBottomLeft' | 'insideBottomRight';

/**
 * Where to put the label of a horizontal reference line at `y` so that no curve crosses it: at
 * the left or right end, above or below the line. Curves are sampled between their points too. `curves` are [x, y] points; the label covers
 * `labelWidth` of the x range (a fraction) and `labelHeight` of the y range (data units). The
 * first candidate with no point under the label wins; otherwise the one with the fewest.
 */
export function referenceLabelPosition(
  curves: [number, number][],
  y: number,
  xDomain: [number, number],
  labelWidth: number,
  labelHeight: number,
): LabelPosition {
  const [x0, x1] = xDomain;
  const width = (x1 - x0) * labelWidth;
  // A horizontal reference line is a box of zero height to recharts: "insideBottom" draws the
  // label above the line, "insideTop" below it.
  const candidates: { position: LabelPosition; xs: [number, number]; ys: [number, number] }[] = [
    { position: 'insideBottomRight', xs: [x1 - width, x1], ys: [y, y + labelHeight] },
    { position: 'insideTopRight', xs: [x1 - width, x1], ys: [y - labelHeight, y] },
    { position: 'insideBottomLeft', xs: [x0, x0 + width], ys: [y, y + labelHeight] },
    { position: 'insideTopLeft', xs: [x0, x0 + width], ys: [y - labelHeight, y] },
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
  return best.position;
}

/**
 * Where a position from referenceLabelPosition puts the label in an SVG chart: at which end of
 * the line, and above or below it (recharts' names: "insideBottom…" is above, "insideTop…" below).
 */
export function labelPlacement(position: LabelPosition): { end: 'left' | 'right'; above: boolean } {
  return { end: position.endsWith('Right') ? 'right' : 'left', above: position.startsWith('insideBottom') };
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
