import { describe, expect, it } from 'vitest';
import { randomGridLogits } from './grid-maps';
import { meanEntropy, softGradientNorm, unsureShare } from './lesson-figures';

const view = { weights: [1, 1, 1], scales: [1, 1, 1] };

describe('lesson figures', () => {
  const grid = { ...randomGridLogits(16, 3, 3, 1), student: randomGridLogits(16, 3, 1, 2).members[0]! };

  it('the mean entropy grows with T towards log2(C), and a sharper teacher (scale 3) is less unsure', () => {
    expect(meanEntropy(grid, 20, 'arithmetic', view)).toBeGreaterThan(meanEntropy(grid, 1, 'arithmetic', view));
    expect(meanEntropy(grid, 1e6, 'arithmetic', view)).toBeCloseTo(Math.log2(3), 4);
    const sharp = { weights: [1, 1, 1], scales: [3, 3, 3] };
    expect(unsureShare(grid, 'arithmetic', sharp)).toBeLessThanOrEqual(unsureShare(grid, 'arithmetic', view));
  });

  it('the soft term’s gradient shrinks about as 1/T²; times T² it stays of the same size', () => {
    const at8 = softGradientNorm(grid, 8, view);
    const at16 = softGradientNorm(grid, 16, view);
    // Doubling T divides the plain gradient by about 4 …
    expect(at8.plain / at16.plain).toBeGreaterThan(3.5);
    expect(at8.plain / at16.plain).toBeLessThan(4.5);
    // … and leaves the scaled one within 15 %.
    expect(Math.abs(at8.scaled / at16.scaled - 1)).toBeLessThan(0.15);
  });

  it('is NaN without a student', () => {
    expect(softGradientNorm({ ...grid, student: null }, 4, view).plain).toBeNaN();
  });
});
