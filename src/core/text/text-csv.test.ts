import { describe, expect, it } from 'vitest';
import { parseTextCsv } from './text-csv';
import { textDataset } from './corpus';

const file = (text: string, name = 'reviews.csv') => ({ name, bytes: new TextEncoder().encode(text) });

describe('parseTextCsv', () => {
  it('reads quoted texts with commas and line breaks, and a split column, rows in split order', () => {
    const csv = 'text,label,split\n"good, very good",pos,test\nbad,neg,train\n"fine\nreally",pos,train\nmeh,neg,val\n';
    const corpus = parseTextCsv(file(csv));
    expect(corpus.classNames).toEqual(['neg', 'pos']);
    expect(corpus.texts).toEqual(['bad', 'fine\nreally', 'meh', 'good, very good']);
    expect(Array.from(corpus.labels)).toEqual([0, 1, 0, 1]);
    expect(corpus.split).toEqual({ train: 2, val: 1, test: 1, markedVal: true });
  });

  it('splits 70/10/20 within each class without a split column', () => {
    const rows = Array.from({ length: 20 }, (_, i) => `text ${i},${i % 2 ? 'a' : 'b'}`).join('\n');
    const dataset = textDataset(parseTextCsv(file(`body,class\n${rows}\n`), { textColumn: 'body' }), { vocabSize: 100, length: 4 });
    expect([dataset.split.train.length, dataset.split.val.length, dataset.split.test.length]).toEqual([14, 2, 4]);
  });

  it('names the missing column or the bad row', () => {
    expect(() => parseTextCsv(file('body,label\nx,a\n'))).toThrow(/no column named "text"/);
    expect(() => parseTextCsv(file('text,label\nx,\n'))).toThrow(/row 2: the label is empty/);
    expect(() => parseTextCsv(file('text,label,split\nx,a,later\n'))).toThrow(/row 2: the split must be/);
  });
});
