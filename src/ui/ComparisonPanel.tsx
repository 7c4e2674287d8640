/**
 * Two or more runs side by side: their curves overlaid (validation accuracy per epoch, the loss
 * per batch, on y axes fitted to every run, the losses on a log scale if asked), their results in
 * one table with T and alpha as used and the settings that differ first and highlighted, and the
 * comparison as CSV or JSON. The shaping is pure: charts/compare-data.ts, state/comparison.ts.
 */
import { useId, useMemo, useRef, useState, type ReactNode } from 'react';
import { comparedSettings } from '../state/comparison';
import { formatPercent, formatSig } from '../state/format';
import { useActions } from '../state/hooks';
import type { StudentRun } from '../state/types';
import type { EpochFigures } from '../core/types';
import { ChartExport } from './charts/ChartExport';
import { compareDescription, comparePlot, type CompareKind, type CompareSeries } from './charts/compare-data';
import { MEMBER_COLORS, Y_AXIS_WIDTH } from './charts/palette';
import { LinePlot, type LineSpec } from './charts/svg/LinePlot';
import { ChartLegend, type LegendItem } from './charts/svg/parts';

/** A run's colour by its place in the comparison; past the palette's end the colours repeat, dashed. */
const colorOf = (i: number) => MEMBER_COLORS[i % MEMBER_COLORS.length]!;
const dashOf = (i: number) => (i >= MEMBER_COLORS.length ? '6 3' : undefined);

/** "94.31 % (epoch 37)"; "–" for runs saved before the best and last epochs were recorded. */
const epochCell = (e: EpochFigures | undefined) => (e ? `${formatPercent(e.testAccuracy)} (epoch ${e.epoch})` : '–');

const RESULTS: [string, (run: StudentRun) => string][] = [
  ['Distilled, test', (r) => formatPercent(r.result.results.student.testAccuracy)],
  ['Baseline, test', (r) => formatPercent(r.result.results.baseline.testAccuracy)],
  [
    'Gain (points)',
    (r) => {
      const gain = (r.result.results.student.testAccuracy - r.result.results.baseline.testAccuracy) * 100;
      return `${gain >= 0 ? '+' : '−'}${Math.abs(gain).toFixed(2)}`;
    },
  ],
  ['Distilled, test at its best epoch', (r) => epochCell(r.result.results.epochs?.student?.best)],
  ['Distilled, test at its last epoch', (r) => epochCell(r.result.results.epochs?.student?.last)],
  ['Distilled, validation', (r) => formatPercent(r.result.results.student.valAccuracy)],
  ['Distilled ECE', (r) => formatPercent(r.result.results.student.ece)],
  ['Distilled NLL', (r) => formatSig(r.result.results.student.nll, 3)],
  ['Ensemble, test', (r) => formatPercent(r.result.results.ensemble.testAccuracy)],
];

/** A run's validation accuracy per epoch and its loss per batch, as chart series. */
const accuracySeries = (run: StudentRun): CompareSeries => ({
  key: String(run.id),
  label: run.name,
  points: run.result.accuracies.map((a) => [a.epoch, a.studentValAccuracy] as const),
});
const lossSeries = (run: StudentRun): CompareSeries => ({
  key: String(run.id),
  label: run.name,
  points: run.losses.map((l) => [l.step, l.total] as const),
});

export function ComparisonPanel({ runs }: { runs: StudentRun[] }) {
  const { exportComparison } = useActions();
  const settings = useMemo(() => comparedSettings(runs), [runs]);
  const accuracies = useMemo(() => runs.map(accuracySeries), [runs]);
  const losses = useMemo(() => runs.map(lossSeries), [runs]);
  const [logLoss, setLogLoss] = useState(false);
  const ids = runs.map((r) => r.id);
  return (
    <div className="comparison">
      <h3>Comparing {runs.map((r) => r.name).join(', ')}</h3>
      <div className="comparison__charts">
        <CompareChart
          name="Validation accuracy per epoch, compared"
          series={accuracies}
          kind="accuracy"
          format={(v) => `${+(v * 100).toFixed(1)}%`}
          xLabel="Epoch →"
          xName="epoch"
        />
        <CompareChart
          name="Training loss per batch, compared"
          series={losses}
          kind="loss"
          log={logLoss}
          format={(v) => formatSig(v, 2)}
          xLabel="Batch →"
          xName="batch"
        >
          <label className="chart-toggle chart-toggle--scale">
            <input type="checkbox" checked={logLoss} onChange={(e) => setLogLoss(e.target.checked)} />
            Log-scale losses
          </label>
        </CompareChart>
      </div>
      <div className="table-scroll">
        <table className="results comparison__table">
          <caption>Runs compared (settings that differ first, highlighted; T and α as used over each run)</caption>
          <thead>
            <tr>
              <th scope="col">Setting or figure</th>
              {runs.map((r) => (
                <th key={r.id} scope="col">
                  {r.name}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {settings.map((row) => (
              <tr key={row.key} className={row.differs ? 'comparison__differs' : undefined}>
                <th scope="row">{row.label}</th>
                {row.cells.map((cell, i) => (
                  <td key={runs[i]!.id}>{cell}</td>
                ))}
              </tr>
            ))}
            {RESULTS.map(([name, cell]) => (
              <tr key={name}>
                <th scope="row">{name}</th>
                {runs.map((r) => (
                  <td key={r.id}>{cell(r)}</td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <p className="field__help">
        {settings.some((row) => row.differs)
          ? 'Every other setting is the same in these runs. T and α are as each run used them: a range where they moved, and where they ended.'
          : 'These runs have the same settings (their seeds too): any difference is noise.'}
      </p>
      <div className="downloads">
        <button type="button" className="button button--secondary" onClick={() => exportComparison(ids, 'csv')}>
          Export comparison (CSV)
        </button>
        <button type="button" className="button button--secondary" onClick={() => exportComparison(ids, 'json')}>
          Export comparison (JSON)
        </button>
      </div>
    </div>
  );
}

interface CompareChartProps {
  name: string;
  /** One per compared run, in the comparison's order (which sets its colour). */
  series: CompareSeries[];
  kind: CompareKind;
  log?: boolean;
  format(value: number): string;
  xLabel: string;
  /** The x axis's unit in the description ("batch"). */
  xName: string;
  /** Controls beside the title (the log-scale checkbox). */
  children?: ReactNode;
}

function CompareChart({ name, series, kind, log = false, format, xLabel, xName, children }: CompareChartProps) {
  const descriptionId = useId();
  const chartRef = useRef<HTMLDivElement>(null);
  const plot = useMemo(() => comparePlot(series, kind, log), [series, kind, log]);
  const description = compareDescription(plot, series, format, xName);
  const lines: LineSpec[] = series.flatMap((s, i) =>
    plot.drawn.includes(s)
      ? [{ key: s.key, className: 'compare-line', color: colorOf(i), dash: dashOf(i), points: s.points, title: s.label }]
      : [],
  );
  const legend = series.map((s, i): LegendItem => {
    const missing = plot.empty.find((e) => e.series === s);
    return {
      key: s.key,
      label: missing ? `${s.label} (${missing.reason})` : s.label,
      color: colorOf(i),
      shape: 'line',
      dash: dashOf(i) !== undefined,
    };
  });
  return (
    <div className="comparison__chart">
      <div className="comparison__chart-head">
        <h4 className="comparison__chart-title">{name}</h4>
        {children}
        <ChartExport name={name} chart={chartRef} title={name} caption={xLabel} disabled={lines.length === 0} />
      </div>
      <div ref={chartRef} role="img" aria-label={name} aria-describedby={descriptionId} className="chart chart--compare">
        <p id={descriptionId} className="visually-hidden">
          {description}
        </p>
        <ChartLegend items={legend} />
        {lines.length === 0 ? (
          <p className="placeholder placeholder--chart">
            Nothing to draw: {plot.empty.map((e) => `${e.series.label} has ${e.reason}`).join('; ')}.
          </p>
        ) : (
          <LinePlot
            x={{ domain: plot.x, integer: true }}
            y={{ domain: plot.y.domain, ticks: plot.y.ticks, log: plot.y.log, format, width: Y_AXIS_WIDTH }}
            lines={lines}
            margin={{ top: 8, right: 16 }}
          />
        )}
        <p className="chart-caption">{xLabel}</p>
      </div>
    </div>
  );
}
