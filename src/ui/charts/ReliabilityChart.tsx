/**
 * Reliability diagrams on the test split (15 equal-width confidence bins, from the worker): each
 * model's accuracy against its mean confidence per bin, the diagonal of perfect calibration, and the
 * share of test images per bin as bars under the curves. Overlay any of the models given (the run's
 * ensemble and students, or each teacher before and after temperature scaling): a curve under the
 * diagonal is over-confident.
 */
import { useId, useRef, useState } from 'react';
import type { CalibrationFigures } from '../../core/evaluation/metrics';
import { formatPercent } from '../../state/format';
import { ChartExport } from './ChartExport';
import { COLORS, LINE_WIDTH, Y_AXIS_WIDTH } from './palette';
import { ChartFrame } from './svg/ChartFrame';
import { ChartLegend, Grid, XAxis, YAxis, type Frame, type YAxisSpec } from './svg/parts';
import { linearScale, px } from './svg/scale';

/** One model that can be overlaid. */
export interface ReliabilitySeries {
  key: string;
  label: string;
  color: string;
  /** Drawn dashed (e.g. a model after calibration, next to it before). */
  dashed?: boolean;
  figures: Pick<CalibrationFigures, 'reliability' | 'ece' | 'mce'>;
}

interface Props {
  series: ReliabilitySeries[];
  /** Keys overlaid at first (all when omitted). */
  initiallyShown?: string[];
  /** The chart's accessible name. */
  name?: string;
}
const TICKS = [0, 0.25, 0.5, 0.75, 1];
const percentTick = (v: number) => `${Math.round(v * 100)}%`;
const Y: YAxisSpec = { domain: [0, 1], ticks: TICKS, format: percentTick, width: Y_AXIS_WIDTH };

export function ReliabilityChart({ series, initiallyShown, name = 'Reliability diagram' }: Props) {
  const [shown, setShown] = useState<ReadonlySet<string>>(() => new Set(initiallyShown ?? series.map((m) => m.key)));
  const descriptionId = useId();
  const chartRef = useRef<HTMLDivElement>(null);
  const visible = series.filter((m) => shown.has(m.key) && m.figures.reliability.length > 0);
  const toggle = (model: string) =>
    setShown((s) => {
      const next = new Set(s);
      if (next.has(model)) next.delete(model);
      else next.add(model);
      return next;
    });
  const description = visible.length
    ? visible.map((m) => `${m.label}: ECE ${formatPercent(m.figures.ece)}, MCE ${formatPercent(m.figures.mce)}`).join('; ') + '.'
    : 'No model chosen.';
  return (
    <div className="reliability">
      <fieldset className="reliability__pick">
        <legend>{name} (test split): overlay</legend>
        {series.map((m) => (
          <label key={m.key} className="chart-toggle">
            <input type="checkbox" checked={shown.has(m.key)} onChange={() => toggle(m.key)} />
            {m.label}
          </label>
        ))}
      </fieldset>
      <ChartExport name={name} chart={chartRef} title={`${name} (test split)`} caption="Confidence (top-1 probability) →" />
      <div ref={chartRef} role="img" aria-label={name} aria-describedby={descriptionId} className="chart chart--reliability">
        <p id={descriptionId} className="visually-hidden">
          {description}
        </p>
        <ChartLegend
          items={[
            ...visible.map((m) => ({ key: m.key, label: m.label, color: m.color, shape: 'line' as const, dash: m.dashed })),
            { key: 'diagonal', label: 'Perfect calibration', color: COLORS.mark, shape: 'line' as const, dash: true },
          ]}
        />
        <ChartFrame>{(width, height) => <ReliabilitySvg models={visible} width={width} height={height} />}</ChartFrame>
        <p className="chart-caption">Confidence (top-1 probability) →. Points: accuracy per bin; bars: share of the test images per bin.</p>
      </div>
    </div>
  );
}

interface SvgProps {
  models: ReliabilitySeries[];
  width: number;
  height: number;
}

function ReliabilitySvg({ models, width, height }: SvgProps) {
  const frame: Frame = { left: Y_AXIS_WIDTH, right: Math.max(Y_AXIS_WIDTH + 1, width - 16), top: 8, bottom: Math.max(9, height - 24) };
  const x = linearScale([0, 1], [frame.left, frame.right]);
  const y = linearScale([0, 1], [frame.bottom, frame.top]);
  const binWidth = models[0] ? (frame.right - frame.left) / models[0].figures.reliability.length : 0;
  return (
    <svg className="chart-svg" width={width} height={height} viewBox={`0 0 ${width} ${height}`}>
      <Grid frame={frame} xs={TICKS.map(x)} ys={TICKS.map(y)} />
      {/* The share of test images per bin, for each shown model, side by side within the bin. */}
      {models.map((m, k) => {
        const bins = m.figures.reliability;
        const total = bins.reduce((sum, r) => sum + r.count, 0);
        const w = binWidth / models.length;
        return bins.map((bin, b) => {
          const share = total > 0 ? bin.count / total : 0;
          return share > 0 ? (
            <rect
              key={`${m.key}-${b}`}
              className="reliability-bar"
              x={frame.left + b * binWidth + k * w}
              width={Math.max(1, w - 1)}
              y={y(share)}
              height={frame.bottom - y(share)}
              fill={m.color}
              opacity={0.18}
            >
              <title>{`${m.label}: ${formatPercent(share, 1)} of the test images at confidence ${(b / bins.length).toFixed(2)}–${((b + 1) / bins.length).toFixed(2)}`}</title>
            </rect>
          ) : null;
        });
      })}
      <line className="reliability-diagonal" x1={x(0)} y1={y(0)} x2={x(1)} y2={y(1)} stroke={COLORS.mark} strokeDasharray="4 3" />
      <XAxis frame={frame} scale={x} ticks={TICKS} format={percentTick} />
      <YAxis frame={frame} scale={y} axis={Y} side="left" />
      {models.map((m) => {
        const bins = m.figures.reliability.filter((b) => b.count > 0);
        const d = bins.map((b, i) => `${i === 0 ? 'M' : 'L'}${px(x(b.confidence))},${px(y(b.accuracy))}`).join('');
        return (
          <g key={m.key} className="reliability-line">
            <path
              className="chart-line"
              d={d}
              fill="none"
              stroke={m.color}
              strokeWidth={LINE_WIDTH}
              strokeDasharray={m.dashed ? '6 4' : undefined}
            />
            {bins.map((b, i) => (
              <circle key={i} cx={px(x(b.confidence))} cy={px(y(b.accuracy))} r={3} fill="#fff" stroke={m.color} strokeWidth={LINE_WIDTH}>
                <title>{`${m.label}: confidence ${formatPercent(b.confidence, 1)}, accuracy ${formatPercent(b.accuracy, 1)}, ${b.count} images`}</title>
              </circle>
            ))}
          </g>
        );
      })}
    </svg>
  );
}
