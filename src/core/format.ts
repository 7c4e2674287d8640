/**
 * Numbers as the studio writes them, in one place for every layer: the engine's messages and
 * tables (src/core may import only src/core, so they live here), the CLI, the store's status
 * lines and the UI (through src/state/format.ts). Always en-US, whatever the user's locale, so
 * that tests, screenshots and messages agree.
 */

const integerFormat = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 });

/** 70000 → "70,000": counts, with thousands separators. */
export function formatCount(n: number): string {
  return integerFormat.format(n);
}

/** "1 image", "70,000 images". */
export function plural(count: number, noun: string, nouns = `${noun}s`): string {
  return `${formatCount(count)} ${count === 1 ? noun : nouns}`;
}

/** 0.97354 → "97.35 %"; "–" for a figure that is not a number. */
export function formatPercent(fraction: number, digits = 2): string {
  if (!Number.isFinite(fraction)) return '–';
  return `${(fraction * 100).toFixed(digits)} %`;
}

/**
 * A mean over seeds and its sample standard deviation in percentage points, "93.51 % ± 0.20";
 * the mean alone for one seed. `format` writes the mean (a percentage by default).
 */
export function formatSpread(s: { mean: number; sd: number; n: number }, format: (x: number) => string = formatPercent): string {
  return s.n > 1 ? `${format(s.mean)} ± ${(s.sd * 100).toFixed(2)}` : format(s.mean);
}

const BYTE_UNITS = ['B', 'kB', 'MB', 'GB', 'TB'] as const;

/** Bytes in powers of 1000, one decimal under 10: "950 B", "4.1 kB", "48 kB", "1.2 MB", "2.1 GB"; "–" for no number. */
export function formatBytes(bytes: number): string {
  if (!Number.isFinite(bytes) || bytes < 0) return '–';
  let value = bytes;
  let unit = 0;
  while (value >= 1000 && unit < BYTE_UNITS.length - 1) {
    value /= 1000;
    unit += 1;
  }
  const decimals = unit === 0 || value >= 10 ? 0 : 1;
  return `${value.toFixed(decimals)} ${BYTE_UNITS[unit]}`;
}

/** "2 GB", "1.02 GB": binary gigabytes, for the limits that are set in them (MAX_IMPORT_BYTES). */
export function formatGigabytes(bytes: number): string {
  const gb = bytes / 1024 ** 3;
  const digits = gb >= 10 ? 0 : 2;
  return `${Number(gb.toFixed(digits))} GB`;
}

/** A ratio such as compression: 45.2 → "45×", 2.34 → "2.3×". */
export function formatRatio(ratio: number): string {
  if (!Number.isFinite(ratio)) return '–';
  return `${ratio >= 10 ? ratio.toFixed(0) : ratio.toFixed(1)}×`;
}

/** A small quantity with 3 significant digits: 0.012345 → "0.0123". */
export function formatSig(value: number, digits = 3): string {
  if (!Number.isFinite(value)) return '–';
  if (value === 0) return '0';
  return Number(value.toPrecision(digits)).toString();
}

/**
 * A number in plain decimals with `digits` significant digits, never in e-notation, for readers
 * new to the field: 0.000295 → "0.00030", 4.42 → "4.4", 1234.5 → "1,235".
 */
export function formatPlain(value: number, digits = 2): string {
  if (!Number.isFinite(value)) return '–';
  if (value === 0) return '0';
  const decimals = Math.max(0, digits - 1 - Math.floor(Math.log10(Math.abs(value))));
  return new Intl.NumberFormat('en-US', { minimumFractionDigits: decimals, maximumFractionDigits: Math.min(decimals, 20) }).format(value);
}

/** 3.14159 → "3.14 ms", 42.5 → "42.5 ms", 420 → "420 ms". */
export function formatMs(ms: number): string {
  if (!Number.isFinite(ms)) return '–';
  return `${ms < 10 ? ms.toFixed(2) : ms < 100 ? ms.toFixed(1) : ms.toFixed(0)} ms`;
}

/** 85 → "1 min 25 s", 7 → "7 s", 4000 → "1 h 6 min". */
export function formatDuration(seconds: number): string {
  const s = Math.max(0, Math.round(seconds));
  if (s < 60) return `${s} s`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m} min ${s % 60} s`;
  return `${Math.floor(m / 60)} h ${m % 60} min`;
}
