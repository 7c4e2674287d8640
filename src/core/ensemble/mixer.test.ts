import { describe, expect, it } from 'vitest';
import { EnsembleMixer, logSumExp, normalizedWeights } from './mixer';

const close = (actual: ArrayLike<number>, expected: ArrayLike<number>, digits = 12) => {
  expect(actual.length).toBe(expected.length);
  Array.from(actual).forEach((v, i) => expect(v, `index ${i}`).toBeCloseTo(expected[i]!, digits));
};

const LN3 = Math.log(3);
// softmax([0, ln 3]) = [1/4, 3/4] and softmax([ln 3, 0]) = [3/4, 1/4].
const A = [0, LN3];
const B = [LN3, 0];

describe('EnsembleMixer, arithmetic mean: Σ w_m softmax(s_m z_m / T)', () => {
  it('averages the members’ distributions with equal weights by default (hand values)', () => {
    close(new EnsembleMixer(2, 2, { mode: 'arithmetic' }).mix([A, B]), [0.5, 0.5]);
  });

  it('normalises the weights: 3 : 1 is 0.75 · [1/4, 3/4] + 0.25 · [3/4, 1/4] = [0.375, 0.625]', () => {
    close(new EnsembleMixer(2, 2, { mode: 'arithmetic', weights: [3, 1] }).mix([A, B]), [0.375, 0.625]);
  });

  it('divides by T after the scale: [0, 2 ln 3] at T = 2, and [0, ln 3 / 2] × 4 at T = 2, are both [1/4, 3/4]', () => {
    close(new EnsembleMixer(1, 2, { mode: 'arithmetic', temperature: 2 }).mix([[0, 2 * LN3]]), [0.25, 0.75]);
    const scaled = new EnsembleMixer(2, 2, { mode: 'arithmetic', weights: [3, 1], scales: [4, 1], temperature: 2 });
    // Member 1: [0, ln 3 / 2] × 4 / 2 = [0, ln 3]; member 2: [2 ln 3, 0] / 2 = [ln 3, 0].
    close(
      scaled.mix([
        [0, LN3 / 2],
        [2 * LN3, 0],
      ]),
      [0.375, 0.625],
    );
  });

  it('is stable for huge logits', () => {
    close(
      new EnsembleMixer(2, 2, { mode: 'arithmetic' }).mix([
        [1000, 1000 + LN3],
        [-1000, -1000 + LN3],
      ]),
      [0.25, 0.75],
    );
  });
});

describe('EnsembleMixer, geometric mean: softmax(Σ w_m s_m z_m / T)', () => {
  it('is the normalised weighted geometric mean of the members’ distributions (hand values)', () => {
    // 3 : 1 → Σ w z = [ln 3 / 4, 3 ln 3 / 4], so p ∝ [3^(1/4), 3^(3/4)] = [1, √3] / (1 + √3).
    const expected = [1 / (1 + Math.sqrt(3)), Math.sqrt(3) / (1 + Math.sqrt(3))];
    close(new EnsembleMixer(2, 2, { mode: 'geometric', weights: [3, 1] }).mix([A, B]), expected);
    // The same as (1/4)^0.75 (3/4)^0.25 : (3/4)^0.75 (1/4)^0.25, the product of the members' probabilities.
    const product = [0.25 ** 0.75 * 0.75 ** 0.25, 0.75 ** 0.75 * 0.25 ** 0.25];
    close(new EnsembleMixer(2, 2, { mode: 'geometric', weights: [3, 1] }).mix([A, B]), [
      product[0]! / (product[0]! + product[1]!),
      product[1]! / (product[0]! + product[1]!),
    ]);
  });

  it('applies scales and T: [0, ln 3] × 2 at T = 4 is softmax([0, ln 3 / 2]) = [1, √3] / (1 + √3)', () => {
    close(new EnsembleMixer(1, 2, { mode: 'geometric', scales: [2], temperature: 4 }).mix([A]), [
      1 / (1 + Math.sqrt(3)),
      Math.sqrt(3) / (1 + Math.sqrt(3)),
    ]);
  });

  it('equals the arithmetic mean for one member', () => {
    const z = [[2, -1, 0.5]];
    const settings = { scales: [1.7], temperature: 2.5 };
    close(
      new EnsembleMixer(1, 3, { mode: 'geometric', ...settings }).mix(z),
      new EnsembleMixer(1, 3, { mode: 'arithmetic', ...settings }).mix(z),
    );
  });
});

describe('EnsembleMixer, rows and weights', () => {
  it('reads row `at` of each table and reuses one output row', () => {
    const tables = [new Float32Array([9, 9, 0, Math.fround(LN3)]), new Float32Array([9, 9, Math.fround(LN3), 0])];
    const mixer = new EnsembleMixer(2, 2, { mode: 'arithmetic', weights: [3, 1] });
    const first = mixer.mix(tables, 2);
    close(first, [0.375, 0.625], 6);
    expect(mixer.mix(tables, 0)).toBe(first); // the same buffer, overwritten
    close(first, [0.5, 0.5]);
  });

  it('mixRows writes the rows `indices` name, in their order, or every row', () => {
    const tables = [new Float32Array([5, 5, 0, 2]), new Float32Array([5, 5, 2, 0])];
    const mixer = new EnsembleMixer(2, 2, { mode: 'geometric' });
    close(mixer.mixRows(tables, new Float32Array(4), [1, 0]), [0.5, 0.5, 0.5, 0.5], 6);
    const one = new EnsembleMixer(1, 2, { mode: 'arithmetic' });
    const e = Math.exp(2);
    close(one.mixRows([tables[0]!], new Float32Array(4)), [0.5, 0.5, 1 / (1 + e), e / (1 + e)], 6);
    expect(() => one.mixRows([tables[0]!], new Float32Array(4), [0])).toThrow('out holds 2 rows; 1 indices given');
  });

  it('skips a member of weight 0, even one whose logits are not finite', () => {
    for (const mode of ['arithmetic', 'geometric'] as const) {
      const withZero = new EnsembleMixer(3, 2, { mode, weights: [3, 1, 0] }).mix([A, B, [NaN, Infinity]]);
      close(withZero, new EnsembleMixer(2, 2, { mode, weights: [3, 1] }).mix([A, B]));
    }
  });

  it('refuses what does not fit, naming it', () => {
    expect(() => new EnsembleMixer(0, 2, { mode: 'arithmetic' })).toThrow('an ensemble needs at least one member');
    expect(() => new EnsembleMixer(2, 2, { mode: 'arithmetic', weights: [1] })).toThrow('1 weights for 2 members');
    expect(() => new EnsembleMixer(2, 2, { mode: 'arithmetic', scales: [1, 1, 1] })).toThrow('3 scales for 2 members');
    expect(() => new EnsembleMixer(2, 2, { mode: 'arithmetic', weights: [0, 0] })).toThrow('at least one member weight must be above 0');
    expect(() => new EnsembleMixer(1, 2, { mode: 'arithmetic', temperature: 0 })).toThrow('temperature must be > 0, got 0');
    expect(() => new EnsembleMixer(2, 2, { mode: 'arithmetic' }).mix([A])).toThrow('2 weights for 1 members');
  });
});

describe('normalizedWeights and logSumExp', () => {
  it('scale weights to sum to 1 and refuse negative ones', () => {
    expect(normalizedWeights([3, 1, 0])).toEqual([0.75, 0.25, 0]);
    expect(() => normalizedWeights([1, -1])).toThrow('member weights must be finite numbers ≥ 0');
  });

  it('log Σ exp is stable: ln(1 + 3) for [0, ln 3], and 1000 + ln 4 for [1000, 1000 + ln 3]', () => {
    expect(logSumExp([0, LN3])).toBeCloseTo(Math.log(4), 12);
    expect(logSumExp([1000, 1000 + LN3])).toBeCloseTo(1000 + Math.log(4), 10);
  });
});
