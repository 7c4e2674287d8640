/**
 * Pure geometry for the hand-written SVG charts: scales, round ticks, path strings and label
 * placement. No React, no DOM, so each piece is unit-tested (scale.test.ts).
 */

export type Range = readonly [number, number];
export type Point = readonly [number, number];

/** Maps a value to pixels; NaN (or ±Infinity) where it has no place (a non-positive value on a log scale). */
export type Scale = (value: number) => number;

export function linearScale(domain: Range, range: Range): Scale {
  const [d0, d1] = domain;
  const [r0, r1] = range;
  const k = d1 === d0 ? 0 : (r1 - r0) / (d1 - d0);
  return (v) => r0 + (v - d0) * k;
}

/** Log10 scale; values ≤ 0 map to NaN (a path leaves them out). */
export function logScale(domain: Range, range: Range): Scale {
  const l0 = Math.log10(domain[0]);
  const l1 = Math.log10(domain[1]);
  const [r0, r1] = range;
  const k = l1 === l0 ? 0 : (r1 - r0) / (l1 - l0);
  return (v) => (v > 0 ? r0 + (Math.log10(v) - l0) * k : NaN);
}

const MANTISSAS = [1, 2, 5];

/** Decimals that print `step`'s multiples exactly (0.5 → 1, 0.02 → 2, 20 → 0). */
function decimalsOf(step: number): number {
  return Math.max(0, -Math.floor(Math.log10(step) + 1e-9));
}

function multiples(first: number, last: number, step: number): number[] {
  const decimals = decimalsOf(step);
  const out: number[] = [];
  for (let i = first; i <= last; i++) out.push(Number((i * step).toFixed(decimals)));
  return out;
}

/** The round steps (1, 2 or 5 × 10^k) from just below `span / maxCount` upwards; whole numbers only if `integer`. */
function* roundSteps(span: number, maxCount: number, integer: boolean): Generator<number> {
  let power = 10 ** Math.floor(Math.log10(span / Math.max(1, maxCount)));
  for (let guard = 0; guard < 40; guard++, power *= 10) {
    for (const m of MANTISSAS) {
      const step = m * power;
      if (!integer || step >= 1) yield step;
    }
  }
}

/**
 * Round ticks inside [min, max]: multiples of 1, 2 or 5 × 10^k, as many as fit in `maxCount`.
 * `integer` allows whole numbers only (then there may be a single tick, or none, in a short range).
 */
export function linearTicks(min: number, max: number, maxCount = 5, integer = false): number[] {
  if (!Number.isFinite(min) || !Number.isFinite(max)) return [];
  if (max < min) [min, max] = [max, min];
  if (max === min) return integer && !Number.isInteger(min) ? [] : [min];
  for (const step of roundSteps(max - min, maxCount, integer)) {
    const first = Math.ceil(min / step - 1e-9);
    const last = Math.floor(max / step + 1e-9);
    if (last - first + 1 <= maxCount) return multiples(first, last, step);
  }
  return [min, max];
}

/**
 * A domain from `min` to `max` widened to round ticks at both ends, at most `maxCount` ticks:
 * e.g. 0–2.73 → 0–3 in steps of 1 (at most 5 ticks), 0–0.37 → 0–0.4 in steps of 0.1. An empty or flat range becomes one step wide.
 */
export function niceLinear(min: number, max: number, maxCount = 5): { domain: [number, number]; ticks: number[] } {
  if (!Number.isFinite(min) || !Number.isFinite(max)) return { domain: [0, 1], ticks: multiples(0, 4, 0.25) };
  if (max < min) [min, max] = [max, min];
  if (max === min) {
    if (min === 0) return { domain: [0, 1], ticks: multiples(0, 4, 0.25) };
    const pad = Math.abs(min) / 2;
    return niceLinear(min - (min > 0 ? Math.min(pad, min) : pad), max + pad, maxCount);
  }
  for (const step of roundSteps(max - min, maxCount - 1, false)) {
    const first = Math.floor(min / step + 1e-9);
    const last = Math.ceil(max / step - 1e-9);
    if (last - first + 1 <= maxCount) {
      const ticks = multiples(first, last, step);
      return { domain: [ticks[0]!, ticks[ticks.length - 1]!], ticks };
    }
  }
  return { domain: [min, max], ticks: [min, max] };
}

/**
 * A log domain around the positive values in [min, max], on round ticks: 1-2-5 per decade when
 * they fit in `maxCount`, else powers of ten (every second, third… when even those are too many).
 */
export function niceLog(min: number, max: number, maxCount = 6): { domain: [number, number]; ticks: number[] } {
  if (!(max > 0) || !Number.isFinite(max)) return { domain: [0.1, 1], ticks: [0.1, 1] };
  if (!(min > 0) || !Number.isFinite(min) || min > max) min = max;
  const e0 = Math.floor(Math.log10(min) + 1e-9);
  const e1 = Math.ceil(Math.log10(max) - 1e-9);
  const value = (m: number, e: number) => Number((m * 10 ** e).toPrecision(12));
  // 1-2-5 ticks, the domain snapped to the nearest of them outside the data.
  const candidates: number[] = [];
  for (let e = e0; e <= e1; e++) for (const m of MANTISSAS) candidates.push(value(m, e));
  const lo = [...candidates].reverse().find((c) => c <= min * (1 + 1e-9)) ?? value(1, e0);
  let hi = candidates.find((c) => c >= max * (1 - 1e-9)) ?? value(1, e1);
  if (hi <= lo) hi = candidates.find((c) => c > lo) ?? value(1, e1 + 1);
  const fine = candidates.filter((c) => c >= lo && c <= hi);
  if (fine.length <= maxCount) return { domain: [lo, hi], ticks: fine };
  // Powers of ten only, the domain widened to whole decades.
  const decades = e1 - e0;
  const every = Math.max(1, Math.ceil((decades + 1) / maxCount));
  const ticks: number[] = [];
  for (let e = e0; e <= e1; e += every) ticks.push(value(1, e));
  const top = value(1, e0 + Math.ceil(decades / every) * every);
  if (ticks[ticks.length - 1] !== top) ticks.push(top);
  return { domain: [value(1, e0), top], ticks };
}

/** How many ticks fit along `pixels` with at least `minGap` pixels between them (at least 2). */
export function tickCount(pixels: number, minGap: number): number {
  return Math.max(2, Math.floor(pixels / minGap) + 1);
}

/** One pixel coordinate for a path or an attribute: a tenth of a pixel is enough, and keeps the strings short. */
export function px(v: number): number {
  const r = Math.round(v * 10) / 10;
  return r === 0 ? 0 : r; // no "-0"
}

/**
 * A polyline as one path: "M x,y L x,y …". Points that have no place on the scales (NaN, e.g. a
 * zero on a log axis) break the line, which resumes with a new "M" after them.
 */
export function linePath(points: readonly Point[], x: Scale, y: Scale): string {
  let d = '';
  let pen = false;
  for (const [vx, vy] of points) {
    const sx = x(vx);
    const sy = y(vy);
    if (!Number.isFinite(sx) || !Number.isFinite(sy)) {
      pen = false;
      continue;
    }
    d += `${d === '' ? '' : ' '}${pen ? 'L' : 'M'}${px(sx)},${px(sy)}`;
    pen = true;
  }
  return d;
}

/** A step line that holds each value until the next point ("step after"): "M x0,y0 L x1,y0 L x1,y1 …". */
export function stepPath(points: readonly Point[], x: Scale, y: Scale): string {
  const parts: string[] = [];
  let previousY: number | null = null;
  for (const [vx, vy] of points) {
    const sx = px(x(vx));
    const sy = px(y(vy));
    if (!Number.isFinite(sx) || !Number.isFinite(sy)) {
      previousY = null;
      continue;
    }
    if (previousY === null) parts.push(`M${sx},${sy}`);
    else {
      parts.push(`L${sx},${previousY}`);
      if (sy !== previousY) parts.push(`L${sx},${sy}`);
    }
    previousY = sy;
  }
  return parts.join(' ');
}

/** Rough width of a label in pixels (for placement only: no text is measured). */
export function textWidth(text: string, fontSize: number): number {
  return text.length * fontSize * 0.6;
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

/** The layout of grouped bars: `count` categories across `width`, `groups` bars in each, `gap` of each band left empty. */
export function barLayout(count: number, groups: number, width: number, gap = 0.18): { band: number; bar: number; offset: number } {
  const band = count > 0 ? width / count : 0;
  const inner = band * (1 - gap);
  return { band, bar: groups > 0 ? inner / groups : 0, offset: (band - inner) / 2 };
}
