/**
 * The variant table of the README, from sweep reports: per value of the `by` settings, the other
 * varied settings (e.g. T) chosen by mean validation accuracy over the seeds; test accuracy and the
 * gain over the baseline student reported as mean ± sample sd over those seeds.
 */
import { formatSetting, migrateConfig } from '../../src/core/settings/config';
import { lossText } from '../../src/core/settings/describe';
import {
  groupPoints,
  spread,
  SWEEP_KEYS,
  type Spread,
  type SweepAxis,
  type SweepColumn,
  type SweepGroup,
  type SweepKey,
  type SweepPoint,
  type SweepReport,
  type SweepValue,
} from '../../src/core/training/sweep';

export interface Row {
  label: string;
  /** The settings chosen on validation, e.g. "T = 4". */
  chosen: string;
  group: SweepGroup;
  /** How many settings were compared on validation for this variant. */
  candidates: number;
}

/** Every point of the reports, renumbered, and the values each setting took across them. */
export function combineReports(reports: readonly SweepReport[]): { points: SweepPoint[]; axes: SweepAxis[] } {
  const points: SweepPoint[] = [];
  const values = new Map<SweepKey, Set<SweepValue>>(SWEEP_KEYS.map((key) => [key, new Set()]));
  for (const report of reports) {
    for (const point of report.points) {
      // Reports written before on/off settings were booleans say 'on'/'off'.
      const config = migrateConfig(point.config);
      points.push({ ...point, config, index: points.length + 1 });
      for (const key of SWEEP_KEYS) values.get(key)!.add(config[key]);
    }
  }
  return { points, axes: SWEEP_KEYS.map((key) => ({ key, values: [...values.get(key)!] })) };
}

/** One row per value of the `by` settings, its best-on-validation group; rows in order of mean validation accuracy. */
export function tableRows(points: readonly SweepPoint[], axes: readonly SweepAxis[], by: readonly SweepKey[]): Row[] {
  const chosenKeys = axes.filter((a) => a.values.length > 1 && a.key !== 'seed' && !by.includes(a.key)).map((a) => a.key);
  const rows = new Map<string, Row>();
  for (const group of groupPoints(points, axes)) {
    const key = JSON.stringify(by.map((k) => group.config[k]));
    const row = rows.get(key);
    if (row) {
      row.candidates++;
      continue;
    }
    const name = (k: SweepKey) => (k !== 'temperature' ? k : group.config.temperatureSchedule === 'constant' ? 'T' : 'T start');
    rows.set(key, {
      label: lossText(group.config),
      chosen: chosenKeys.map((k) => `${name(k)} = ${formatSetting(k, group.config[k])}`).join(', '),
      group,
      candidates: 1,
    });
  }
  return [...rows.values()];
}

export const percent = (s: Spread) => `${(s.mean * 100).toFixed(2)} ± ${(s.sd * 100).toFixed(2)}`;
const points = (s: Spread) => `${s.mean >= 0 ? '+' : '−'}${Math.abs(s.mean * 100).toFixed(2)} ± ${(s.sd * 100).toFixed(2)}`;

export const COLUMNS: SweepColumn<Row>[] = [
  { id: 'variant', header: 'Variant', cell: (r) => r.label, sortValue: (r) => r.label },
  { id: 'chosen', header: 'Chosen on val', cell: (r) => `${r.chosen} (of ${r.candidates})`, sortValue: (r) => r.chosen },
  { id: 'seeds', header: 'Seeds', cell: (r) => String(r.group.seeds.length), sortValue: (r) => r.group.seeds.length },
  { id: 'val', header: 'Val acc %', cell: (r) => percent(r.group.studentVal), sortValue: (r) => r.group.studentVal.mean },
  { id: 'test', header: 'Test acc %', cell: (r) => percent(r.group.studentTest), sortValue: (r) => r.group.studentTest.mean },
  { id: 'gain', header: 'Test gain vs baseline (points)', cell: (r) => points(r.group.testGain), sortValue: (r) => r.group.testGain.mean },
];

export function markdownTable(rows: readonly Row[]): string {
  const head = `| ${COLUMNS.map((c) => c.header).join(' | ')} |`;
  const rule = `|${COLUMNS.map(() => '---').join('|')}|`;
  return [head, rule, ...rows.map((r) => `| ${COLUMNS.map((c) => c.cell(r)).join(' | ')} |`)].join('\n');
}

/** The baseline student and the ensemble do not depend on the loss: one figure each per seed. */
export function referenceLine(points: readonly SweepPoint[]): string {
  const perSeed = (pick: (p: SweepPoint) => number) => spread([...new Map(points.map((p) => [p.config.seed, pick(p)])).values()]);
  const baseline = perSeed((p) => p.results.baseline.testAccuracy);
  const ensemble = perSeed((p) => p.results.ensemble.testAccuracy);
  return (
    `Baseline student (labels only), test: ${percent(baseline)} %; teacher ensemble, test: ${percent(ensemble)} % ` +
    `(${baseline.n} seeds, ${points.length} students).`
  );
}
