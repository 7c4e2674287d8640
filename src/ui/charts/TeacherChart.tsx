/** The teachers' training, live: each member's loss per batch window, and its validation accuracy at each epoch end. */
import { useId, useMemo } from 'react';
import { CartesianGrid, Line, LineChart, Tooltip, XAxis, YAxis } from 'recharts';
import { formatPercent, formatSig } from '../../state/format';
import type { TeacherSeries } from '../../state/types';
import { AXIS_TICK, CHART_FONT, LINE_WIDTH, MEMBER_COLORS } from './palette';

export function TeacherChart({ series, members }: { series: TeacherSeries; members: number }) {
  const descriptionId = useId();
  // One row per reading, one column per member, so each member is its own line.
  const data = useMemo(() => series.losses.map((p) => ({ epoch: p.epoch + p.member * 1e-6, [`m${p.member}`]: p.loss })), [series.losses]);
  const lastByMember = Array.from({ length: members }, (_, m) => series.epochs.filter((e) => e.member === m).at(-1));
  const description = lastByMember
    .map((e, m) =>
      e ? `Teacher ${m + 1}: epoch ${e.epoch}, loss ${formatSig(e.trainLoss)}, validation ${formatPercent(e.valAccuracy)}` : null,
    )
    .filter(Boolean)
    .join('; ');
  return (
    <div className="teacher-live">
      <div role="img" aria-label="Teacher loss" aria-describedby={descriptionId} className="chart chart--teacher">
        <p id={descriptionId} className="visually-hidden">
          {description || 'No teacher reading yet.'}
        </p>
        <LineChart responsive style={{ width: '100%', height: '100%' }} data={data} margin={{ top: 6, right: 8, bottom: 0, left: 0 }}>
          <CartesianGrid strokeDasharray="3 3" />
          <XAxis interval={0} dataKey="epoch" type="number" domain={[0, 'dataMax']} tick={AXIS_TICK} allowDecimals={false} height={24} />
          <YAxis tick={AXIS_TICK} tickFormatter={(v: number) => formatSig(v, 2)} width={44} domain={[0, 'auto']} />
          <Tooltip
            formatter={(v) => formatSig(Number(v), 3)}
            labelFormatter={(e) => `Epoch ${Number(e).toFixed(2)}`}
            contentStyle={{ fontSize: CHART_FONT }}
          />
          {Array.from({ length: members }, (_, m) => (
            <Line
              key={m}
              dataKey={`m${m}`}
              name={`Teacher ${m + 1} loss`}
              stroke={MEMBER_COLORS[m % MEMBER_COLORS.length]}
              strokeWidth={LINE_WIDTH}
              dot={false}
              connectNulls
              isAnimationActive={false}
            />
          ))}
        </LineChart>
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
