import { describe, expect, it } from 'vitest';
import { parseMnistAsset } from '../core/data';
import { softLabelView, testIndices, wrapPosition } from './samples';
import { makeStore, readyStore, snapshot, tinyAsset } from './test-helpers';

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
    const view1 = softLabelView(held, 0, 1, 'arithmetic', ['0', '1', '2']);
    const view8 = softLabelView(held, 0, 8, 'arithmetic', ['0', '1', '2']);
    expect(view1.prediction).toBe(0);
    expect(view8.atT[0]).toBeLessThan(view1.atT[0]!);
    expect(view8.entropyAtT).toBeGreaterThan(view8.entropyAtOne);
    expect(view8.entropyAtOne).toBeCloseTo(view1.entropyAtOne, 12);
    expect(view8.members).toHaveLength(2);
    for (const p of [view8.atOne, view8.atT, ...view8.members]) expect(p.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 12);
  });
});
