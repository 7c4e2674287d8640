/** A thin strip under the loss chart: T (left axis) and α (right axis) per batch, as the run used them. */
import { useId, useMemo } from 'react';
import { paramByKey } from '../../core/config';
import { scheduleSteps } from '../../state/series';
import type { ScheduleEntry } from '../../shared/protocol';
import { COLORS, PLOT_RIGHT, Y_AXIS_WIDTH } from './palette';
import { LinePlot, type LineSpec } from './svg/LinePlot';
import type { YAxisSpec } from './svg/parts';

// The sliders' full ranges: the lines sit where the sliders do, and T and α rarely overlap.
const t = paramByKey('temperature');
const T_AXIS: YAxisSpec = {
  domain: [t.min, t.max],
  ticks: [t.min, t.max],
  format: (v) => `T ${v}`,
  width: Y_AXIS_WIDTH,
  color: COLORS.temperature,
};
const ALPHA_AXIS: YAxisSpec = { domain: [0, 1], ticks: [0, 1], format: (v) => `α ${v}`, width: PLOT_RIGHT, color: COLORS.alpha };
/** Room for the tick labels at the top and bottom of the axes (no x axis: the loss chart's above is this one's). */
const MARGIN = { top: 8, bottom: 8 };

export function HyperparamStrip({ schedule, lastStep }: { schedule: ScheduleEntry[]; lastStep: number }) {
  const data = useMemo(() => scheduleSteps(schedule, lastStep), [schedule, lastStep]);
  const lines = useMemo(
    (): LineSpec[] => [
      {
        key: 'temperature',
        className: 'strip-line strip-line--temperature',
        color: COLORS.temperature,
        curve: 'step',
        points: data.map((p) => [p.step, p.temperature]),
        title: 'T per batch',
      },
      {
        key: 'alpha',
        className: 'strip-line strip-line--alpha',
        color: COLORS.alpha,
        dash: '5 3',
        curve: 'step',
        axis: 'right',
        points: data.map((p) => [p.step, p.alpha]),
        title: 'α per batch',
      },
    ],
    [data],
  );
  const descriptionId = useId();
  const description =
    data.length === 0
      ? 'No schedule yet.'
      : schedule.map((e) => `from batch ${e.step + 1}: T = ${e.temperature}, α = ${e.alpha}`).join('; ') + '.';
  return (
    <div role="img" aria-label="Temperature and alpha per batch" aria-describedby={descriptionId} className="chart chart--strip">
      <p id={descriptionId} className="visually-hidden">
        {description}
      </p>
      <LinePlot
        x={{ domain: [0, Math.max(1, lastStep)], hide: true }}
        y={T_AXIS}
        y2={ALPHA_AXIS}
        lines={lines}
        grid={false}
        margin={MARGIN}
      />
    </div>
  );
}
