/**
 * The store's starting data, in one place: from the URL (config in the hash, backend in the
 * query) and empty everything else. Tests build it from any URL they like.
 */
import { configFromHash } from '../core/settings/hash';
import { backendFromSearch } from '../shared/protocol';
import { emptySeries, emptyTeacherSeries } from './series';
import { isTeachingMode, TEACHING_CONFIG, toyFromHash } from './teaching';
import { DEFAULT_SWEEP_LISTS } from './sweep';
import { sectionFromSearch } from './sections';
import type { StudioState } from './types';

export type StudioData = {
  [K in keyof StudioState as StudioState[K] extends (...args: never[]) => unknown ? never : K]: StudioState[K];
};

export function initialState(url: { hash: string; search: string } = { hash: '', search: '' }): StudioData {
  const teaching = isTeachingMode(url.search);
  return {
    config: teaching ? configFromHash(url.hash, TEACHING_CONFIG) : configFromHash(url.hash),
    mode: teaching ? 'teaching' : 'studio',
    toy: toyFromHash(url.hash),
    toyErrors: [],
    grid: null,
    classroom: false,
    lesson: null,
    drafts: {},
    fieldErrors: {},

    section: sectionFromSearch(url.search),
    unseenRunId: null,

    backendRequest: backendFromSearch(url.search),
    backend: null,
    workerState: 'starting',
    crash: null,
    dataset: null,
    datasetSummary: null,
    datasetId: 'mnist',
    datasetImport: null,

    job: 'idle',
    status: 'Starting…',
    error: null,
    notice: null,
    teacherProgress: null,
    distillProgress: null,
    stopRequested: false,
    estimate: null,

    teachers: null,
    teacherSeries: emptyTeacherSeries(),
    teacherFormOpen: true,

    series: emptySeries(),
    runs: [],
    selectedRunId: null,

    samplePosition: 0,
    sampleDigit: null,
    showMembers: false,
    showStudent: false,

    saved: { state: 'opening', usage: null, problem: null, pending: 0, unsaved: [] },
    compareIds: [],

    sweepLists: DEFAULT_SWEEP_LISTS,
    sweepErrors: {},
    sweep: null,
    sweepEstimate: null,
    replay: null,
  };
}
