/**
 * Accuracy per epoch of the distilled student and its baseline, on the validation split (the one
 * settings are chosen on); test curves on request, labelled so. The ensemble is a reference line,
 * labelled where no curve crosses it; T/α changes are marked at the epoch they happened.
 */
import { useId, useMemo, useState } from 'react';
import { CartesianGrid, Legend, Line, LineChart, ReferenceLine, Tooltip, XAxis, YAxis } from 'recharts';
import { formatPercent } from '../../state/format';
import { useAccuracyChart } from '../../state/hooks';
import { fittedRange, referenceLabelPosition } from './axis';
import { AXIS_TICK, CHART_FONT, COLORS, LEGEND_STYLE, LINE_WIDTH, Y_AXIS_WIDTH } from './palette';

/** About the height of the plotting area (the chart minus legend and axis), to size the ensemble label in data units. */
const PLOT_HEIGHT = 150;

export function AccuracyChart() {
  const { accuracies, marks, batchesPerEpoch, ensembleValAccuracy, ensembleTestAccuracy } = useAccuracyChart();
  const [showTest, setShowTest] = useState(false);
  const descriptionId = useId();
  const split = showTest ? 'test' : 'validation';
  const ensemble = showTest ? ensembleTestAccuracy : ensembleValAccuracy;
  const studentKey = showTest ? 'studentTestAccuracy' : 'studentValAccuracy';
  const baselineKey = showTest ? 'baselineTestAccuracy' : 'baselineValAccuracy';
  const last = accuracies[accuracies.length - 1];
  const lastEpoch = last?.epoch ?? 1;

  const { y, labelPosition } = useMemo(() => {
    const values = accuracies.flatMap((a) => [a[studentKey], a[baselineKey], a.studentTrainAccuracy]);
    const range = fittedRange(ensemble === null ? values : [...values, ensemble]);
    const curves = accuracies.flatMap((a): [number, number][] => [
      [a.epoch, a[studentKey]],
      [a.epoch, a[baselineKey]],
      [a.epoch, a.studentTrainAccuracy],
    ]);
    const labelHeight = ((range.domain[1] - range.domain[0]) * 22) / PLOT_HEIGHT;
    return {
      y: range,
      labelPosition: ensemble === null ? 'insideTopRight' : referenceLabelPosition(curves, ensemble, [0, lastEpoch], 0.45, labelHeight),
    };
  }, [accuracies, studentKey, baselineKey, ensemble, lastEpoch]);

  const description = last
    ? `Epoch ${last.epoch}: distilled student ${formatPercent(last[studentKey])} ${split}, ${formatPercent(last.studentTrainAccuracy)} train; ` +
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
      </div>
      <div role="img" aria-label="Accuracy" aria-describedby={descriptionId} className="chart chart--accuracy">
        <p id={descriptionId} className="visually-hidden">
          {description}
        </p>
        {accuracies.length === 0 ? (
          <p className="placeholder placeholder--chart">Accuracies on the validation split appear at the end of each student epoch.</p>
        ) : (
          <LineChart
            responsive
            style={{ width: '100%', height: '100%' }}
            data={accuracies}
            margin={{ top: 8, right: 16, bottom: 0, left: 0 }}
          >
            <CartesianGrid strokeDasharray="3 3" />
            <XAxis interval={0} dataKey="epoch" type="number" domain={[0, lastEpoch]} allowDecimals={false} tick={AXIS_TICK} height={24} />
            <YAxis
              domain={y.domain}
              ticks={y.ticks}
              tick={AXIS_TICK}
              tickFormatter={(v: number) => `${+(v * 100).toFixed(1)}%`}
              width={Y_AXIS_WIDTH}
              allowDataOverflow
            />
            <Tooltip
              formatter={(v) => formatPercent(Number(v))}
              labelFormatter={(epoch) => `Epoch ${epoch}`}
              contentStyle={{ fontSize: CHART_FONT }}
            />
            <Legend verticalAlign="top" wrapperStyle={LEGEND_STYLE} />
            <Line
              className="accuracy-line accuracy-line--student"
              dataKey={studentKey}
              name={`Distilled, ${split}`}
              stroke={COLORS.student}
              strokeWidth={LINE_WIDTH}
              isAnimationActive={false}
            />
            <Line
              className="accuracy-line accuracy-line--baseline"
              dataKey={baselineKey}
              name={`Baseline, ${split}`}
              stroke={COLORS.baseline}
              strokeWidth={LINE_WIDTH}
              isAnimationActive={false}
            />
            <Line
              dataKey="studentTrainAccuracy"
              name="Distilled, train"
              stroke={COLORS.studentTrain}
              strokeWidth={LINE_WIDTH}
              strokeDasharray="3 3"
              dot={false}
              isAnimationActive={false}
            />
            {ensemble !== null ? (
              <ReferenceLine
                y={ensemble}
                stroke={COLORS.ensemble}
                strokeWidth={LINE_WIDTH}
                strokeDasharray="6 3"
                label={{
                  value: `Ensemble ${formatPercent(ensemble, 1)}`,
                  position: labelPosition,
                  fill: COLORS.ensemble,
                  fontSize: CHART_FONT,
                }}
                ifOverflow="extendDomain"
              />
            ) : null}
            {marks.map((mark) => (
              <ReferenceLine
                key={`${mark.step}-${mark.label}`}
                className="accuracy-mark"
                x={mark.step / batchesPerEpoch}
                stroke={COLORS.mark}
                strokeWidth={LINE_WIDTH}
                strokeDasharray="4 3"
                label={{ value: mark.label, position: 'insideBottomLeft', fill: COLORS.mark, fontSize: CHART_FONT }}
              />
            ))}
          </LineChart>
        )}
      </div>
      <p className="chart-caption">Epochs →</p>
    </section>
  );
}
