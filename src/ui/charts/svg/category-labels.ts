/**
 * Category names under a bar chart that never overlap: upright when each fits its band, else
 * slanted, and cut short with "…" where even slanted they would run into the next (the full name
 * stays in a tooltip). Text widths are estimated from the font size (no DOM), so this is a pure
 * function the tests can check.
 */
import { textWidth } from './labels';

/** Slanted labels lean this far from the horizontal. */
export const SLANT_DEGREES = 35;
const SLANT = (SLANT_DEGREES * Math.PI) / 180;
/** Slanted labels may take at most this much height under the axis. */
const MAX_SLANTED_HEIGHT = 72;
/** Room kept clear between neighbouring labels. */
const GAP = 4;

export interface CategoryLabels {
  /** The text shown for each category (cut with "…" where it had to be). */
  texts: string[];
  /** Whether each label is the whole name (else the tooltip carries it). */
  whole: boolean[];
  slanted: boolean;
  /** Pixels under the axis the labels need. */
  height: number;
}

/** `text` cut to at most `width` pixels, "…" included, at least one character. */
function cut(text: string, width: number, fontSize: number): string {
  if (textWidth(text, fontSize) <= width) return text;
  const chars = Math.max(1, Math.floor(width / textWidth('x', fontSize)) - 1);
  return `${text.slice(0, chars)}…`;
}

export function categoryLabels(names: readonly string[], band: number, fontSize: number, uprightHeight = 24): CategoryLabels {
  const widest = Math.max(0, ...names.map((n) => textWidth(n, fontSize)));
  if (widest <= band - GAP) return { texts: [...names], whole: names.map(() => true), slanted: false, height: uprightHeight };
  // Slanted, neighbouring labels are band · sin(slant) apart, measured across them: a label may be
  // as long as the height allows, its lines never touch when the font fits that spacing.
  const longest = (MAX_SLANTED_HEIGHT - fontSize) / Math.sin(SLANT);
  // Too many bands for even slanted lines to sit apart: every `step`-th label only (the bars' tooltips name the rest).
  const step = Math.max(1, Math.ceil(fontSize / (band * Math.sin(SLANT))));
  const texts = names.map((n, i) => (i % step === 0 ? cut(n, longest, fontSize) : ''));
  const height = Math.min(
    MAX_SLANTED_HEIGHT,
    Math.ceil(Math.max(...texts.map((t) => textWidth(t, fontSize))) * Math.sin(SLANT) + fontSize + 8),
  );
  return { texts, whole: texts.map((t, i) => t === names[i]), slanted: true, height };
}
