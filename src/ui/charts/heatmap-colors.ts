/**
 * A heatmap cell's colours: the scale's blue mixed into white by the cell's strength, and the text
 * drawn in black or white, whichever contrasts more with that background. With pure black and pure
 * white to choose from, every background reaches at least 4.58:1 (WCAG's 4.5:1 for text).
 */

/** The scale's colour at full strength (Okabe–Ito blue, as the charts use). */
export const HEATMAP_RGB = [0, 114, 178] as const;

/** The background of a cell of `strength` in [0, 1]: the blue over white. */
export function cellBackground(strength: number): [number, number, number] {
  const a = Math.min(1, Math.max(0, strength));
  return HEATMAP_RGB.map((c) => Math.round(255 * (1 - a) + c * a)) as [number, number, number];
}

/** WCAG 2 relative luminance of an sRGB colour (0..255 channels). */
export function luminance([r, g, b]: readonly [number, number, number]): number {
  const linear = (c: number) => {
    const s = c / 255;
    return s <= 0.04045 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
  };
  return 0.2126 * linear(r) + 0.7152 * linear(g) + 0.0722 * linear(b);
}

/** WCAG contrast ratio between two luminances. */
export const contrast = (a: number, b: number): number => (Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05);

/** Black or white text, whichever reads better on `background`. */
export function textOn(background: readonly [number, number, number]): '#000' | '#fff' {
  const l = luminance(background);
  return contrast(l, 0) >= contrast(l, 1) ? '#000' : '#fff';
}
