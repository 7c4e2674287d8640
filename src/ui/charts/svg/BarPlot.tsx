/**
 * Grouped bars in plain SVG, as wide as their container: one band per category (labelled on the x
 * axis), one bar per group in each band, a y axis with its ticks and horizontal grid lines.
 * Each bar is a `rect.chart-bar` (class `chart-bar--<group key>` too) inside `g.chart-bars`, with a
 * native tooltip.
 */
import { AXIS_LINE, AXIS_TICK } from '../palette';
import { ChartFrame } from './ChartFrame';
import { Grid, NO_MARGIN, YAxis, type Frame, type Margin, type YAxisSpec } from './parts';
import { categoryLabels, SLANT_DEGREES } from './category-labels';
import { barBands, linearScale } from './scale';

export interface BarGroup {
  key: string;
  name: string;
  color: string;
  opacity?: number;
  /** One value per category. */
  values: ArrayLike<number>;
}

export interface BarPlotProps {
  categories: readonly string[];
  groups: readonly BarGroup[];
  y: YAxisSpec;
  margin?: Partial<Margin>;
  /** Pixels under the plot for upright category names (default 24); slanted names take what they need (category-labels.ts). */
  xHeight?: number;
  /** Fraction of each category's band left empty around its bars (default 0.18). */
  bandPadding?: number;
  /** How a value prints in a bar's tooltip. */
  formatValue?: (value: number) => string;
  /** The text under a category on the x axis (default its name; '' leaves the tick bare). */
  axisLabel?: (name: string, index: number) => string;
}

export function BarPlot(props: BarPlotProps) {
  return <ChartFrame>{(width, height) => <BarPlotSvg {...props} width={width} height={height} />}</ChartFrame>;
}

/** Two decimals: bars need no finer, and the d/x/y attributes stay short. */
const r2 = (v: number) => Math.round(v * 100) / 100;

function BarPlotSvg({
  categories,
  groups,
  y: yAxis,
  margin: marginProp,
  xHeight = 24,
  bandPadding = 0.18,
  formatValue = String,
  axisLabel = (name) => name,
  width,
  height,
}: BarPlotProps & { width: number; height: number }) {
  const margin = { ...NO_MARGIN, ...marginProp };
  const left = margin.left + yAxis.width;
  const right = Math.max(left + 1, width - margin.right);
  const bands = barBands(categories.length, groups.length, [left, right], bandPadding);
  const labels = categoryLabels(
    categories.map((name, c) => axisLabel(name, c)),
    bands.category.step(),
    AXIS_TICK.fontSize,
    xHeight,
  );
  const frame: Frame = { left, right, top: margin.top, bottom: Math.max(margin.top + 1, height - margin.bottom - labels.height) };
  const y = linearScale(yAxis.domain, [frame.bottom, frame.top]);
  const bar = bands.group.bandwidth();
  // A pixel or two between neighbouring bars of a category, so that each reads on its own.
  const barWidth = Math.max(1, bar - Math.min(2, bar * 0.15));
  const [low, high] = yAxis.domain;
  return (
    <svg className="chart-svg" width={width} height={height} viewBox={`0 0 ${width} ${height}`}>
      <Grid frame={frame} ys={yAxis.ticks.map(y)} />
      <YAxis frame={frame} scale={y} axis={yAxis} side="left" />
      <g className="chart-axis chart-axis--x">
        <line className="chart-axis__line" x1={frame.left} x2={frame.right} y1={frame.bottom} y2={frame.bottom} stroke={AXIS_LINE} />
        {categories.map((name, c) => {
          const cx = r2(bands.category(c)! + bands.category.bandwidth() / 2);
          return (
            <g key={name} className="chart-axis__tick">
              <line x1={cx} x2={cx} y1={frame.bottom} y2={frame.bottom + 6} stroke={AXIS_LINE} />
              <text
                x={cx}
                y={frame.bottom + 8}
                textAnchor={labels.slanted ? 'end' : 'middle'}
                dominantBaseline="hanging"
                transform={labels.slanted ? `rotate(${-SLANT_DEGREES} ${cx} ${frame.bottom + 8})` : undefined}
                fontSize={AXIS_TICK.fontSize}
                fill={AXIS_TICK.fill}
              >
                {labels.texts[c]}
                {!labels.whole[c] && <title>{name}</title>}
              </text>
            </g>
          );
        })}
      </g>
      <g className="chart-bars">
        {categories.map((name, c) =>
          groups.map((group, g) => {
            const value = group.values[c] ?? 0;
            const top = r2(y(Math.min(high, Math.max(low, value))));
            return (
              <rect
                key={`${c}-${group.key}`}
                className={`chart-bar chart-bar--${group.key}`}
                x={r2(bands.category(c)! + bands.group(g)!)}
                y={top}
                width={r2(barWidth)}
                height={r2(Math.max(0, frame.bottom - top))}
                fill={group.color}
                fillOpacity={group.opacity}
              >
                <title>{`${name} — ${group.name}: ${formatValue(value)}`}</title>
              </rect>
            );
          }),
        )}
      </g>
    </svg>
  );
}
