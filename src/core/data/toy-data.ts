/**
 * Two-dimensional toy datasets for teaching mode, in the manner of TensorFlow Playground: spirals,
 * moons, circles, xor and blobs, drawn from a seed, plus the grid on which a model's decision
 * regions are painted.
 *
 * Shapes live in roughly [-1, 1]²; jitter never carries a point outside [-LIMIT, LIMIT]². Every
 * random draw comes from one seeded PRNG, so a settings object (seed included) is the whole
 * recipe: the same settings give the same points, byte for byte. No tfjs and no DOM here.
 */
import { type Dataset, makeDataset, seededRandom, shuffled } from './data';

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

/** The jitter's standard deviation at noise 1, in the box's units (the box is 2 wide). */
export const JITTER = 0.5;

/** No point lies outside [-LIMIT, LIMIT]²: jitter that would carry one there is drawn again. */
export const LIMIT = 1.5;

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

/** Spirals: each arm winds this many turns from the centre out to radius 1 (TensorFlow Playground's 1.75). */
const SPIRAL_TURNS = 1.75;
/** Circles: the inner disk's radius, and the outer ring's inner and outer radii. */
const DISK_RADIUS = 0.5;
const RING = [0.7, 1] as const;
/** XOR: the empty band on each side of the axes. */
const XOR_MARGIN = 0.05;
/** Blobs: the radius of the circle the centres sit on, and each cluster's own standard deviation (before noise). */
const BLOB_RING = 0.6;
const BLOB_SD = 0.1;
/** Moons: make_moons lives in x ∈ [-1, 2], y ∈ [-0.5, 1]; centred and scaled by 2/3 it fills x ∈ [-1, 1]. */
const MOON_SCALE = 2 / 3;
const MOON_CENTRE = [0.5, 0.25] as const;

/** A standard normal draw (Box–Muller) from the seeded PRNG. */
function gaussian(random: () => number): number {
  const u = 1 - random(); // (0, 1]: log(0) is never taken
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * random());
}

/** The class names of each kind, for the legend and the confusion matrix. */
function classNamesOf(kind: ToyKind, classes: number): string[] {
  switch (kind) {
    case 'spirals':
      return Array.from({ length: classes }, (_, k) => `arm ${k + 1}`);
    case 'moons':
      return ['upper moon', 'lower moon'];
    case 'circles':
      return ['inner disk', 'outer ring'];
    case 'xor':
      return ['x·y > 0', 'x·y < 0'];
    case 'blobs':
      return Array.from({ length: classes }, (_, k) => `blob ${k + 1}`);
  }
}

/**
 * The noise-free position of the `index`-th of `count` points of class `k` (of `classes`). Shapes
 * traced along a curve (spirals, moons) place their points evenly along it by `index`; the
 * others draw positions from `random`.
 */
function basePoint(kind: ToyKind, k: number, classes: number, index: number, count: number, random: () => number): [number, number] {
  switch (kind) {
    case 'spirals': {
      const s = (index + 0.5) / count; // never exactly 0, so the arms do not share the centre
      const angle = 2 * Math.PI * (SPIRAL_TURNS * s + k / classes);
      return [s * Math.sin(angle), s * Math.cos(angle)];
    }
    case 'moons': {
      const t = count > 1 ? (Math.PI * index) / (count - 1) : Math.PI / 2;
      const [mx, my] = k === 0 ? [Math.cos(t), Math.sin(t)] : [1 - Math.cos(t), 0.5 - Math.sin(t)];
      return [(mx - MOON_CENTRE[0]) * MOON_SCALE, (my - MOON_CENTRE[1]) * MOON_SCALE];
    }
    case 'circles': {
      // Uniform over the area: r² uniform between the inner and outer radius squared.
      const [r0, r1] = k === 0 ? [0, DISK_RADIUS] : RING;
      const r = Math.sqrt(r0 * r0 + random() * (r1 * r1 - r0 * r0));
      const angle = 2 * Math.PI * random();
      return [r * Math.cos(angle), r * Math.sin(angle)];
    }
    case 'xor': {
      // Class 0 takes quadrants I and III, class 1 quadrants II and IV.
      const ax = XOR_MARGIN + random() * (1 - XOR_MARGIN);
      const ay = XOR_MARGIN + random() * (1 - XOR_MARGIN);
      const sx = random() < 0.5 ? -1 : 1;
      const sy = k === 0 ? sx : -sx;
      return [sx * ax, sy * ay];
    }
    case 'blobs': {
      const angle = Math.PI / 2 + (2 * Math.PI * k) / classes;
      return [BLOB_RING * Math.cos(angle) + BLOB_SD * gaussian(random), BLOB_RING * Math.sin(angle) + BLOB_SD * gaussian(random)];
    }
  }
}

/** `value` plus Gaussian jitter of standard deviation `sd`, drawn again while it would leave [-LIMIT, LIMIT]. */
function jitter(value: number, sd: number, random: () => number): number {
  if (sd === 0) return Math.max(-LIMIT, Math.min(LIMIT, value));
  for (let attempt = 0; attempt < 64; attempt++) {
    const moved = value + sd * gaussian(random);
    if (Math.abs(moved) <= LIMIT) return moved;
  }
  return Math.max(-LIMIT, Math.min(LIMIT, value));
}

/** Each block of points comes from its own stream of the seed, so one block's size never moves another's points. */
const STREAMS = { validation: 0x5a11d, test: 0x7e57, unlabelled: 0x75e1ab } as const;

/**
 * The points of a toy dataset, as rows of (x, y) in blocks: the `points` labelled training points,
 * VALIDATION_POINTS and TEST_POINTS labelled points for choosing and reporting, then the
 * `unlabelled` points, whose labels are dropped (0, a placeholder). `split` gives the blocks' sizes.
 *
 * Within a block, classes get equal shares (the first few one more when the count does not divide
 * evenly). Each class's points are laid along its shape in a seeded shuffled order and the classes
 * are interleaved row by row. The noise-free shape does not depend on `noise`: for a seed, raising
 * the noise scatters the same points further. Throws when the settings are invalid.
 */
export function toyPoints(settings: ToySettings): {
  x: Float32Array;
  labels: Uint8Array;
  classNames: string[];
  split: { train: number; val: number; test: number };
  unlabelled: number;
} {
  const errors = validateToy(settings);
  if (errors.length > 0) throw new Error(`Toy dataset: ${errors.join(' ')}`);
  const { kind, points, seed, unlabelled } = settings;
  const blocks = [
    drawPoints(settings, points, seededRandom(seed)),
    drawPoints(settings, VALIDATION_POINTS, seededRandom(seed ^ STREAMS.validation)),
    drawPoints(settings, TEST_POINTS, seededRandom(seed ^ STREAMS.test)),
    drawPoints(settings, unlabelled, seededRandom(seed ^ STREAMS.unlabelled)),
  ];
  const count = points + VALIDATION_POINTS + TEST_POINTS + unlabelled;
  const x = new Float32Array(count * 2);
  const labels = new Uint8Array(count);
  let row = 0;
  blocks.forEach((block, b) => {
    x.set(block.x, row * 2);
    if (b < 3) labels.set(block.labels, row); // the unlabelled block keeps its 0s
    row += block.labels.length;
  });
  return {
    x,
    labels,
    classNames: classNamesOf(kind, toyClassCount(settings)),
    split: { train: points, val: VALIDATION_POINTS, test: TEST_POINTS },
    unlabelled,
  };
}

/** `points` points of the settings' shapes, their classes interleaved row by row (see toyPoints). */
function drawPoints(settings: ToySettings, points: number, random: () => number): { x: Float32Array; labels: Uint8Array } {
  const { kind, noise } = settings;
  const classes = toyClassCount(settings);
  const sd = noise * JITTER;

  // The shapes are drawn first and jittered after, so the noise setting moves the same points.
  const perClass: [number, number][][] = [];
  for (let k = 0; k < classes; k++) {
    const count = Math.floor(points / classes) + (k < points % classes ? 1 : 0);
    const order = shuffled(
      Int32Array.from({ length: count }, (_, i) => i),
      random,
    );
    perClass.push(Array.from(order, (index) => basePoint(kind, k, classes, index, count, random)));
  }
  for (const rows of perClass) for (const point of rows) for (const axis of [0, 1]) point[axis] = jitter(point[axis]!, sd, random);

  const x = new Float32Array(points * 2);
  const labels = new Uint8Array(points);
  let row = 0;
  for (let i = 0; row < points; i++) {
    for (let k = 0; k < classes; k++) {
      const point = perClass[k]![i];
      if (point === undefined) continue;
      x[2 * row] = point[0];
      x[2 * row + 1] = point[1];
      labels[row] = k;
      row++;
    }
  }
  return { x, labels };
}

/** The toy points as a table dataset with columns x and y, standardised on its training split. */
export function toyDataset(settings: ToySettings): Dataset {
  const { x, labels, classNames, split, unlabelled } = toyPoints(settings);
  return makeDataset(toyName(settings), classNames, x, labels, { columns: ['x', 'y'] }, { blocks: split, unlabelled });
}

/** The dataset's name: the shape and its points, labelled and not. */
export function toyName(settings: ToySettings): string {
  const extra = settings.unlabelled > 0 ? `, ${settings.unlabelled} unlabelled` : '';
  return `${TOY_KINDS[settings.kind].label} (${settings.points} training points${extra})`;
}

function checkGrid(resolution: number, extent: number): void {
  if (!Number.isInteger(resolution) || resolution < 2)
    throw new Error(`Grid resolution must be a whole number of at least 2 (got ${resolution}).`);
  if (!(extent > 0) || !Number.isFinite(extent)) throw new Error(`Grid extent must be a positive number (got ${extent}).`);
}

/**
 * The point of row `index` of gridPoints(resolution, extent): rows run left to right, then top
 * to bottom; corners included, so the first is (-extent, +extent) and the last (+extent, -extent).
 */
export function gridCell(index: number, resolution: number, extent = 1.25): { x: number; y: number } {
  checkGrid(resolution, extent);
  if (!Number.isInteger(index) || index < 0 || index >= resolution * resolution) {
    throw new Error(`Grid index must be a whole number in 0..${resolution * resolution - 1} (got ${index}).`);
  }
  const step = (2 * extent) / (resolution - 1);
  const row = Math.floor(index / resolution);
  const column = index % resolution;
  return { x: -extent + column * step, y: extent - row * step };
}

/**
 * A resolution × resolution grid over [-extent, extent]² as (x, y) rows, row-major from the top
 * left (y from +extent down), for painting a model's decision regions. Feed it through
 * standardizePoints first: the models see standardised inputs.
 */
export function gridPoints(resolution: number, extent = 1.25): Float32Array {
  checkGrid(resolution, extent);
  const out = new Float32Array(resolution * resolution * 2);
  for (let i = 0; i < resolution * resolution; i++) {
    const { x, y } = gridCell(i, resolution, extent);
    out[2 * i] = x;
    out[2 * i + 1] = y;
  }
  return out;
}

/**
 * (value − mean) / std per column, as makeDataset did to the dataset's own values: raw points
 * (a grid, a clicked point) in, the models' inputs out. The columns are mean.length wide.
 */
export function standardizePoints(points: Float32Array, standardization: { mean: number[]; std: number[] }): Float32Array {
  const { mean, std } = standardization;
  const features = mean.length;
  if (features === 0 || std.length !== features) {
    throw new Error(`Standardization needs one mean and one std per column (got ${mean.length} and ${std.length}).`);
  }
  if (points.length % features !== 0) throw new Error(`${points.length} values do not make rows of ${features}.`);
  const out = new Float32Array(points.length);
  for (let i = 0; i < points.length; i++) out[i] = (points[i]! - mean[i % features]!) / std[i % features]!;
  return out;
}
