/**
 * Two or more runs side by side: their curves overlaid (validation accuracy per epoch, the loss
 * per batch), their results in one table with the settings that differ first and highlighted, and
 * the comparison as CSV or JSON.
 */
import { useId, useRef } from 'react';
import { CHOICES, LAYOUTS, PARAMS, type ExperimentConfig } from '../core/config';
import { formatPercent, formatSig } from '../state/format';
import { useActions } from '../state/hooks';
import { differingSettings } from '../state/run-export';
import type { StudentRun } from '../state/types';
import { fittedRange } from './charts/axis';
import { ChartExport } from './charts/ChartExport';
import { MEMBER_COLORS, Y_AXIS_WIDTH } from './charts/palette';
import { LinePlot, type LineSpec } from './charts/svg/LinePlot';
import { ChartLegend } from './charts/svg/parts';

const colorOf = (i: number) => MEMBER_COLORS[i % MEMBER_COLORS.length]!;

function settingLabel(key: keyof ExperimentConfig): string {
  return [...PARAMS, ...CHOICES, ...LAYOUTS].find((p) => p.key === key)?.label ?? key;
}

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
  ['Distilled, validation', (r) => formatPercent(r.result.results.student.valAccuracy)],
  ['Distilled ECE', (r) => formatPercent(r.result.results.student.ece)],
  ['Distilled NLL', (r) => formatSig(r.result.results.student.nll, 3)],
  ['Ensemble, test', (r) => formatPercent(r.result.results.ensemble.testAccuracy)],
];

export function ComparisonPanel({ runs }: { runs: StudentRun[] }) {
  const { exportComparison } = useActions();
  const differing = differingSettings(runs);
  const ids = runs.map((r) => r.id);
  return (
    <div className="comparison">
      <h3>Comparing {runs.map((r) => r.name).join(', ')}</h3>
      <div className="comparison__charts">
        <CompareChart
          name="Validation accuracy per epoch, compared"
          runs={runs}
          points={(r) => r.result.accuracies.map((a) => [a.epoch, a.studentValAccuracy] as [number, number])}
          format={(v) => `${+(v * 100).toFixed(1)}%`}
          xLabel="Epoch →"
        />
        <CompareChart
          name="Training loss per batch, compared"
          runs={runs}
          points={(r) => r.losses.map((l) => [l.step, l.total] as [number, number])}
          format={(v) => formatSig(v, 2)}
          xLabel="Batch →"
        />
      </div>
      <div className="table-scroll">
        <table className="results comparison__table">
          <caption>Runs compared (settings that differ first, highlighted)</caption>
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
            {differing.map((key) => (
              <tr key={key} className="comparison__differs">
                <th scope="row">{settingLabel(key)}</th>
                {runs.map((r) => (
                  <td key={r.id}>{String(r.config[key])}</td>
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
        {differing.length === 0
          ? 'These runs have the same settings (their seeds too): any difference is noise.'
          : 'Every other setting is the same in these runs.'}
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
  runs: StudentRun[];
  points(run: StudentRun): [number, number][];
  format(value: number): string;
  xLabel: string;
}

function CompareChart({ name, runs, points, format, xLabel }: CompareChartProps) {
  const descriptionId = useId();
  const chartRef = useRef<HTMLDivElement>(null);
  const series = runs.map((r) => ({ run: r, points: points(r) }));
  const values = series.flatMap((s) => s.points.map(([, v]) => v)).filter(Number.isFinite);
  const xs = series.flatMap((s) => s.points.map(([x]) => x));
  const range = fittedRange(values.length > 0 ? values : [0, 1]);
  const lines: LineSpec[] = series.map((s, i) => ({
    key: String(s.run.id),
    className: 'compare-line',
    color: colorOf(i),
    points: s.points,
    title: s.run.name,
  }));
  const description = series
    .map((s) => {
      const last = s.points.at(-1);
      return `${s.run.name}: ${last ? `${format(last[1])} at ${xLabel.replace(' →', '').toLowerCase()} ${last[0]}` : 'no points'}`;
    })
    .join('; ');
  return (
    <div className="comparison__chart">
      <div className="comparison__chart-head">
        <h4 className="comparison__chart-title">{name}</h4>
        <ChartExport name={name} chart={chartRef} title={name} caption={xLabel} />
      </div>
      <div ref={chartRef} role="img" aria-label={name} aria-describedby={descriptionId} className="chart chart--compare">
        <p id={descriptionId} className="visually-hidden">
          {description}.
        </p>
        <ChartLegend
          items={series.map((s, i) => ({ key: String(s.run.id), label: s.run.name, color: colorOf(i), shape: 'line' as const }))}
        />
        <LinePlot
          x={{ domain: [Math.min(...xs, 0), Math.max(...xs, 1)], integer: true }}
          y={{ domain: range.domain, ticks: range.ticks, format, width: Y_AXIS_WIDTH }}
          lines={lines}
          margin={{ top: 8, right: 16 }}
        />
        <p className="chart-caption">{xLabel}</p>
      </div>
    </div>
  );
}
