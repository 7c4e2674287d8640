/**
 * The benchmark page (bench.html): starts the same worker as the studio, with no UI, and runs
 * engine.benchmark on the config in the hash. scripts/bench.ts reads `window.benchResult`.
 */
import * as Comlink from 'comlink';
import { configFromHash } from './core/config';
import type { BackendRequest, StudioEngine } from './worker/protocol';

declare global {
  interface Window {
    benchResult?: unknown;
    benchError?: string;
  }
}

async function run(): Promise<void> {
  const backend = (new URLSearchParams(location.search).get('backend') ?? 'auto') as BackendRequest;
  const worker = new Worker(new URL('./worker/studio.worker.ts', import.meta.url), { type: 'module' });
  const engine = Comlink.wrap<StudioEngine>(worker);
  const info = await engine.init(backend);
  const asset = await (await fetch('/data/mnist.bin')).arrayBuffer();
  await engine.loadDataset(asset);
  const report = await engine.benchmark(configFromHash(location.hash));
  window.benchResult = { backendInfo: info, ...report };
  document.getElementById('out')!.textContent = JSON.stringify(window.benchResult, null, 2);
  worker.terminate();
}

run().catch((error: Error) => {
  window.benchError = error.message;
  document.getElementById('out')!.textContent = `Benchmark failed: ${error.message}`;
});
