/**
 * A run's or a sweep's manifest (core/manifest/manifest.ts): what the page knows of it, or why it
 * cannot have one (saved before manifests, so its backend and dataset hash are unknown).
 */
import { makeManifest, type Manifest, type ManifestStudent } from '../core/manifest/manifest';
import type { SweepPoint } from '../core/training/sweep';
import type { StudentRun, SweepRun } from './types';

type Made = { manifest: Manifest } | { error: string };

const UNKNOWN = 'was saved before manifests were recorded: its backend and dataset hash are not known. Run it again to export one.';

/** "distill-manifest-run-3.json". */
export const manifestName = (what: string): string => `distill-manifest-${what}.json`;

const studentOf = (p: Pick<SweepPoint, 'config' | 'results'>): ManifestStudent => ({
  config: p.config,
  studentTestAccuracy: p.results.student.testAccuracy,
  baselineTestAccuracy: p.results.baseline.testAccuracy,
  studentValAccuracy: p.results.student.valAccuracy,
});

export function runManifest(run: StudentRun): Made {
  if (!run.backend || !run.datasetHash) return { error: `Run ${run.id} ${UNKNOWN}` };
  if (run.teachersImportedFrom)
    return {
      error: `Run ${run.id} learnt from imported teachers (${run.teachersImportedFrom}); a manifest replays teachers it can train.`,
    };
  return {
    manifest: makeManifest({
      kind: 'run',
      createdAt: run.createdAt,
      backend: run.backend,
      dataset: { id: run.datasetId, name: run.dataset.name, hash: run.datasetHash },
      teacherConfig: run.teacherConfig,
      axes: [],
      students: [studentOf({ config: run.config, results: run.result.results })],
    }),
  };
}

export function sweepManifest(sweep: SweepRun): Made {
  if (!sweep.backend || !sweep.datasetHash || !sweep.datasetId) return { error: `This sweep ${UNKNOWN}` };
  const done = sweep.points.filter((p) => p.status === 'done');
  if (done.length === 0) return { error: 'The sweep has no finished student to put in a manifest.' };
  return {
    manifest: makeManifest({
      kind: 'sweep',
      createdAt: sweep.createdAt,
      backend: sweep.backend,
      dataset: { id: sweep.datasetId, name: sweep.datasetName ?? sweep.datasetId, hash: sweep.datasetHash },
      teacherConfig: sweep.teacherConfig,
      axes: sweep.axes,
      students: done.map(studentOf),
    }),
  };
}
