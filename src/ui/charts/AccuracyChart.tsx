/**
 * Accuracy per epoch of the distilled student and its baseline, on the validation split (the one
 * settings are chosen on); test curves on request, labelled so. The ensemble is a reference line,
 * labelled where no curve crosses it; T/α changes are marked at the epoch they happened.
 */
import { useId, useMemo, useRef, useState } from 'react';
import { formatPercent } from '../../state/format';
import { useAccuracyChart } from '../../state/hooks';
import { fittedRange, referenceLabelPlacement, percentTick } from './axis';
import { ChartExport } from './ChartExport';
import { FidelityChart } from './FidelityChart';
import { COLORS, Y_AXIS_WIDTH } from './palette';
import { LinePlot, type LineSpec, type MarkSpec, type ReferenceSpec } from './svg/LinePlot';
import { ChartLegend } from './svg/parts';
import type { Point } from './svg/scale';

/** About the height of the plotting area (the chart minus legend and axis), to size the ensemble label in data units. */
const PLOT_HEIGHT = 150;
const MARGIN = { top: 8, right: 16 };

export function AccuracyChart() {
  const { accuracies, marks, batchesPerEpoch, ensembleValAccuracy, ensembleTestAccuracy, runName } = useAccuracyChart();
  const [showTest, setShowTest] = useState(false);
  const descriptionId = useId();
  const chartRef = useRef<HTMLDivElement>(null);
  const split = showTest ? 'test' : 'validation';
  const ensemble = showTest ? ensembleTestAccuracy : ensembleValAccuracy;
  const studentKey = showTest ? 'studentTestAccuracy' : 'studentValAccuracy';
  const baselineKey = showTest ? 'baselineTestAccuracy' : 'baselineValAccuracy';
  const last = accuracies[accuracies.length - 1];
  const lastEpoch = last?.epoch ?? 1;

  const { y, lines, references } = useMemo(() => {
    const values = accuracies.flatMap((a) => [a[studentKey], a[baselineKey], a.studentTrainAccuracy]);
    const range = fittedRange(ensemble === null ? values : [...values, ensemble]);
    const curves = accuracies.flatMap((a): [number, number][] => [
      [a.epoch, a[studentKey]],
      [a.epoch, a[baselineKey]],
      [a.epoch, a.studentTrainAccuracy],
    ]);
    const labelHeight = ((range.domain[1] - range.domain[0]) * 22) / PLOT_HEIGHT;
    const pointTitle = (name: string) => (p: Point) => `Epoch ${p[0]}: ${name} ${formatPercent(p[1])}`;
    const lines: LineSpec[] = [
      {
        key: 'student',
        className: 'accuracy-line accuracy-line--student',
        color: COLORS.student,
        points: accuracies.map((a) => [a.epoch, a[studentKey]]),
        dots: true,
        title: `Distilled, ${split}`,
        pointTitle: pointTitle(`distilled, ${split}`),
      },
      {
        key: 'baseline',
        className: 'accuracy-line accuracy-line--baseline',
        color: COLORS.baseline,
        points: accuracies.map((a) => [a.epoch, a[baselineKey]]),
        dots: true,
        title: `Baseline, ${split}`,
        pointTitle: pointTitle(`baseline, ${split}`),
      },
      {
        key: 'train',
        className: 'accuracy-line accuracy-line--train',
        color: COLORS.studentTrain,
        dash: '3 3',
        points: accuracies.map((a) => [a.epoch, a.studentTrainAccuracy]),
        title: 'Distilled, train',
      },
    ];
    const references: ReferenceSpec[] =
      ensemble === null
        ? []
        : [
            {
              key: 'ensemble',
              className: 'accuracy-ensemble',
              y: ensemble,
              label: `Ensemble ${formatPercent(ensemble, 1)}`,
              color: COLORS.ensemble,
              dash: '6 3',
              ...referenceLabelPlacement(curves, ensemble, [0, lastEpoch], 0.45, labelHeight),
            },
          ];
    return { y: range, lines, references };
  }, [accuracies, studentKey, baselineKey, ensemble, lastEpoch, split]);
  const markSpecs = useMemo(
    () => marks.map((m): MarkSpec => ({ key: `${m.step}-${m.label}`, x: m.step / batchesPerEpoch, label: m.label })),
    [marks, batchesPerEpoch],
  );

  // A run drawn from its record (shown, or the newest after a reload) is named; live curves are not.
  const drawn = runName === null ? '' : `${runName}: `;
  const description = last
    ? `${drawn}Epoch ${last.epoch}: distilled student ${formatPercent(last[studentKey])} ${split}, ${formatPercent(last.studentTrainAccuracy)} train; ` +
      `baseline ${formatPercent(last[baselineKey])} ${split}` +
      (ensemble !== null ? `; ensemble ${formatPercent(ensemble)} ${split}.` : '.')
    : 'No epoch has finished yet.';
  return (
    <section className="panel panel--chart" aria-labelledby="accuracy-heading">
      <div className="panel__head">
        <h2 id="accuracy-heading">Accuracy per epoch</h2>
        <label className="chart-toggle">
          <input type="checkbox" checked={showTest} onChange={(e) => setShowTest(e.target.checked)} />
          Show test curves
        </label>
        <ChartExport
          name="Accuracy chart"
          chart={chartRef}
          title={`Accuracy per epoch (${split})`}
          caption="Epochs →"
          disabled={accuracies.length === 0}
        />
      </div>
      <div ref={chartRef} role="img" aria-label="Accuracy" aria-describedby={descriptionId} className="chart chart--accuracy">
        <p id={descriptionId} className="visually-hidden">
          {description}
        </p>
        {accuracies.length === 0 ? (
          <p className="placeholder placeholder--chart">Accuracies on the validation split appear at the end of each student epoch.</p>
        ) : (
          <>
            <ChartLegend
              items={lines.map((l) => ({ key: l.key, label: l.title ?? l.key, color: l.color, shape: 'line', dash: Boolean(l.dash) }))}
            />
            <LinePlot
              x={{ domain: [0, lastEpoch], integer: true, tickSpacing: 36 }}
              y={{ domain: y.domain, ticks: y.ticks, format: percentTick, width: Y_AXIS_WIDTH }}
              lines={lines}
              references={references}
              marks={markSpecs}
              markClassName="accuracy-mark"
              markLabels="bottom"
              margin={MARGIN}
            />
          </>
        )}
      </div>
      <p className="chart-caption">{runName === null ? 'Epochs →' : `Curves of ${runName} · epochs →`}</p>
      {accuracies.length > 0 ? <FidelityChart accuracies={accuracies} /> : null}
    </section>
  );
}
