/**
 * Accuracy against size for every student of the page: test accuracy vs parameters (log axis),
 * distilled students and baselines as dots with their frontiers as steps, the ensemble as a
 * reference line. Each dot says what it is (run or sweep student, hidden units) on hover.
 */
import { percentTick } from './axis';
import { useId, useMemo, useRef, type Ref } from 'react';
import { hiddenText } from '../../core/settings/describe';
import { formatCount, formatPercent } from '../../state/format';
import { usePareto } from '../../state/hooks';
import { ChartExport } from './ChartExport';
import { COLORS, LINE_WIDTH, Y_AXIS_WIDTH } from './palette';
import { paretoData, type ParetoData, type ParetoPoint } from './pareto-data';
import { ChartFrame } from './svg/ChartFrame';
import { ChartLegend, Grid, XAxis, YAxis, type Frame, type YAxisSpec } from './svg/parts';
import { linearScale, logScale, niceLinear, niceLog, px, type Scale } from './svg/scale';

const paramsTick = (v: number) => (v >= 1e6 ? `${+(v / 1e6).toFixed(1)}M` : v >= 1e3 ? `${+(v / 1e3).toFixed(1)}k` : String(v));

export function ParetoChart() {
  const { runs, sweepPoints, ensembleTestAccuracy } = usePareto();
  const data = useMemo(() => paretoData(runs, sweepPoints), [runs, sweepPoints]);
  const chartRef = useRef<HTMLDivElement>(null);
  if (data.distilled.length === 0) return null;
  return (
    <section className="panel panel--chart" aria-labelledby="pareto-heading">
      <div className="panel__head">
        <h2 id="pareto-heading">Accuracy vs size</h2>
        <ChartExport
          name="Accuracy vs size chart"
          chart={chartRef}
          title="Accuracy vs size (test split)"
          caption="Parameters (log scale)"
        />
      </div>
      <ParetoPlot ref={chartRef} data={data} ensemble={ensembleTestAccuracy} />
    </section>
  );
}

function ParetoPlot({ data, ensemble, ref }: { data: ParetoData; ensemble: number | null; ref?: Ref<HTMLDivElement> }) {
  const descriptionId = useId();
  const best = data.distilledFrontier.at(-1)!;
  const smallest = data.distilledFrontier[0]!;
  const description =
    `${data.distilled.length} distilled student${data.distilled.length === 1 ? '' : 's'} and their baselines, test accuracy vs parameters. ` +
    `Smallest on the frontier: ${formatCount(smallest.params)} parameters, ${formatPercent(smallest.testAccuracy)}; ` +
    `most accurate: ${formatCount(best.params)} parameters, ${formatPercent(best.testAccuracy)}` +
    (ensemble === null ? '.' : `; the ensemble: ${formatPercent(ensemble)}.`);
  return (
    <div ref={ref} role="img" aria-label="Accuracy vs size" aria-describedby={descriptionId} className="chart chart--pareto">
      <ChartLegend
        items={[
          { key: 'distilled', label: 'Distilled students', color: COLORS.student, shape: 'line' },
          { key: 'baseline', label: 'Baselines', color: COLORS.baseline, shape: 'line' },
          ...(ensemble === null
            ? []
            : [{ key: 'ensemble', label: 'Ensemble', color: COLORS.ensemble, shape: 'line' as const, dash: true }]),
        ]}
      />
      <ChartFrame>{(width, height) => <ParetoSvg data={data} ensemble={ensemble} width={width} height={height} />}</ChartFrame>
      <p className="chart-caption">Parameters (log scale)</p>
      <p id={descriptionId} className="chart-caption">
        {description}
      </p>
    </div>
  );
}

function ParetoSvg({ data, ensemble, width, height }: { data: ParetoData; ensemble: number | null; width: number; height: number }) {
  const all = [...data.distilled, ...data.baseline];
  const frame: Frame = { left: Y_AXIS_WIDTH, right: Math.max(Y_AXIS_WIDTH + 1, width - 16), top: 8, bottom: Math.max(9, height - 24) };
  const xFit = niceLog(Math.min(...all.map((p) => p.params)) * 0.8, Math.max(...all.map((p) => p.params)) * 1.25, 6);
  const x = logScale(xFit.domain, [frame.left, frame.right]);
  const accuracies = [...all.map((p) => p.testAccuracy), ...(ensemble === null ? [] : [ensemble])];
  const yFit = niceLinear(Math.min(...accuracies) - 0.005, Math.min(1, Math.max(...accuracies) + 0.005), 4);
  const yAxis: YAxisSpec = { ...yFit, format: percentTick, width: Y_AXIS_WIDTH };
  const y = linearScale(yFit.domain, [frame.bottom, frame.top]);
  return (
    <svg className="chart-svg" width={width} height={height} viewBox={`0 0 ${width} ${height}`}>
      <Grid frame={frame} xs={xFit.ticks.map(x)} ys={yFit.ticks.map(y)} />
      <XAxis frame={frame} scale={x} ticks={xFit.ticks} format={paramsTick} />
      <YAxis frame={frame} scale={y} axis={yAxis} side="left" />
      {ensemble !== null ? (
        <line
          className="pareto-ensemble"
          x1={frame.left}
          x2={frame.right}
          y1={px(y(ensemble))}
          y2={px(y(ensemble))}
          stroke={COLORS.ensemble}
          strokeWidth={LINE_WIDTH}
          strokeDasharray="6 4"
        />
      ) : null}
      <Series points={data.baseline} front={data.baselineFrontier} color={COLORS.baseline} name="baseline" x={x} y={y} frame={frame} />
      <Series points={data.distilled} front={data.distilledFrontier} color={COLORS.student} name="distilled" x={x} y={y} frame={frame} />
    </svg>
  );
}

interface SeriesProps {
  points: readonly ParetoPoint[];
  front: readonly ParetoPoint[];
  color: string;
  name: 'distilled' | 'baseline';
  x: Scale;
  y: Scale;
  frame: Frame;
}

/** Dots for every student, and the frontier as steps (each level holds until a larger student beats it). */
function Series({ points, front, color, name, x, y, frame }: SeriesProps) {
  const steps = front.map(
    (p, i) => `${i === 0 ? 'M' : 'H'}${px(x(p.params))}${i === 0 ? `,${px(y(p.testAccuracy))}` : `V${px(y(p.testAccuracy))}`}`,
  );
  const d = front.length > 0 ? `${steps.join('')}H${frame.right}` : '';
  return (
    <g className={`pareto pareto--${name}`}>
      <path className="pareto-frontier" d={d} fill="none" stroke={color} strokeWidth={LINE_WIDTH} opacity={0.6} />
      {points.map((p, i) => (
        <circle
          key={i}
          className="pareto-dot"
          cx={px(x(p.params))}
          cy={px(y(p.testAccuracy))}
          r={4}
          fill="#fff"
          stroke={color}
          strokeWidth={LINE_WIDTH}
        >
          <title>{`${p.source}: ${name === 'distilled' ? 'distilled student' : 'baseline'}, ${hiddenText(p.hidden)}, ${formatCount(p.params)} parameters, test ${formatPercent(p.testAccuracy)}`}</title>
        </circle>
      ))}
    </g>
  );
}
