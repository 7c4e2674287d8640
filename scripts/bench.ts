/**
 * npm run bench — the studio against bare tfjs on identical work, per backend.
 *
 *   npm run bench -- [--backends webgpu,webgl,wasm,cpu] [--config "teachers=2&teacher-epochs=1"] [--repeats 3] [--json] [--no-build]
 *   npm run bench -- --node [--backends wasm,cpu] …      (Node, no browser)
 *   npm run bench -- --estimates [--node [--data FOLDER|FILE] [--cpu-clock]] [--presets quick,defaults,spirals] [--no-sweep] [--repeats 3] [--backends wasm]
 *   npm run bench -- --speed [--node] [--repeats 3] [--run-pytorch] [--pytorch FILE] [--backends wasm]
 *
 * --speed: the teachers' speed rows alone (src/bench/teacher-speed.ts; every report on wasm ends with
 * them too): images/s of the CNN (32-64) and the MLP 784-512-512-10 teachers' training steps,
 * next to PyTorch's from the results bench/fashion_peer.py --speed --out writes (--pytorch FILE,
 * default bench/results/pytorch-speed.json; when it is missing the bench prints the command that
 * makes it), or with --run-pytorch PyTorch run alternately with ours, run by run (and that file
 * rewritten with its runs).
 *
 * --estimates: the run bar's estimates against the actual times, for the presets (src/bench/estimate-presets.ts):
 * on a fresh session (a new page and worker, or a new Node process, as at page load) the estimates
 * the studio would show, then the teachers, the distillation and a two-point sweep, each timed
 * (src/bench/estimate-check.ts). --data runs the MNIST presets on a dataset of one's own instead;
 * --cpu-clock times everything with the process's CPU time instead of the wall clock: on a shared
 * machine, what a quiet one would show (both Node only).
 *
 * In the browser each backend runs src/bench/benchmark.ts in the benchmark's worker (the studio's engine plus the benchmark) through the
 * benchmark page (bench.html), then the studio page itself is driven through a teacher job and a
 * distillation while the main thread's long tasks are recorded. With --node the same benchmark
 * runs in this process on tfjs's wasm or cpu backend. Each figure is images per second, the
 * median of --repeats alternating runs per side after one warm-up run each; studio/bare is the
 * studio's overhead. A benchmark, not a test: it prints figures and never fails on them.
 *
 * This file reads the options; the runs are in scripts/lib/bench-browser.ts (Chromium) and
 * scripts/lib/bench-node.ts (Node), their tables in scripts/lib/bench-tables.ts, the speed rows in
 * scripts/lib/bench-speed.ts.
 */
import { parseArgs } from 'node:util';
import { BACKENDS, type BackendName } from '../src/core/settings/config';
import { ESTIMATE_PRESETS, estimatePreset } from '../src/bench/estimate-presets';
import { resolve } from 'node:path';
import { browserEstimates, browserReports, browserSpeed } from './lib/bench-browser';
import { estimateChild, nodeEstimates, nodeReports, nodeSpeed } from './lib/bench-node';
import { PYTORCH_SPEED_FILE } from './lib/bench-speed';
import type { NodeBackend } from './lib/node-runtime';

const DEFAULT_CONFIG = 'teachers=2&teacher-epochs=1&student-epochs=2&train-percent=20';

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      node: { type: 'boolean', default: false },
      backends: { type: 'string' },
      config: { type: 'string', default: DEFAULT_CONFIG },
      repeats: { type: 'string', default: '3' },
      json: { type: 'boolean', default: false },
      'no-build': { type: 'boolean', default: false },
      'skip-studio': { type: 'boolean', default: false },
      estimates: { type: 'boolean', default: false },
      presets: { type: 'string', default: ESTIMATE_PRESETS.map((p) => p.id).join(',') },
      data: { type: 'string' },
      'no-sweep': { type: 'boolean', default: false },
      'cpu-clock': { type: 'boolean', default: false },
      'estimate-child': { type: 'string' },
      speed: { type: 'boolean', default: false },
      pytorch: { type: 'string', default: PYTORCH_SPEED_FILE },
      'run-pytorch': { type: 'boolean', default: false },
    },
  });
  if (values['estimate-child']) {
    await estimateChild(
      values['estimate-child'],
      (values.backends ?? 'wasm') as NodeBackend,
      values.data,
      !values['no-sweep'],
      values['cpu-clock']!,
    );
    return;
  }
  const backends = (values.backends ?? (values.node ? 'wasm,cpu' : BACKENDS.join(','))).split(',').map((b) => b.trim()) as BackendName[];
  const unknown = backends.filter((b) => !BACKENDS.includes(b));
  if (unknown.length) throw new Error(`unknown backend(s): ${unknown.join(', ')}; choose from ${BACKENDS.join(', ')}`);
  const repeats = Number(values.repeats);
  if (!Number.isInteger(repeats) || repeats < 1) throw new Error(`--repeats must be a whole number ≥ 1, got ${values.repeats}`);
  if (values.estimates) {
    const presets = values.presets!.split(',').map((p) => estimatePreset(p.trim()).id);
    // The estimates run on one backend by default: WASM, the studio's default.
    const on = values.backends ? backends : (['wasm'] as BackendName[]);
    const options = { data: values.data, sweep: !values['no-sweep'], cpuClock: values['cpu-clock']! };
    if (values.node) await nodeEstimates(on, presets, options, repeats, values.json!);
    else {
      if (values.data || values['cpu-clock']) throw new Error('--data and --cpu-clock run in Node: add --node');
      await browserEstimates(on, presets, !values['no-sweep'], repeats, values.json!, !values['no-build']);
    }
  } else if (values.speed) {
    // The speed rows run on WASM by default: the backend the targets are set on.
    const on = values.backends ? backends : (['wasm'] as BackendName[]);
    const pytorch = resolve(values.pytorch!);
    if (values.node) await nodeSpeed(on, repeats, values.json!, pytorch, values['run-pytorch']!);
    else await browserSpeed(on, repeats, values.json!, !values['no-build'], pytorch, values['run-pytorch']!);
  } else if (values.node) await nodeReports(backends, values.config!, repeats, values.json!, resolve(values.pytorch!));
  else
    await browserReports(
      backends,
      values.config!,
      repeats,
      values.json!,
      !values['no-build'],
      !values['skip-studio'],
      resolve(values.pytorch!),
    );
}

main().catch((error: Error) => {
  process.stderr.write(`bench: ${error.message}\n`);
  process.exitCode = 1;
});
