import { describe, expect, it } from 'vitest';
import { randomGridLogits } from './grid-maps';
import { followsSquareLaw, gradientTable, logitSpread, meanEntropy, softGradientNorm, squareLawFrom, unsureShare } from './lesson-figures';

const view = { weights: [1, 1, 1], scales: [1, 1, 1] };

describe('lesson figures', () => {
  const grid = { ...randomGridLogits(16, 3, 3, 1), student: randomGridLogits(16, 3, 1, 2).members[0]! };

  it('the mean entropy grows with T towards log2(C), and a sharper teacher (scale 3) is less unsure', () => {
    expect(meanEntropy(grid, 20, 'arithmetic', view)).toBeGreaterThan(meanEntropy(grid, 1, 'arithmetic', view));
    expect(meanEntropy(grid, 1e6, 'arithmetic', view)).toBeCloseTo(Math.log2(3), 4);
    const sharp = { weights: [1, 1, 1], scales: [3, 3, 3] };
    expect(unsureShare(grid, 'arithmetic', sharp)).toBeLessThanOrEqual(unsureShare(grid, 'arithmetic', view));
  });

  it('the soft term’s gradient shrinks about as 1/T² once T is large against the logits; times T² it stays of the same size', () => {
    // Logits uniform in [-1, 1]: T = 8 is already large against them.
    const at8 = softGradientNorm(grid, 8, 'arithmetic', view);
    const at16 = softGradientNorm(grid, 16, 'arithmetic', view);
    // Doubling T divides the plain gradient by about 4 …
    expect(at8.plain / at16.plain).toBeGreaterThan(3.5);
    expect(at8.plain / at16.plain).toBeLessThan(4.5);
    // … and leaves the scaled one within 15 %.
    expect(Math.abs(at8.scaled / at16.scaled - 1)).toBeLessThan(0.15);
  });

  it('the gradient is (p_student − p_ensemble) / T, the ensemble mixed through the view: a hand-computed cell', () => {
    // One cell, two classes, one member with logits (2, 0) at scale 0.5 → (1, 0); the student (0, 0).
    const one = {
      resolution: 1,
      extent: 1,
      classes: 2,
      members: [Float32Array.from([2, 0])],
      student: Float32Array.from([0, 0]),
      baseline: null,
    };
    const p = 1 / (1 + Math.exp(-1 / 2)); // softmax((1, 0) / 2)[0]
    const expected = (Math.SQRT2 * (p - 0.5)) / 2;
    const { plain, scaled } = softGradientNorm(one, 2, 'arithmetic', { weights: [1], scales: [0.5] });
    expect(plain).toBeCloseTo(expected, 7); // the ensemble rows are float32
    expect(scaled).toBeCloseTo(expected * 4, 6);
  });

  it('gradientTable gives each doubling’s fall, and squareLawFrom where the 1/T² law starts to hold for good', () => {
    const rows = gradientTable(grid, 'arithmetic', view, [1, 2, 4, 8, 16, 32]);
    expect(rows.map((r) => r.temperature)).toEqual([1, 2, 4, 8, 16, 32]);
    expect(rows[0]!.fall).toBeNaN();
    for (let i = 1; i < rows.length; i++) expect(rows[i]!.fall).toBeCloseTo(rows[i - 1]!.plain / rows[i]!.plain, 12);
    const from = squareLawFrom(rows);
    expect(from).not.toBeNull();
    for (const row of rows.filter((r) => r.temperature > from!)) expect(followsSquareLaw(row)).toBe(true);
    // A table that ends off the law has no such T.
    expect(squareLawFrom([...rows, { temperature: 64, plain: 1, scaled: 4096, fall: 1.5 }])).toBeNull();
  });

  it('logitSpread is the mean gap between a model’s largest and smallest logit, members through their scale', () => {
    const two = {
      resolution: 1,
      extent: 1,
      classes: 3,
      members: [Float32Array.from([1, 5, -1]), Float32Array.from([0, 2, 1])],
      student: Float32Array.from([0, 0.5, 3]),
      baseline: null,
    };
    expect(logitSpread(two, { weights: [1, 1], scales: [1, 4] })).toEqual({ teachers: 8, student: 3 });
  });

  it('is NaN without a student', () => {
    expect(softGradientNorm({ ...grid, student: null }, 4, 'arithmetic', view).plain).toBeNaN();
  });
});
