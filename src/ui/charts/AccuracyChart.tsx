/** Student train/test and baseline test accuracy per epoch; the ensemble's test accuracy as a reference line. */
import { useId } from 'react';
import { CartesianGrid, Legend, Line, LineChart, ReferenceLine, Tooltip, XAxis, YAxis } from 'recharts';
import { formatPercent } from '../../state/format';
import { useAccuracyChart } from '../../state/hooks';
import { AXIS_TICK, COLORS } from './palette';

/** A y range that shows the differences (from a round number below the lowest value to 100 %), with round ticks. */
function yAxis(values: number[]): { domain: [number, number]; ticks: number[] } {
  const finite = values.filter(Number.isFinite);
  const low = finite.length === 0 ? 0 : Math.max(0, Math.floor((Math.min(...finite) - 0.005) * 20) / 20);
  const step = 1 - low > 0.4 ? 0.1 : 1 - low > 0.15 ? 0.05 : 0.025;
  const ticks: number[] = [];
  for (let t = 1; t >= low - 1e-9; t -= step) ticks.unshift(Math.round(t * 1000) / 1000);
  return { domain: [ticks[0], 1], ticks };
}

export function AccuracyChart() {
  const { accuracies, ensembleTestAccuracy } = useAccuracyChart();
  const descriptionId = useId();
  const last = accuracies[accuracies.length - 1];
  const description = last
    ? `Epoch ${last.epoch}: distilled student ${formatPercent(last.studentTestAccuracy)} test, ${formatPercent(last.studentTrainAccuracy)} train; ` +
      `baseline ${formatPercent(last.baselineTestAccuracy)} test` +
      (ensembleTestAccuracy !== null ? `; ensemble ${formatPercent(ensembleTestAccuracy)}.` : '.')
    : 'No epoch has finished yet.';
  const y = yAxis([
    ...accuracies.flatMap((a) => [a.studentTestAccuracy, a.studentTrainAccuracy, a.baselineTestAccuracy]),
    ...(ensembleTestAccuracy !== null ? [ensembleTestAccuracy] : []),
  ]);
  return (
    <section className="panel panel--chart" aria-labelledby="accuracy-heading">
      <h2 id="accuracy-heading">Accuracy per epoch</h2>
      <div role="img" aria-label="Accuracy" aria-describedby={descriptionId} className="chart">
        <p id={descriptionId} className="visually-hidden">
          {description}
        </p>
        {accuracies.length === 0 ? (
          <p className="placeholder placeholder--chart">Accuracies appear at the end of each student epoch.</p>
        ) : (
          <LineChart responsive style={{ width: '100%', height: 300 }} data={accuracies} margin={{ top: 16, right: 16, bottom: 4, left: -4 }}>
            <CartesianGrid strokeDasharray="3 3" />
            <XAxis
              dataKey="epoch"
              type="number"
              domain={[1, 'dataMax']}
              allowDecimals={false}
              tick={AXIS_TICK}
              label={{ value: 'Epoch', position: 'insideBottom', offset: -2, fontSize: 12 }}
              height={36}
            />
            <YAxis domain={y.domain} ticks={y.ticks} tick={AXIS_TICK} tickFormatter={(v: number) => `${+(v * 100).toFixed(1)}%`} width={52} allowDataOverflow />
            <Tooltip formatter={(v) => formatPercent(Number(v))} labelFormatter={(epoch) => `Epoch ${epoch}`} />
            <Legend verticalAlign="top" wrapperStyle={{ fontSize: 12, paddingBottom: 6 }} />
            <Line dataKey="studentTestAccuracy" name="Distilled, test" stroke={COLORS.student} strokeWidth={2} isAnimationActive={false} />
            <Line dataKey="studentTrainAccuracy" name="Distilled, train" stroke={COLORS.studentTrain} strokeDasharray="2 3" isAnimationActive={false} />
            <Line dataKey="baselineTestAccuracy" name="Baseline, test" stroke={COLORS.baseline} strokeDasharray="5 4" isAnimationActive={false} />
            {ensembleTestAccuracy !== null ? (
              <ReferenceLine
                y={ensembleTestAccuracy}
                stroke={COLORS.ensemble}
                strokeDasharray="6 3"
                label={{ value: `Ensemble ${formatPercent(ensembleTestAccuracy)}`, position: 'insideTopLeft', fill: COLORS.ensemble, fontSize: 12 }}
                ifOverflow="extendDomain"
              />
            ) : null}
          </LineChart>
        )}
      </div>
    </section>
  );
}
