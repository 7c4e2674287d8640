/**
 * A network's hidden layers typed as text (a layout setting, e.g. the student's): widths joined by
 * "-", input to output ("64", "128-64", "none"), or "cnn" for the small convolutional student.
 */
import type { LayoutSetting } from './kinds';
import { SETTINGS } from './registry';

/**
 * The widths of a layout text ("128-64" → [128, 64]; "none" or "0" → []), or a message naming the
 * setting when it cannot be read.
 */
export function parseLayout(param: LayoutSetting, text: string): number[] | string {
  const trimmed = text.trim().toLowerCase();
  if (trimmed === 'none' || trimmed === '0') return [];
  const parts = trimmed.split(/\s*[-x×]\s*/);
  const widths = parts.map(Number);
  if (trimmed === '' || widths.some((w) => !Number.isInteger(w)))
    return `${param.label} must be widths joined by "-", e.g. 64 or 128-64, or none, or cnn.`;
  if (widths.length > param.maxLayers) return `${param.label}: at most ${param.maxLayers} hidden layers.`;
  if (widths.some((w) => w < 1 || w > param.maxWidth)) return `${param.label}: each width must be between 1 and ${param.maxWidth}.`;
  return widths;
}

/** The layout text of the convolutional student (models.ts, createCnnStudent). */
export const CNN_LAYOUT = 'cnn';

export const isCnnLayout = (layout: string | number | readonly number[]): boolean => layout === CNN_LAYOUT;

/** A layout text in its one written form ("128-64", "none", "cnn"), or a message naming the setting. */
export function readLayout(param: LayoutSetting, text: string): { layout: string } | { error: string } {
  if (text.trim().toLowerCase() === CNN_LAYOUT) return { layout: CNN_LAYOUT };
  const widths = parseLayout(param, text);
  return typeof widths === 'string' ? { error: widths } : { layout: formatLayout(widths) };
}

/** The canonical text of a layout: "128-64", or "none" for no hidden layer. */
export function formatLayout(widths: readonly number[]): string {
  return widths.length === 0 ? 'none' : widths.join('-');
}

/** The hidden widths of a config's (valid) MLP layout, or of a single width. */
export function layoutWidths(layout: string | number | readonly number[]): number[] {
  if (typeof layout === 'number') return [layout];
  if (typeof layout !== 'string') return [...layout];
  if (isCnnLayout(layout)) throw new Error('The CNN student has no hidden widths.');
  const widths = parseLayout(SETTINGS.studentHidden, layout);
  if (typeof widths === 'string') throw new Error(widths);
  return widths;
}
