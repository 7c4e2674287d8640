/** Loss of the distilled student (total, soft KL, hard CE) and the baseline's CE, per step; T/α changes as vertical lines. */
import { useId } from 'react';
import { CartesianGrid, Legend, Line, LineChart, ReferenceLine, Tooltip, XAxis, YAxis } from 'recharts';
import { formatSig } from '../../state/format';
import { useLossChart } from '../../state/hooks';
import { AXIS_TICK, COLORS } from './palette';

export function LossChart() {
  const { losses, marks } = useLossChart();
  const descriptionId = useId();
  const last = losses[losses.length - 1];
  const description = last
    ? `Step ${last.step}: total loss ${formatSig(last.total)}, soft (KL) ${formatSig(last.soft)}, hard (CE) ${formatSig(last.hard)}, baseline CE ${formatSig(last.baseline)}.` +
      (marks.length > 0 ? ` Hyperparameter changes: ${marks.map((m) => `${m.label} at step ${m.step}`).join('; ')}.` : '')
    : 'No distillation has run yet.';
  return (
    <section className="panel panel--chart panel--loss" aria-labelledby="loss-heading">
      <h2 id="loss-heading">Training loss</h2>
      <div role="img" aria-label="Loss" aria-describedby={descriptionId} className="chart">
        <p id={descriptionId} className="visually-hidden">
          {description}
        </p>
        {losses.length === 0 ? (
          <p className="placeholder placeholder--chart">Distil a student to see its loss curves here, live.</p>
        ) : (
          <LineChart responsive style={{ width: '100%', height: 300 }} data={losses} margin={{ top: 16, right: 16, bottom: 4, left: -4 }}>
            <CartesianGrid strokeDasharray="3 3" />
            <XAxis
              dataKey="step"
              type="number"
              domain={['dataMin', 'dataMax']}
              tick={AXIS_TICK}
              label={{ value: 'Student batches', position: 'insideBottom', offset: -2, fontSize: 12 }}
              height={36}
            />
            <YAxis tick={AXIS_TICK} tickFormatter={(v: number) => formatSig(v, 2)} width={52} />
            <Tooltip formatter={(v) => formatSig(Number(v), 4)} labelFormatter={(step) => `Step ${step}`} />
            <Legend verticalAlign="top" wrapperStyle={{ fontSize: 12, paddingBottom: 6 }} />
            <Line dataKey="total" name="Total (distilled)" stroke={COLORS.total} strokeWidth={2} dot={false} isAnimationActive={false} />
            <Line dataKey="soft" name="Soft: KL at T" stroke={COLORS.soft} dot={false} isAnimationActive={false} />
            <Line dataKey="hard" name="Hard: CE" stroke={COLORS.hard} dot={false} isAnimationActive={false} />
            <Line dataKey="baseline" name="Baseline CE" stroke={COLORS.baseline} strokeDasharray="5 4" dot={false} isAnimationActive={false} />
            {marks.map((mark) => (
              <ReferenceLine
                key={`${mark.step}-${mark.label}`}
                x={mark.step}
                stroke={COLORS.mark}
                strokeDasharray="4 3"
                label={{ value: mark.label, position: 'insideTopLeft', fill: COLORS.mark, fontSize: 12 }}
              />
            ))}
          </LineChart>
        )}
      </div>
    </section>
  );
}
