/**
 * A line chart in plain SVG, as wide as its container: linear or log y axes (one on the left, an
 * optional second on the right), an x axis with round ticks, a dashed grid, one <path> per series,
 * dashed vertical marks with labels and horizontal reference lines with labels. A few dozen
 * elements per redraw, no measuring of text: cheap enough to redraw several times a second.
 *
 * Stable class names for tests: each series is a <g> with its own className holding one
 * `path.chart-line`; marks are `g.chart-mark` with `line.chart-mark__line` and `text.chart-mark__label`;
 * reference lines are `g.chart-reference` with `line.chart-reference__line` and `text.chart-reference__label`.
 */
import { useId } from 'react';
import { CHART_FONT, COLORS, LINE_WIDTH } from '../palette';
import { ChartFrame } from './ChartFrame';
import { Grid, NO_MARGIN, svgId, XAxis, YAxis, type Frame, type Margin, type YAxisSpec } from './parts';
import { placeMarkLabels, textWidth } from './labels';
import { linePath, linearScale, linearTicks, logScale, px, stepPath, tickCount, type Point } from './scale';

export interface XAxisSpec {
  domain: readonly [number, number];
  /** Whole-number ticks only (batches, epochs), unless fewer than two would show. */
  integer?: boolean;
  format?: (value: number) => string;
  /** No axis drawn and no room kept for it. */
  hide?: boolean;
  /** Pixels under the plot for the tick labels (default 24). */
  height?: number;
  /** At least this many pixels between ticks (default 64). */
  tickSpacing?: number;
}

export interface LineSpec {
  key: string;
  /** On the series' <g>, e.g. "loss-line loss-line--total". */
  className?: string;
  color: string;
  dash?: string;
  points: readonly Point[];
  axis?: 'left' | 'right';
  /** 'step': each value holds until the next point. */
  curve?: 'linear' | 'step';
  /** A dot at each point, with its own tooltip when `pointTitle` is given. */
  dots?: boolean;
  /** Native tooltip of the whole line. */
  title?: string;
  pointTitle?: (point: Point) => string;
}

/** A dashed vertical line at data x, labelled. */
export interface MarkSpec {
  key: string;
  x: number;
  label: string;
}

/** A horizontal line at data y (left axis), labelled at one end, above or below it. */
export interface ReferenceSpec {
  key: string;
  y: number;
  label: string;
  color: string;
  dash?: string;
  end: 'left' | 'right';
  above: boolean;
  className?: string;
}

export interface LinePlotProps {
  x: XAxisSpec;
  y: YAxisSpec;
  /** A second y axis on the right, for series with axis: 'right'. */
  y2?: YAxisSpec;
  lines: readonly LineSpec[];
  marks?: readonly MarkSpec[];
  /** Extra class on each mark's <g>. */
  markClassName?: string;
  /** Mark labels at the top of the plot (default) or at the bottom. */
  markLabels?: 'top' | 'bottom';
  references?: readonly ReferenceSpec[];
  /** Room around the axes. */
  margin?: Partial<Margin>;
  /** Dashed grid lines at the ticks (default true). */
  grid?: boolean;
}

export function LinePlot(props: LinePlotProps) {
  return <ChartFrame>{(width, height) => <LinePlotSvg {...props} width={width} height={height} />}</ChartFrame>;
}

const LABEL_GAP = 4;
const ROW = CHART_FONT + 2;

function LinePlotSvg({
  x: xAxis,
  y: yAxis,
  y2: y2Axis,
  lines,
  marks = [],
  markClassName,
  markLabels = 'top',
  references = [],
  margin: marginProp,
  grid = true,
  width,
  height,
}: LinePlotProps & { width: number; height: number }) {
  const clipId = svgId(useId());
  const margin = { ...NO_MARGIN, ...marginProp };
  const frame: Frame = {
    left: margin.left + yAxis.width,
    right: Math.max(margin.left + yAxis.width + 1, width - margin.right - (y2Axis?.width ?? 0)),
    top: margin.top,
    bottom: Math.max(margin.top + 1, height - margin.bottom - (xAxis.hide ? 0 : (xAxis.height ?? 24))),
  };
  const x = linearScale(xAxis.domain, [frame.left, frame.right]);
  const yScale = (axis: YAxisSpec) => (axis.log ? logScale : linearScale)(axis.domain, [frame.bottom, frame.top]);
  const y = yScale(yAxis);
  const y2 = y2Axis ? yScale(y2Axis) : y;

  const maxXTicks = tickCount(frame.right - frame.left, xAxis.tickSpacing ?? 64);
  const [x0, x1] = xAxis.domain;
  let xTicks = linearTicks(x0, x1, maxXTicks, xAxis.integer);
  if (xAxis.integer && xTicks.length < 2) xTicks = linearTicks(x0, x1, maxXTicks);

  const markXs = marks.map((m) => x(m.x));
  const slots = placeMarkLabels(
    marks.map((m, i) => ({ x: markXs[i]!, width: textWidth(m.label, CHART_FONT) })),
    frame.left,
    frame.right,
    LABEL_GAP,
  );

  return (
    <svg className="chart-svg" width={width} height={height} viewBox={`0 0 ${width} ${height}`}>
      <defs>
        <clipPath id={clipId}>
          <rect
            x={frame.left - LINE_WIDTH}
            y={frame.top - 5}
            width={frame.right - frame.left + 2 * LINE_WIDTH}
            height={frame.bottom - frame.top + 10}
          />
        </clipPath>
      </defs>
      {grid ? <Grid frame={frame} xs={xTicks.map(x)} ys={yAxis.ticks.map(y)} /> : null}
      {xAxis.hide ? null : <XAxis frame={frame} scale={x} ticks={xTicks} format={xAxis.format} />}
      <YAxis frame={frame} scale={y} axis={yAxis} side="left" />
      {y2Axis ? <YAxis frame={frame} scale={y2} axis={y2Axis} side="right" /> : null}
      <g className="chart-lines" clipPath={`url(#${clipId})`}>
        {lines.map((line) => {
          const ly = line.axis === 'right' ? y2 : y;
          const d = (line.curve === 'step' ? stepPath : linePath)(line.points, x, ly);
          return (
            <g key={line.key} className={line.className}>
              {line.title ? <title>{line.title}</title> : null}
              <path
                className="chart-line"
                d={d}
                fill="none"
                stroke={line.color}
                strokeWidth={LINE_WIDTH}
                strokeDasharray={line.dash}
                strokeLinejoin="round"
              />
              {line.dots
                ? line.points.map((p, i) => {
                    const cx = x(p[0]);
                    const cy = ly(p[1]);
                    if (!Number.isFinite(cx) || !Number.isFinite(cy)) return null;
                    return (
                      <circle
                        key={i}
                        className="chart-dot"
                        cx={px(cx)}
                        cy={px(cy)}
                        r={3}
                        fill="#fff"
                        stroke={line.color}
                        strokeWidth={LINE_WIDTH}
                      >
                        {line.pointTitle ? <title>{line.pointTitle(p)}</title> : null}
                      </circle>
                    );
                  })
                : null}
            </g>
          );
        })}
      </g>
      {references.map((ref) => {
        const ry = px(y(ref.y));
        if (!Number.isFinite(ry)) return null;
        const tx = ref.end === 'right' ? frame.right - LABEL_GAP - 1 : frame.left + LABEL_GAP + 1;
        return (
          <g key={ref.key} className={['chart-reference', ref.className].filter(Boolean).join(' ')}>
            <line
              className="chart-reference__line"
              x1={frame.left}
              x2={frame.right}
              y1={ry}
              y2={ry}
              stroke={ref.color}
              strokeWidth={LINE_WIDTH}
              strokeDasharray={ref.dash}
            />
            <text
              className="chart-reference__label"
              x={tx}
              y={ref.above ? ry - LABEL_GAP : ry + LABEL_GAP}
              textAnchor={ref.end === 'right' ? 'end' : 'start'}
              dominantBaseline={ref.above ? 'alphabetic' : 'hanging'}
              fontSize={CHART_FONT}
              fill={ref.color}
            >
              {ref.label}
            </text>
          </g>
        );
      })}
      {marks.map((mark, i) => {
        const mx = px(markXs[i]!);
        if (!Number.isFinite(mx) || mx < frame.left - 0.5 || mx > frame.right + 0.5) return null;
        const slot = slots[i]!;
        const labelY = markLabels === 'top' ? frame.top + LABEL_GAP + slot.row * ROW : frame.bottom - LABEL_GAP - slot.row * ROW;
        return (
          <g key={mark.key} className={['chart-mark', markClassName].filter(Boolean).join(' ')}>
            <line
              className="chart-mark__line"
              x1={mx}
              x2={mx}
              y1={frame.top}
              y2={frame.bottom}
              stroke={COLORS.mark}
              strokeWidth={LINE_WIDTH}
              strokeDasharray="4 3"
            />
            <text
              className="chart-mark__label"
              x={slot.anchor === 'start' ? mx + LABEL_GAP : mx - LABEL_GAP}
              y={labelY}
              textAnchor={slot.anchor}
              dominantBaseline={markLabels === 'top' ? 'hanging' : 'alphabetic'}
              fontSize={CHART_FONT}
              fill={COLORS.mark}
            >
              {mark.label}
            </text>
          </g>
        );
      })}
    </svg>
  );
}
