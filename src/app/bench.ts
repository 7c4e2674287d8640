/**
 * The benchmark page (bench.html): the studio's own worker bridge (same crash handling, base URL
 * and ?backend= validation as the studio), no UI; runs the engine's benchmark on the config in the
 * hash, or with ?estimates=<preset> the run bar's estimates against actual times on that preset
 * (src/bench/estimate-check.ts) through the same client calls the studio makes, or with ?speed=1
 * the teachers' speed rows alone (src/bench/teacher-speed.ts). scripts/bench.ts reads
 * `window.benchResult`.
 */
import type { ExperimentConfig } from '../core/settings/config';
import { configFromHash } from '../core/settings/hash';
import { checkEstimates } from '../bench/estimate-check';
import { estimatePreset } from '../bench/estimate-presets';
import { toyData } from '../state/teaching';
import { backendFromSearch } from '../shared/protocol';
import { fetchDatasetAsset } from '../bridge/asset';
import { createWorkerClient } from '../bridge/client';
import { benchWorker, type BenchEngine } from '../bench/bench-engine';

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
  const client = createWorkerClient<BenchEngine>(benchWorker);
  client.onCrash((reason) => fail(`the worker crashed: ${reason}`));
  const backendInfo = await client.start(backendFromSearch(location.search));
  const estimates = new URLSearchParams(location.search).get('estimates');
  if (estimates) {
    const preset = estimatePreset(estimates);
    let dataset: string;
    if (preset.data.kind === 'toy') {
      const data = toyData(preset.data.toy);
      dataset = (await client.loadImportedDataset(data, data.classNames)).name;
    } else dataset = (await client.loadDataset(await fetchDatasetAsset())).name;
    const runner = {
      estimate: (config: ExperimentConfig) => client.estimate(config),
      trainTeachers: (config: ExperimentConfig) => client.trainTeachers(config, () => {}),
      distill: (config: ExperimentConfig) => client.distill(config, () => {}),
    };
    const sweep = new URLSearchParams(location.search).get('sweep') === '0' ? [] : preset.sweep;
    window.benchResult = { backendInfo, dataset, ...(await checkEstimates(runner, preset.config, sweep)) };
    if (out) out.textContent = JSON.stringify(window.benchResult, null, 2);
    client.dispose();
    return;
  }
  await client.loadDataset(await fetchDatasetAsset());
  if (new URLSearchParams(location.search).get('speed') === '1') {
    window.benchResult = { backendInfo, ...(await client.remote((engine) => engine.teacherSpeed())) };
    if (out) out.textContent = JSON.stringify(window.benchResult, null, 2);
    client.dispose();
    return;
  }
  const repeats = Number(new URLSearchParams(location.search).get('repeats') ?? 3);
  const report = await client.remote((engine) =>
    engine.benchmark(configFromHash(location.hash), Number.isInteger(repeats) && repeats > 0 ? repeats : 3),
  );
  window.benchResult = { backendInfo, ...report };
  if (out) out.textContent = JSON.stringify(window.benchResult, null, 2);
  client.dispose();
}

run().catch((error: Error) => fail(error.message));
