/**
 * A network's hidden layers typed as text (a layout setting, e.g. the student's): widths joined by
 * "-", input to output ("64", "128-64", "none"), or the name of a model: "cnn" for the small
 * convolutional student; for text, "bag" (or "bag8", "bag32": the embedding's width) for the
 * fastText-style embedding bag and "conv1d" for the 1D-convolution student.
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
    return `${param.label} must be widths joined by "-", e.g. 64 or 128-64, or none, cnn, bag or conv1d.`;
  if (widths.length > param.maxLayers) return `${param.label}: at most ${param.maxLayers} hidden layers.`;
  if (widths.some((w) => w < 1 || w > param.maxWidth)) return `${param.label}: each width must be between 1 and ${param.maxWidth}.`;
  return widths;
}

/** The layout text of the convolutional student (models.ts, createCnnStudent). */
export const CNN_LAYOUT = 'cnn';

export const isCnnLayout = (layout: string | number | readonly number[]): boolean => layout === CNN_LAYOUT;

/** The text students' layouts: the embedding bag (its width after "bag", 16 by default) and the 1D convolution. */
export const CONV1D_LAYOUT = 'conv1d';
const BAG_PATTERN = /^bag(\d+)?$/;
export const DEFAULT_BAG_WIDTH = 16;

/** The embedding width of a "bag" layout, or null for any other layout. */
export function bagWidth(layout: string | number | readonly number[]): number | null {
  const match = typeof layout === 'string' ? BAG_PATTERN.exec(layout) : null;
  if (!match) return null;
  return match[1] === undefined ? DEFAULT_BAG_WIDTH : Number(match[1]);
}

/** True for the layouts of students that read token ids (text). */
export const isTextLayout = (layout: string | number | readonly number[]): boolean => layout === CONV1D_LAYOUT || bagWidth(layout) !== null;

/** True for layouts that name a model (CNN, bag, conv1d) rather than MLP widths. */
export const isNamedLayout = (layout: string | number | readonly number[]): boolean => isCnnLayout(layout) || isTextLayout(layout);

/** A layout text in its one written form ("128-64", "none", "cnn", "bag16"), or a message naming the setting. */
export function readLayout(param: LayoutSetting, text: string): { layout: string } | { error: string } {
  const name = text.trim().toLowerCase();
  if (name === CNN_LAYOUT || name === CONV1D_LAYOUT) return { layout: name };
  const width = bagWidth(name);
  if (width !== null) {
    if (width < 2 || width > 256) return { error: `${param.label}: the bag's embedding width must be between 2 and 256.` };
    return { layout: name === 'bag' ? 'bag' : `bag${width}` };
  }
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
  if (isNamedLayout(layout)) throw new Error(`The ${String(layout)} student has no hidden widths.`);
  const widths = parseLayout(SETTINGS.studentHidden, layout);
  if (typeof widths === 'string') throw new Error(widths);
  return widths;
}
