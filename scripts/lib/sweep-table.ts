/**
 * The method tables of the README, from sweep reports: per value of the `by` settings, the other
 * varied settings (e.g. T) chosen by mean validation accuracy over the seeds; test accuracy at the
 * kept (best-on-validation) epoch and at the last epoch, and each variant against a reference —
 * the baseline student of the same runs, and a chosen row (e.g. vanilla KD) — paired over seeds
 * with a 95 % t-interval and a verdict. Reports given after `--variant NAME` join the table as one
 * more row each (e.g. KD from label-smoothed teachers), paired with the reference by seed.
 */
import { formatSetting, migrateConfig } from '../../src/core/settings/config';
import { lossText } from '../../src/core/settings/describe';
import { formatInterval, formatSeedsNeeded, pairedDifference, type PairedDifference } from '../../src/core/stats/paired';
import { matchingGroup, type ReferenceSpec } from '../../src/core/training/sweep-compare';
import {
  finishedByGroup,
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
  /** The chosen group's finished points (one per seed). */
  points: SweepPoint[];
  /** Distilled − baseline of the same runs, paired over seeds (test). */
  gain: PairedDifference;
  /** This row − the reference row, paired over seeds (test); null for the reference itself or without one. */
  versus: PairedDifference | null;
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

const bySeed = (points: readonly SweepPoint[], model: 'student' | 'baseline') =>
  new Map(points.map((p) => [p.config.seed, p.results[model].testAccuracy]));

/** One row per value of the `by` settings, its best-on-validation group; rows in order of mean validation accuracy. */
export function tableRows(points: readonly SweepPoint[], axes: readonly SweepAxis[], by: readonly SweepKey[], label?: string): Row[] {
  const chosenKeys = axes.filter((a) => a.values.length > 1 && a.key !== 'seed' && !by.includes(a.key)).map((a) => a.key);
  const rows = new Map<string, Row>();
  const finished = finishedByGroup(points, axes);
  for (const group of groupPoints(points, axes)) {
    const key = JSON.stringify(by.map((k) => group.config[k]));
    const row = rows.get(key);
    if (row) {
      row.candidates++;
      continue;
    }
    const name = (k: SweepKey) => (k !== 'temperature' ? k : group.config.temperatureSchedule === 'constant' ? 'T' : 'T start');
    const members = finished.get(group.key) ?? [];
    rows.set(key, {
      label:
        label ??
        (by.includes('optimizer')
          ? `${lossText(group.config)}, ${formatSetting('optimizer', group.config.optimizer)}`
          : lossText(group.config)),
      chosen: chosenKeys.map((k) => `${name(k)} = ${formatSetting(k, group.config[k])}`).join(', '),
      group,
      candidates: 1,
      points: members,
      gain: pairedDifference(bySeed(members, 'student'), bySeed(members, 'baseline')),
      versus: null,
    });
  }
  return [...rows.values()];
}

/** Each row against the reference row (the one whose group matches `spec`), paired over seeds; the reference's own stays null. */
export function compareRows(rows: Row[], spec: ReferenceSpec): Row | null {
  if (spec === 'baseline') return null;
  const group = matchingGroup(
    rows.map((r) => r.group),
    spec,
  );
  const reference = rows.find((r) => r.group === group) ?? null;
  if (!reference) return null;
  for (const row of rows) {
    if (row !== reference) row.versus = pairedDifference(bySeed(row.points, 'student'), bySeed(reference.points, 'student'));
  }
  return reference;
}

/** "94.00 ± 1.41" (percent); "–" for a figure the reports lack (e.g. the last epoch, before it was recorded). */
export const percent = (s: Spread) =>
  !Number.isFinite(s.mean)
    ? '–'
    : Number.isFinite(s.sd)
      ? `${(s.mean * 100).toFixed(2)} ± ${(s.sd * 100).toFixed(2)}`
      : (s.mean * 100).toFixed(2);

export function columns(referenceName: string | null): SweepColumn<Row>[] {
  const versus: SweepColumn<Row>[] = referenceName
    ? [
        {
          id: 'versus',
          header: `Test vs ${referenceName} (points, 95 % CI)`,
          cell: (r) => (r.versus ? formatInterval(r.versus) : 'reference'),
          sortValue: (r) => r.versus?.mean ?? 0,
        },
        { id: 'verdict', header: 'Verdict', cell: (r) => r.versus?.verdict ?? '–', sortValue: (r) => r.versus?.verdict ?? '' },
        {
          id: 'seedsNeeded',
          header: 'Seeds to resolve',
          cell: (r) => (r.versus ? formatSeedsNeeded(r.versus) : '–'),
          sortValue: (r) => r.versus?.seedsNeeded ?? NaN,
        },
      ]
    : [];
  return [
    { id: 'variant', header: 'Variant', cell: (r) => r.label, sortValue: (r) => r.label },
    { id: 'chosen', header: 'Chosen on val', cell: (r) => `${r.chosen || '–'} (of ${r.candidates})`, sortValue: (r) => r.chosen },
    { id: 'seeds', header: 'Seeds', cell: (r) => String(r.group.seeds.length), sortValue: (r) => r.group.seeds.length },
    { id: 'val', header: 'Val acc %', cell: (r) => percent(r.group.studentVal), sortValue: (r) => r.group.studentVal.mean },
    {
      id: 'test',
      header: 'Test acc % (best epoch)',
      cell: (r) => percent(r.group.studentTest),
      sortValue: (r) => r.group.studentTest.mean,
    },
    {
      id: 'last',
      header: 'Test acc % (last epoch)',
      cell: (r) => percent(r.group.lastEpochTest),
      sortValue: (r) => r.group.lastEpochTest.mean,
    },
    { id: 'gain', header: 'Gain vs baseline (points, 95 % CI)', cell: (r) => formatInterval(r.gain), sortValue: (r) => r.gain.mean },
    ...versus,
  ];
}

export function markdownTable(columnsOf: readonly SweepColumn<Row>[], rows: readonly Row[]): string {
  const head = `| ${columnsOf.map((c) => c.header).join(' | ')} |`;
  const rule = `|${columnsOf.map(() => '---').join('|')}|`;
  return [head, rule, ...rows.map((r) => `| ${columnsOf.map((c) => c.cell(r)).join(' | ')} |`)].join('\n');
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
