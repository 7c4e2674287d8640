import { describe, expect, it } from 'vitest';
import { csvLabelChoice, datasetOf, isCsvImport, parseDatasetFiles, previewOf } from './dataset-files';
import type { InputFile } from './types';

const text = (name: string, content: string): InputFile => ({ name, bytes: new TextEncoder().encode(content) });

/** Twelve irises of three species (four each), the species in the last column. */
const IRIS = text(
  'iris.csv',
  'sepal_length,sepal_width,petal_length,petal_width,species\n' +
    Array.from(
      { length: 12 },
      (_, i) => `${5 + i / 10},${3 + (i % 4) / 10},${1 + i / 5},${(i % 3) / 2},${['setosa', 'versicolor', 'virginica'][i % 3]}`,
    ).join('\n'),
);

describe('the label column of a CSV import', () => {
  it('lists the header and the column recognised by its name, or none', () => {
    expect(csvLabelChoice([IRIS])).toEqual({
      header: ['sepal_length', 'sepal_width', 'petal_length', 'petal_width', 'species'],
      labelColumn: null,
    });
    expect(csvLabelChoice([text('t.csv', 'x,Target\n1,2\n')])).toEqual({ header: ['x', 'Target'], labelColumn: 'Target' });
  });

  it('names the column the options choose, as the header spells it; null if the header has none', () => {
    expect(csvLabelChoice([IRIS], { labelColumn: 'SPECIES' })?.labelColumn).toBe('species');
    expect(csvLabelChoice([IRIS], { labelColumn: 'colour' })?.labelColumn).toBeNull();
  });

  it('is null for other formats and for a CSV whose header cannot be read', () => {
    expect(csvLabelChoice([text('images.zip', 'PK')])).toBeNull();
    expect(csvLabelChoice([text('train-images-idx3-ubyte', ''), text('train-labels-idx1-ubyte', '')])).toBeNull();
    expect(csvLabelChoice([text('empty.csv', '')])).toBeNull();
    expect(isCsvImport([IRIS])).toBe(true);
    expect(isCsvImport([text('a.csv', ''), text('b.csv', '')])).toBe(false);
  });

  it('is refused without a chosen column, then parsed and previewed with it: class names from its values, the rest as numbers', () => {
    expect(() => parseDatasetFiles([IRIS])).toThrow(/iris\.csv: no label column/);
    const options = { labelColumn: 'species' };
    const preview = previewOf(parseDatasetFiles([IRIS], options), csvLabelChoice([IRIS], options));
    expect(preview.classNames).toEqual(['setosa', 'versicolor', 'virginica']);
    expect(preview.perClass).toEqual([4, 4, 4]);
    expect(preview.columns).toEqual(['sepal_length', 'sepal_width', 'petal_length', 'petal_width']);
    expect(preview.features).toBe(4);
    expect(preview.labelChoice).toEqual({ header: expect.arrayContaining(['species']), labelColumn: 'species' });
    expect(preview.split).toEqual({ train: 6, val: 3, test: 3 });
  });
});

describe('the preview of data with its own test set', () => {
  it('counts its split and says so; its sample grid is a small dataset of its own', () => {
    const rows = 30;
    const data = {
      name: 'tiny',
      classNames: ['a', 'b', 'c'],
      features: 4,
      values: new Uint8Array(rows * 4).map((_, i) => i % 256),
      image: { height: 2, width: 2, channels: 1 },
      columns: null,
      labels: Uint8Array.from({ length: rows }, (_, i) => i % 3),
      split: { train: 18, val: 2, test: 10 },
    };
    const preview = previewOf(data);
    expect(preview.split).toEqual({ train: 18, val: 2, test: 10 });
    expect(preview.splitRule).toBe("the data's own test set (10); validation is the last 2 of its training set");
    expect(preview.samples.split).toBeUndefined();
    expect(() => datasetOf(preview.samples)).not.toThrow();
  });
});

describe('a CSV of texts', () => {
  const csv = [
    'text,label',
    ...Array.from({ length: 20 }, (_, i) => `"${i % 2 ? 'goal, match' : 'bread; cheese'} number ${i}",${i % 2 ? 'sport' : 'food'}`),
  ].join('\n');
  const file = { name: 'texts.csv', bytes: new TextEncoder().encode(csv) };

  it('is read as texts (a column named text), tokenised, and previewed with its own texts', () => {
    const data = parseDatasetFiles([file]);
    expect(data.text?.texts[1]).toBe('goal, match number 1');
    expect(data.features).toBe(64);
    const preview = previewOf(data, null, 2);
    expect(preview.samples.text?.texts).toEqual([
      'bread; cheese number 0',
      'goal, match number 1',
      'bread; cheese number 2',
      'goal, match number 3',
    ]);
    const dataset = datasetOf(data);
    expect(dataset.text?.words).toContain('goal');
    expect(dataset.split.train.length).toBe(14);
  });
});
