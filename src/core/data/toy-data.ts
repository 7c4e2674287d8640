/**
 * Two-dimensional toy datasets for teaching mode, in the manner of TensorFlow Playground: spirals,
 * moons, circles, xor and blobs, drawn from a seed. Their settings are in toy-settings.ts, the grid
 * on which a model's decision regions are painted in toy-grid.ts.
 *
 * Shapes live in roughly [-1, 1]²; jitter never carries a point outside [-LIMIT, LIMIT]². Every
 * random draw comes from one seeded PRNG, so a settings object (seed included) is the whole
 * recipe: the same settings give the same points, byte for byte. No tfjs and no DOM here.
 */
import { type Dataset, makeDataset, seededRandom, shuffled } from './data';
import { TEST_POINTS, toyClassCount, TOY_KINDS, VALIDATION_POINTS, validateToy, type ToyKind, type ToySettings } from './toy-settings';

/** The jitter's standard deviation at noise 1, in the box's units (the box is 2 wide). */
export const JITTER = 0.5;

/** No point lies outside [-LIMIT, LIMIT]²: jitter that would carry one there is drawn again. */
export const LIMIT = 1.5;
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
