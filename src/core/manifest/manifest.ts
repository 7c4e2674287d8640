/**
 * A manifest: everything needed to run a distillation or a sweep again and get the same numbers —
 * the teachers' and every student's settings (seeds included), the backend, which dataset (by id and
 * by its SHA-256), the studio's version — and the test accuracies it measured, which a replay checks
 * itself against. The studio exports one per run or sweep; the CLI (`--manifest FILE`) and the
 * studio ("Replay a manifest") both read it. Plain JSON, no tfjs: shared by the page and Node.
 */
import { migrateConfig, type ExperimentConfig } from '../settings/config';
import { SWEEP_KEYS, type SweepAxis, type SweepKey, type SweepValue } from '../training/sweep';
import { version as STUDIO_VERSION } from '../../../package.json';

export const MANIFEST_FORMAT = 'distill-studio-manifest';
export const MANIFEST_VERSION = 1;

/** What one student of the manifest measured: the figures a replay must give again. */
export interface ManifestStudent {
  config: ExperimentConfig;
  studentTestAccuracy: number;
  baselineTestAccuracy: number;
  studentValAccuracy: number;
}

export interface Manifest {
  format: typeof MANIFEST_FORMAT;
  version: typeof MANIFEST_VERSION;
  /** The studio's version (package.json) that measured it. */
  studio: string;
  kind: 'run' | 'sweep';
  createdAt: string;
  /** The tfjs backend it ran on: the same backend replays to the same numbers. */
  backend: string;
  dataset: {
    /** 'mnist', 'brown-8000-64' (vocabulary, length), 'toy-…', or an imported dataset's id. */
    id: string;
    name: string;
    /** data/dataset-hash.ts: a replay refuses other data. */
    hash: string;
  };
  /** The settings the teachers were trained with (the students learn from these teachers). */
  teacherConfig: ExperimentConfig;
  /** The sweep's varied settings ([] for a run), for the tables. */
  axes: SweepAxis[];
  /** Every student, in order, with the figures it measured. */
  students: ManifestStudent[];
}

export interface ManifestSource {
  kind: Manifest['kind'];
  createdAt: string;
  backend: string;
  dataset: Manifest['dataset'];
  teacherConfig: ExperimentConfig;
  axes: SweepAxis[];
  students: ManifestStudent[];
}

export function makeManifest(source: ManifestSource): Manifest {
  return { format: MANIFEST_FORMAT, version: MANIFEST_VERSION, studio: STUDIO_VERSION, ...source };
}

/** The manifest as a file's text (2-space JSON). */
export const manifestJson = (manifest: Manifest): string => `${JSON.stringify(manifest, null, 2)}\n`;

const isObject = (x: unknown): x is Record<string, unknown> => typeof x === 'object' && x !== null && !Array.isArray(x);

function readStudent(x: unknown, i: number): ManifestStudent {
  if (!isObject(x) || !isObject(x.config)) throw new Error(`student ${i + 1} has no settings`);
  const figure = (key: string) => {
    const value = x[key];
    if (typeof value !== 'number') throw new Error(`student ${i + 1} has no ${key}`);
    return value;
  };
  return {
    config: migrateConfig(x.config),
    studentTestAccuracy: figure('studentTestAccuracy'),
    baselineTestAccuracy: figure('baselineTestAccuracy'),
    studentValAccuracy: figure('studentValAccuracy'),
  };
}

function readAxes(x: unknown): SweepAxis[] {
  if (!Array.isArray(x)) throw new Error('axes must be a list');
  return x.map((axis) => {
    if (!isObject(axis) || !SWEEP_KEYS.includes(axis.key as SweepKey) || !Array.isArray(axis.values))
      throw new Error('an axis is not a sweep setting');
    return { key: axis.key as SweepKey, values: axis.values as SweepValue[] };
  });
}

/** Reads a manifest's text; throws an Error that says what is wrong ("Not a manifest: …"). */
export function parseManifest(text: string): Manifest {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    throw new Error('Not a manifest: the file is not JSON.');
  }
  if (!isObject(raw) || raw.format !== MANIFEST_FORMAT) throw new Error(`Not a manifest: no "format": "${MANIFEST_FORMAT}".`);
  if (raw.version !== MANIFEST_VERSION)
    throw new Error(`This manifest is version ${String(raw.version)}; this studio reads version ${MANIFEST_VERSION}.`);
  try {
    const dataset = raw.dataset;
    if (!isObject(dataset) || typeof dataset.id !== 'string' || typeof dataset.hash !== 'string') throw new Error('no dataset id and hash');
    if (!isObject(raw.teacherConfig)) throw new Error("no teachers' settings");
    if (raw.kind !== 'run' && raw.kind !== 'sweep') throw new Error('kind must be run or sweep');
    if (!Array.isArray(raw.students) || raw.students.length === 0) throw new Error('no students');
    return {
      format: MANIFEST_FORMAT,
      version: MANIFEST_VERSION,
      studio: String(raw.studio ?? ''),
      kind: raw.kind,
      createdAt: String(raw.createdAt ?? ''),
      backend: String(raw.backend ?? ''),
      dataset: { id: dataset.id, name: String(dataset.name ?? dataset.id), hash: dataset.hash },
      teacherConfig: migrateConfig(raw.teacherConfig),
      axes: readAxes(raw.axes ?? []),
      students: raw.students.map(readStudent),
    };
  } catch (error) {
    throw new Error(`Not a usable manifest: ${(error as Error).message}.`, { cause: error });
  }
}

/** A student of the manifest replayed: the figure it recorded and the one the replay measured. */
export interface ReplayedStudent {
  index: number;
  seed: number;
  expected: number;
  replayed: number;
  same: boolean;
}

/** Each student's test accuracy, recorded against replayed (exactly equal: the same backend gives the same bits). */
export function compareReplay(manifest: Manifest, replayedTest: readonly number[]): ReplayedStudent[] {
  return manifest.students.map((s, i) => ({
    index: i + 1,
    seed: s.config.seed,
    expected: s.studentTestAccuracy,
    replayed: replayedTest[i] ?? NaN,
    same: replayedTest[i] === s.studentTestAccuracy,
  }));
}

/** "3 of 3 students give the manifest's test accuracy exactly" or which differ. */
export function replaySummary(rows: readonly ReplayedStudent[]): string {
  const same = rows.filter((r) => r.same).length;
  const head = `${same} of ${rows.length} ${rows.length === 1 ? 'student gives' : 'students give'} the manifest's test accuracy exactly`;
  const differ = rows.filter((r) => !r.same);
  if (differ.length === 0) return `${head}.`;
  const pct = (x: number) => (Number.isFinite(x) ? `${(x * 100).toFixed(2)} %` : 'not measured');
  return `${head}; ${differ.map((r) => `student ${r.index} (seed ${r.seed}): ${pct(r.replayed)} against ${pct(r.expected)}`).join('; ')}.`;
}

/** The text-corpus encoding a dataset id names ("brown-8000-64"), or null for other data. */
export function textEncodingOf(id: string): { vocabSize: number; length: number } | null {
  const match = /^brown-(\d+)-(\d+)$/.exec(id);
  return match ? { vocabSize: Number(match[1]), length: Number(match[2]) } : null;
}
