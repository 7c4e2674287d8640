/**
 * Checks: is a stored value what saved data writes? Each answers a Verdict, with a reason a person
 * can understand when it is not (a record another version of the studio, a browser bug or a hand
 * edit left behind is reported and skipped).
 */
import type { ExperimentConfig } from '../core/settings/config';
import type { ImageShape, ImportedData } from '../core/import/types';
import { SWEEP_KEYS, type PointStatus, type SweepAxis, type SweepKey, type SweepPoint, type SweepValue } from '../core/training/sweep';
import { StorageError } from './errors';
import type { SavedDataset, SavedRun, SavedSweep, SavedSweepState, SavedTeachers } from './records';

export type Verdict<T> = { ok: true; value: T } | { ok: false; reason: string };

const accepted = <T>(value: T): Verdict<T> => ({ ok: true, value });
const rejected = (reason: string): Verdict<never> => ({ ok: false, reason });
const wrongField = (field: string, value: unknown, expected: string): Verdict<never> =>
  rejected(`${field} is ${describeValue(value)}, expected ${expected}`);

/** Writing what could not be read back would only move the failure to the next reload. */
export function refuseUnreadable(verdict: Verdict<unknown>, what: string): void {
  if (!verdict.ok) throw new StorageError(`Could not save the ${what}: ${verdict.reason}.`);
}

type Fields = Record<string, unknown>;

function isFields(value: unknown): value is Fields {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isTextList(value: unknown): value is string[] {
  return Array.isArray(value) && value.every((item) => typeof item === 'string');
}

function isCount(value: unknown): value is number {
  return typeof value === 'number' && Number.isInteger(value) && value >= 0;
}

function isImageShape(value: unknown): value is ImageShape {
  return isFields(value) && isCount(value.height) && isCount(value.width) && isCount(value.channels);
}

export function checkDataset(value: unknown, key: IDBValidKey): Verdict<SavedDataset> {
  if (!isFields(value)) return rejected(`it is ${describeValue(value)}, not a saved dataset`);
  const { id, name, createdAt, data } = value;
  if (typeof id !== 'string' || id !== key) return wrongField('id', id, `its key ${describeValue(key)}`);
  if (typeof name !== 'string') return wrongField('name', name, 'text');
  if (typeof createdAt !== 'string') return wrongField('createdAt', createdAt, 'a date as text');
  const checkedData = checkImportedData(data);
  if (!checkedData.ok) return checkedData;
  return accepted({ id, name, createdAt, data: checkedData.value });
}

function checkImportedData(data: unknown): Verdict<ImportedData> {
  if (!isFields(data)) return wrongField('data', data, 'the imported data');
  const { name, classNames, features, values, image, columns, labels, unlabelled, split } = data;
  if (typeof name !== 'string') return wrongField('data.name', name, 'text');
  if (!isTextList(classNames)) return wrongField('data.classNames', classNames, 'a list of texts');
  if (!isCount(features)) return wrongField('data.features', features, 'a whole number');
  if (!(values instanceof Uint8Array || values instanceof Float32Array))
    return wrongField('data.values', values, 'a Uint8Array or Float32Array');
  if (!(labels instanceof Uint8Array)) return wrongField('data.labels', labels, 'a Uint8Array');
  if (image !== null && !isImageShape(image)) return wrongField('data.image', image, 'null or { height, width, channels }');
  if (columns !== null && !isTextList(columns)) return wrongField('data.columns', columns, 'null or a list of texts');
  // A truncated copy would otherwise load and misalign every sample after the cut.
  if (values.length !== labels.length * features) {
    return rejected(`data.values holds ${values.length} numbers, expected ${labels.length} samples × ${features} features`);
  }
  if (unlabelled !== undefined && !(isCount(unlabelled) && unlabelled < labels.length))
    return wrongField('data.unlabelled', unlabelled, `a whole number below ${labels.length}`);
  const blocks = split === undefined ? undefined : isFields(split) ? [split.train, split.val, split.test] : [];
  if (blocks !== undefined && !(blocks.length === 3 && blocks.every(isCount)))
    return wrongField('data.split', split, 'undefined or { train, val, test } counts');
  const markedVal = isFields(split) ? split.markedVal : undefined;
  if (markedVal !== undefined && typeof markedVal !== 'boolean')
    return wrongField('data.split.markedVal', markedVal, 'absent or true/false');
  const [train, val, test] = (blocks ?? []) as number[];
  return accepted({
    name,
    classNames,
    features,
    values,
    image,
    columns,
    labels,
    ...(unlabelled ? { unlabelled } : {}),
    ...(blocks ? { split: { train: train!, val: val!, test: test!, ...(markedVal ? { markedVal } : {}) } } : {}),
  });
}

export function checkTeachers(value: unknown, key: IDBValidKey): Verdict<SavedTeachers> {
  if (!isFields(value)) return rejected(`it is ${describeValue(value)}, not saved teachers`);
  const { id, createdAt, datasetId, record } = value;
  if (typeof id !== 'string' || id !== key) return wrongField('id', id, `its key ${describeValue(key)}`);
  if (typeof createdAt !== 'string') return wrongField('createdAt', createdAt, 'a date as text');
  if (typeof datasetId !== 'string') return wrongField('datasetId', datasetId, 'text');
  if (!isFields(record)) return wrongField('record', record, 'the teachers as an object');
  return accepted({ id, createdAt, datasetId, record });
}

export function checkRun(value: unknown, key: IDBValidKey): Verdict<SavedRun> {
  if (!isFields(value)) return rejected(`it is ${describeValue(value)}, not a saved run`);
  const { id, name, createdAt, datasetId, teachersId, run, series } = value;
  if (typeof id !== 'number' || id !== key) return wrongField('id', id, `its key ${describeValue(key)}`);
  if (typeof name !== 'string') return wrongField('name', name, 'text');
  if (typeof createdAt !== 'string') return wrongField('createdAt', createdAt, 'a date as text');
  if (typeof datasetId !== 'string') return wrongField('datasetId', datasetId, 'text');
  if (typeof teachersId !== 'string') return wrongField('teachersId', teachersId, 'text');
  if (!isFields(run)) return wrongField('run', run, 'the run as an object');
  if (!isFields(series)) return wrongField('series', series, 'the series as an object');
  return accepted({ id, name, createdAt, datasetId, teachersId, run, series });
}

const SWEEP_STATES: readonly SavedSweepState[] = ['running', 'done', 'stopped', 'failed'];
const POINT_STATUSES: readonly PointStatus[] = ['done', 'stopped', 'halted'];
/** The figures of a point the sweep's table, chart and ranking read. */
const STUDENT_FIGURES = ['valAccuracy', 'testAccuracy', 'params', 'bytes', 'msPer1000'] as const;
const BASELINE_FIGURES = ['valAccuracy', 'testAccuracy'] as const;

const isSweepKey = (value: unknown): value is SweepKey => (SWEEP_KEYS as readonly unknown[]).includes(value);
/** A swept setting's value: a number, a text, or an on/off setting's boolean (saved before it was one: 'on'/'off', read as they are). */
const isSweepValue = (value: unknown): value is SweepValue =>
  typeof value === 'number' || typeof value === 'string' || typeof value === 'boolean';

export function checkSweep(value: unknown, key: IDBValidKey): Verdict<SavedSweep> {
  if (!isFields(value)) return rejected(`it is ${describeValue(value)}, not a saved sweep`);
  const { datasetId, createdAt, teachersId, lists, base, teacherConfig, axes, configs, points, chosen, state } = value;
  if (typeof datasetId !== 'string' || datasetId !== key) return wrongField('datasetId', datasetId, `its key ${describeValue(key)}`);
  if (typeof createdAt !== 'string') return wrongField('createdAt', createdAt, 'a date as text');
  if (typeof teachersId !== 'string') return wrongField('teachersId', teachersId, 'text');
  if (!isFields(lists) || !Object.values(lists).every((text) => typeof text === 'string'))
    return wrongField('lists', lists, 'the lists as texts');
  if (!isFields(base)) return wrongField('base', base, 'the settings as an object');
  if (!isFields(teacherConfig)) return wrongField('teacherConfig', teacherConfig, 'the settings as an object');
  const checkedAxes = checkAxes(axes);
  if (!checkedAxes.ok) return checkedAxes;
  if (!Array.isArray(configs) || configs.length === 0) return wrongField('configs', configs, 'a list of settings');
  for (const [i, config] of configs.entries()) {
    const verdict = checkPointConfig(config, checkedAxes.value, `configs[${i}]`);
    if (!verdict.ok) return verdict;
  }
  if (!Array.isArray(points)) return wrongField('points', points, 'a list of points');
  for (const [i, point] of points.entries()) {
    const verdict = checkPoint(point, checkedAxes.value, configs.length, `points[${i}]`);
    if (!verdict.ok) return verdict;
  }
  if (chosen !== null && typeof chosen !== 'string') return wrongField('chosen', chosen, 'null or text');
  if (!SWEEP_STATES.includes(state as SavedSweepState)) return wrongField('state', state, `one of ${SWEEP_STATES.join(', ')}`);
  return accepted({
    datasetId,
    createdAt,
    teachersId,
    lists: lists as Record<string, string>,
    base: base as unknown as ExperimentConfig,
    teacherConfig: teacherConfig as unknown as ExperimentConfig,
    axes: checkedAxes.value,
    configs: configs as ExperimentConfig[],
    points: points as SweepPoint[],
    chosen,
    state: state as SavedSweepState,
  });
}

function checkAxes(axes: unknown): Verdict<SweepAxis[]> {
  if (!Array.isArray(axes)) return wrongField('axes', axes, 'a list of settings and their values');
  for (const [i, axis] of axes.entries()) {
    if (!isFields(axis)) return wrongField(`axes[${i}]`, axis, '{ key, values }');
    if (!isSweepKey(axis.key)) return wrongField(`axes[${i}].key`, axis.key, 'a setting a sweep can vary');
    if (!Array.isArray(axis.values) || axis.values.length === 0 || !axis.values.every(isSweepValue))
      return wrongField(`axes[${i}].values`, axis.values, 'a list of numbers or texts');
  }
  return accepted(axes as SweepAxis[]);
}

/** A point's settings: an object with a seed, and a number or text for every setting the sweep varies. */
function checkPointConfig(config: unknown, axes: readonly SweepAxis[], path: string): Verdict<true> {
  if (!isFields(config)) return wrongField(path, config, 'the settings as an object');
  if (typeof config.seed !== 'number') return wrongField(`${path}.seed`, config.seed, 'a number');
  for (const { key } of axes) if (!isSweepValue(config[key])) return wrongField(`${path}.${key}`, config[key], 'a number or text');
  return accepted(true);
}

function checkPoint(point: unknown, axes: readonly SweepAxis[], count: number, path: string): Verdict<true> {
  if (!isFields(point)) return wrongField(path, point, 'a finished point');
  const { index, config, results, seconds, status } = point;
  if (!isCount(index) || index < 1 || index > count) return wrongField(`${path}.index`, index, `a whole number from 1 to ${count}`);
  const checkedConfig = checkPointConfig(config, axes, `${path}.config`);
  if (!checkedConfig.ok) return checkedConfig;
  if (!isFields(results)) return wrongField(`${path}.results`, results, 'the results as an object');
  const numbers = (row: unknown, fields: readonly string[], where: string): Verdict<true> => {
    if (!isFields(row)) return wrongField(where, row, 'an object of figures');
    for (const field of fields) if (typeof row[field] !== 'number') return wrongField(`${where}.${field}`, row[field], 'a number');
    return accepted(true);
  };
  for (const verdict of [
    numbers(results.student, STUDENT_FIGURES, `${path}.results.student`),
    numbers(results.baseline, BASELINE_FIGURES, `${path}.results.baseline`),
    numbers(results, ['temperature', 'alpha'], `${path}.results`),
  ]) {
    if (!verdict.ok) return verdict;
  }
  if (typeof seconds !== 'number') return wrongField(`${path}.seconds`, seconds, 'a number');
  if (!POINT_STATUSES.includes(status as PointStatus)) return wrongField(`${path}.status`, status, `one of ${POINT_STATUSES.join(', ')}`);
  return accepted(true);
}

/** A value as a short phrase for a reason ("42", "the text "abc"", "a Float32Array", "missing"). */
function describeValue(value: unknown): string {
  if (value === undefined) return 'missing';
  if (value === null) return 'null';
  if (typeof value === 'string') return `the text ${JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value)}`;
  if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint') return String(value);
  if (Array.isArray(value)) return `a list of ${value.length}`;
  if (ArrayBuffer.isView(value) || value instanceof ArrayBuffer) return `a ${value.constructor.name}`;
  return typeof value === 'object' ? 'an object' : `a ${typeof value}`;
}
