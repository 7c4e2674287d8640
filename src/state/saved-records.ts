/**
 * The page's work as saved data keeps it and as it comes back (slices/saved-slice.ts): a dataset as
 * imported, a sweep to and from its record, the shape checks a restored teacher record or run must
 * pass, and what a restore says in the status line.
 */
import { migrateConfig, migrateSetting } from '../core/settings/config';
import type { Dataset } from '../core/data/data';
import type { ImportedData } from '../core/import/types';
import { groupPoints, selectedGroup, type SweepValue } from '../core/training/sweep';
import type { SavedSweep } from '../storage/saved-data';
import { DEFAULT_SWEEP_LISTS, SWEEP_LIST_KEYS } from './sweep';
import type { StudentRun, SweepLists, SweepRun, TeacherRecord } from './types';

/** The shape checks a restored record must pass before the page trusts it (saved-data.ts checks only the envelope). */
export function isTeacherRecord(value: unknown): value is TeacherRecord {
  const r = value as Partial<TeacherRecord> | null;
  return typeof r === 'object' && r !== null && typeof r.id === 'string' && Array.isArray(r.snapshot?.logits) && Array.isArray(r.weights);
}

export function isStudentRun(value: unknown): value is StudentRun {
  const r = value as Partial<StudentRun> | null;
  return (
    typeof r === 'object' &&
    r !== null &&
    typeof r.id === 'number' &&
    typeof r.result?.results === 'object' &&
    Array.isArray(r.classNames) &&
    // Its curves, which the charts draw when it is shown.
    Array.isArray(r.losses) &&
    Array.isArray(r.result.accuracies) &&
    Array.isArray(r.result.results?.schedule)
  );
}

/** What the saved-data layer keeps of a sweep: its settings, every finished point and the settings chosen on validation. */
export function savedSweepOf(sweep: SweepRun, datasetId: string): SavedSweep {
  const { lists, base, teacherConfig, teachersId, createdAt, axes, configs, points, state } = sweep;
  const chosen = selectedGroup(groupPoints(points, axes))?.key ?? null;
  return { datasetId, createdAt, teachersId, lists, base, teacherConfig, axes, configs, points, chosen, state };
}

/**
 * A saved sweep as the page holds one: finished (a sweep that was running when the page closed is
 * stopped, with its finished points); settings a later version added take their defaults.
 */
export function sweepRunOf(saved: SavedSweep): SweepRun {
  const config = migrateConfig;
  const lists: SweepLists = { ...DEFAULT_SWEEP_LISTS };
  for (const key of SWEEP_LIST_KEYS) {
    const text = saved.lists[key];
    if (text !== undefined) lists[key] = text;
  }
  return {
    lists,
    base: config(saved.base),
    teacherConfig: config(saved.teacherConfig),
    teachersId: saved.teachersId,
    createdAt: saved.createdAt,
    axes: saved.axes.map((axis) => ({ ...axis, values: axis.values.map((v) => migrateSetting(axis.key, v) as SweepValue) })),
    configs: saved.configs.map(config),
    points: saved.points.map((p) => ({ ...p, config: config(p.config) })),
    current: null,
    expectedSeconds: null,
    state: saved.state === 'running' ? 'stopped' : saved.state,
    restored: saved.state === 'running' ? 'closed' : 'saved',
  };
}

/** "a, b and c". */
export function listed(parts: string[]): string {
  return parts.length <= 2 ? parts.join(' and ') : `${parts.slice(0, -1).join(', ')} and ${parts.at(-1)}`;
}

/** What a restored sweep says in the status line: "a sweep (4 students)", "a sweep stopped when the page closed (2 of 6 students)". */
export function sweepPhrase(sweep: SweepRun): string {
  const count = sweep.configs.length;
  const finished = sweep.points.length;
  const students = finished === count ? `${count} student${count === 1 ? '' : 's'}` : `${finished} of ${count} students`;
  return sweep.restored === 'closed' ? `a sweep stopped when the page closed (${students})` : `a sweep (${students})`;
}

/** The dataset as parsed: its values are saved as imported (a table before standardisation is not kept, so save what the worker got); a text's token ids with its texts and vocabulary. */
export function importedDataOf(dataset: Dataset): ImportedData {
  return {
    name: dataset.name,
    classNames: dataset.classNames,
    features: dataset.features,
    values: dataset.standardization ? unstandardized(dataset.values as Float32Array, dataset.standardization) : dataset.values,
    image: dataset.image,
    columns: dataset.columns,
    ...(dataset.text ? { text: dataset.text } : {}),
    labels: dataset.labels,
    ...(dataset.unlabelled.length > 0 ? { unlabelled: dataset.unlabelled.length } : {}),
    ...(dataset.blocks ? { split: dataset.blocks } : {}),
  };
}

/** A table's values as read, from its standardised values (the dataset is rebuilt, and standardised again, from these). */
function unstandardized(values: Float32Array, standardization: { mean: number[]; std: number[] }): Float32Array {
  const features = standardization.mean.length;
  return values.map((v, i) => v * standardization.std[i % features]! + standardization.mean[i % features]!);
}
