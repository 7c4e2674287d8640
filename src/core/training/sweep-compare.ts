/**
 * A sweep's settings compared with a reference, paired over seeds (stats/paired.ts): each group of
 * points with the same settings against the baseline student of the same runs, or against another
 * group. Points of one sweep share teachers, seeds and batches, so seed by seed the difference is
 * the setting's effect alone. The studio's sweep table, the CLI's report and the README's method
 * tables all read these comparisons.
 */
import { formatInterval, formatSeedsNeeded, pairedDifference, type PairedDifference } from '../stats/paired';
import { formatSetting, shortName } from '../settings/config';
import { SETTINGS } from '../settings/registry';
import {
  finishedByGroup,
  parseSweepList,
  SWEEP_KEYS,
  type SweepAxis,
  type SweepColumn,
  type SweepGroup,
  type SweepKey,
  type SweepPoint,
  type SweepValue,
} from './sweep';

/** What the groups are compared with: the baseline student of their own runs, or one group (by its key). */
export type SweepReference = { kind: 'baseline' } | { kind: 'group'; key: string };

export const BASELINE_REFERENCE: SweepReference = { kind: 'baseline' };

/** One group against the reference: the paired difference in test and in validation accuracy. */
export interface GroupComparison {
  test: PairedDifference;
  val: PairedDifference;
}

type Split = 'testAccuracy' | 'valAccuracy';

/** seed → the distilled student's (or the baseline's) accuracy, over the finished points given. */
function bySeed(points: readonly SweepPoint[], model: 'student' | 'baseline', split: Split): Map<number, number> {
  return new Map(points.map((p) => [p.config.seed, p.results[model][split]]));
}

/** Each group's key → its comparison with the reference (groups keyed as groupPoints keys them). */
export function compareWithReference(
  points: readonly SweepPoint[],
  axes: readonly SweepAxis[],
  reference: SweepReference,
): Map<string, GroupComparison> {
  const groups = finishedByGroup(points, axes);
  const referencePoints = reference.kind === 'group' ? groups.get(reference.key) : undefined;
  const against = (members: SweepPoint[], split: Split) =>
    pairedDifference(
      bySeed(members, 'student', split),
      bySeed(referencePoints ?? members, referencePoints ? 'student' : 'baseline', split),
    );
  if (reference.kind === 'group' && !referencePoints) return new Map();
  const compared = [...groups].filter(([key]) => reference.kind === 'baseline' || key !== reference.key);
  return new Map(compared.map(([key, members]) => [key, { test: against(members, 'testAccuracy'), val: against(members, 'valAccuracy') }]));
}

/**
 * The comparison's columns for the ranked table (after groupColumns): the paired test difference
 * with its 95 % interval, the verdict, and the seeds that would resolve it. `referenceName` names
 * the reference in the header ("baseline", "loss = kd, T = 4"); the reference's own row says so.
 */
export function comparisonColumns<Row extends { key: string }>(
  comparisons: ReadonlyMap<string, GroupComparison>,
  reference: SweepReference,
  referenceName: string,
): SweepColumn<Row>[] {
  const test = (row: Row) => comparisons.get(row.key)?.test;
  const isReference = (row: Row) => reference.kind === 'group' && row.key === reference.key;
  return [
    {
      id: 'vsReference',
      header: `Test vs ${referenceName} (points, 95 % CI)`,
      cell: (row) => {
        const d = test(row);
        return isReference(row) ? 'reference' : d ? formatInterval(d) : '–';
      },
      sortValue: (row) => test(row)?.mean ?? NaN,
    },
    {
      id: 'verdict',
      header: 'Verdict',
      cell: (row) => test(row)?.verdict ?? '–',
      sortValue: (row) => VERDICT_ORDER[test(row)?.verdict ?? 'cannot tell'],
    },
    {
      id: 'seedsNeeded',
      header: 'Seeds to resolve',
      cell: (row) => {
        const d = test(row);
        return d ? formatSeedsNeeded(d) : '–';
      },
      sortValue: (row) => test(row)?.seedsNeeded ?? NaN,
    },
  ];
}

const VERDICT_ORDER = { better: 0, 'cannot tell': 1, worse: 2 } as const;

/** A reference as a group: the one that matches every given setting and is best on validation (groups come ranked). */
export function matchingGroup(groups: readonly SweepGroup[], match: Readonly<Partial<Record<SweepKey, SweepValue>>>): SweepGroup | null {
  const entries = Object.entries(match) as [SweepKey, SweepValue][];
  return groups.find((g) => entries.every(([key, value]) => g.config[key] === value)) ?? null;
}

/** "baseline", or the group's varied settings ("loss = KD, T = 4"): the reference as headers name it. */
export function referenceName(reference: SweepReference, groups: readonly SweepGroup[]): string {
  if (reference.kind === 'baseline') return 'baseline';
  const group = groups.find((g) => g.key === reference.key);
  if (!group) return 'reference';
  const text = Object.entries(group.settings)
    .map(([key, value]) => `${shortName(key)} = ${formatSetting(key, value)}`)
    .join(', ');
  return text || 'reference';
}

/** A reference as the CLI asks for it: the baseline, or the settings a group must have. */
export type ReferenceSpec = 'baseline' | Partial<Record<SweepKey, SweepValue>>;

/** Reads "baseline", or settings as flag=value pairs ("loss=kd", "loss=kd,temperature=4"). */
export function parseReferenceSpec(text: string): { spec: ReferenceSpec } | { error: string } {
  if (text === 'baseline') return { spec: 'baseline' };
  const match: Partial<Record<SweepKey, SweepValue>> = {};
  for (const pair of text.split(',')) {
    const [flag, value] = pair.split('=').map((s) => s.trim());
    const key = SWEEP_KEYS.find((k) => k === flag || SETTINGS[k].flag === flag);
    if (!key || !value) return { error: `--reference: "${pair}" is not baseline or setting=value (e.g. loss=kd).` };
    const parsed = parseSweepList(key, value);
    if ('error' in parsed) return { error: `--reference: ${parsed.error}` };
    match[key] = parsed.values[0];
  }
  return { spec: match };
}

/** The spec among the groups: the baseline, the best-on-validation group that matches, or null when none does. */
export function resolveReference(spec: ReferenceSpec, groups: readonly SweepGroup[]): SweepReference | null {
  if (spec === 'baseline') return BASELINE_REFERENCE;
  const group = matchingGroup(groups, spec);
  return group ? { kind: 'group', key: group.key } : null;
}
