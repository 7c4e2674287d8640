/**
 * A sweep as it fills in: validation accuracy (mean ± sd over seeds, as error bars) against T —
 * or the first other setting that varies — one line per alpha (or other setting); the baseline
 * student as a shaded band; the point chosen on validation ringed, with its test accuracy below.
 */
import { percentTick } from './axis';
import { useId, useMemo, useRef } from 'react';
import { sweepLabel, type Spread, type SweepAxis, type SweepGroup, type SweepPoint } from '../../core/training/sweep';
import { formatPercent, formatSpread } from '../../state/format';
import { settingsLabel } from '../../state/sweep';
import { ChartExport } from './ChartExport';
import { COLORS, LINE_WIDTH, MEMBER_COLORS, Y_AXIS_WIDTH } from './palette';
import { sweepChartData, type SweepChartData } from './sweep-chart-data';
import { ChartFrame } from './svg/ChartFrame';
import { ChartLegend, Grid, XAxis, YAxis, type Frame, type YAxisSpec } from './svg/parts';
import { linearScale, niceLinear, px } from './svg/scale';

/** Line colours: the student's blue first, then hues that are not the baseline's vermillion. */
const LINE_COLORS = [COLORS.student, ...MEMBER_COLORS.filter((c) => c !== COLORS.baseline && c !== COLORS.student)];
const CAP = 5;
const spreadText = (s: Spread) => `${formatSpread(s)}${s.n > 1 ? ` over ${s.n} seeds` : ''}`;

export function SweepChart({ points, axes }: { points: readonly SweepPoint[]; axes: readonly SweepAxis[] }) {
  const descriptionId = useId();
  const data = useMemo(() => sweepChartData(points, axes), [points, axes]);
  const chartRef = useRef<HTMLDivElement>(null);
  if (data.lines.length === 0) {
    return <p className="placeholder placeholder--chart">Each student's validation accuracy appears here as it finishes.</p>;
  }
  const best = data.selected?.group;
  const xName = data.xKey ? sweepLabel(data.xKey) : 'Seeds';
  return (
    <>
      <ChartExport name="Sweep chart" chart={chartRef} title="Sweep: validation accuracy" caption={xName} />
      <div
        ref={chartRef}
        role="img"
        aria-label="Sweep: validation accuracy"
        aria-describedby={descriptionId}
        className="chart chart--sweep"
      >
        <ChartLegend
          items={[
            ...data.lines.map((line, i) => ({
              key: line.key,
              label: line.name,
              color: LINE_COLORS[i % LINE_COLORS.length]!,
              shape: 'line' as const,
            })),
            { key: 'baseline', label: 'Baseline (labels only)', color: COLORS.baseline, shape: 'bar' as const, opacity: 0.3 },
          ]}
        />
        <ChartFrame>{(width, height) => <SweepSvg data={data} width={width} height={height} />}</ChartFrame>
        <p className="chart-caption">{xName}</p>
        <p id={descriptionId} className="chart-caption sweep-selected">
          {best ? selectedText(best, axes) : 'No student has finished yet.'}
        </p>
      </div>
    </>
  );
}

/** "Chosen on validation: T = 4, α = 0.9 — val 93.50 % ± 0.20 over 3 seeds; test … (baseline test …)." */
function selectedText(best: SweepGroup, axes: readonly SweepAxis[]): string {
  const settings = settingsLabel(best.config, axes);
  const val = spreadText(best.studentVal);
  const test = spreadText(best.studentTest);
  return `Chosen on validation: ${settings || 'the only setting'} — val ${val}; test ${test} (baseline test ${formatPercent(best.baselineTest.mean)}).`;
}

function SweepSvg({ data, width, height }: { data: SweepChartData; width: number; height: number }) {
  const frame: Frame = { left: Y_AXIS_WIDTH, right: Math.max(Y_AXIS_WIDTH + 1, width - 16), top: 8, bottom: Math.max(9, height - 24) };
  const n = data.xLabels.length;
  const x = linearScale([-0.5, n - 0.5], [frame.left, frame.right]);
  const y: YAxisSpec = useMemo(() => {
    const values = data.lines.flatMap((l) => l.points.flatMap((p) => [p.val.mean - (p.val.sd || 0), p.val.mean + (p.val.sd || 0)]));
    const { mean, sd } = data.baseline;
    const all = [...values, mean - (sd || 0), mean + (sd || 0)].filter(Number.isFinite);
    const fit = niceLinear(Math.min(...all) - 0.002, Math.min(1, Math.max(...all) + 0.002), 4);
    return { ...fit, format: percentTick, width: Y_AXIS_WIDTH };
  }, [data]);
  const yScale = linearScale(y.domain, [frame.bottom, frame.top]);
  const ticks = Array.from({ length: n }, (_, i) => i);
  const band = data.baseline;
  const bandLow = yScale(band.mean - (band.sd || 0));
  const bandHigh = yScale(band.mean + (band.sd || 0));

  return (
    <svg className="chart-svg" width={width} height={height} viewBox={`0 0 ${width} ${height}`}>
      <Grid frame={frame} ys={y.ticks.map(yScale)} />
      {Number.isFinite(band.mean) ? (
        <g className="sweep-baseline">
          <title>{`Baseline student, validation: ${spreadText(band)}`}</title>
          <rect
            x={frame.left}
            width={frame.right - frame.left}
            y={px(bandHigh) - (band.sd ? 0 : 1)}
            height={Math.max(2, bandLow - bandHigh)}
            fill={COLORS.baseline}
            opacity={0.2}
          />
          <line
            x1={frame.left}
            x2={frame.right}
            y1={px(yScale(band.mean))}
            y2={px(yScale(band.mean))}
            stroke={COLORS.baseline}
            strokeDasharray="4 3"
          />
        </g>
      ) : null}
      <XAxis frame={frame} scale={x} ticks={ticks} format={(t) => data.xLabels[t] ?? ''} />
      <YAxis frame={frame} scale={yScale} axis={y} side="left" />
      {data.lines.map((line, i) => {
        const color = LINE_COLORS[i % LINE_COLORS.length]!;
        const d = line.points.map((p, k) => `${k === 0 ? 'M' : 'L'}${px(x(p.x))},${px(yScale(p.val.mean))}`).join('');
        return (
          <g key={line.key} className="sweep-line">
            <path className="chart-line" d={d} fill="none" stroke={color} strokeWidth={LINE_WIDTH} />
            {line.points.map((p) => {
              const cx = px(x(p.x));
              const cy = px(yScale(p.val.mean));
              const hasBar = p.val.n > 1 && Number.isFinite(p.val.sd);
              const top = px(yScale(p.val.mean + p.val.sd));
              const bottom = px(yScale(p.val.mean - p.val.sd));
              const chosen = data.selected?.line === line.key && data.selected.x === p.x;
              return (
                <g key={p.x} className={chosen ? 'sweep-point sweep-point--selected' : 'sweep-point'}>
                  <title>{`${line.name}, ${data.xLabels[p.x]}: val ${spreadText(p.val)}`}</title>
                  {hasBar ? (
                    <path
                      className="sweep-error-bar"
                      d={`M${cx},${top}V${bottom}M${cx - CAP},${top}H${cx + CAP}M${cx - CAP},${bottom}H${cx + CAP}`}
                      stroke={color}
                      strokeWidth={LINE_WIDTH}
                    />
                  ) : null}
                  <circle cx={cx} cy={cy} r={4} fill="#fff" stroke={color} strokeWidth={LINE_WIDTH} />
                  {chosen ? <circle cx={cx} cy={cy} r={9} fill="none" stroke={COLORS.mark} strokeWidth={LINE_WIDTH} /> : null}
                </g>
              );
            })}
          </g>
        );
      })}
    </svg>
  );
}
