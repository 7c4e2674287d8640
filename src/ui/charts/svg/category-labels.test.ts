import { describe, expect, it } from 'vitest';
import { categoryLabels, SLANT_DEGREES } from './category-labels';
import { textWidth } from './labels';

const FASHION = ['T-shirt/top', 'Trouser', 'Pullover', 'Dress', 'Coat', 'Sandal', 'Shirt', 'Sneaker', 'Bag', 'Ankle boot'];

describe('category labels under a bar chart', () => {
  it('MNIST’s digits stand upright and whole', () => {
    const labels = categoryLabels(['0', '1', '2', '3', '4', '5', '6', '7', '8', '9'], 50, 12);
    expect(labels).toEqual({
      texts: ['0', '1', '2', '3', '4', '5', '6', '7', '8', '9'],
      whole: Array(10).fill(true),
      slanted: false,
      height: 24,
    });
  });

  it('Fashion-MNIST’s names slant where upright they would run into each other, and neighbours sit apart', () => {
    const band = 55;
    expect(textWidth('T-shirt/top', 12)).toBeGreaterThan(band); // upright, it would overlap its neighbour
    const labels = categoryLabels(FASHION, band, 12);
    expect(labels.slanted).toBe(true);
    expect(labels.texts).toEqual(FASHION); // all fit slanted
    // Slanted lines are band · sin(slant) apart across their direction: more than a line's height.
    expect(band * Math.sin((SLANT_DEGREES * Math.PI) / 180)).toBeGreaterThan(12);
    expect(labels.height).toBeLessThanOrEqual(72);
  });

  it('cuts a name too long even slanted, keeping the whole name for the tooltip', () => {
    const labels = categoryLabels(['a very long class name indeed, far too long', 'b'], 30, 12);
    expect(labels.texts[0]).toMatch(/…$/);
    expect(labels.whole).toEqual([false, true]);
  });

  it('a hundred classes in a narrow chart show every few labels only, never overlapping', () => {
    const names = Array.from({ length: 100 }, (_, i) => `class ${i}`);
    const labels = categoryLabels(names, 6, 12);
    const shown = labels.texts.map((t, i) => (t ? i : -1)).filter((i) => i >= 0);
    const step = shown[1]! - shown[0]!;
    expect(step * 6 * Math.sin((SLANT_DEGREES * Math.PI) / 180)).toBeGreaterThanOrEqual(12);
  });
});
