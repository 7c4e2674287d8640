import { describe, expect, it } from 'vitest';
import { cellBackground, contrast, luminance, textOn } from './heatmap-colors';

describe('heatmap cell colours', () => {
  it('every strength gets text of at least 4.5:1 contrast', () => {
    for (let s = 0; s <= 1.0001; s += 0.01) {
      const background = cellBackground(s);
      const text = textOn(background) === '#000' ? 0 : 1;
      expect(contrast(luminance(background), text), `strength ${s.toFixed(2)}`).toBeGreaterThanOrEqual(4.5);
    }
  });

  it('white cells get black text, the full blue white text', () => {
    expect(cellBackground(0)).toEqual([255, 255, 255]);
    expect(textOn(cellBackground(0))).toBe('#000');
    expect(textOn(cellBackground(1))).toBe('#fff');
  });

  it('luminance and contrast are WCAG’s: black on white is 21:1', () => {
    expect(luminance([255, 255, 255])).toBeCloseTo(1, 10);
    expect(contrast(luminance([0, 0, 0]), luminance([255, 255, 255]))).toBeCloseTo(21, 10);
  });
});
