/**
 * The benchmark in Node (scripts/bench.ts --node): the report on tfjs's wasm or cpu backend with the
 * class-similarity and entropy maps timed, the teachers' speed rows against PyTorch, and the
 * estimates, each preset in a fresh Node process.
 */
import { spawnSync } from 'node:child_process';
import os from 'node:os';
import { runBenchmark } from '../../src/bench/benchmark';
import type { BackendName } from '../../src/core/settings/config';
import { configFromHash } from '../../src/core/settings/hash';
import { classSimilarity } from '../../src/core/ensemble/class-similarity';
import { timeEntropyGrid } from '../../src/core/ensemble/grid-maps';
import { seededRandom, type Dataset } from '../../src/core/data/data';
import { DistillationSession } from '../../src/core/training/session';
import { checkEstimates } from '../../src/bench/estimate-check';
import { datasetOf } from '../../src/core/import/dataset-files';
import { estimatePreset } from '../../src/bench/estimate-presets';
import { toyData } from '../../src/state/teaching';
import { formatEstimates, formatReport, type EstimateRun } from './bench-tables';
import { formatSpeed, readPytorchSpeed, speedRuns } from './bench-speed';
import { teacherSpeed } from '../../src/bench/teacher-speed';
import { DeviceDataset } from '../../src/core/data/device-data';
import { loadDatasetFiles, loadMnist, ROOT, useNodeBackend, type NodeBackend } from './node-runtime';

/**
 * The class-similarity map's computation alone, at the default size (3 teachers, the whole
 * training split), median of 30 runs after a warm-up. The logits are random: the work does not
 * depend on their values.
 */
function similarityCompute(dataset: Dataset) {
  const members = 3;
  const random = seededRandom(1);
  const logits = Array.from({ length: members }, () => Float32Array.from({ length: dataset.count * 10 }, () => 8 * random() - 4));
  const input = {
    members: logits,
    classes: 10,
    indices: dataset.split.train,
    labels: dataset.labels,
    mode: 'arithmetic' as const,
    view: { weights: [1, 1, 1], scales: [1, 1, 1] },
  };
  classSimilarity(input, 4);
  const times: number[] = [];
  for (let run = 0; run < 30; run++) {
    const started = performance.now();
    classSimilarity(input, 1 + (run % 20));
    times.push(performance.now() - started);
  }
  times.sort((a, b) => a - b);
  const round = (ms: number) => Math.round(ms * 10) / 10;
  return {
    members,
    samples: dataset.split.train.length,
    runs: times.length,
    medianMs: round((times[14]! + times[15]!) / 2),
    maxMs: round(times[29]!),
  };
}

export async function nodeReports(
  backends: BackendName[],
  config: string,
  repeats: number,
  json: boolean,
  pytorchFile: string,
): Promise<void> {
  for (const backend of backends) {
    if (backend !== 'wasm' && backend !== 'cpu') throw new Error(`--node runs on wasm or cpu, not ${backend}`);
    await useNodeBackend(backend as NodeBackend);
    const session = new DistillationSession(loadMnist());
    process.stderr.write(`bench (node): ${backend}…\n`);
    const report = await runBenchmark(session, configFromHash(config), repeats);
    const similarity = similarityCompute(session.dataset);
    // Teaching mode's entropy map, recomputed on every Temperature move (src/core/ensemble/grid-maps.ts).
    const entropyMapMs = Math.round(timeEntropyGrid() * 100) / 100;
    session.dispose();
    process.stdout.write(
      json
        ? `${JSON.stringify({ mode: 'node', ...report, similarity, entropyMapMs })}\n`
        : `${formatReport(report, `Node, config ${config}`)}\n` +
            `class-similarity map at the default size (${similarity.members} teachers × ${similarity.samples} training digits): ` +
            `median ${similarity.medianMs} ms, max ${similarity.maxMs} ms (${similarity.runs} runs)\n` +
            `teaching mode's entropy map (64×64 grid, 3 teachers × 3 classes): median ${entropyMapMs} ms (30 runs)\n` +
            (report.speed ? `${formatSpeed([report.speed], readPytorchSpeed(pytorchFile), 'Node', [os.loadavg()[0]!])}\n` : '') +
            '\n',
    );
  }
}

/**
 * The speed rows alone (`--speed --node`): `repeats` runs in this process on each backend, against
 * PyTorch's results in `pytorchFile`, or with `runPytorch` against PyTorch run alternately with ours.
 */
export async function nodeSpeed(
  backends: BackendName[],
  repeats: number,
  json: boolean,
  pytorchFile: string,
  runPytorch: boolean,
): Promise<void> {
  for (const backend of backends) {
    if (backend !== 'wasm' && backend !== 'cpu') throw new Error(`--node runs on wasm or cpu, not ${backend}`);
    await useNodeBackend(backend as NodeBackend);
    const device = new DeviceDataset(loadMnist());
    const loads: number[] = [];
    const ours = async (run: number) => {
      process.stderr.write(`bench speed (node): ${backend}, run ${run + 1} of ${repeats}…\n`);
      const report = await teacherSpeed(device);
      loads.push(os.loadavg()[0]!);
      return report;
    };
    const { reports, pytorch } = await speedRuns(repeats, ours, pytorchFile, runPytorch);
    device.dispose();
    process.stdout.write(
      json ? `${JSON.stringify({ mode: 'node-speed', reports, loads, pytorch })}\n` : `${formatSpeed(reports, pytorch, 'Node', loads)}\n\n`,
    );
  }
}

/**
 * The process's CPU time in ms, for `performance.now`: on a shared machine, what a quiet one would
 * show (Node's wasm and cpu backends compute on one thread).
 */
function cpuMilliseconds(): number {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1000;
}

/** One preset's estimates in this process, on a fresh session: what `--estimates --node` runs in a child process per preset. */
export async function estimateChild(
  id: string,
  backend: NodeBackend,
  data: string | undefined,
  sweep: boolean,
  cpuClock: boolean,
): Promise<void> {
  // Everything that times (the probe, the jobs' windows, the check's own clock) reads this clock.
  if (cpuClock) performance.now = cpuMilliseconds;
  await useNodeBackend(backend);
  const preset = estimatePreset(id);
  const dataset = preset.data.kind === 'toy' ? datasetOf(toyData(preset.data.toy)) : data ? loadDatasetFiles(data.split(',')) : loadMnist();
  const session = new DistillationSession(dataset);
  const check = await checkEstimates(session, preset.config, sweep ? preset.sweep : []);
  session.dispose();
  process.stdout.write(`${JSON.stringify({ ...check, dataset: dataset.name, backend: cpuClock ? `${backend}, CPU clock` : backend })}\n`);
}

/** Each preset in a new Node process per repetition (the probe meets a cold engine, as at page load). */
export async function nodeEstimates(
  backends: BackendName[],
  presets: string[],
  options: { data: string | undefined; sweep: boolean; cpuClock: boolean },
  repeats: number,
  json: boolean,
) {
  const runs: EstimateRun[] = [];
  for (let r = 0; r < repeats; r++) {
    for (const backend of backends) {
      if (backend !== 'wasm' && backend !== 'cpu') throw new Error(`--node runs on wasm or cpu, not ${backend}`);
      for (const preset of presets) {
        process.stderr.write(`bench estimates (node): ${backend}, ${preset}, run ${r + 1} of ${repeats}…\n`);
        const args = [
          ...process.execArgv,
          process.argv[1]!,
          ...['--estimate-child', preset, '--backends', backend],
          ...(options.data ? ['--data', options.data] : []),
          ...(options.sweep ? [] : ['--no-sweep']),
          ...(options.cpuClock ? ['--cpu-clock'] : []),
        ];
        const child = spawnSync(process.execPath, args, { cwd: ROOT, encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] });
        if (child.status !== 0) throw new Error(`the estimate run for ${preset} failed`);
        const run = { ...(JSON.parse(child.stdout.trim().split('\n').at(-1)!) as Omit<EstimateRun, 'preset'>), preset } as EstimateRun;
        runs.push(run);
        if (json) process.stdout.write(`${JSON.stringify({ mode: 'node-estimates', ...run })}\n`);
      }
    }
  }
  if (!json) process.stdout.write(`${formatEstimates(runs)}\n`);
}
