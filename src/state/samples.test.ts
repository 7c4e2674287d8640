import { describe, expect, it } from 'vitest';
import { parseMnistAsset } from '../core/data/data';
import { softLabelView, testIndices, wrapPosition } from './samples';
import { makeStore, readyStore, snapshot, tinyAsset } from '../../test-support/store';

describe('sample picker', () => {
  it('filters the test split by digit', () => {
    const dataset = parseMnistAsset(tinyAsset(30));
    const twos = testIndices(dataset, 2);
    expect(twos.length).toBeGreaterThan(0);
    for (const i of twos) expect(dataset.labels[i]).toBe(2);
    expect(testIndices(dataset, 2)).toBe(twos); // memoised
    expect(testIndices(dataset, null)).toBe(dataset.split.test);
  });

  it('wraps around in both directions', () => {
    expect(wrapPosition(-1, 5)).toBe(4);
    expect(wrapPosition(5, 5)).toBe(0);
    expect(wrapPosition(3, 0)).toBe(0);
  });

  it('Next/Previous step through the chosen digit and choosing a digit starts at its first sample', async () => {
    const { store } = await readyStore();
    const total = testIndices(store.getState().dataset!, null).length;
    store.getState().previousSample();
    expect(store.getState().samplePosition).toBe(total - 1);
    store.getState().setSampleDigit(1);
    expect(store.getState().samplePosition).toBe(0);
    store.getState().nextSample();
    const ones = testIndices(store.getState().dataset!, 1).length;
    expect(store.getState().samplePosition).toBe(1 % ones);
  });

  it('does nothing before the dataset has loaded', () => {
    const { store } = makeStore();
    store.getState().nextSample();
    expect(store.getState().samplePosition).toBe(0);
  });
});

describe('soft label view', () => {
  it('softens with T and reports entropy in bits', () => {
    const held = snapshot(2);
    const plain = { weights: [1, 1], scales: [1, 1] };
    const view1 = softLabelView(held, 0, 1, 'arithmetic', ['0', '1', '2'], plain);
    const view8 = softLabelView(held, 0, 8, 'arithmetic', ['0', '1', '2'], plain);
    expect(view1.prediction).toBe(0);
    expect(view8.atT[0]).toBeLessThan(view1.atT[0]!);
    expect(view8.entropyAtT).toBeGreaterThan(view8.entropyAtOne);
    expect(view8.entropyAtOne).toBeCloseTo(view1.entropyAtOne, 12);
    expect(view8.members).toHaveLength(2);
    for (const p of [view8.atOne, view8.atT, ...view8.members]) expect(p.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 12);
    expect(view8.student).toBeNull();
  });

  it('shows the teachers through the view: a scale of 2 at T = 8 is the plain teachers at T = 4; a student at the same T', () => {
    const held = snapshot(2);
    const names = ['0', '1', '2'];
    const sharp = softLabelView(held, 0, 8, 'arithmetic', names, { weights: [1, 1], scales: [2, 2] }, [
      Math.log(0.7),
      Math.log(0.2),
      Math.log(0.1),
    ]);
    const plain = softLabelView(held, 0, 4, 'arithmetic', names, { weights: [1, 1], scales: [1, 1] });
    sharp.atT.forEach((p, c) => expect(p).toBeCloseTo(plain.atT[c]!, 12));
    // The student's distribution at T = 8: softmax(log p / 8).
    const z = [0.7, 0.2, 0.1].map((p) => Math.log(p) / 8);
    const sum = z.reduce((a, v) => a + Math.exp(v), 0);
    sharp.student!.forEach((p, c) => expect(p).toBeCloseTo(Math.exp(z[c]!) / sum, 6));
    // Weight 0 on the second member: the ensemble is the first member.
    const first = softLabelView(held, 0, 3, 'geometric', names, { weights: [1, 0], scales: [1, 1] });
    first.atT.forEach((p, c) => expect(p).toBeCloseTo(first.members[0]![c]!, 12));
  });
});
