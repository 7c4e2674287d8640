import { describe, expect, it } from 'vitest';
import { classSimilarity, strongestSamples, type SimilarityInput } from './class-similarity';
import { cellRows, confusionMatrix } from '../evaluation/confusion';
import { omittedFigures, omittedReport, searchBias } from '../evaluation/omitted';
import { ensembleDistribution } from './soft-labels';
import { scaledLogits } from './teacher-view';

describe('confusionMatrix and cellRows', () => {
  // Three images of 3 classes: truths 0, 1, 1; predictions 0, 2, 1.
  const outputs = [0.9, 0.05, 0.05, 0.1, 0.2, 0.7, 0.1, 0.8, 0.1];
  const labels = [0, 1, 1];

  it('counts true × predicted', () => {
    expect(confusionMatrix(outputs, labels, 3)).toEqual([
      [1, 0, 0],
      [0, 1, 1],
      [0, 0, 0],
    ]);
  });

  it('lists the rows in a cell, and refuses a shape mismatch', () => {
    expect(cellRows(outputs, labels, 3, 1, 2)).toEqual([1]);
    expect(cellRows(outputs, labels, 3, 2, 2)).toEqual([]);
    expect(() => confusionMatrix(outputs, [0, 1], 3)).toThrow(/3 predictions but 2 labels/);
  });
});

describe('classSimilarity', () => {
  // Two members, four samples, three classes.
  const members = [new Float32Array([3, 1, 0, 0, 2, 1, 1, 0, 4, 2, 2, 0]), new Float32Array([2, 2, 0, 1, 3, 0, 0, 1, 2, 3, 0, 1])];
  const labels = [0, 1, 2, 0];
  const input = (mode: 'arithmetic' | 'geometric', view = { weights: [2, 1], scales: [1, 0.5] }): SimilarityInput => ({
    members,
    classes: 3,
    indices: [0, 1, 2, 3],
    labels,
    mode,
    view,
  });

  it('is the mean per true class of the ensemble distribution, with the view’s scales and weights', () => {
    for (const mode of ['arithmetic', 'geometric'] as const) {
      const T = 2.5;
      const scaled = scaledLogits(members, [1, 0.5]);
      const dist = (i: number) =>
        ensembleDistribution(
          scaled.map((t) => t.subarray(i * 3, i * 3 + 3)),
          T,
          mode,
          [2, 1],
        );
      const matrix = classSimilarity(input(mode), T);
      for (let c = 0; c < 3; c++) {
        expect(matrix[0]![c]).toBeCloseTo((dist(0)[c]! + dist(3)[c]!) / 2, 12);
        expect(matrix[1]![c]).toBeCloseTo(dist(1)[c]!, 12);
      }
      matrix.forEach((row) => expect(row.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 12));
    }
  });

  it('a class without samples is a row of NaN; a high T flattens every row', () => {
    const matrix = classSimilarity({ ...input('arithmetic'), indices: [0, 3] }, 1);
    expect(matrix[1]!.every(Number.isNaN)).toBe(true);
    classSimilarity(input('arithmetic'), 1e6).forEach((row) => row.forEach((v) => expect(v).toBeCloseTo(1 / 3, 4)));
  });

  it('strongestSamples ranks the digits of a true class by the probability of another', () => {
    const found = strongestSamples(input('arithmetic'), 2, 0, 1, 5);
    expect(found.map((f) => f.index).sort()).toEqual([0, 3]);
    expect(found[0]!.p).toBeGreaterThanOrEqual(found[1]!.p);
  });
});

describe('the omitted class', () => {
  // Four images, classes 0..2, class 2 omitted: its log-probability is low everywhere.
  const logProbs = [-0.1, -3, -5, -3, -0.1, -4, -0.5, -3, -1.5, -3, -0.2, -2.5];
  const labels = [0, 1, 2, 2];

  it('counts errors overall and on the class, and a bias lifts the class', () => {
    expect(omittedFigures(logProbs, labels, 3, 2, 0)).toEqual({ errors: 2, total: 4, classErrors: 2, classTotal: 2 });
    // +1.5: image 2 becomes a 2 (−1.5 + 1.5 = 0 > −0.5); image 3 not yet (−2.5 + 1.5 = −1 < −0.2).
    expect(omittedFigures(logProbs, labels, 3, 2, 1.5)).toEqual({ errors: 1, total: 4, classErrors: 1, classTotal: 2 });
    // Too much bias makes everything a 2.
    expect(omittedFigures(logProbs, labels, 3, 2, 10).errors).toBe(2);
  });

  it('searchBias picks the fewest errors, the smallest bias on a tie', () => {
    expect(searchBias(logProbs, labels, 3, 2, [0, 1, 1.5, 2.5, 3, 10])).toBe(2.5);
    const report = omittedReport({ val: logProbs, test: logProbs }, { val: labels, test: labels }, 3, 2);
    expect(report.withBias.errors).toBe(0);
    expect(report.asTrained.classErrors).toBe(2);
  });
});
