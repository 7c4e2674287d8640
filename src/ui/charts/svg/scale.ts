/**
 * The chart kit's one scale and tick module, on d3: scales from d3-scale (linear, log, band), tick
 * steps from d3-array (which d3-scale's own ticks and nice are built on), line paths from d3-shape.
 * What is ours is the policy on top: at most `maxCount` ticks, a domain whose ends are ticks, 1-2-5
 * ticks on a log axis. No React, no DOM: each piece is unit-tested (scale.test.ts).
 */
import { tickIncrement, ticks } from 'd3-array';
import { scaleBand, scaleLinear, scaleLog, tickFormat, type ScaleBand } from 'd3-scale';
import { curveLinear, curveStepAfter, line, type CurveFactory } from 'd3-shape';

export type Range = readonly [number, number];
export type Point = readonly [number, number];

/** Maps a value to pixels; NaN (or ±Infinity) where it has no place (a non-positive value on a log scale). */
export type Scale = (value: number) => number;

/** A domain and the ticks on it, the first and last tick at its ends. */
export interface NiceRange {
  domain: [number, number];
  ticks: number[];
}

/** More ticks than any axis has room for: the most asked of d3 (a caller may set no limit, maxCount = Infinity). */
const MOST_TICKS = 50;

/** Where an axis has nothing to fit: 0–1 in quarters. */
const UNIT: NiceRange = { domain: [0, 1], ticks: [0, 0.25, 0.5, 0.75, 1] };

/** A linear scale. A flat domain maps to the middle of the range (d3's choice), never to NaN. */
export function linearScale(domain: Range, range: Range): Scale {
  return scaleLinear(domain, range);
}

/** A log10 scale; values ≤ 0 map to NaN, so a path leaves them out (d3 alone would give ±Infinity or NaN). */
export function logScale(domain: Range, range: Range): Scale {
  const scale = scaleLog(domain, range);
  return (v) => (v > 0 ? scale(v) : NaN);
}

/**
 * The tick counts to ask d3 for, so that its steps come smallest first: d3's count is a hint (ask
 * for 5 ticks on 0–1000, get 6), so from twice `maxCount` down to 1.
 */
function* counts(maxCount: number): Generator<number> {
  for (let count = Math.min(2 * maxCount, MOST_TICKS); count >= 1; count--) yield count;
}

/**
 * Round ticks inside [min, max] (d3's: multiples of 1, 2 or 5 × 10^k), as many as fit in `maxCount`.
 * `integer` allows whole numbers only (then there may be a single tick, or none, in a short range).
 */
export function linearTicks(min: number, max: number, maxCount = 5, integer = false): number[] {
  if (!Number.isFinite(min) || !Number.isFinite(max)) return [];
  if (max < min) [min, max] = [max, min];
  // The whole numbers in [min, max] are those in [⌈min⌉, ⌊max⌋], where d3's steps are whole once few enough.
  if (integer) [min, max] = [Math.ceil(min), Math.floor(max)];
  if (max < min) return [];
  for (const count of counts(maxCount)) {
    const found = ticks(min, max, count);
    if (found.length <= maxCount && (!integer || found.every(Number.isInteger))) return found;
  }
  return [];
}

/**
 * A domain from `min` to `max` widened to round ticks at both ends, at most `maxCount` ticks: e.g.
 * 0–2.73 → 0–3 in steps of 1 (at most 5 ticks), 0–0.37 → 0–0.4 in steps of 0.1. An empty or flat
 * range becomes one step wide.
 */
export function niceLinear(min: number, max: number, maxCount = 5): NiceRange {
  if (!Number.isFinite(min) || !Number.isFinite(max)) return UNIT;
  if (max < min) [min, max] = [max, min];
  if (max === min) {
    if (min === 0) return UNIT;
    const pad = Math.abs(min) / 2;
    return niceLinear(min - (min > 0 ? Math.min(pad, min) : pad), max + pad, maxCount);
  }
  for (const count of counts(maxCount)) {
    const nice = widened(min, max, count);
    if (nice.ticks.length <= maxCount) return nice;
  }
  // Fewer than three ticks allowed: the ends of the widest round range.
  const { domain } = widened(min, max, 1);
  return { domain, ticks: [...domain] };
}

/**
 * [min, max] widened to multiples of d3's step for `count` ticks, and the ticks on it. This is one
 * round of d3-scale's `nice`; `nice` itself repeats until the step settles for the widened range,
 * which overshoots a narrow one (accuracies 85–91 % became 80–100 %, a quarter of the axis used).
 */
function widened(min: number, max: number, count: number): NiceRange {
  // d3's increment: the step itself, or (negative) its reciprocal when below 1, which keeps decimals exact.
  const inc = tickIncrement(min, max, count);
  const [lo, hi] =
    inc > 0 ? [Math.floor(min / inc) * inc, Math.ceil(max / inc) * inc] : [Math.ceil(min * inc) / inc, Math.floor(max * inc) / inc];
  const steps = Math.round(inc > 0 ? (hi - lo) / inc : (lo - hi) * inc);
  return { domain: [lo, hi], ticks: ticks(lo, hi, steps) };
}

/** 10^e, exactly as the literal prints ("1e-7", not 9.999999999999999e-8). */
const power = (e: number) => Number(`1e${e}`);

/** The leading digit of a log tick d3 made (1…9 × 10^k). */
const mantissa = (tick: number) => Math.round(tick / power(Math.floor(Math.log10(tick) + 1e-9)));

/**
 * A log domain around the positive values in [min, max], on round ticks: 1-2-5 per decade when
 * they fit in `maxCount`, the domain snapped to the nearest of them outside the data; else powers of
 * ten from the data's lowest decade up (every second, third… when even those are too many; then the
 * last tick may be one past `maxCount`, closing the domain above the data).
 */
export function niceLog(min: number, max: number, maxCount = 6): NiceRange {
  if (!(max > 0) || !Number.isFinite(max)) return { domain: [0.1, 1], ticks: [0.1, 1] };
  if (!(min > 0) || !Number.isFinite(min) || min > max) min = max;
  const e0 = Math.floor(Math.log10(min) + 1e-9);
  const e1 = Math.ceil(Math.log10(max) - 1e-9);
  // d3's log ticks over whole decades, one more above so that a flat range has a next value. Asked
  // for one tick per decade and more, d3 gives every 1…9 × 10^k; the 1-2-5 ones are kept.
  const decades = e1 + 1 - e0;
  const candidates = scaleLog([power(e0), power(e1 + 1)], [0, 1])
    .ticks(decades + 1)
    .filter((t) => [1, 2, 5].includes(mantissa(t)));
  const lo = candidates.filter((c) => c <= min * (1 + 1e-9)).at(-1) ?? power(e0);
  let hi = candidates.find((c) => c >= max * (1 - 1e-9)) ?? power(e1);
  if (hi <= lo) hi = candidates.find((c) => c > lo) ?? power(e1 + 1);
  const fine = candidates.filter((c) => c >= lo && c <= hi);
  if (fine.length <= maxCount) return { domain: [lo, hi], ticks: fine };
  return decadeTicks(e0, e1, maxCount);
}

/**
 * Powers of ten from 10^e0, every decade or every k-th (as few as keep the ticks inside the data
 * within `maxCount`; decades are round already, so k need not be 1, 2 or 5), up to the first at or
 * above 10^e1.
 */
function decadeTicks(e0: number, e1: number, maxCount: number): NiceRange {
  const every = Math.max(1, Math.ceil((e1 - e0 + 1) / maxCount));
  const ticks: number[] = [];
  for (let e = e0; e < e1 + every; e += every) ticks.push(power(e));
  return { domain: [ticks[0]!, ticks[ticks.length - 1]!], ticks };
}

/** How many ticks fit along `pixels` with at least `minGap` pixels between them (at least 2). */
export function tickCount(pixels: number, minGap: number): number {
  return Math.max(2, Math.floor(pixels / minGap) + 1);
}

/**
 * How evenly spaced ticks print when a chart sets no format: d3's, with the decimals their step
 * needs and thousands grouped ("0.0, 0.5, 1.0"; "0, 5,000, 10,000"). Uneven ticks print as they are.
 */
export function linearTickFormat(ticks: readonly number[]): (value: number) => string {
  if (ticks.length < 2) return String;
  return tickFormat(ticks[0]!, ticks[ticks.length - 1]!, ticks.length - 1);
}

/** One pixel coordinate for an attribute: a tenth of a pixel is enough, and keeps the strings short. */
export function px(v: number): number {
  const r = Math.round(v * 10) / 10;
  return r === 0 ? 0 : r; // no "-0"
}

/** Paths keep a tenth of a pixel too (d3-shape rounds as px does: no "-0", no exponents). */
const PATH_DIGITS = 1;

/** The points through `curve` as one path string; a point with no place on the scales breaks it. */
function path(curve: CurveFactory, points: readonly Point[], x: Scale, y: Scale): string {
  const placed = (p: Point) => Number.isFinite(x(p[0])) && Number.isFinite(y(p[1]));
  const draw = line<Point>(
    (p) => x(p[0]),
    (p) => y(p[1]),
  )
    .defined(placed)
    .curve(curve)
    .digits(PATH_DIGITS);
  return draw(points) ?? '';
}

/**
 * A polyline as one path ("Mx,yLx,y…", d3-shape's line). Points that have no place on the scales
 * (NaN, e.g. a zero on a log axis) break the line, which resumes with a new "M" after them; a point
 * alone before a break is a closed one-point subpath ("Mx,yZ").
 */
export function linePath(points: readonly Point[], x: Scale, y: Scale): string {
  return path(curveLinear, points, x, y);
}

/** A step line that holds each value until the next point (d3's curveStepAfter), broken like linePath. */
export function stepPath(points: readonly Point[], x: Scale, y: Scale): string {
  return path(curveStepAfter, points, x, y);
}

const indices = (n: number) => Array.from({ length: n }, (_, i) => i);

/**
 * Grouped bars across `range`: one band per category (by index), `padding` of each band left empty
 * around its bars (half of it at either end), and inside it one sub-band per group.
 */
export function barBands(
  categories: number,
  groups: number,
  range: Range,
  padding = 0.18,
): { category: ScaleBand<number>; group: ScaleBand<number> } {
  const category = scaleBand<number>()
    .domain(indices(categories))
    .range(range)
    .paddingInner(padding)
    .paddingOuter(padding / 2);
  const group = scaleBand<number>().domain(indices(groups)).range([0, category.bandwidth()]);
  return { category, group };
}
