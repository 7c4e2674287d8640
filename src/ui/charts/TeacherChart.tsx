/** The teachers' training, live: each member's loss per batch window, and its validation accuracy at each epoch end. */
import { useId, useMemo, useRef } from 'react';
import { formatPercent, formatSig } from '../../state/format';
import type { TeacherSeries } from '../../state/types';
import { ChartExport } from './ChartExport';
import { MEMBER_COLORS } from './palette';
import { LinePlot, type LineSpec } from './svg/LinePlot';
import { niceLinear, type Point } from './svg/scale';

const MARGIN = { top: 8, right: 8 };

export function TeacherChart({ series, members }: { series: TeacherSeries; members: number }) {
  const descriptionId = useId();
  const chartRef = useRef<HTMLDivElement>(null);
  // One line per member, over its fractional epochs; the y axis from 0 to the highest loss.
  const plot = useMemo(() => {
    const points: Point[][] = Array.from({ length: members }, () => []);
    let maxEpoch = 0;
    let maxLoss = 0;
    for (const p of series.losses) {
      points[p.member]?.push([p.epoch, p.loss]);
      if (p.epoch > maxEpoch) maxEpoch = p.epoch;
      if (Number.isFinite(p.loss) && p.loss > maxLoss) maxLoss = p.loss;
    }
    const lines = points.map((ps, m): LineSpec => ({
      key: String(m),
      className: `teacher-line teacher-line--${m + 1}`,
      color: MEMBER_COLORS[m % MEMBER_COLORS.length]!,
      points: ps,
      title:
        `Teacher ${m + 1} loss` +
        (ps.length > 0 ? `: ${formatSig(ps[ps.length - 1]![1], 3)} at epoch ${ps[ps.length - 1]![0].toFixed(2)}` : ''),
    }));
    return { lines, maxEpoch, y: niceLinear(0, maxLoss, 5) };
  }, [series.losses, members]);
  const lastByMember = Array.from({ length: members }, (_, m) => series.epochs.filter((e) => e.member === m).at(-1));
  const description = lastByMember
    .map((e, m) =>
      e ? `Teacher ${m + 1}: epoch ${e.epoch}, loss ${formatSig(e.trainLoss)}, validation ${formatPercent(e.valAccuracy)}` : null,
    )
    .filter(Boolean)
    .join('; ');
  return (
    <div className="teacher-live">
      <ChartExport
        name="Teacher loss chart"
        chart={chartRef}
        title="Teacher training loss"
        legend={plot.lines.map((l, m) => ({ key: l.key, label: `Teacher ${m + 1}`, color: l.color, shape: 'line' }))}
        caption="Epochs →"
        disabled={series.losses.length === 0}
      />
      <div ref={chartRef} role="img" aria-label="Teacher loss" aria-describedby={descriptionId} className="chart chart--teacher">
        <p id={descriptionId} className="visually-hidden">
          {description || 'No teacher reading yet.'}
        </p>
        <LinePlot
          x={{ domain: [0, plot.maxEpoch > 0 ? plot.maxEpoch : 1], integer: true, format: (v) => formatSig(v, 2) }}
          y={{ ...plot.y, format: (v) => formatSig(v, 2), width: 44 }}
          lines={plot.lines}
          margin={MARGIN}
        />
      </div>
      <table className="compact-table">
        <caption className="visually-hidden">Teachers, live</caption>
        <thead>
          <tr>
            <th scope="col">Teacher</th>
            <th scope="col">Epoch</th>
            <th scope="col">Loss</th>
            <th scope="col">Val acc.</th>
          </tr>
        </thead>
        <tbody>
          {lastByMember.map((e, m) => (
            <tr key={m}>
              <th scope="row">
                <span className="swatch" style={{ background: MEMBER_COLORS[m % MEMBER_COLORS.length] }} aria-hidden="true" /> {m + 1}
              </th>
              <td>{e ? e.epoch : '–'}</td>
              <td>{e ? formatSig(e.trainLoss) : '–'}</td>
              <td>{e ? formatPercent(e.valAccuracy) : '–'}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
