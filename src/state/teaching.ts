/**
 * Teaching mode's settings in the URL (beside the config, as `toy=spirals&toy-noise=0.1…`), its
 * defaults, and the 2D dataset as the worker receives it.
 */
import { DEFAULT_CONFIG, type ExperimentConfig } from '../core/config';
import type { ImportedData } from '../core/import/types';
import {
  DEFAULT_TOY,
  TOY_KIND_NAMES,
  TOY_KINDS,
  TOY_PARAMS,
  toyPoints,
  validateToy,
  type ToyKind,
  type ToySettings,
} from '../core/toy-data';

/**
 * Teachers that draw the spirals (2-128-128-2, 100 epochs: ensemble about 95 % on test, some 4 s
 * on WASM in Node) and a student too small for them from hard labels (2-4-2).
 */
export const TEACHING_CONFIG: ExperimentConfig = {
  ...DEFAULT_CONFIG,
  ensembleSize: 3,
  teacherHidden: 128,
  teacherEpochs: 100,
  learningRate: 0.01,
  batchSize: 32,
  studentHidden: '4',
  studentEpochs: 80,
  temperature: 4,
  alpha: 0.9,
};

/** The grid the decision regions are painted on (cells per side, and half its width in input units). */
export const GRID = { resolution: 64, extent: 1.25 } as const;

const flag = (key: string) => `toy-${key}`;

export function toyToHash(toy: ToySettings): string {
  const entries: [string, string][] = [['toy', toy.kind], ...TOY_PARAMS.map((p): [string, string] => [flag(p.key), String(toy[p.key])])];
  return new URLSearchParams(entries).toString();
}

/** Reads the toy settings of a hash; unknown or invalid entries fall back to the defaults. */
export function toyFromHash(hash: string): ToySettings {
  const query = new URLSearchParams(hash.replace(/^#/, ''));
  const kind = query.get('toy');
  const toy: ToySettings = {
    ...DEFAULT_TOY,
    kind: kind && (TOY_KIND_NAMES as string[]).includes(kind) ? (kind as ToyKind) : DEFAULT_TOY.kind,
  };
  for (const p of TOY_PARAMS) {
    const raw = query.get(flag(p.key));
    if (raw === null || raw.trim() === '') continue;
    const candidate = { ...toy, [p.key]: Number(raw) };
    if (validateToy(candidate).length === 0) Object.assign(toy, candidate);
  }
  return toy;
}

/** The 2D dataset as an imported table (x, y), which the worker loads like any other. */
export function toyData(toy: ToySettings): ImportedData {
  const { x, labels, classNames } = toyPoints(toy);
  return {
    name: `${TOY_KINDS[toy.kind].label} (${toy.points} points)`,
    classNames,
    features: 2,
    values: x,
    image: null,
    columns: ['x', 'y'],
    labels,
  };
}

export function isTeachingMode(search: string): boolean {
  return new URLSearchParams(search).get('mode') === 'teaching';
}
