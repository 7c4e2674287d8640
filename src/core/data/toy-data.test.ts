import { describe, expect, it } from 'vitest';
import {
  DEFAULT_TOY,
  TOY_KIND_NAMES,
  TOY_KINDS,
  toyClassCount,
  type ToyKind,
  type ToySettings,
  validateToy,
  TEST_POINTS,
  VALIDATION_POINTS,
} from './toy-settings';
import { gridCell, gridPoints, standardizePoints } from './toy-grid';
import { toyDataset, toyPoints } from './toy-data';

/** The default spirals without unlabelled points (the shape tests read every row's label), with `overrides`. */
const settings = (overrides: Partial<ToySettings>): ToySettings => ({ ...DEFAULT_TOY, unlabelled: 0, ...overrides });

/** Each kind with the class counts it takes. */
const CASES: ToySettings[] = TOY_KIND_NAMES.flatMap((kind) => {
  const { min, max } = TOY_KINDS[kind].classes;
  return Array.from({ length: max - min + 1 }, (_, i) => settings({ kind, classes: min + i }));
});

/** The rows of class k as [x, y] pairs. */
function classRows(x: Float32Array, labels: Uint8Array, k: number): [number, number][] {
  const rows: [number, number][] = [];
  labels.forEach((label, i) => {
    if (label === k) rows.push([x[2 * i]!, x[2 * i + 1]!]);
  });
  return rows;
}

const counts = (labels: ArrayLike<number>, classes: number) => {
  const out = new Array<number>(classes).fill(0);
  for (let i = 0; i < labels.length; i++) out[labels[i]!]!++;
  return out;
};

describe('toyPoints', () => {
  it('gives identical arrays for the same seed and different ones for another seed', () => {
    for (const s of CASES) {
      const a = toyPoints(s);
      const b = toyPoints(s);
      expect(b.x).toEqual(a.x);
      expect(b.labels).toEqual(a.labels);
      const c = toyPoints({ ...s, seed: 1 });
      expect(c.x).not.toEqual(a.x);
    }
  });

  it('gives `points` training rows, then the validation and test blocks, then the unlabelled rows; classes balanced and interleaved in each', () => {
    for (const s of CASES) {
      for (const [points, unlabelled] of [
        [50, 0],
        [601, 30],
        [1000, 0],
      ] as const) {
        const { x, labels, classNames, split } = toyPoints({ ...s, points, unlabelled });
        const classes = toyClassCount(s);
        const count = points + VALIDATION_POINTS + TEST_POINTS + unlabelled;
        expect(split).toEqual({ train: points, val: VALIDATION_POINTS, test: TEST_POINTS });
        expect(x.length).toBe(count * 2);
        expect(labels.length).toBe(count);
        expect(classNames.length).toBe(classes);
        let start = 0;
        for (const size of [points, VALIDATION_POINTS, TEST_POINTS]) {
          const block = labels.subarray(start, start + size);
          const perClass = counts(block, classes);
          expect(Math.max(...perClass) - Math.min(...perClass), `${s.kind} ${points}`).toBeLessThanOrEqual(1);
          // Interleaved: the first `classes` rows of a block are one of each class.
          expect(Array.from(block.subarray(0, classes))).toEqual(Array.from({ length: classes }, (_, k) => k));
          start += size;
        }
        // The unlabelled rows carry no label (0, a placeholder).
        expect(labels.subarray(start).every((label) => label === 0)).toBe(true);
      }
    }
  });

  it('draws each block from a stream of its own: more training or unlabelled points move no other point', () => {
    const s = settings({ kind: 'moons', unlabelled: 100 });
    const a = toyPoints(s);
    const b = toyPoints({ ...s, points: s.points + 40, unlabelled: 300 });
    const labelled = s.points + VALIDATION_POINTS + TEST_POINTS;
    // The validation and test blocks are the same points after the longer training block.
    expect(b.x.subarray(2 * (s.points + 40), 2 * (labelled + 40))).toEqual(a.x.subarray(2 * s.points, 2 * labelled));
    // More unlabelled points leave the labelled ones where they were.
    expect(toyPoints({ ...s, unlabelled: 300 }).x.subarray(0, 2 * labelled)).toEqual(a.x.subarray(0, 2 * labelled));
  });

  it('keeps every value finite and inside [-1.6, 1.6], even at full noise', () => {
    for (const s of CASES) {
      for (const noise of [0, 0.1, 0.5, 1]) {
        const { x } = toyPoints({ ...s, noise, points: 2000 });
        const outside = x.filter((v) => !Number.isFinite(v) || Math.abs(v) > 1.6);
        expect(outside.length, `${s.kind} noise ${noise}`).toBe(0);
      }
    }
  });

  it('jitters the points by an amount that grows with noise', () => {
    const spread = (noise: number) => {
      const clean = toyPoints(settings({ kind: 'moons', noise: 0 })).x;
      const noisy = toyPoints(settings({ kind: 'moons', noise })).x;
      // Same seed: the shapes are drawn before any jitter, so row i has the same noise-free position in both.
      let sum = 0;
      for (let i = 0; i < clean.length; i++) sum += (noisy[i]! - clean[i]!) ** 2;
      return Math.sqrt(sum / clean.length);
    };
    expect(spread(0)).toBe(0);
    expect(spread(0.1)).toBeGreaterThan(0.02);
    expect(spread(0.4)).toBeGreaterThan(3 * spread(0.1));
  });

  it('circles at noise 0: every inner point is nearer the centre than every outer point', () => {
    const { x, labels } = toyPoints(settings({ kind: 'circles', noise: 0 }));
    const radius = ([a, b]: [number, number]) => Math.hypot(a, b);
    const inner = classRows(x, labels, 0).map(radius);
    const outer = classRows(x, labels, 1).map(radius);
    expect(Math.max(...inner)).toBeLessThan(Math.min(...outer));
    expect(Math.max(...outer)).toBeLessThanOrEqual(1 + 1e-6);
  });

  it('moons at noise 0: two equal half circles, the upper one opening down, the lower one up, offset as in make_moons', () => {
    const { x, labels } = toyPoints(settings({ kind: 'moons', noise: 0 }));
    const arcs = [0, 1].map((k) => {
      const rows = classRows(x, labels, k).sort((p, q) => p[0] - q[0]);
      const [left, right] = [rows[0]!, rows[rows.length - 1]!];
      const centre = [(left[0] + right[0]) / 2, (left[1] + right[1]) / 2] as const;
      return { rows, centre, radius: (right[0] - left[0]) / 2 };
    });
    const [upper, lower] = arcs as [(typeof arcs)[0], (typeof arcs)[0]];
    expect(lower.radius).toBeCloseTo(upper.radius, 5);
    const r = upper.radius;
    // make_moons: the lower moon's centre is (1, 0.5) radii from the upper one's, so each moon reaches into the other.
    expect(lower.centre[0] - upper.centre[0]).toBeCloseTo(r, 5);
    expect(lower.centre[1] - upper.centre[1]).toBeCloseTo(r / 2, 5);
    for (const [arc, side] of [
      [upper, 1],
      [lower, -1],
    ] as const) {
      for (const [px, py] of arc.rows) {
        expect(Math.hypot(px - arc.centre[0], py - arc.centre[1])).toBeCloseTo(r, 5);
        expect(side * (py - arc.centre[1])).toBeGreaterThanOrEqual(-1e-6);
      }
    }
    // Scaled into the box: x spans [-1, 1].
    expect(Math.min(...x.filter((_, i) => i % 2 === 0))).toBeCloseTo(-1, 5);
    expect(Math.max(...x.filter((_, i) => i % 2 === 0))).toBeCloseTo(1, 5);
  });

  it('xor at noise 0: the label is the sign of x·y, and a band around the axes is empty', () => {
    const { x, labels } = toyPoints(settings({ kind: 'xor', noise: 0, points: 2000 }));
    labels.forEach((label, i) => {
      const [px, py] = [x[2 * i]!, x[2 * i + 1]!];
      expect(label).toBe(px * py > 0 ? 0 : 1);
      expect(Math.min(Math.abs(px), Math.abs(py))).toBeGreaterThan(0.02);
      expect(Math.max(Math.abs(px), Math.abs(py))).toBeLessThanOrEqual(1);
    });
    // All four quadrants are used.
    const quadrants = new Set(Array.from(labels, (_, i) => `${Math.sign(x[2 * i]!)}${Math.sign(x[2 * i + 1]!)}`));
    expect(quadrants.size).toBe(4);
  });

  it('spirals at noise 0: each arm is the first one turned by 1/arms of a circle', () => {
    for (const classes of [2, 3]) {
      // The training block alone (the default 300 training points).
      const all = toyPoints(settings({ kind: 'spirals', noise: 0, classes }));
      const x = all.x.subarray(0, 2 * all.split.train);
      const labels = all.labels.subarray(0, all.split.train);
      const byRadius = (rows: [number, number][]) => rows.sort((p, q) => Math.hypot(...p) - Math.hypot(...q));
      const first = byRadius(classRows(x, labels, 0));
      for (let k = 1; k < classes; k++) {
        // Arms are laid out clockwise (x = r·sin θ, y = r·cos θ, as in TensorFlow Playground): turn back anticlockwise.
        const turn = (2 * Math.PI * k) / classes;
        const back = byRadius(classRows(x, labels, k)).map(
          ([a, b]) => [a * Math.cos(turn) - b * Math.sin(turn), a * Math.sin(turn) + b * Math.cos(turn)] as const,
        );
        expect(back.length).toBe(first.length);
        back.forEach(([a, b], i) => {
          expect(a).toBeCloseTo(first[i]![0], 5);
          expect(b).toBeCloseTo(first[i]![1], 5);
        });
      }
      // The arm reaches from near the centre out to radius 1.
      expect(Math.hypot(...first[0]!)).toBeLessThan(0.01);
      expect(Math.hypot(...first[first.length - 1]!)).toBeGreaterThan(0.99);
    }
  });

  it('throws, naming the setting, for invalid settings', () => {
    expect(() => toyPoints(settings({ points: 5 }))).toThrow(/Training points/);
  });
});

describe('toyDataset', () => {
  it('is a table dataset named after the kind, its blocks its split, the unlabelled points apart', () => {
    for (const s of CASES) {
      const dataset = toyDataset({ ...s, unlabelled: 50 });
      const classes = toyClassCount(s);
      expect(dataset.name).toBe(`${TOY_KINDS[s.kind].label} (${s.points} training points, 50 unlabelled)`);
      expect(dataset.columns).toEqual(['x', 'y']);
      expect(dataset.features).toBe(2);
      expect(dataset.count).toBe(s.points + VALIDATION_POINTS + TEST_POINTS + 50);
      expect(Array.from(dataset.split.train)).toEqual(Array.from({ length: s.points }, (_, i) => i));
      expect(dataset.split.val[0]).toBe(s.points);
      expect(dataset.split.test.length).toBe(TEST_POINTS);
      expect(Array.from(dataset.unlabelled)).toEqual(Array.from({ length: 50 }, (_, i) => s.points + VALIDATION_POINTS + TEST_POINTS + i));
      for (const part of [dataset.split.train, dataset.split.val, dataset.split.test]) {
        const perClass = counts(
          Array.from(part, (i) => dataset.labels[i]!),
          classes,
        );
        expect(Math.min(...perClass)).toBeGreaterThan(0);
      }
    }
    expect(toyDataset({ ...DEFAULT_TOY, unlabelled: 0 }).name).toBe(`Spirals (${DEFAULT_TOY.points} training points)`);
  });

  it('puts every part of a shape into each split: test points lie all along the spiral arms', () => {
    const s = settings({ kind: 'spirals', noise: 0, unlabelled: 0 });
    const { x, labels } = toyPoints(s);
    const { split } = toyDataset(s);
    for (const part of [split.train, split.val, split.test]) {
      for (let k = 0; k < 2; k++) {
        const radii = Array.from(part)
          .filter((i) => labels[i] === k)
          .map((i) => Math.hypot(x[2 * i]!, x[2 * i + 1]!));
        expect(Math.min(...radii)).toBeLessThan(0.25);
        expect(Math.max(...radii)).toBeGreaterThan(0.75);
      }
    }
  });

  it('blobs with noise 0.05: a nearest-centroid classifier fit on the training split gets over 95 % of the test split', () => {
    for (const classes of [2, 3, 4, 5]) {
      const dataset = toyDataset(settings({ kind: 'blobs', noise: 0.05, classes }));
      const { values, labels, split } = dataset;
      const centroids = Array.from({ length: classes }, () => [0, 0, 0]);
      for (const i of split.train) {
        const c = centroids[labels[i]!]!;
        c[0]! += values[2 * i]!;
        c[1]! += values[2 * i + 1]!;
        c[2]!++;
      }
      let correct = 0;
      for (const i of split.test) {
        let best = -1;
        let bestDistance = Infinity;
        centroids.forEach(([sx, sy, n], k) => {
          const d = Math.hypot(values[2 * i]! - sx! / n!, values[2 * i + 1]! - sy! / n!);
          if (d < bestDistance) [best, bestDistance] = [k, d];
        });
        if (best === labels[i]) correct++;
      }
      expect(correct / split.test.length, `${classes} blobs`).toBeGreaterThan(0.95);
    }
  });
});

describe('validateToy', () => {
  it('accepts the defaults and every kind with its own class counts', () => {
    expect(validateToy(DEFAULT_TOY)).toEqual([]);
    for (const s of CASES) expect(validateToy(s)).toEqual([]);
  });

  it('names each bad setting', () => {
    const cases: [Partial<ToySettings>, RegExp][] = [
      [{ points: 9 }, /^Training points must be between 10 and 5000/],
      [{ points: 5001 }, /^Training points must be between 10 and 5000/],
      [{ points: 100.5 }, /^Training points must be a whole number/],
      [{ unlabelled: -1 }, /^Unlabelled points must be between 0 and 5000/],
      [{ noise: -0.1 }, /^Noise must be between 0 and 1/],
      [{ noise: 1.5 }, /^Noise must be between 0 and 1/],
      [{ noise: NaN }, /^Noise must be a number/],
      [{ seed: -1 }, /^Seed must be a non-negative whole number/],
      [{ seed: 1.5 }, /^Seed must be a whole number/],
      [{ kind: 'blobs', classes: 6 }, /^Classes \(for blobs\) must be between 2 and 5/],
      [{ kind: 'blobs', classes: 1 }, /^Classes \(for blobs\) must be between 2 and 5/],
      [{ kind: 'spirals', classes: 4 }, /^Classes \(for spirals\) must be between 2 and 3/],
      [{ kind: 'bogus' as ToyKind }, /^Kind must be one of spirals, moons, circles, xor, blobs/],
    ];
    for (const [overrides, message] of cases) {
      const errors = validateToy(settings(overrides));
      expect(errors, JSON.stringify(overrides)).toHaveLength(1);
      expect(errors[0]).toMatch(message);
    }
  });

  it('ignores classes for the kinds that always have two', () => {
    for (const kind of ['moons', 'circles', 'xor'] as const) {
      expect(validateToy(settings({ kind, classes: 9 }))).toEqual([]);
      expect(toyPoints(settings({ kind, classes: 9 })).classNames).toHaveLength(2);
    }
  });

  it('reports every problem at once', () => {
    expect(validateToy(settings({ points: 1, noise: 2, seed: -3 }))).toHaveLength(3);
  });
});

describe('gridPoints and gridCell', () => {
  it('gridPoints(3, 1) is the 9 points row by row from the top left', () => {
    expect(Array.from(gridPoints(3, 1))).toEqual([-1, 1, 0, 1, 1, 1, -1, 0, 0, 0, 1, 0, -1, -1, 0, -1, 1, -1]);
  });

  it('gridCell gives each row of gridPoints back, corners at ±extent', () => {
    const resolution = 7;
    const grid = gridPoints(resolution);
    expect(grid.length).toBe(resolution * resolution * 2);
    for (let i = 0; i < resolution * resolution; i++) {
      const { x, y } = gridCell(i, resolution);
      expect(grid[2 * i]).toBeCloseTo(x, 6);
      expect(grid[2 * i + 1]).toBeCloseTo(y, 6);
    }
    expect(gridCell(0, resolution)).toEqual({ x: -1.25, y: 1.25 });
    expect(gridCell(resolution * resolution - 1, resolution)).toEqual({ x: 1.25, y: -1.25 });
  });

  it('rejects a grid too small or an index off it', () => {
    expect(() => gridPoints(1)).toThrow(/resolution/);
    expect(() => gridPoints(4, 0)).toThrow(/extent/);
    expect(() => gridCell(9, 3)).toThrow(/index/);
  });
});

describe('standardizePoints', () => {
  it('is (v − mean) / std per column', () => {
    const out = standardizePoints(Float32Array.from([1, 2, 3, 4, -1, 0]), { mean: [1, -2], std: [2, 4] });
    expect(Array.from(out)).toEqual([0, 1, 1, 1.5, -1, 0.5]);
  });

  it('feeds raw points the way the dataset itself was standardised', () => {
    const s = settings({ kind: 'moons' });
    const dataset = toyDataset(s);
    const again = standardizePoints(toyPoints(s).x, dataset.standardization!);
    expect(again.length).toBe(dataset.values.length);
    for (let i = 0; i < again.length; i++) expect(again[i]).toBeCloseTo(dataset.values[i]!, 5);
  });

  it('rejects points that do not make whole rows', () => {
    expect(() => standardizePoints(new Float32Array(3), { mean: [0, 0], std: [1, 1] })).toThrow(/rows of 2/);
  });
});
