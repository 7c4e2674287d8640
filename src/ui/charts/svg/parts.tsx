/**
 * The pieces the SVG plots are drawn from: the plot frame, axes with round ticks, the dashed grid
 * and an HTML legend. Class names (chart-axis--x, chart-axis__line, …) are stable: the e2e tests use them.
 */
import { type CSSProperties } from 'react';
import { AXIS_LINE, AXIS_TICK, GRID_LINE, LEGEND_STYLE, LINE_WIDTH } from '../palette';
import { linearTickFormat, px, type Scale } from './scale';

/** The plotting area in SVG pixels: x from left to right, y from top (small) to bottom (large). */
export interface Frame {
  left: number;
  right: number;
  top: number;
  bottom: number;
}

export interface Margin {
  top: number;
  right: number;
  bottom: number;
  left: number;
}

export const NO_MARGIN: Margin = { top: 0, right: 0, bottom: 0, left: 0 };

/** A y axis: its range, ticks and how they print, the width it takes beside the plot. */
export interface YAxisSpec {
  domain: readonly [number, number];
  ticks: readonly number[];
  log?: boolean;
  format?: (value: number) => string;
  /** Pixels beside the plot for the tick labels. */
  width: number;
  /** Tick label colour (default: the axis text colour). */
  color?: string;
}

const TICK = 6;
const TEXT = { fontSize: AXIS_TICK.fontSize, fill: AXIS_TICK.fill };

/** An x axis along the bottom of the frame; without `format`, ticks print as d3 prints them (linearTickFormat). */
export function XAxis({
  frame,
  scale,
  ticks,
  format = linearTickFormat(ticks),
}: {
  frame: Frame;
  scale: Scale;
  ticks: readonly number[];
  format?: (value: number) => string;
}) {
  return (
    <g className="chart-axis chart-axis--x">
      <line className="chart-axis__line" x1={frame.left} x2={frame.right} y1={frame.bottom} y2={frame.bottom} stroke={AXIS_LINE} />
      {ticks.map((t) => {
        const x = px(scale(t));
        return (
          <g key={t} className="chart-axis__tick">
            <line x1={x} x2={x} y1={frame.bottom} y2={frame.bottom + TICK} stroke={AXIS_LINE} />
            <text x={x} y={frame.bottom + TICK + 2} textAnchor="middle" dominantBaseline="hanging" {...TEXT}>
              {format(t)}
            </text>
          </g>
        );
      })}
    </g>
  );
}

/** A y axis on the left or right edge of the frame; without `format`, linear ticks print as d3 prints them, log ticks as they are. */
export function YAxis({ frame, scale, axis, side }: { frame: Frame; scale: Scale; axis: YAxisSpec; side: 'left' | 'right' }) {
  const x = side === 'left' ? frame.left : frame.right;
  const out = side === 'left' ? -1 : 1;
  const format = axis.format ?? (axis.log ? String : linearTickFormat(axis.ticks));
  return (
    <g className={`chart-axis chart-axis--${side === 'left' ? 'y' : 'y2'}`}>
      <line className="chart-axis__line" x1={x} x2={x} y1={frame.top} y2={frame.bottom} stroke={AXIS_LINE} />
      {axis.ticks.map((t) => {
        const y = px(scale(t));
        if (!Number.isFinite(y)) return null;
        return (
          <g key={t} className="chart-axis__tick">
            <line x1={x} x2={x + out * TICK} y1={y} y2={y} stroke={AXIS_LINE} />
            <text
              x={x + out * (TICK + 2)}
              y={y}
              textAnchor={side === 'left' ? 'end' : 'start'}
              dominantBaseline="central"
              {...TEXT}
              fill={axis.color ?? TEXT.fill}
            >
              {format(t)}
            </text>
          </g>
        );
      })}
    </g>
  );
}

/** Dashed grid lines at the ticks: horizontal at `ys` (pixels), vertical at `xs`. */
export function Grid({ frame, xs = [], ys = [] }: { frame: Frame; xs?: readonly number[]; ys?: readonly number[] }) {
  return (
    <g className="chart-grid" stroke={GRID_LINE} strokeDasharray="3 3">
      {ys.map((y, i) => (Number.isFinite(y) ? <line key={`h${i}`} x1={frame.left} x2={frame.right} y1={px(y)} y2={px(y)} /> : null))}
      {xs.map((x, i) => (Number.isFinite(x) ? <line key={`v${i}`} x1={px(x)} x2={px(x)} y1={frame.top} y2={frame.bottom} /> : null))}
    </g>
  );
}

/** Keeps an id usable in url(#…) whatever characters React's useId puts in it. */
export function svgId(id: string): string {
  return `c${id.replace(/[^a-zA-Z0-9_-]/g, '')}`;
}

export interface LegendItem {
  key: string;
  label: string;
  color: string;
  /** A line (with its dash) or a filled square (a bar). */
  shape: 'line' | 'bar';
  dash?: boolean;
  opacity?: number;
}

/** The legend above a chart, in HTML: it wraps like text and needs no measuring. */
export function ChartLegend({ items }: { items: readonly LegendItem[] }) {
  return (
    <ul className="chart-legend" style={LEGEND_STYLE}>
      {items.map((item) => {
        const swatch: CSSProperties =
          item.shape === 'bar'
            ? { background: item.color, opacity: item.opacity }
            : { borderTopColor: item.color, borderTopStyle: item.dash ? 'dashed' : 'solid', borderTopWidth: LINE_WIDTH + 1 };
        return (
          <li key={item.key} className="chart-legend__item">
            <span className={`chart-legend__swatch chart-legend__swatch--${item.shape}`} style={swatch} aria-hidden="true" />
            {item.label}
          </li>
        );
      })}
    </ul>
  );
}
