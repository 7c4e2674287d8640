import { describe, expect, it } from 'vitest';
import { parseMnistAsset } from './data';
import { datasetHash } from './dataset-hash';
import { tinyAsset } from '../../../test-support/store';

describe('datasetHash', () => {
  it('is the same for the same data and changes with a label, a pixel or the split', () => {
    const hash = datasetHash(parseMnistAsset(tinyAsset()));
    expect(hash).toMatch(/^sha256:[0-9a-f]{64}$/);
    expect(datasetHash(parseMnistAsset(tinyAsset()))).toBe(hash);
    const label = parseMnistAsset(tinyAsset());
    label.labels[0] = (label.labels[0]! + 1) % 10;
    const pixel = parseMnistAsset(tinyAsset());
    pixel.values[5]! += 1;
    const split = parseMnistAsset(tinyAsset());
    split.split = { ...split.split, test: split.split.test.slice(1) };
    for (const other of [label, pixel, split]) expect(datasetHash(other)).not.toBe(hash);
  });
});
