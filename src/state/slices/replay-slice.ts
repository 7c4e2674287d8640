/**
 * Replaying a manifest in the studio (core/manifest/manifest.ts): the same dataset (checked by its
 * hash), the teachers trained with the manifest's settings, then its run or its sweep, one student
 * after another through the ordinary actions, so the replay is exactly what a person would do by hand.
 * At the end each student's test accuracy is set against the recorded one.
 */
import {
  compareReplay,
  parseManifest,
  replaySummary,
  textEncodingOf,
  type Manifest,
  type ReplayedStudent,
} from '../../core/manifest/manifest';
import { settingCell, type BackendName } from '../../core/settings/config';
import { SWEEP_KEYS, type SweepKey } from '../../core/training/sweep';
import { backendLabel } from '../format';
import { SWEEP_LIST_KEYS } from '../sweep';
import type { SliceContext } from './context';
import type { SweepListKey } from './sweep-slice';

export interface ReplayState {
  file: string;
  kind: Manifest['kind'];
  state: 'running' | 'done' | 'failed';
  /** Each student, recorded against replayed, once the replay is done. */
  rows: ReplayedStudent[] | null;
  summary: string | null;
}

export interface ReplaySlice {
  replay: ReplayState | null;
  /** Reads a manifest and replays it: dataset, teachers, then the run or the sweep. */
  replayManifest(file: { name: string; size: number; read(): Promise<ArrayBuffer> }): Promise<void>;
}

const BACKENDS: readonly BackendName[] = ['webgpu', 'webgl', 'wasm', 'cpu'];

/** The largest manifest read (a sweep of hundreds of students is well under it). */
const MAX_MANIFEST_BYTES = 5_000_000;

/** A student's key among a sweep's points: its value of every sweep setting. */
const studentKey = (config: Record<SweepKey, unknown>) => JSON.stringify(SWEEP_KEYS.map((k) => config[k]));

export function replayActions({ set, get }: SliceContext): Pick<ReplaySlice, 'replayManifest'> {
  const fail = (file: string, message: string) =>
    set((s) => ({ error: `${file}: ${message}`, replay: s.replay?.file === file ? { ...s.replay, state: 'failed' } : s.replay }));

  /** The manifest's dataset made current (bundled ones by name), or a message saying what to load. */
  async function useDataset(manifest: Manifest): Promise<string | null> {
    const { id, name, hash } = manifest.dataset;
    if (get().datasetId !== id) {
      const text = textEncodingOf(id);
      if (id === 'mnist') await get().switchToBundledDataset();
      else if (text) await get().switchToTextCorpus(text);
      else return `it was measured on ${name}; load that dataset first (Dataset panel), then replay.`;
    }
    const loaded = get().datasetSummary?.hash;
    if (get().datasetId !== id) return `could not switch to ${name}.`;
    if (loaded !== hash) return `this is not the data it was measured on (${name}: ${loaded ?? 'unknown'}; the manifest: ${hash}).`;
    return null;
  }

  /** The sweep lists that make the manifest's students, or the setting the Sweep panel cannot vary. */
  function sweepLists(manifest: Manifest): Record<SweepListKey, string> | string {
    const varied = manifest.axes.filter((a) => a.values.length > 1 && !(SWEEP_LIST_KEYS as readonly string[]).includes(a.key));
    if (varied.length > 0)
      return `the sweep varies ${varied.map((a) => a.key).join(', ')}, which the Sweep panel does not; replay it with npm run distill -- --manifest.`;
    const first = manifest.students[0]!.config;
    return Object.fromEntries(
      SWEEP_LIST_KEYS.map((key) => {
        const axis = manifest.axes.find((a) => a.key === key);
        const values = axis && axis.values.length > 0 ? axis.values : [first[key]];
        return [key, values.map((v) => String(settingCell(key, v))).join(', ')];
      }),
    ) as Record<SweepListKey, string>;
  }

  /** The replayed test accuracy of each manifest student, in the manifest's order (NaN where none). */
  async function replayStudents(manifest: Manifest, file: string): Promise<number[] | null> {
    if (manifest.kind === 'run') {
      const before = get().runs.at(-1)?.id ?? 0;
      get().replaceConfig(manifest.students[0]!.config);
      await get().distill();
      const run = get().runs.at(-1);
      return run && run.id > before ? [run.result.results.student.testAccuracy] : null;
    }
    const lists = sweepLists(manifest);
    if (typeof lists === 'string') {
      fail(file, lists);
      return null;
    }
    get().replaceConfig(manifest.students[0]!.config);
    for (const key of SWEEP_LIST_KEYS) get().setSweepList(key, lists[key]);
    await get().runSweep();
    const points = new Map((get().sweep?.points ?? []).filter((p) => p.status === 'done').map((p) => [studentKey(p.config), p]));
    return manifest.students.map((s) => points.get(studentKey(s.config))?.results.student.testAccuracy ?? NaN);
  }

  return {
    async replayManifest(input) {
      const file = input.name;
      if (get().job !== 'idle') return fail(file, 'wait for the running job to end, then replay.');
      if (input.size > MAX_MANIFEST_BYTES) return fail(file, 'too large for a manifest.');
      let manifest: Manifest;
      try {
        manifest = parseManifest(new TextDecoder().decode(await input.read()));
      } catch (error) {
        return fail(file, (error as Error).message);
      }
      set({ replay: { file, kind: manifest.kind, state: 'running', rows: null, summary: null }, status: `Replaying ${file}…` });
      const datasetProblem = await useDataset(manifest);
      if (datasetProblem) return fail(file, datasetProblem);
      const backend = get().backend?.name;
      if (backend && backend !== manifest.backend) {
        const measured = BACKENDS.includes(manifest.backend as BackendName)
          ? backendLabel(manifest.backend as BackendName)
          : manifest.backend;
        get().notify(
          `${file} was measured on ${measured}; this page computes on ${backendLabel(backend)}, so the figures may differ in the last digits. Choose ${measured} under Backend for the same numbers.`,
        );
      }
      get().replaceConfig(manifest.teacherConfig);
      const teachersBefore = get().teachers?.id;
      await get().trainTeachers();
      const teachers = get().teachers;
      if (!teachers || teachers.id === teachersBefore) return fail(file, 'the teachers did not finish training; the replay stopped.');
      const replayed = await replayStudents(manifest, file);
      if (!replayed) return get().replay?.state === 'failed' ? undefined : fail(file, 'the students did not finish; the replay stopped.');
      const rows = compareReplay(manifest, replayed);
      const summary = `Replayed ${file}: ${replaySummary(rows)}`;
      set({ replay: { file, kind: manifest.kind, state: 'done', rows, summary }, status: summary });
      // The run or sweep moved the page to its charts; the verdict is beside the replay's input.
      get().showSection('sweep');
    },
  };
}
