/** A thin strip under the loss chart: T (left axis) and α (right axis) per batch, as the run used them. */
import { useId, useMemo } from 'react';
import { Line, LineChart, XAxis, YAxis } from 'recharts';
import { paramByKey } from '../../core/config';
import { scheduleSteps } from '../../state/series';
import type { ScheduleEntry } from '../../shared/protocol';
import { AXIS_TICK, COLORS, LINE_WIDTH, Y_AXIS_WIDTH } from './palette';

export function HyperparamStrip({ schedule, lastStep }: { schedule: ScheduleEntry[]; lastStep: number }) {
  const data = useMemo(() => scheduleSteps(schedule, lastStep), [schedule, lastStep]);
  const descriptionId = useId();
  // The sliders' full ranges: the lines sit where the sliders do, and T and α rarely overlap.
  const t = paramByKey('temperature');
  const description =
    data.length === 0
      ? 'No schedule yet.'
      : schedule.map((e) => `from batch ${e.step + 1}: T = ${e.temperature}, α = ${e.alpha}`).join('; ') + '.';
  return (
    <div role="img" aria-label="Temperature and alpha per batch" aria-describedby={descriptionId} className="chart chart--strip">
      <p id={descriptionId} className="visually-hidden">
        {description}
      </p>
      <LineChart responsive style={{ width: '100%', height: '100%' }} data={data} margin={{ top: 6, right: 0, bottom: 0, left: 0 }}>
        <XAxis dataKey="step" type="number" domain={[0, Math.max(1, lastStep)]} hide />
        <YAxis
          yAxisId="t"
          domain={[t.min, t.max]}
          ticks={[t.min, t.max]}
          tick={{ ...AXIS_TICK, fill: COLORS.temperature }}
          width={Y_AXIS_WIDTH}
          tickFormatter={(v: number) => `T ${v}`}
        />
        <YAxis
          yAxisId="a"
          orientation="right"
          domain={[0, 1]}
          ticks={[0, 1]}
          tick={{ ...AXIS_TICK, fill: COLORS.alpha }}
          width={44}
          tickFormatter={(v: number) => `α ${v}`}
        />
        <Line
          yAxisId="t"
          className="strip-line strip-line--temperature"
          type="stepAfter"
          dataKey="temperature"
          name="T"
          stroke={COLORS.temperature}
          strokeWidth={LINE_WIDTH}
          dot={false}
          isAnimationActive={false}
        />
        <Line
          yAxisId="a"
          className="strip-line strip-line--alpha"
          type="stepAfter"
          dataKey="alpha"
          name="α"
          stroke={COLORS.alpha}
          strokeWidth={LINE_WIDTH}
          strokeDasharray="5 3"
          dot={false}
          isAnimationActive={false}
        />
      </LineChart>
    </div>
  );
}
