import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { useCpu } from '../../../test-support/fixtures';
import { ensembleSoftTargets } from '../losses/losses';
import { ensembleDistribution, entropyBits, row, softmax } from './soft-labels';

beforeAll(useCpu);

const close = (actual: ArrayLike<number>, expected: ArrayLike<number>, digits = 6) => {
  expect(actual.length).toBe(expected.length);
  Array.from(actual).forEach((v, i) => expect(v, `index ${i}`).toBeCloseTo(expected[i]!, digits));
};

describe('softmax', () => {
  it('matches hand values and is stable for huge logits', () => {
    // softmax([0, ln 3]) = [1/4, 3/4]; at T = 2: [1, √3] / (1 + √3).
    close(softmax([0, Math.log(3)]), [0.25, 0.75], 12);
    close(softmax([0, Math.log(3)], 2), [1 / (1 + Math.sqrt(3)), Math.sqrt(3) / (1 + Math.sqrt(3))], 12);
    close(softmax([1000, 1000 + Math.log(3)]), [0.25, 0.75], 12);
  });

  it('rejects a non-positive temperature, naming it', () => {
    expect(() => softmax([1, 2], 0)).toThrow('temperature must be > 0, got 0');
  });
});

describe('ensembleDistribution', () => {
  const members = [
    [2, 0, -1],
    [0, 1, 1],
    [1, -2, 0.5],
  ];

  it("arithmetic: the mean of the members' softmax at T (hand values)", () => {
    const T = 2;
    const expected = [0, 1, 2].map(
      (c) =>
        members.reduce((s, z) => {
          const e = z.map((v) => Math.exp(v / T));
          return s + e[c]! / (e[0]! + e[1]! + e[2]!);
        }, 0) / 3,
    );
    close(ensembleDistribution(members, T, 'arithmetic'), expected, 12);
  });

  it('geometric: softmax of the mean logits at T, i.e. the normalised geometric mean of the members', () => {
    const T = 2;
    const mean = [0, 1, 2].map((c) => members.reduce((s, z) => s + z[c]!, 0) / 3);
    const e = mean.map((v) => Math.exp(v / T));
    close(
      ensembleDistribution(members, T, 'geometric'),
      e.map((v) => v / (e[0]! + e[1]! + e[2]!)),
      12,
    );
    // Same thing as the normalised product of the members' probabilities to the power 1/M.
    const geo = [0, 1, 2].map((c) => members.reduce((prod, z) => prod * softmax(z, T)[c]! ** (1 / 3), 1));
    const sum = geo.reduce((a, b) => a + b, 0);
    close(
      ensembleDistribution(members, T, 'geometric'),
      geo.map((g) => g / sum),
      12,
    );
  });

  it('the two means differ for disagreeing members and coincide for a single member', () => {
    const a = ensembleDistribution(members, 1, 'arithmetic');
    const g = ensembleDistribution(members, 1, 'geometric');
    expect(Math.abs(a[0]! - g[0]!)).toBeGreaterThan(1e-3);
    close(ensembleDistribution([members[0]!], 3, 'arithmetic'), ensembleDistribution([members[0]!], 3, 'geometric'), 12);
  });

  it('agrees with the batched tensor version in losses.ts for both modes', () => {
    const batch = [
      [
        [2, 0, -1, 4],
        [0.5, 0.5, 0, -3],
      ],
      [
        [0, 1, 1, 2],
        [-1, 2, 0, 0],
      ],
    ]; // [members, batch, classes]
    for (const mode of ['arithmetic', 'geometric'] as const) {
      for (const T of [1, 2.5, 7]) {
        const tensor = tf.tidy(() => ensembleSoftTargets(tf.tensor3d(batch), T, mode).arraySync());
        for (let i = 0; i < 2; i++)
          close(
            tensor[i]!,
            ensembleDistribution(
              batch.map((m) => m[i]!),
              T,
              mode,
            ),
            6,
          );
      }
    }
  });

  it('tends to uniform as T grows', () => {
    for (const mode of ['arithmetic', 'geometric'] as const) {
      const p = ensembleDistribution(members, 1e6, mode);
      p.forEach((v) => expect(v).toBeCloseTo(1 / 3, 5));
      expect(entropyBits(ensembleDistribution(members, 1e6, mode))).toBeCloseTo(Math.log2(3), 6);
      // And entropy increases with T.
      expect(entropyBits(ensembleDistribution(members, 4, mode))).toBeGreaterThan(entropyBits(ensembleDistribution(members, 1, mode)));
    }
  });

  it('needs at least one member', () => {
    expect(() => ensembleDistribution([], 1, 'arithmetic')).toThrow(/at least one member/);
  });
});

describe('entropyBits', () => {
  it('is log2(10) for uniform over 10, 0 for one-hot, 1 for a fair coin', () => {
    expect(entropyBits(new Array(10).fill(0.1))).toBeCloseTo(Math.log2(10), 12);
    expect(entropyBits([0, 0, 1, 0])).toBe(0);
    expect(entropyBits([0.5, 0.5])).toBeCloseTo(1, 12);
    // Hand value: H(1/2, 1/4, 1/4) = 1.5 bits.
    expect(entropyBits([0.5, 0.25, 0.25])).toBeCloseTo(1.5, 12);
  });
});

describe('row', () => {
  it('is a view of row i of a row-major matrix', () => {
    const m = Float32Array.from([0, 1, 2, 10, 11, 12]);
    expect(Array.from(row(m, 1, 3))).toEqual([10, 11, 12]);
  });
});
