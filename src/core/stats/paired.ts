/**
 * Comparing two variants of an experiment run on the same seeds, paired over seeds. The variants
 * share teachers, seeds and batches, so a lucky or unlucky seed lifts or sinks both alike: taking
 * the difference seed by seed removes that seed-to-seed spread, and what is left is the effect of
 * the change itself. Two unpaired means with overlapping spreads can still be a clear paired win.
 * Plain numbers only (no tfjs, no DOM), so the CLI, the worker and the page can all use it.
 */
import { seededRandom } from '../data/data';
import { formatCount, plural } from '../format';

export type Verdict = 'better' | 'worse' | 'cannot tell';

export interface PairedDifference {
  /** Seeds present in both (sorted ascending), and the per-seed differences (variant − reference), same order. */
  seeds: number[];
  differences: number[];
  n: number;
  /** Mean of the differences; NaN with no seeds in common. */
  mean: number;
  /** Sample standard deviation (n − 1) of the differences; NaN when n < 2. */
  sd: number;
  /** 95 % t-interval of the mean difference: mean ± t_{0.975,n−1}·sd/√n; NaN bounds when n < 2. */
  low: number;
  high: number;
  /** 'better' when low > 0, 'worse' when high < 0, else 'cannot tell'. */
  verdict: Verdict;
  /**
   * Seeds needed for the 95 % interval to exclude 0 if the mean and sd stayed as observed: the
   * smallest n ≥ 2 with t_{0.975,n−1}·sd/√n < |mean| (search up to 10,000; null if |mean| = 0, sd is NaN,
   * or not reached). When the verdict is already resolved this is ≤ n.
   */
  seedsNeeded: number | null;
}

/** Per-seed results: a Map, or a plain record as read from JSON (its keys are the seeds). */
export type SeedValues = ReadonlyMap<number, number> | Readonly<Record<number, number>>;

/** The largest seed count `seedsNeeded` looks at: beyond it the answer is "not with this budget". */
export const MAX_SEEDS_NEEDED = 10_000;

// ---------------------------------------------------------------------------------------------
// Student's t, exactly: the regularized incomplete beta function, inverted by bisection.
// ---------------------------------------------------------------------------------------------

/** Lanczos coefficients (g = 7, 9 terms): lnΓ to ~15 digits, so the t quantile is good to 1e-10. */
const LANCZOS_G = 7;
const LANCZOS_FIRST = 0.9999999999998099;
const LANCZOS = [
  676.5203681218851, -1259.1392167224028, 771.3234287776531, -176.6150291621406, 12.507343278686905, -0.13857109526572012,
  0.000009984369578019572, 1.5056327351493116e-7,
];

/** ln Γ(x) for x > 0 (Lanczos); below 1/2 through the reflection formula, where Lanczos is inaccurate. */
function lgamma(x: number): number {
  if (x < 0.5) return Math.log(Math.PI / Math.sin(Math.PI * x)) - lgamma(1 - x);
  const z = x - 1;
  const sum = LANCZOS.reduce((s, c, i) => s + c / (z + i + 1), LANCZOS_FIRST);
  const t = z + LANCZOS_G + 0.5;
  return 0.5 * Math.log(2 * Math.PI) + (z + 0.5) * Math.log(t) - t + Math.log(sum);
}

const CF_EPS = 1e-15;
const CF_TINY = 1e-300;
const CF_MAX_ITERATIONS = 100_000;

/** Keeps a Lentz denominator away from zero, which would end the recurrence in a division by zero. */
const nonZero = (v: number) => (Math.abs(v) < CF_TINY ? CF_TINY : v);

/**
 * The continued fraction of the incomplete beta function (Numerical Recipes `betacf`, modified
 * Lentz). It converges fast for x < (a + 1)/(a + b + 2); `regularizedBeta` swaps to make it so.
 */
function betaContinuedFraction(a: number, b: number, x: number): number {
  let c = 1;
  let d = 1 / nonZero(1 - ((a + b) * x) / (a + 1));
  let h = d;
  for (let m = 1; m <= CF_MAX_ITERATIONS; m++) {
    const m2 = 2 * m;
    const even = (m * (b - m) * x) / ((a - 1 + m2) * (a + m2));
    d = 1 / nonZero(1 + even * d);
    c = nonZero(1 + even / c);
    h *= d * c;
    const odd = (-(a + m) * (a + b + m) * x) / ((a + m2) * (a + 1 + m2));
    d = 1 / nonZero(1 + odd * d);
    c = nonZero(1 + odd / c);
    const step = d * c;
    h *= step;
    if (Math.abs(step - 1) < CF_EPS) return h;
  }
  return h;
}

/** I_x(a, b), with y = 1 − x passed in so that x close to 1 loses no digits. */
function regularizedBeta(a: number, b: number, x: number, y: number): number {
  if (x <= 0) return 0;
  if (y <= 0) return 1;
  const front = Math.exp(lgamma(a + b) - lgamma(a) - lgamma(b) + a * Math.log(x) + b * Math.log(y));
  if (x < (a + 1) / (a + b + 2)) return (front * betaContinuedFraction(a, b, x)) / a;
  return 1 - (front * betaContinuedFraction(b, a, y)) / b;
}

/** P(|T| > t) for Student's t with `df` degrees of freedom: I_{df/(df+t²)}(df/2, 1/2). */
function twoSidedTail(t: number, df: number): number {
  const t2 = t * t;
  return regularizedBeta(df / 2, 0.5, df / (df + t2), t2 / (df + t2));
}

const QUANTILE_TOLERANCE = 1e-10;

/**
 * Two-sided 95 % quantile of Student's t with `df` degrees of freedom (df >= 1; any df > 0 works,
 * non-integer too): the t with P(|T| > t) = 0.05. Exact to 1e-10 (relative, for huge t), not an
 * approximation, because a verdict on a handful of seeds hinges on its first digits.
 */
export function tQuantile975(df: number): number {
  if (!(df > 0) || !Number.isFinite(df)) throw new RangeError(`tQuantile975: df must be a positive number, got ${df}`);
  let low = 0;
  let high = 2;
  while (twoSidedTail(high, df) > 0.05) {
    low = high;
    high *= 2;
  }
  for (let i = 0; i < 400 && high - low > QUANTILE_TOLERANCE * Math.max(1, high); i++) {
    const middle = (low + high) / 2;
    if (twoSidedTail(middle, df) > 0.05) low = middle;
    else high = middle;
  }
  return (low + high) / 2;
}

// ---------------------------------------------------------------------------------------------
// The paired comparison.
// ---------------------------------------------------------------------------------------------

function isMap(values: SeedValues): values is ReadonlyMap<number, number> {
  return values instanceof Map;
}

/** Seed → value as a Map whichever way it came (record keys are strings: read them as numbers). */
function asMap(values: SeedValues): ReadonlyMap<number, number> {
  return isMap(values) ? values : new Map(Object.entries(values).map(([seed, value]): [number, number] => [Number(seed), value]));
}

function mean(xs: readonly number[]): number {
  return xs.length > 0 ? xs.reduce((s, x) => s + x, 0) / xs.length : NaN;
}

/** Sample standard deviation (n − 1): the differences are a sample of all the seeds one could run. */
function sampleSd(xs: readonly number[], m: number): number {
  if (xs.length < 2) return NaN;
  return Math.sqrt(xs.reduce((s, x) => s + (x - m) ** 2, 0) / (xs.length - 1));
}

/** Half-width of the 95 % t-interval of a mean of n values with sample sd `sd`. */
function halfWidth(sd: number, n: number): number {
  return (tQuantile975(n - 1) * sd) / Math.sqrt(n);
}

function verdictOf(low: number, high: number): Verdict {
  if (low > 0) return 'better';
  if (high < 0) return 'worse';
  return 'cannot tell';
}

/**
 * The smallest seed count whose interval would exclude 0 at the observed mean and sd. The half-width
 * falls strictly with n (t shrinks and √n grows), so a binary search over [2, 10,000] finds it.
 */
function seedsNeededFor(m: number, sd: number): number | null {
  const target = Math.abs(m);
  if (!(target > 0) || !Number.isFinite(sd)) return null;
  const resolves = (n: number) => halfWidth(sd, n) < target;
  if (!resolves(MAX_SEEDS_NEEDED)) return null;
  let low = 2;
  let high = MAX_SEEDS_NEEDED;
  while (low < high) {
    const middle = Math.floor((low + high) / 2);
    if (resolves(middle)) high = middle;
    else low = middle + 1;
  }
  return low;
}

/**
 * Pairs variant and reference by seed (Map or record seed → value) and summarizes variant − reference.
 * Seeds in only one are ignored: a seed without its partner carries no paired information.
 */
export function pairedDifference(variant: SeedValues, reference: SeedValues): PairedDifference {
  const v = asMap(variant);
  const r = asMap(reference);
  const seeds = [...v.keys()].filter((seed) => r.has(seed)).sort((a, b) => a - b);
  const differences = seeds.map((seed) => (v.get(seed) ?? NaN) - (r.get(seed) ?? NaN));
  const n = seeds.length;
  const m = mean(differences);
  const sd = sampleSd(differences, m);
  const half = n >= 2 ? halfWidth(sd, n) : NaN;
  const low = m - half;
  const high = m + half;
  return { seeds, differences, n, mean: m, sd, low, high, verdict: verdictOf(low, high), seedsNeeded: seedsNeededFor(m, sd) };
}

// ---------------------------------------------------------------------------------------------
// Bootstrap: a second opinion that does not assume the differences are normal.
// ---------------------------------------------------------------------------------------------

/** The p-quantile of sorted values, interpolating linearly between order statistics. */
function percentile(sorted: Float64Array, p: number): number {
  const position = p * (sorted.length - 1);
  const below = Math.floor(position);
  const above = Math.min(below + 1, sorted.length - 1);
  const lower = sorted[below] ?? NaN;
  const upper = sorted[above] ?? NaN;
  return lower + (position - below) * (upper - lower);
}

/**
 * Percentile bootstrap of the mean paired difference: resample the n per-seed differences with
 * replacement `resamples` times with a seeded PRNG (data.ts's mulberry32) and return the 2.5 % and 97.5 %
 * percentiles of the resampled means. With few seeds it is narrower than the t-interval (it can
 * never leave [min, max] of the differences), so read it as a check, not as the verdict.
 */
export function bootstrapInterval(differences: readonly number[], seed = 0, resamples = 10_000): { low: number; high: number } {
  const n = differences.length;
  if (n === 0 || resamples < 1) return { low: NaN, high: NaN };
  const random = seededRandom(seed); // the shuffles' mulberry32: the same interval on every run
  const means = new Float64Array(resamples);
  for (let r = 0; r < resamples; r++) {
    let sum = 0;
    for (let i = 0; i < n; i++) sum += differences[Math.floor(random() * n)] ?? NaN;
    means[r] = sum / n;
  }
  means.sort();
  return { low: percentile(means, 0.025), high: percentile(means, 0.975) };
}

// ---------------------------------------------------------------------------------------------
// Plain text.
// ---------------------------------------------------------------------------------------------

const MINUS = '\u2212';

/** A fraction as signed points with 2 decimals, "+0.42", "−0.10"; "0.00" when it rounds to zero; "–" for NaN. */
export function signedPoints(fraction: number): string {
  if (!Number.isFinite(fraction)) return '–';
  const text = Math.abs(fraction * 100).toFixed(2);
  if (Number(text) === 0) return text;
  return `${fraction < 0 ? MINUS : '+'}${text}`;
}

/** "+0.42 [−0.10, +0.94]": the mean difference and its 95 % interval in points (the mean alone for one seed). */
export function formatInterval(d: PairedDifference): string {
  if (d.n === 0) return '–';
  return d.n >= 2 ? `${signedPoints(d.mean)} [${signedPoints(d.low)}, ${signedPoints(d.high)}]` : signedPoints(d.mean);
}

/** Seeds that would resolve the difference as observed: "9", "> 10,000", or "–" (one seed, or no difference). */
export function formatSeedsNeeded(d: PairedDifference): string {
  if (d.seedsNeeded !== null) return formatCount(d.seedsNeeded);
  return d.n >= 2 && d.mean !== 0 && Number.isFinite(d.mean) ? `> ${formatCount(MAX_SEEDS_NEEDED)}` : '–';
}

/** Why an unresolved comparison stays unresolved, or how many seeds would settle it. */
function unresolvedNote(d: PairedDifference): string {
  if (d.seedsNeeded !== null) return `about ${formatCount(d.seedsNeeded)} would resolve it`;
  if (d.n < 2) return 'one seed shows no spread';
  if (d.mean === 0) return 'no difference to resolve';
  return `more than ${formatCount(MAX_SEEDS_NEEDED)} would be needed`;
}

/**
 * "+0.42 [−0.10, +0.94] points, cannot tell with 3 seeds (about 9 would resolve it)": accuracies are
 * fractions, printed in points (×100). One seed has no interval, so it prints the mean alone.
 */
export function formatPaired(d: PairedDifference): string {
  if (d.n === 0) return 'no seeds in common';
  const head = `${formatInterval(d)} points, ${d.verdict} with ${plural(d.n, 'seed')}`;
  return d.verdict === 'cannot tell' ? `${head} (${unresolvedNote(d)})` : head;
}
