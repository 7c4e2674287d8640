/**
 * A thin strip under the loss chart: T (left axis) and α (right axis) per batch, as the run used
 * them. T comes from the schedule of slider moves, or, where a schedule sets it (annealed or
 * learnt by CTKD), from the loss readings, which carry the T of their batch.
 */
import { useId, useMemo } from 'react';
import { paramByKey } from '../../core/settings/config';
import { scheduleSteps } from '../../state/series';
import type { LossPoint, ScheduleEntry } from '../../shared/protocol';
import { COLORS, PLOT_RIGHT, Y_AXIS_WIDTH } from './palette';
import { LinePlot, type LineSpec } from './svg/LinePlot';
import type { YAxisSpec } from './svg/parts';

// The sliders' full ranges: the lines sit where the sliders do, and T and α rarely overlap.
const t = paramByKey('temperature');
/** CTKD's T = 1 + 20·sigmoid(θ) reaches 21, past the slider. */
const LEARNT_MAX = 21;
const tAxis = (max: number): YAxisSpec => ({
  domain: [t.min, max],
  ticks: [t.min, max],
  format: (v) => `T ${v}`,
  width: Y_AXIS_WIDTH,
  color: COLORS.temperature,
});
const ALPHA_AXIS: YAxisSpec = { domain: [0, 1], ticks: [0, 1], format: (v) => `α ${v}`, width: PLOT_RIGHT, color: COLORS.alpha };
/** Room for the tick labels at the top and bottom of the axes (no x axis: the loss chart's above is this one's). */
const MARGIN = { top: 8, bottom: 8 };

interface HyperparamStripProps {
  schedule: ScheduleEntry[];
  lastStep: number;
  /** Readings whose T a schedule set (null: T is the schedule's, from the slider). */
  temperatures?: readonly LossPoint[] | null;
  /** T is learnt (CTKD): its axis reaches 21. */
  learnt?: boolean;
}

export function HyperparamStrip({ schedule, lastStep, temperatures = null, learnt = false }: HyperparamStripProps) {
  const data = useMemo(() => scheduleSteps(schedule, lastStep), [schedule, lastStep]);
  const lines = useMemo(
    (): LineSpec[] => [
      temperatures
        ? {
            key: 'temperature',
            className: 'strip-line strip-line--temperature',
            color: COLORS.temperature,
            points: temperatures.map((p) => [p.step, p.temperature]),
            title: learnt ? 'T per batch, learnt (CTKD)' : 'T per batch, as scheduled',
          }
        : {
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
    [data, temperatures, learnt],
  );
  const descriptionId = useId();
  const lastT = temperatures?.at(-1);
  const description =
    data.length === 0
      ? 'No schedule yet.'
      : temperatures && lastT
        ? `T ${learnt ? 'learnt' : 'scheduled'}: ${temperatures[0]!.temperature.toFixed(2)} at batch ${temperatures[0]!.step}, ` +
          `${lastT.temperature.toFixed(2)} at batch ${lastT.step}; α = ${schedule.map((e) => e.alpha).join(' then ')}.`
        : schedule.map((e) => `from batch ${e.step + 1}: T = ${e.temperature}, α = ${e.alpha}`).join('; ') + '.';
  return (
    <div role="img" aria-label="Temperature and alpha per batch" aria-describedby={descriptionId} className="chart chart--strip">
      <p id={descriptionId} className="visually-hidden">
        {description}
      </p>
      <LinePlot
        x={{ domain: [0, Math.max(1, lastStep)], hide: true }}
        y={tAxis(learnt ? LEARNT_MAX : t.max)}
        y2={ALPHA_AXIS}
        lines={lines}
        grid={false}
        margin={MARGIN}
      />
    </div>
  );
}
