/** Bar chart of one sample's soft labels: the ensemble at T = 1 and at T, optionally each member at T. */
import { useId, type Ref } from 'react';
import { formatPercent } from '../../state/format';
import type { SoftLabelView } from '../../state/samples';
import { COLORS, MEMBER_COLORS } from './palette';
import { BarPlot, type BarGroup } from './svg/BarPlot';
import { ChartLegend, type YAxisSpec } from './svg/parts';

const Y_AXIS: YAxisSpec = { domain: [0, 1], ticks: [0, 0.25, 0.5, 0.75, 1], format: (v) => `${Math.round(v * 100)}%`, width: 48 };
const MEMBER_OPACITY = 0.75;

interface Props {
  view: SoftLabelView;
  temperature: number;
  showMembers: boolean;
  /** What one sample is called ("digit", "image", …). */
  sampleWord: string;
  /** On the chart's element (its panel's ChartExport saves it). */
  ref?: Ref<HTMLDivElement>;
}

export function SoftLabelChart({ view, temperature, showMembers, sampleWord, ref }: Props) {
  const groups: BarGroup[] = [
    { key: 'atOne', name: 'Ensemble, T = 1', color: COLORS.atOne, values: view.atOne },
    { key: 'atT', name: `Ensemble, T = ${temperature}`, color: COLORS.atT, values: view.atT },
    ...(showMembers
      ? view.members.map((p, m) => ({
          key: `m${m}`,
          name: `Teacher ${m + 1}, T = ${temperature}`,
          color: MEMBER_COLORS[m % MEMBER_COLORS.length]!,
          opacity: MEMBER_OPACITY,
          values: p,
        }))
      : []),
    ...(view.student ? [{ key: 'student', name: `Distilled student, T = ${temperature}`, color: COLORS.mark, values: view.student }] : []),
  ];
  const descriptionId = useId();
  const top = view.prediction;
  const description =
    `Ensemble soft labels for this ${sampleWord}. At T = 1: ${view.classNames[top]} gets ${formatPercent(view.atOne[top]!, 1)}. ` +
    `At T = ${temperature}: ${view.classNames[top]} gets ${formatPercent(view.atT[top]!, 1)}, the rest share ${formatPercent(1 - view.atT[top]!, 1)}.` +
    (view.student
      ? ` The distilled student gives ${view.classNames[top]} ${formatPercent(view.student[top]!, 1)} at T = ${temperature}.`
      : '');
  return (
    <div ref={ref} role="img" aria-label="Soft labels" aria-describedby={descriptionId} className="chart chart--soft">
      <p id={descriptionId} className="visually-hidden">
        {description}
      </p>
      <ChartLegend items={groups.map((g) => ({ key: g.key, label: g.name, color: g.color, shape: 'bar', opacity: g.opacity }))} />
      <BarPlot categories={view.classNames} groups={groups} y={Y_AXIS} margin={{ top: 8, right: 8 }} formatValue={formatPercent} />
    </div>
  );
}
