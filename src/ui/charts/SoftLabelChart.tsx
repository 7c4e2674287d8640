/** Bar chart of one sample's soft labels: the ensemble at T = 1 and at T, optionally each member at T. */
import { useId } from 'react';
import { Bar, BarChart, CartesianGrid, Legend, Tooltip, XAxis, YAxis } from 'recharts';
import type { SoftLabelView } from '../../state/samples';
import { AXIS_TICK, CHART_FONT, COLORS, LEGEND_STYLE, MEMBER_COLORS } from './palette';

interface Row {
  name: string;
  atOne: number;
  atT: number;
  [member: `m${number}`]: number;
}

export function SoftLabelChart({ view, temperature, showMembers }: { view: SoftLabelView; temperature: number; showMembers: boolean }) {
  const data: Row[] = view.classNames.map((name, c) => {
    const row: Row = { name, atOne: view.atOne[c]!, atT: view.atT[c]! };
    if (showMembers) view.members.forEach((p, m) => (row[`m${m}`] = p[c]!));
    return row;
  });
  const descriptionId = useId();
  const top = view.prediction;
  const description =
    `Ensemble soft labels for this digit. At T = 1: ${view.classNames[top]} gets ${(view.atOne[top]! * 100).toFixed(1)} %. ` +
    `At T = ${temperature}: ${view.classNames[top]} gets ${(view.atT[top]! * 100).toFixed(1)} %, the rest share ${((1 - view.atT[top]!) * 100).toFixed(1)} %.`;
  return (
    <div role="img" aria-label="Soft labels" aria-describedby={descriptionId} className="chart chart--soft">
      <p id={descriptionId} className="visually-hidden">
        {description}
      </p>
      <BarChart
        responsive
        style={{ width: '100%', height: '100%' }}
        data={data}
        margin={{ top: 4, right: 8, bottom: 0, left: 0 }}
        barCategoryGap="18%"
      >
        <CartesianGrid strokeDasharray="3 3" vertical={false} />
        <XAxis interval={0} dataKey="name" tick={AXIS_TICK} height={24} />
        <YAxis domain={[0, 1]} tick={AXIS_TICK} tickFormatter={(v: number) => `${Math.round(v * 100)}%`} width={48} />
        <Tooltip formatter={(v) => `${(Number(v) * 100).toFixed(2)} %`} contentStyle={{ fontSize: CHART_FONT }} />
        <Legend verticalAlign="top" wrapperStyle={LEGEND_STYLE} />
        <Bar dataKey="atOne" name="Ensemble, T = 1" fill={COLORS.atOne} isAnimationActive={false} />
        <Bar dataKey="atT" name={`Ensemble, T = ${temperature}`} fill={COLORS.atT} isAnimationActive={false} />
        {showMembers
          ? view.members.map((_, m) => (
              <Bar
                key={m}
                dataKey={`m${m}`}
                name={`Teacher ${m + 1}, T = ${temperature}`}
                fill={MEMBER_COLORS[m % MEMBER_COLORS.length]}
                fillOpacity={0.75}
                isAnimationActive={false}
              />
            ))
          : null}
      </BarChart>
    </div>
  );
}
