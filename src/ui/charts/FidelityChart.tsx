/**
 * Beside the accuracy per epoch: each student's calibration (ECE) and its fidelity to the ensemble
 * (top-1 agreement, mean KL), per epoch on the validation split. A student can match the
 * ensemble's accuracy without matching its predictions (Stanton et al. 2021): these lines show it.
 */
import { useId, useMemo, useRef, useState } from 'react';
import type { EpochPoint } from '../../shared/protocol';
import { formatPercent, formatSig } from '../../state/format';
import { fittedRange, percentTick } from './axis';
import { ChartExport } from './ChartExport';
import { COLORS, Y_AXIS_WIDTH } from './palette';
import { LinePlot, type LineSpec } from './svg/LinePlot';
import { ChartLegend } from './svg/parts';
import { niceLinear } from './svg/scale';

type Measure = 'ece' | 'agreement' | 'kl';

interface MeasureSpec {
  label: string;
  student: keyof EpochPoint;
  baseline: keyof EpochPoint;
  format(v: number): string;
  tick(v: number): string;
  /** Agreement is read near 100 %: its axis fits the data; the errors start at 0. */
  fit: boolean;
}

const MEASURES: Record<Measure, MeasureSpec> = {
  ece: {
    label: 'Calibration error (ECE)',
    student: 'studentValEce',
    baseline: 'baselineValEce',
    format: (v) => formatPercent(v, 1),
    tick: percentTick,
    fit: false,
  },
  agreement: {
    label: 'Agreement with the ensemble',
    student: 'studentValAgreement',
    baseline: 'baselineValAgreement',
    format: (v) => formatPercent(v, 1),
    tick: percentTick,
    fit: true,
  },
  kl: {
    label: 'KL to the ensemble (nats)',
    student: 'studentValKl',
    baseline: 'baselineValKl',
    format: (v) => formatSig(v, 3),
    tick: (v) => formatSig(v, 2),
    fit: false,
  },
};

const MARGIN = { top: 8, right: 16 };

export function FidelityChart({ accuracies }: { accuracies: readonly EpochPoint[] }) {
  const [measure, setMeasure] = useState<Measure>('agreement');
  const selectId = useId();
  const descriptionId = useId();
  const chartRef = useRef<HTMLDivElement>(null);
  const spec = MEASURES[measure];
  const { lines, y } = useMemo(() => {
    const pick = (key: keyof EpochPoint) => accuracies.map((a): [number, number] => [a.epoch, a[key] as number]);
    const lines: LineSpec[] = [
      {
        key: 'student',
        className: 'fidelity-line fidelity-line--student',
        color: COLORS.student,
        points: pick(spec.student),
        dots: true,
        title: 'Distilled',
      },
      {
        key: 'baseline',
        className: 'fidelity-line fidelity-line--baseline',
        color: COLORS.baseline,
        points: pick(spec.baseline),
        dots: true,
        title: 'Baseline',
      },
    ];
    const values = lines.flatMap((l) => l.points.map((p) => p[1])).filter(Number.isFinite);
    const y = spec.fit ? fittedRange(values) : niceLinear(0, Math.max(...values, 1e-6), 4);
    return { lines, y };
  }, [accuracies, spec]);
  const last = accuracies.at(-1);
  const description = last
    ? `${spec.label} at epoch ${last.epoch}, validation: distilled ${spec.format(last[spec.student] as number)}, baseline ${spec.format(last[spec.baseline] as number)}.`
    : 'No epoch has finished yet.';
  return (
    <div className="fidelity">
      <div className="panel__head">
        <label htmlFor={selectId} className="fidelity__label">
          Per epoch, validation
        </label>
        <select id={selectId} value={measure} onChange={(e) => setMeasure(e.target.value as Measure)}>
          {(Object.keys(MEASURES) as Measure[]).map((m) => (
            <option key={m} value={m}>
              {MEASURES[m].label}
            </option>
          ))}
        </select>
        <ChartExport
          name="Calibration and fidelity chart"
          chart={chartRef}
          title={`${spec.label} per epoch, validation`}
          caption="Epochs →"
          disabled={accuracies.length === 0}
        />
      </div>
      <div
        ref={chartRef}
        role="img"
        aria-label="Calibration and fidelity"
        aria-describedby={descriptionId}
        className="chart chart--fidelity"
      >
        <p id={descriptionId} className="visually-hidden">
          {description}
        </p>
        {accuracies.length === 0 ? null : (
          <>
            <ChartLegend items={lines.map((l) => ({ key: l.key, label: l.title ?? l.key, color: l.color, shape: 'line' }))} />
            <LinePlot
              x={{ domain: [0, last?.epoch ?? 1], integer: true, tickSpacing: 36 }}
              y={{ domain: y.domain, ticks: y.ticks, format: spec.tick, width: Y_AXIS_WIDTH }}
              lines={lines}
              margin={MARGIN}
            />
          </>
        )}
      </div>
    </div>
  );
}
