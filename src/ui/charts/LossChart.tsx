/**
 * The distilled student's loss as its terms enter the total — α·T²·KL and (1 − α)·CE — their
 * sum, and the baseline's CE, per batch. Moving T or α changes these curves directly; each
 * change is also marked, and the strip below shows T and α per batch.
 */
import { useId, useMemo, useState } from 'react';
import { CartesianGrid, Line, LineChart, ReferenceLine, Tooltip, XAxis, YAxis } from 'recharts';
import { formatSig } from '../../state/format';
import { useLossChart } from '../../state/hooks';
import type { LossPoint } from '../../shared/protocol';
import { HyperparamStrip } from './HyperparamStrip';
import { AXIS_TICK, CHART_FONT, COLORS, LINE_WIDTH, Y_AXIS_WIDTH } from './palette';

type Term = 'total' | 'softTerm' | 'hardTerm' | 'baseline';

/** The terms in legend order, with the names the toggles and the tooltip use. */
export const LOSS_TERMS: { key: Term; label: string; color: string; dash?: string }[] = [
  { key: 'total', label: 'Total (distilled)', color: COLORS.total },
  { key: 'softTerm', label: 'Soft: α·T²·KL', color: COLORS.soft },
  { key: 'hardTerm', label: 'Hard: (1 − α)·CE', color: COLORS.hard },
  { key: 'baseline', label: 'Baseline CE', color: COLORS.baseline, dash: '6 3' },
];

/** Right margin of both charts: room for the strip's alpha axis, so the two plots line up. */
export const PLOT_RIGHT = 44;

/** On a log axis a zero (e.g. the soft term at α = 0) has no place: it is left out. */
function forScale(points: LossPoint[], log: boolean): LossPoint[] {
  if (!log) return points;
  const positive = (v: number) => (v > 0 ? v : (undefined as unknown as number));
  return points.map((p) => ({
    ...p,
    total: positive(p.total),
    softTerm: positive(p.softTerm),
    hardTerm: positive(p.hardTerm),
    baseline: positive(p.baseline),
  }));
}

export function LossChart() {
  const { losses, marks, schedule } = useLossChart();
  const [hidden, setHidden] = useState<ReadonlySet<Term>>(new Set());
  const [log, setLog] = useState(false);
  const descriptionId = useId();
  const data = useMemo(() => forScale(losses, log), [losses, log]);
  const last = losses[losses.length - 1];
  const lastStep = last?.step ?? 0;
  const description = last
    ? `Step ${last.step}: total loss ${formatSig(last.total)}, soft term α·T²·KL ${formatSig(last.softTerm)}, hard term (1 − α)·CE ${formatSig(last.hardTerm)}, ` +
      `baseline CE ${formatSig(last.baseline)} (T = ${last.temperature}, α = ${last.alpha}).` +
      (marks.length > 0 ? ` Hyperparameter changes: ${marks.map((m) => `${m.label} at step ${m.step}`).join('; ')}.` : '')
    : 'No distillation has run yet.';
  const toggle = (term: Term) =>
    setHidden((h) => {
      const next = new Set(h);
      if (next.has(term)) next.delete(term);
      else next.add(term);
      return next;
    });
  return (
    <section className="panel panel--chart panel--loss" aria-labelledby="loss-heading">
      <div className="panel__head">
        <h2 id="loss-heading">Training loss</h2>
        <fieldset className="chart-toggles">
          <legend className="visually-hidden">Loss curves shown</legend>
          {LOSS_TERMS.map((term) => (
            <label key={term.key} className="chart-toggle">
              <input type="checkbox" checked={!hidden.has(term.key)} onChange={() => toggle(term.key)} />
              <span
                className="chart-toggle__swatch"
                style={{ borderColor: term.color, borderStyle: term.dash ? 'dashed' : 'solid' }}
                aria-hidden="true"
              />
              {term.label}
            </label>
          ))}
          <label className="chart-toggle chart-toggle--scale">
            <input type="checkbox" checked={log} onChange={(e) => setLog(e.target.checked)} />
            Log scale
          </label>
        </fieldset>
      </div>
      <div role="img" aria-label="Loss" aria-describedby={descriptionId} className="chart chart--loss">
        <p id={descriptionId} className="visually-hidden">
          {description}
        </p>
        {losses.length === 0 ? (
          <p className="placeholder placeholder--chart">
            Distill a student to see its loss terms here, live. Move T and α while it trains and watch them respond.
          </p>
        ) : (
          <LineChart
            responsive
            style={{ width: '100%', height: '100%' }}
            data={data}
            margin={{ top: 12, right: PLOT_RIGHT, bottom: 0, left: 0 }}
          >
            <CartesianGrid strokeDasharray="3 3" />
            <XAxis interval={0} dataKey="step" type="number" domain={[0, Math.max(1, lastStep)]} tick={AXIS_TICK} height={24} />
            <YAxis
              scale={log ? 'log' : 'auto'}
              domain={log ? ['auto', 'auto'] : [0, 'auto']}
              allowDataOverflow={false}
              tick={AXIS_TICK}
              tickFormatter={(v: number) => formatSig(v, 2)}
              width={Y_AXIS_WIDTH}
            />
            <Tooltip
              formatter={(v) => formatSig(Number(v), 4)}
              labelFormatter={(step) => `Batch ${step}`}
              contentStyle={{ fontSize: CHART_FONT }}
            />
            {LOSS_TERMS.filter((t) => !hidden.has(t.key)).map((term) => (
              <Line
                key={term.key}
                className={`loss-line loss-line--${term.key}`}
                dataKey={term.key}
                name={term.label}
                stroke={term.color}
                strokeWidth={LINE_WIDTH}
                strokeDasharray={term.dash}
                dot={false}
                connectNulls={false}
                isAnimationActive={false}
              />
            ))}
            {marks.map((mark) => (
              <ReferenceLine
                key={`${mark.step}-${mark.label}`}
                x={mark.step}
                stroke={COLORS.mark}
                strokeWidth={LINE_WIDTH}
                strokeDasharray="4 3"
                label={{ value: mark.label, position: 'insideTopLeft', fill: COLORS.mark, fontSize: CHART_FONT }}
              />
            ))}
          </LineChart>
        )}
      </div>
      {losses.length > 0 ? <HyperparamStrip schedule={schedule} lastStep={lastStep} /> : null}
      <p className="chart-caption">Student batches →</p>
    </section>
  );
}
