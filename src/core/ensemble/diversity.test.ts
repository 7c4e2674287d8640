import { describe, expect, it } from 'vitest';
import { ensembleDiversity } from './diversity';

// Three members, four samples, two classes; logits favour class 0 or 1 by ±2.
const favour = (classes: number[]) => Float32Array.from(classes.flatMap((c) => (c === 0 ? [2, -2] : [-2, 2])));
const members = [favour([0, 0, 1, 1]), favour([0, 1, 1, 0]), favour([1, 1, 1, 1])];
const labels = [0, 1, 1, 0];
const all = [0, 1, 2, 3];

describe('ensembleDiversity', () => {
  it('counts pairwise disagreement, the oracle and the gain over the best member by hand', () => {
    const d = ensembleDiversity(members, all, labels, 2, 0.75);
    // Member 1 right on 0 and 2 (of 0, 1, 2, 3); member 2 right on all four; member 3 right on 1 and 2.
    expect(d.bestMemberAccuracy).toBe(1);
    expect(d.ensembleGain).toBeCloseTo(-0.25, 12);
    expect(d.oracleAccuracy).toBe(1);
    expect(d.disagreement).toEqual([
      [0, 0.5, 0.5],
      [0.5, 0, 0.5],
      [0.5, 0.5, 0],
    ]);
  });

  it('reads the test rows only, and gives each member its ECE', () => {
    const d = ensembleDiversity(members, [2, 3], [1, 0], 2, 0.5);
    // Samples 2 and 3: member 1 predicts 1, 1 (one right); member 2 predicts 1, 0 (both right).
    expect(d.bestMemberAccuracy).toBe(1);
    const confidence = Math.exp(2) / (Math.exp(2) + Math.exp(-2));
    // Member 2: confident and right on both: ECE = 1 − confidence; member 1: half right at that confidence.
    expect(d.memberEce[1]).toBeCloseTo(1 - confidence, 6);
    expect(d.memberEce[0]).toBeCloseTo(confidence - 0.5, 6);
  });
});
