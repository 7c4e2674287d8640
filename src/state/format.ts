/**
 * The page's formatting: the studio's number formatters (src/core/format.ts, the one source the
 * engine and the CLI use too) and the backends' display names.
 */
import type { BackendName } from '../core/settings/config';

export * from '../core/format';

/** How a backend (or the request to choose one) is named on the page. */
export const BACKEND_LABELS: Readonly<Record<BackendName | 'auto', string>> = {
  auto: 'Auto',
  webgpu: 'WebGPU',
  webgl: 'WebGL',
  wasm: 'WASM',
  cpu: 'CPU',
};

/** The display name of a backend, or of 'auto'. */
export function backendLabel(name: BackendName | 'auto'): string {
  return BACKEND_LABELS[name];
}
