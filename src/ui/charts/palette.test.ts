/** Every chart colour stands out from the white plot as WCAG 1.4.11 asks of graphics (3:1). */
import { describe, expect, it } from 'vitest';
import { AXIS_LINE, COLORS, MEMBER_COLORS } from './palette';

/** WCAG relative luminance of #rgb or #rrggbb. */
function luminance(hex: string): number {
  const digits = hex.length === 4 ? [...hex.slice(1)].map((d) => d + d) : [hex.slice(1, 3), hex.slice(3, 5), hex.slice(5, 7)];
  const [r, g, b] = digits.map((d) => {
    const v = parseInt(d, 16) / 255;
    return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4;
  });
  return 0.2126 * r! + 0.7152 * g! + 0.0722 * b!;
}

const contrastOnWhite = (hex: string) => 1.05 / (luminance(hex) + 0.05);

describe('the chart palette', () => {
  it('computes contrast as WCAG does (black 21:1, #767676 4.54:1)', () => {
    expect(contrastOnWhite('#000000')).toBeCloseTo(21, 5);
    expect(contrastOnWhite('#767676')).toBeCloseTo(4.54, 2);
  });

  it.each([...Object.entries(COLORS), ...MEMBER_COLORS.map((c, i) => [`member ${i + 1}`, c]), ['axis', AXIS_LINE]])(
    '%s (%s) is at least 3:1 against white',
    (_name, color) => {
      expect(contrastOnWhite(color)).toBeGreaterThanOrEqual(3);
    },
  );
});
