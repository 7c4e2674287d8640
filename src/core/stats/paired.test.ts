import { describe, expect, it } from 'vitest';
import { bootstrapInterval, formatPaired, pairedDifference, tQuantile975 } from './paired';

/** Differences as given: the reference is 0 on every seed, so variant − reference is exact. */
function fromDifferences(differences: number[]) {
  const variant = new Map(differences.map((d, i): [number, number] => [i + 1, d]));
  const reference = new Map(differences.map((_, i): [number, number] => [i + 1, 0]));
  return pairedDifference(variant, reference);
}

/** t_{0.975,df} from printed tables (R's qt(0.975, df)), used in the hand computations below. */
const T = { 2: 4.30265273, 3: 3.182446305, 4: 2.776445105, 5: 2.570581836, 6: 2.446911851 };

describe('tQuantile975', () => {
  it('matches tabulated values', () => {
    expect(tQuantile975(1)).toBeCloseTo(12.706204736, 8);
    expect(tQuantile975(2)).toBeCloseTo(4.30265273, 8);
    expect(tQuantile975(3)).toBeCloseTo(T[3], 8);
    expect(tQuantile975(4)).toBeCloseTo(2.776445105, 8);
    expect(tQuantile975(5)).toBeCloseTo(T[5], 8);
    expect(tQuantile975(6)).toBeCloseTo(T[6], 8);
    expect(tQuantile975(9)).toBeCloseTo(2.262157163, 8);
    expect(tQuantile975(29)).toBeCloseTo(2.045229642, 8);
    expect(tQuantile975(1000)).toBeCloseTo(1.962339, 6);
  });

  it('matches the closed forms for df = 1 (Cauchy) and df = 2 to 1e-10', () => {
    // df = 1: t = tan(π(p − ½)); df = 2: t = (2p − 1)/√(2p(1 − p)), with p = 0.975.
    expect(tQuantile975(1)).toBeCloseTo(Math.tan(0.475 * Math.PI), 9);
    expect(tQuantile975(2)).toBeCloseTo(0.95 / Math.sqrt(2 * 0.975 * 0.025), 10);
  });

  it('takes non-integer df and decreases towards the normal 1.959964', () => {
    const t = tQuantile975(2.5);
    expect(t).toBeLessThan(tQuantile975(2));
    expect(t).toBeGreaterThan(tQuantile975(3));
    expect(tQuantile975(1e6)).toBeCloseTo(1.959964, 5);
  });

  it('refuses df that is not a positive number', () => {
    expect(() => tQuantile975(0)).toThrow(RangeError);
    expect(() => tQuantile975(Number.NaN)).toThrow(RangeError);
  });
});

describe('pairedDifference', () => {
  it('differences [1, 2, 3] points: interval straddles 0, cannot tell', () => {
    // mean 0.02, sd 0.01, half-width t_{0.975,2}·0.01/√3 = 4.30265273·0.01/1.7320508 = 0.0248414.
    const d = pairedDifference(
      new Map([
        [1, 0.91],
        [2, 0.92],
        [3, 0.93],
      ]),
      new Map([
        [1, 0.9],
        [2, 0.9],
        [3, 0.9],
      ]),
    );
    expect(d.seeds).toEqual([1, 2, 3]);
    expect(d.n).toBe(3);
    expect(d.mean).toBeCloseTo(0.02, 12);
    expect(d.sd).toBeCloseTo(0.01, 12);
    expect(d.high - d.mean).toBeCloseTo((T[2] * 0.01) / Math.sqrt(3), 9);
    expect(d.low).toBeCloseTo(-0.0048413771, 9);
    expect(d.high).toBeCloseTo(0.0448413771, 9);
    expect(d.verdict).toBe('cannot tell');
    // |mean|/sd = 2; seedsNeeded is the first n with t_{0.975,n−1}/√n < 2:
    // n = 3: 4.30265273/√3 = 2.484 (no); n = 4: 3.182446305/2 = 1.591 (yes) → 4.
    expect(d.seedsNeeded).toBe(4);
  });

  it('differences [1 … 5] points: interval above 0, better', () => {
    // mean 0.03, sd √((4+1+0+1+4)·1e-4/4) = √2.5e-4 = 0.0158114,
    // half-width t_{0.975,4}·0.0158114/√5 = 2.776445105·0.0070711 = 0.0196324 → [0.0103676, 0.0496324].
    const d = fromDifferences([0.01, 0.02, 0.03, 0.04, 0.05]);
    expect(d.mean).toBeCloseTo(0.03, 12);
    expect(d.sd).toBeCloseTo(Math.sqrt(2.5e-4), 12);
    expect(d.low).toBeCloseTo(0.03 - (T[4] * Math.sqrt(2.5e-4)) / Math.sqrt(5), 9);
    expect(d.high).toBeCloseTo(0.03 + (T[4] * Math.sqrt(2.5e-4)) / Math.sqrt(5), 9);
    expect(d.verdict).toBe('better');
    // |mean|/sd = 1.897; n = 3: 2.484 (no); n = 4: 1.591 (yes) → 4, at most the 5 seeds run.
    expect(d.seedsNeeded).toBe(4);
    expect(d.seedsNeeded).toBeLessThanOrEqual(d.n);
  });

  it('differences [−5 … −1] points: interval below 0, worse', () => {
    const d = fromDifferences([-0.05, -0.04, -0.03, -0.02, -0.01]);
    expect(d.mean).toBeCloseTo(-0.03, 12);
    expect(d.low).toBeCloseTo(-0.0496324316, 9);
    expect(d.high).toBeCloseTo(-0.0103675684, 9);
    expect(d.verdict).toBe('worse');
    expect(d.seedsNeeded).toBe(4);
  });

  it('counts the seeds needed when more than one more is needed', () => {
    // [0, 1, 2] points: mean 0.01, sd 0.01, so |mean|/sd = 1; the first n with t_{0.975,n−1}/√n < 1:
    // n = 4: 3.182446305/2 = 1.591; n = 5: 2.776445105/√5 = 1.242; n = 6: 2.570581836/√6 = 1.0494 (no);
    // n = 7: 2.446911851/√7 = 0.9248 (yes) → 7.
    const d = fromDifferences([0, 0.01, 0.02]);
    expect(d.verdict).toBe('cannot tell');
    expect(d.seedsNeeded).toBe(7);
  });

  it('seedsNeeded is the first n whose half-width falls below |mean|', () => {
    const d = fromDifferences([0.01, -0.01, 0.0101]);
    const needed = d.seedsNeeded ?? Number.NaN;
    const halfWidth = (n: number) => (tQuantile975(n - 1) * d.sd) / Math.sqrt(n);
    expect(needed).toBeGreaterThan(d.n);
    expect(halfWidth(needed)).toBeLessThan(Math.abs(d.mean));
    expect(halfWidth(needed - 1)).toBeGreaterThanOrEqual(Math.abs(d.mean));
  });

  it('has no seedsNeeded for a zero mean, nor beyond 10,000 seeds', () => {
    expect(fromDifferences([0, -0.25, 0.25]).seedsNeeded).toBeNull();
    // mean 0.0001, sd 0.02: at n = 10,000 the half-width is still ≈ 1.96·0.02/100 = 0.00039 > 0.0001.
    const far = fromDifferences([0.0201, -0.0199, 0.0001]);
    expect(far.sd).toBeCloseTo(0.02, 12);
    expect(far.seedsNeeded).toBeNull();
  });

  it('one seed: NaN bounds, cannot tell, no seedsNeeded', () => {
    const d = pairedDifference(new Map([[7, 0.9]]), new Map([[7, 0.88]]));
    expect(d.n).toBe(1);
    expect(d.mean).toBeCloseTo(0.02, 12);
    expect(d.sd).toBeNaN();
    expect(d.low).toBeNaN();
    expect(d.high).toBeNaN();
    expect(d.verdict).toBe('cannot tell');
    expect(d.seedsNeeded).toBeNull();
  });

  it('ignores seeds present in only one map and sorts the shared ones', () => {
    const d = pairedDifference(
      new Map([
        [10, 0.5],
        [3, 0.75],
        [1, 0.5],
        [2, 0.25],
      ]),
      new Map([
        [2, 0.5],
        [3, 0.5],
        [5, 0.1],
        [1, 0.5],
      ]),
    );
    expect(d.seeds).toEqual([1, 2, 3]);
    expect(d.differences).toEqual([0, -0.25, 0.25]);
    expect(d.n).toBe(3);
  });

  it('takes records keyed by seed as well as maps', () => {
    const d = pairedDifference(
      { 2: 0.75, 1: 0.5, 4: 1 },
      new Map([
        [1, 0.25],
        [2, 0.25],
        [3, 0],
      ]),
    );
    expect(d.seeds).toEqual([1, 2]);
    expect(d.differences).toEqual([0.25, 0.5]);
  });

  it('no seeds in common: NaN mean, cannot tell', () => {
    const d = pairedDifference(new Map([[1, 0.5]]), new Map([[2, 0.5]]));
    expect(d.n).toBe(0);
    expect(d.mean).toBeNaN();
    expect(d.verdict).toBe('cannot tell');
    expect(d.seedsNeeded).toBeNull();
  });
});

describe('bootstrapInterval', () => {
  const differences = [0.012, -0.004, 0.021, 0.008, 0.015, -0.001, 0.009, 0.03];
  const mean = differences.reduce((s, x) => s + x, 0) / differences.length;

  it('is deterministic for a seed', () => {
    expect(bootstrapInterval(differences, 42)).toEqual(bootstrapInterval(differences, 42));
    expect(bootstrapInterval(differences, 42)).not.toEqual(bootstrapInterval(differences, 43));
  });

  it('contains the mean and stays within [min, max] of the differences', () => {
    const { low, high } = bootstrapInterval(differences, 1);
    expect(low).toBeLessThan(mean);
    expect(high).toBeGreaterThan(mean);
    expect(low).toBeGreaterThanOrEqual(Math.min(...differences));
    expect(high).toBeLessThanOrEqual(Math.max(...differences));
  });

  it('is a point for one difference and NaN for none', () => {
    expect(bootstrapInterval([0.25], 0, 100)).toEqual({ low: 0.25, high: 0.25 });
    const none = bootstrapInterval([]);
    expect(none.low).toBeNaN();
    expect(none.high).toBeNaN();
  });
});

describe('formatPaired', () => {
  it('writes points with signs, the verdict and the seeds that would resolve it', () => {
    expect(formatPaired(fromDifferences([0.01, 0.02, 0.03]))).toBe(
      '+2.00 [\u22120.48, +4.48] points, cannot tell with 3 seeds (about 4 would resolve it)',
    );
    expect(formatPaired(fromDifferences([0, 0.01, 0.02]))).toBe(
      '+1.00 [\u22121.48, +3.48] points, cannot tell with 3 seeds (about 7 would resolve it)',
    );
  });

  it('writes resolved comparisons without a note', () => {
    expect(formatPaired(fromDifferences([0.01, 0.02, 0.03, 0.04, 0.05]))).toBe('+3.00 [+1.04, +4.96] points, better with 5 seeds');
    expect(formatPaired(fromDifferences([-0.05, -0.04, -0.03, -0.02, -0.01]))).toBe(
      '\u22123.00 [\u22124.96, \u22121.04] points, worse with 5 seeds',
    );
  });

  it('says why no seed count is given', () => {
    // Half-width 4.30265273·0.25/√3 = 0.621034 → ±62.10 points around a zero mean (no sign on 0.00).
    expect(formatPaired(fromDifferences([0, -0.25, 0.25]))).toBe(
      '0.00 [\u221262.10, +62.10] points, cannot tell with 3 seeds (no difference to resolve)',
    );
    // mean 0.0001, half-width 4.30265273·0.02/√3 = 0.049683 → [−4.96, +4.98].
    expect(formatPaired(fromDifferences([0.0201, -0.0199, 0.0001]))).toBe(
      '+0.01 [\u22124.96, +4.98] points, cannot tell with 3 seeds (more than 10,000 would be needed)',
    );
    expect(formatPaired(pairedDifference(new Map([[7, 0.9]]), new Map([[7, 0.88]])))).toBe(
      '+2.00 points, cannot tell with 1 seed (one seed shows no spread)',
    );
    expect(formatPaired(pairedDifference(new Map([[1, 0.5]]), new Map([[2, 0.5]])))).toBe('no seeds in common');
  });
});
