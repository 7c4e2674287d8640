/** Number formatting shared by status messages and the UI (en-US, so tests and screenshots agree). */

const integerFormat = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 });

/** 10000 → "10,000". */
export function formatCount(n: number): string {
  return integerFormat.format(n);
}

/** 0.97354 → "97.35 %". */
export function formatPercent(fraction: number, digits = 2): string {
  if (!Number.isFinite(fraction)) return '–';
  return `${(fraction * 100).toFixed(digits)} %`;
}

/** Bytes as B / kB / MB (powers of 1000). */
export function formatBytes(bytes: number): string {
  if (!Number.isFinite(bytes)) return '–';
  if (bytes < 1000) return `${Math.round(bytes)} B`;
  if (bytes < 1e6) return `${(bytes / 1e3).toFixed(bytes < 1e4 ? 1 : 0)} kB`;
  return `${(bytes / 1e6).toFixed(bytes < 1e7 ? 2 : 1)} MB`;
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

export function formatMs(ms: number): string {
  if (!Number.isFinite(ms)) return '–';
  return `${ms < 10 ? ms.toFixed(2) : ms < 100 ? ms.toFixed(1) : ms.toFixed(0)} ms`;
}

/** 85 → "1 min 25 s", 7 → "7 s". */
export function formatDuration(seconds: number): string {
  const s = Math.max(0, Math.round(seconds));
  if (s < 60) return `${s} s`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m} min ${s % 60} s`;
  return `${Math.floor(m / 60)} h ${m % 60} min`;
}

const BACKEND_LABELS: Record<string, string> = { auto: 'Auto', webgpu: 'WebGPU', webgl: 'WebGL', wasm: 'WASM', cpu: 'CPU' };

export function backendLabel(name: string): string {
  return BACKEND_LABELS[name] ?? name;
}
