/**
 * Teaching mode's settings in the URL (beside the config, as `toy=spirals&toy-noise=0.1…`), its
 * defaults, and the 2D dataset as the worker receives it.
 */
import { DEFAULT_CONFIG, type ExperimentConfig } from '../core/settings/config';
import type { ImportedData } from '../core/import/types';
import TOY_DEMO_TABLE from './toy-demos.json';
import { DEFAULT_TOY, TOY_KIND_NAMES, TOY_KINDS, TOY_PARAMS, validateToy, type ToyKind, type ToySettings } from '../core/data/toy-settings';
import { toyName, toyPoints } from '../core/data/toy-data';

/**
 * Teachers that draw the spirals (2-128-128-2, 100 epochs: the ensemble gets about 96 % of the
 * test points) and a student that can draw them but seldom learns to from its labels alone; T
 * and the student were chosen on validation (`npm run toy-table -- --search spirals`, README).
 * Batches of 16 for 150 epochs train both students to convergence, so a gain is not a baseline
 * stopped early.
 */
export const TEACHING_CONFIG: ExperimentConfig = {
  ...DEFAULT_CONFIG,
  ensembleSize: 3,
  teacherHidden: 128,
  teacherEpochs: 100,
  learningRate: 0.01,
  batchSize: 16,
  studentHidden: '6-6',
  studentEpochs: 150,
  temperature: 1,
  alpha: 0.9,
};

/** A shape's starting point in teaching mode: its own points, noise and unlabelled points, and the teaching config. */
export function teachingDefaults(kind: ToyKind): { toy: ToySettings; config: ExperimentConfig } {
  return { toy: { ...DEFAULT_TOY, ...TOY_KINDS[kind].defaults, kind }, config: TEACHING_CONFIG };
}

/** One row of `npm run toy-table` (toy-demos.json): a shape at its defaults, over seeds, on the test points. */
export interface ToyDemoFigures {
  kind: ToyKind;
  seeds: number[];
  /** Mean test accuracy (%) of the ensemble and both students. */
  ensemble: number;
  student: number;
  baseline: number;
  /** Distilled − baseline in points: mean, sample sd, each seed's. */
  gain: number;
  gainSd: number;
  gains: number[];
  /** What was measured: the shape's defaults and the config (seeds aside), so a stale table is caught. */
  toy: Omit<ToySettings, 'seed'>;
  config: Omit<ExperimentConfig, 'seed'>;
}

/** The measured demos (written by `npm run toy-table`). */
export const TOY_DEMOS = TOY_DEMO_TABLE as ToyDemoFigures[];

/** A demo counts as showing distillation when its mean gain is at least this many points and larger than its spread over the seeds. */
export const DEMO_GAIN = 2;

export const showsGain = (figures: Pick<ToyDemoFigures, 'gain' | 'gainSd'>): boolean =>
  figures.gain >= DEMO_GAIN && figures.gain > figures.gainSd;

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
  const { x, labels, classNames, split, unlabelled } = toyPoints(toy);
  return {
    name: toyName(toy),
    classNames,
    features: 2,
    values: x,
    image: null,
    columns: ['x', 'y'],
    labels,
    split,
    unlabelled,
  };
}

export function isTeachingMode(search: string): boolean {
  return new URLSearchParams(search).get('mode') === 'teaching';
}

/**
 * What teaching mode may say about distillation on a shape: the measured gain at its defaults
 * (toy-demos.json, `npm run toy-table`), and plainly that there is none where there is none.
 */
export function toyDemoNote(kind: ToyKind): string {
  const figures = TOY_DEMOS.find((row) => row.kind === kind);
  if (!figures) return '';
  const seeds = `seeds ${figures.seeds[0]}–${figures.seeds.at(-1)}`;
  const gain = `${figures.gain >= 0 ? '+' : '−'}${Math.abs(figures.gain).toFixed(1)} ± ${figures.gainSd.toFixed(1)} points`;
  return showsGain(figures)
    ? `A distillation demo: at these defaults the distilled student beat its baseline on the test points by ${gain} (mean ± sd over ${seeds}).`
    : `Not a distillation demo: here a student of this size learns the shape from its labels, and distillation changed its test accuracy by ${gain} (${seeds}) — nothing to show. Use it for the regions, T and calibration.`;
}
