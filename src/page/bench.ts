/**
 * The benchmark page (bench.html): the studio's own worker bridge (same crash handling, base URL
 * and ?backend= validation as the studio), no UI; runs the engine's benchmark on the config in the
 * hash. scripts/bench.ts reads `window.benchResult`.
 */
import { configFromHash } from '../core/config';
import { backendFromSearch } from '../shared/protocol';
import { fetchDatasetAsset } from './asset';
import { createWorkerClient } from './client';

declare global {
  interface Window {
    benchResult?: unknown;
    benchError?: string;
  }
}

const out = document.getElementById('out');

function fail(message: string): void {
  window.benchError = message;
  if (out) out.textContent = `Benchmark failed: ${message}`;
}

async function run(): Promise<void> {
  const client = createWorkerClient();
  client.onCrash((reason) => fail(`the worker crashed: ${reason}`));
  const backendInfo = await client.start(backendFromSearch(location.search));
  await client.loadDataset(await fetchDatasetAsset());
  const repeats = Number(new URLSearchParams(location.search).get('repeats') ?? 3);
  const report = await client.benchmark(configFromHash(location.hash), Number.isInteger(repeats) && repeats > 0 ? repeats : 3);
  window.benchResult = { backendInfo, ...report };
  if (out) out.textContent = JSON.stringify(window.benchResult, null, 2);
  client.dispose();
}

run().catch((error: Error) => fail(error.message));
