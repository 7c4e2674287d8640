/**
 * The distilled student's loss as its terms enter the total (for vanilla KD α·T²·KL and
 * (1 − α)·CE; each loss names its own), their sum, and the baseline's CE, per batch. Moving T or
 * α changes these curves directly; each change is also marked, and the strip below shows T and α
 * per batch (T as scheduled or learnt, where a schedule sets it).
 */
import { useId, useMemo, useRef, useState } from 'react';
import { formatSig } from '../../state/format';
import { useLossChart } from '../../state/hooks';
import { lossById, type LossName } from '../../core/losses/registry';
import type { LossPoint } from '../../shared/protocol';
import { ChartExport } from './ChartExport';
import { HyperparamStrip } from './HyperparamStrip';
import { COLORS, PLOT_RIGHT, Y_AXIS_WIDTH } from './palette';
import { LinePlot, type LineSpec, type MarkSpec } from './svg/LinePlot';
import type { LegendItem, YAxisSpec } from './svg/parts';
import { niceLinear, niceLog, type Point } from './svg/scale';

type Term = 'total' | 'softTerm' | 'hardTerm' | 'baseline';

interface TermSpec {
  key: Term;
  label: string;
  color: string;
  dash?: string;
}

/** The terms in legend order, with the names the toggles and the tooltip use for `loss`. */
export function lossTerms(loss: LossName): TermSpec[] {
  return [
    { key: 'total', label: 'Total (distilled)', color: COLORS.total },
    { key: 'softTerm', label: lossById(loss).formula.softTerm, color: COLORS.soft },
    { key: 'hardTerm', label: lossById(loss).formula.hardTerm, color: COLORS.hard },
    { key: 'baseline', label: 'Baseline CE', color: COLORS.baseline, dash: '6 3' },
  ];
}

/** At most this many ticks on the linear loss axis (the log axis allows one more). */
const Y_TICKS = 5;
const MARGIN = { top: 12, right: PLOT_RIGHT };

/**
 * The visible terms as lines, and a y axis that fits them: from 0 on a linear scale; on a log
 * scale around the positive values (a zero, e.g. the soft term at α = 0, has no place there and
 * breaks its line).
 */
function lossPlot(
  losses: readonly LossPoint[],
  terms: readonly TermSpec[],
  hidden: ReadonlySet<Term>,
  log: boolean,
): { lines: LineSpec[]; y: YAxisSpec } {
  let min = Infinity;
  let max = -Infinity;
  const last = losses[losses.length - 1];
  const lines = terms
    .filter((t) => !hidden.has(t.key))
    .map((term): LineSpec => {
      const points = losses.map((p): Point => {
        const v = p[term.key];
        if (Number.isFinite(v) && (!log || v > 0)) {
          if (v < min) min = v;
          if (v > max) max = v;
        }
        return [p.step, v];
      });
      return {
        key: term.key,
        className: `loss-line loss-line--${term.key}`,
        color: term.color,
        dash: term.dash,
        points,
        title: last ? `${term.label}: ${formatSig(last[term.key], 4)} at batch ${last.step}` : term.label,
      };
    });
  const fit = log ? niceLog(min, max, Y_TICKS + 1) : niceLinear(0, Number.isFinite(max) ? Math.max(0, max) : 0, Y_TICKS);
  return { lines, y: { ...fit, log, format: (v) => formatSig(v, 2), width: Y_AXIS_WIDTH } };
}

/** The saved chart's legend: the curves shown, then the strip's T and α. */
const exportLegend = (terms: readonly TermSpec[], hidden: ReadonlySet<Term>): LegendItem[] => [
  ...terms
    .filter((t) => !hidden.has(t.key))
    .map((t): LegendItem => ({ key: t.key, label: t.label, color: t.color, shape: 'line', dash: Boolean(t.dash) })),
  { key: 'temperature', label: 'T per batch', color: COLORS.temperature, shape: 'line' },
  { key: 'alpha', label: 'α per batch', color: COLORS.alpha, shape: 'line', dash: true },
];

export function LossChart() {
  const { losses, marks, schedule, distilledWith, runName } = useLossChart();
  const terms = useMemo(() => lossTerms(distilledWith.loss), [distilledWith.loss]);
  const [hidden, setHidden] = useState<ReadonlySet<Term>>(new Set());
  const [log, setLog] = useState(false);
  const descriptionId = useId();
  const sectionRef = useRef<HTMLElement>(null);
  const plot = useMemo(() => lossPlot(losses, terms, hidden, log), [losses, terms, hidden, log]);
  const markSpecs = useMemo(() => marks.map((m): MarkSpec => ({ key: `${m.step}-${m.label}`, x: m.step, label: m.label })), [marks]);
  const last = losses[losses.length - 1];
  const lastStep = last?.step ?? 0;
  // A run drawn from its record (shown, or the newest after a reload) is named; live curves are not.
  const drawn = runName === null ? '' : `${runName}: `;
  const description = last
    ? `${drawn}Step ${last.step}: total loss ${formatSig(last.total)}, ${terms[1]!.label} ${formatSig(last.softTerm)}, ${terms[2]!.label} ${formatSig(last.hardTerm)}, ` +
      `baseline CE ${formatSig(last.baseline)} (T = ${formatSig(last.temperature, 3)}, α = ${last.alpha}).` +
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
    <section ref={sectionRef} className="panel panel--chart panel--loss" aria-labelledby="loss-heading">
      <div className="panel__head">
        <h2 id="loss-heading">Training loss</h2>
        <ChartExport
          name="Loss chart"
          chart={sectionRef}
          title="Training loss"
          legend={exportLegend(terms, hidden)}
          caption="Student batches →"
          disabled={losses.length === 0}
        />
        <fieldset className="chart-toggles">
          <legend className="visually-hidden">Loss curves shown</legend>
          {terms.map((term) => (
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
          <LinePlot
            x={{ domain: [0, Math.max(1, lastStep)], integer: true }}
            y={plot.y}
            lines={plot.lines}
            marks={markSpecs}
            markClassName="loss-mark"
            margin={MARGIN}
          />
        )}
      </div>
      {losses.length > 0 ? (
        <HyperparamStrip
          schedule={schedule}
          lastStep={lastStep}
          temperatures={distilledWith.temperatureSchedule === 'constant' ? null : losses}
          learnt={distilledWith.temperatureSchedule === 'ctkd'}
        />
      ) : null}
      <p className="chart-caption">{runName === null ? 'Student batches →' : `Curves of ${runName} · student batches →`}</p>
    </section>
  );
}
