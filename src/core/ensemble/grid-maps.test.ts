import { describe, expect, it } from 'vitest';
import type { EnsembleMode } from '../settings/config';
import {
  classProbabilityGrid,
  classShares,
  ensembleRegion,
  entropyGrid,
  type GridLogits,
  randomGridLogits,
  regionCells,
  timeEntropyGrid,
} from './grid-maps';
import { ensembleDistribution, entropyBits, softmax } from './soft-labels';
import type { TeacherView } from './teacher-view';

const MODES: EnsembleMode[] = ['arithmetic', 'geometric'];
const VIEWS: TeacherView[] = [
  { weights: [1, 2, 0.5], scales: [0.7, 1.6, 1.1] },
  { weights: [0, 1, 3], scales: [2, 0.5, 1] },
];

/** The ensemble's distribution at one cell the slow way: scale each member's row, then soft-labels.ts. */
function reference(grid: GridLogits, cell: number, temperature: number, mode: EnsembleMode, view: TeacherView): Float64Array {
  const { classes } = grid;
  const rows = grid.members.map((table, m) => Array.from(table.subarray(cell * classes, (cell + 1) * classes), (z) => z * view.scales[m]!));
  return ensembleDistribution(rows, temperature, mode, view.weights);
}

/** A grid where every member puts `margin` more logit on class (cell mod classes) than on any other. */
function confidentGrid(resolution: number, classes: number, margin: number): GridLogits {
  const table = () => {
    const t = new Float32Array(resolution * resolution * classes);
    for (let i = 0; i < resolution * resolution; i++) t[i * classes + (i % classes)] = margin;
    return t;
  };
  return { resolution, extent: 1.25, classes, members: [table(), table(), table()], student: null, baseline: null };
}

describe('entropyGrid and classProbabilityGrid', () => {
  const grid = randomGridLogits(7, 4, 3, 42, 5);
  const cells = 7 * 7;

  for (const mode of MODES) {
    for (const [v, view] of VIEWS.entries()) {
      for (const temperature of [1, 2.5, 0.6]) {
        it(`match ensembleDistribution and entropyBits at every cell (${mode}, view ${v}, T = ${temperature})`, () => {
          const entropy = entropyGrid(grid, temperature, mode, view);
          const probabilities = Array.from({ length: 4 }, (_, c) => classProbabilityGrid(grid, temperature, mode, view, c));
          expect(entropy).toHaveLength(cells);
          for (let i = 0; i < cells; i++) {
            const p = reference(grid, i, temperature, mode, view);
            expect(entropy[i], `cell ${i}`).toBeCloseTo(entropyBits(p), 5);
            for (let c = 0; c < 4; c++) expect(probabilities[c]![i], `cell ${i}, class ${c}`).toBeCloseTo(p[c]!, 6);
          }
        });
      }
    }
  }

  it('tends to log2(classes) as T grows, for every cell and both means', () => {
    for (const mode of MODES) {
      const entropy = entropyGrid(grid, 1e5, mode, VIEWS[0]!);
      for (let i = 0; i < cells; i++) expect(entropy[i]).toBeCloseTo(2, 4);
    }
  });

  it('stays within [0, log2(classes)] and its mean over the grid grows with T', () => {
    const temperatures = [0.5, 1, 2, 4, 8, 16];
    for (const mode of MODES) {
      const series = temperatures.map((t) => entropyGrid(grid, t, mode, VIEWS[0]!));
      for (const values of series) for (const h of values) expect(h >= 0 && h <= 2 + 1e-6).toBe(true);
      // The mean over the grid rises with T (a single arithmetic cell need not be monotone).
      const means = series.map((values) => values.reduce((a, b) => a + b, 0) / cells);
      for (let k = 1; k < means.length; k++) expect(means[k]!).toBeGreaterThan(means[k - 1]!);
    }
  });

  it('is 0 for cells where every member is confident, at T = 1', () => {
    const sure = confidentGrid(5, 3, 60);
    for (const mode of MODES) {
      const entropy = entropyGrid(sure, 1, mode, { weights: [1, 1, 1], scales: [1, 1, 1] });
      for (const h of entropy) expect(h).toBeLessThan(1e-9);
    }
  });

  it('fills and returns `out` when given, and rejects one of the wrong length', () => {
    const out = new Float32Array(cells).fill(-1);
    expect(entropyGrid(grid, 2, 'arithmetic', VIEWS[0]!, out)).toBe(out);
    expect(out.every((h) => h >= 0)).toBe(true);
    expect(classProbabilityGrid(grid, 2, 'geometric', VIEWS[0]!, 1, out)).toBe(out);
    expect(() => entropyGrid(grid, 2, 'arithmetic', VIEWS[0]!, new Float32Array(3))).toThrow(/out has 3 values/);
  });

  it('rejects bad arguments, naming them', () => {
    const view = VIEWS[0]!;
    expect(() => entropyGrid(grid, 0, 'arithmetic', view)).toThrow(/temperature/);
    expect(() => entropyGrid(grid, 1, 'median' as EnsembleMode, view)).toThrow(/mode/);
    expect(() => entropyGrid(grid, 1, 'arithmetic', { weights: [1, 1], scales: [1, 1, 1] })).toThrow(/view\.weights/);
    expect(() => entropyGrid(grid, 1, 'arithmetic', { weights: [1, 1, 1], scales: [1] })).toThrow(/view\.scales/);
    expect(() => entropyGrid({ ...grid, members: [] }, 1, 'arithmetic', view)).toThrow(/members/);
    expect(() => entropyGrid({ ...grid, resolution: 6 }, 1, 'arithmetic', view)).toThrow(/members\[0\]/);
    expect(() => classProbabilityGrid(grid, 1, 'arithmetic', view, 4)).toThrow(/cls/);
  });
});

describe('ensembleRegion', () => {
  const grid = randomGridLogits(6, 3, 3, 7, 3);
  for (const mode of MODES) {
    it(`picks the argmax of the ensemble at T = 1 through the view (${mode})`, () => {
      const view = VIEWS[0]!;
      const { label, confidence } = ensembleRegion(grid, mode, view);
      for (let i = 0; i < 36; i++) {
        const p = Array.from(reference(grid, i, 1, mode, view));
        const best = p.indexOf(Math.max(...p));
        expect(label[i], `cell ${i}`).toBe(best);
        expect(confidence[i]).toBeCloseTo(p[best]!, 6);
      }
    });
  }
});

describe('regionCells', () => {
  it('picks the argmax class and its softmax probability at T = 1', () => {
    const logits = Float32Array.from([2, 0, -1, 0, 3, 1, -1, -2, 5, 1, 1, 0]);
    const { label, confidence } = regionCells(logits, 3);
    expect(Array.from(label)).toEqual([0, 1, 2, 0]); // the last cell ties: the first class wins
    for (let i = 0; i < 4; i++) {
      const p = softmax(logits.subarray(i * 3, i * 3 + 3));
      expect(confidence[i]).toBeCloseTo(p[label[i]!]!, 6);
    }
  });

  it('agrees with a slow argmax on random logits, and is stable for huge ones', () => {
    const { members } = randomGridLogits(8, 5, 1, 3);
    const table = members[0]!;
    const { label, confidence } = regionCells(table, 5);
    for (let i = 0; i < 64; i++) {
      const row = Array.from(table.subarray(i * 5, i * 5 + 5));
      expect(label[i]).toBe(row.indexOf(Math.max(...row)));
      expect(confidence[i]! >= 0.2 && confidence[i]! <= 1).toBe(true);
    }
    // 1000 + ln 3 rounds in float32, hence 4 digits.
    expect(regionCells(Float32Array.from([1000, 1000 + Math.log(3)]), 2).confidence[0]).toBeCloseTo(0.75, 4);
  });

  it('rejects a table that is not rows of `classes`', () => {
    expect(() => regionCells(new Float32Array(7), 3)).toThrow(/logits has 7 values/);
    expect(() => regionCells(new Float32Array(6), 0)).toThrow(/classes/);
  });
});

describe('classShares', () => {
  it('gives each class its share of the cells', () => {
    expect(classShares(Uint8Array.from([0, 1, 1, 2]), 3)).toEqual([0.25, 0.5, 0.25]);
  });
});

describe('timeEntropyGrid', () => {
  it('returns a finite positive number of milliseconds (timing itself is the benchmark’s job)', () => {
    const ms = timeEntropyGrid(3);
    expect(Number.isFinite(ms)).toBe(true);
    expect(ms).toBeGreaterThan(0);
  });
});
