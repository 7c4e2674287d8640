/**
 * The per-sample weights of the soft term (WSLD, teacher confidence, WTTM's share of a uniform teacher's) over the transfer set, as a
 * histogram per epoch: the first epoch faint, the latest solid, so a shift shows as it happens.
 */
import { useId, useMemo, useRef, type Ref } from 'react';

import { isWeighted, lossById, type LossName } from '../../core/losses/registry';
import { WEIGHT_BINS } from '../../core/settings/config';
import { useWeightChart } from '../../state/hooks';
import type { SoftWeightsPoint } from '../../state/types';
import { formatPercent } from '../../state/format';
import { ChartExport } from './ChartExport';
import { COLORS } from './palette';
import { BarPlot, type BarGroup } from './svg/BarPlot';
import { ChartLegend, type YAxisSpec } from './svg/parts';
import { niceLinear } from './svg/scale';

const BIN_NAMES = Array.from({ length: WEIGHT_BINS }, (_, b) => `${(b / WEIGHT_BINS).toFixed(2)}–${((b + 1) / WEIGHT_BINS).toFixed(2)}`);
/** Axis labels at 0, 0.25, 0.5 and 0.75 (the left edge of their bin). */
const LABEL_EVERY = WEIGHT_BINS / 4;
const shares = (counts: readonly number[]) => {
  const total = counts.reduce((a, b) => a + b, 0);
  return counts.map((c) => (total > 0 ? c / total : 0));
};

export function WeightChart() {
  const { epochs, loss } = useWeightChart();
  const chartRef = useRef<HTMLDivElement>(null);
  if (!isWeighted(loss)) return null;
  return (
    <section className="panel panel--chart" aria-labelledby="weights-heading">
      <div className="panel__head">
        <h2 id="weights-heading">Soft-term weights per sample</h2>
        <ChartExport name="Soft-term weights chart" chart={chartRef} title="Soft-term weights per sample" disabled={epochs.length === 0} />
      </div>
      <WeightHistogram ref={chartRef} epochs={epochs} loss={loss} />
    </section>
  );
}

function WeightHistogram({ epochs, loss, ref }: { epochs: readonly SoftWeightsPoint[]; loss: LossName; ref?: Ref<HTMLDivElement> }) {
  const descriptionId = useId();
  const first = epochs[0];
  const last = epochs.at(-1);
  const { groups, y } = useMemo(() => {
    const shown = first && last && first !== last ? [first, last] : last ? [last] : [];
    const groups: BarGroup[] = shown.map((e, i) => ({
      key: i === 0 && shown.length > 1 ? 'first' : 'last',
      name: `Epoch ${e.epoch}`,
      color: COLORS.soft,
      opacity: i === 0 && shown.length > 1 ? 0.35 : 1,
      values: shares(e.counts),
    }));
    const max = Math.max(0.01, ...groups.flatMap((g) => Array.from(g.values)));
    const fit = niceLinear(0, max, 4);
    const axis: YAxisSpec = { ...fit, format: (v) => `${Math.round(v * 100)}%`, width: 48 };
    return { groups, y: axis };
  }, [first, last]);
  if (!last) {
    return (
      <p className="placeholder placeholder--chart">
        Distill with the {lossById(loss).short} loss: its weight for each training image appears here, epoch by epoch
        {loss === 'wttm' ? ' (U over a uniform teacher’s, so in [0, 1])' : ''}.
      </p>
    );
  }
  const zeros = shares(last.counts)[0]!;
  const description =
    `Epoch ${last.epoch}: mean weight ${last.mean.toFixed(3)}; ${formatPercent(zeros, 1)} of the samples weigh under ${(1 / WEIGHT_BINS).toFixed(2)}` +
    (loss === 'confidence' ? ' (those the teachers get wrong learn from the label alone).' : '.');
  return (
    <div ref={ref} role="img" aria-label="Soft-term weights" aria-describedby={descriptionId} className="chart chart--weights">
      <p id={descriptionId} className="chart-caption chart-caption--top">
        {description}
      </p>
      <ChartLegend items={groups.map((g) => ({ key: g.key, label: g.name, color: g.color, shape: 'bar', opacity: g.opacity }))} />
      <BarPlot
        categories={BIN_NAMES}
        groups={groups}
        y={y}
        margin={{ top: 8, right: 8 }}
        bandPadding={0.1}
        formatValue={(v) => `${formatPercent(v, 1)} of the samples`}
        axisLabel={(_, b) => (b % LABEL_EVERY === 0 ? String(b / WEIGHT_BINS) : '')}
      />
    </div>
  );
}
