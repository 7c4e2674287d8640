/**
 * Teaching mode's 2D datasets as settings: the kinds of shape (spirals, moons, circles, xor, blobs)
 * with their defaults, the numeric settings with their ranges, and their validation. The points
 * themselves are drawn in toy-data.ts. No tfjs and no DOM here.
 */
export type ToyKind = 'spirals' | 'moons' | 'circles' | 'xor' | 'blobs';

export interface ToyKindInfo {
  label: string;
  /** One line for the picker. */
  description: string;
  /** How many classes the kind can have; min === max means the `classes` setting is ignored. */
  classes: { min: number; max: number };
  /** The kind's default points, noise, unlabelled points and classes (teaching mode starts each shape from these). */
  defaults: Omit<ToySettings, 'kind' | 'seed'>;
}

export const TOY_KINDS: Readonly<Record<ToyKind, ToyKindInfo>> = {
  spirals: {
    label: 'Spirals',
    description: 'Two interleaved spirals: easy for a wide net, hard for a tiny one',
    classes: { min: 2, max: 3 },
    defaults: { points: 300, noise: 0.1, unlabelled: 2000, classes: 2 },
  },
  moons: {
    label: 'Moons',
    description: 'Two interlocking half circles: a curved boundary a linear model cannot draw',
    classes: { min: 2, max: 2 },
    defaults: { points: 300, noise: 0.2, unlabelled: 2000, classes: 2 },
  },
  circles: {
    label: 'Circles',
    description: 'A disk inside a ring: separable only with a closed boundary',
    classes: { min: 2, max: 2 },
    defaults: { points: 300, noise: 0.2, unlabelled: 2000, classes: 2 },
  },
  xor: {
    label: 'XOR',
    description: 'Opposite quadrants share a class: needs a hidden layer',
    classes: { min: 2, max: 2 },
    defaults: { points: 300, noise: 0.2, unlabelled: 2000, classes: 2 },
  },
  blobs: {
    label: 'Blobs',
    description: 'Gaussian clusters on a circle: nearly linearly separable, one per class',
    classes: { min: 2, max: 5 },
    defaults: { points: 300, noise: 0.3, unlabelled: 2000, classes: 3 },
  },
};

export const TOY_KIND_NAMES = Object.keys(TOY_KINDS) as ToyKind[];

export interface ToySettings {
  kind: ToyKind;
  /** Labelled training points, spread evenly over the classes (validation and test points are drawn apart: toyPoints). */
  points: number;
  /** Gaussian jitter: its standard deviation is noise × JITTER in the box's units. */
  noise: number;
  seed: number;
  /** Spirals' arms (2–3) or blobs' clusters (2–5); the other kinds always have 2 classes. */
  classes: number;
  /**
   * Extra points drawn from the same shapes without their labels: a transfer set that the teachers
   * label and the distilled student learns from; the baseline, with no teachers, cannot use them.
   */
  unlabelled: number;
}

export const DEFAULT_TOY: ToySettings = { kind: 'spirals', seed: 0, ...TOY_KINDS.spirals.defaults };

export type ToyNumericKey = Exclude<keyof ToySettings, 'kind'>;

export interface ToyParam {
  key: ToyNumericKey;
  /** The control's accessible name, and the name in error messages. */
  label: string;
  min: number;
  max: number;
  step: number;
  integer: boolean;
  /** One line under the control. */
  help?: string;
}

/** Validation and test points: drawn apart from the training points, the same number whatever the settings, so results compare. */
export const VALIDATION_POINTS = 200;
export const TEST_POINTS = 400;

/** The numeric settings; `classes` is bounded further per kind by TOY_KINDS[kind].classes. */
export const TOY_PARAMS: readonly ToyParam[] = [
  {
    key: 'points',
    label: 'Training points',
    min: 10,
    max: 5000,
    step: 10,
    integer: true,
    help: `Labelled points to train on. ${VALIDATION_POINTS} validation and ${TEST_POINTS} test points are drawn apart.`,
  },
  { key: 'noise', label: 'Noise', min: 0, max: 1, step: 0.05, integer: false },
  { key: 'seed', label: 'Seed', min: 0, max: 2 ** 31 - 1, step: 1, integer: true },
  { key: 'classes', label: 'Classes', min: 2, max: 5, step: 1, integer: true },
  {
    key: 'unlabelled',
    label: 'Unlabelled points',
    min: 0,
    max: 5000,
    step: 50,
    integer: true,
    help: 'Points without a label (grey on the maps): the teachers label them, and only the distilled student learns from them.',
  },
];

/** Every problem with the settings, each naming the setting; empty when they are fine. */
export function validateToy(settings: ToySettings): string[] {
  const errors: string[] = [];
  const info = (TOY_KINDS as Partial<Record<string, ToyKindInfo>>)[settings.kind];
  if (info === undefined) errors.push(`Kind must be one of ${TOY_KIND_NAMES.join(', ')}.`);
  for (const param of TOY_PARAMS) {
    if (param.key === 'classes' && (info === undefined || info.classes.min === info.classes.max)) continue;
    const min = param.key === 'classes' ? info!.classes.min : param.min;
    const max = param.key === 'classes' ? info!.classes.max : param.max;
    const value = settings[param.key];
    const what = param.key === 'classes' ? `${param.label} (for ${info!.label.toLowerCase()})` : param.label;
    if (typeof value !== 'number' || !Number.isFinite(value)) errors.push(`${what} must be a number.`);
    else if (param.integer && !Number.isInteger(value)) errors.push(`${what} must be a whole number.`);
    else if (param.key === 'seed' && value < 0) errors.push(`${what} must be a non-negative whole number.`);
    else if (value < min || value > max) errors.push(`${what} must be between ${min} and ${max}.`);
  }
  return errors;
}

/** How many classes the settings make: `classes` for the kinds that take it, else the kind's fixed count. */
export function toyClassCount(settings: ToySettings): number {
  const { min, max } = TOY_KINDS[settings.kind].classes;
  return min === max ? min : settings.classes;
}
