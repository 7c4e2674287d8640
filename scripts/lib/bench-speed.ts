/**
 * The benchmark's speed rows (scripts/bench.ts): the studio's teacher training steps on wasm
 * (src/bench/teacher-speed.ts) next to PyTorch's on the same machine, read from the results file
 * bench/fashion_peer.py --speed writes, or run alternately with ours (--run-pytorch).
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { median } from '../../src/bench/benchmark';
import { SPEED_MODELS, SPEED_PROTOCOL, type SpeedReport } from '../../src/bench/teacher-speed';
import { formatCount } from '../../src/core/format';
import { ROOT } from './node-runtime';

export const PYTORCH_SPEED_FILE = join(ROOT, 'bench', 'results', 'pytorch-speed.json');
const PYTHON = '/usr/bin/python3';
const PEER = join('bench', 'fashion_peer.py');

/** The targets of issue 19, ours / PyTorch CPU, by model. */
const TARGETS: Record<string, number> = { 'cnn-32-64': 0.5, 'mlp-512-512': 1.2 };

/** What bench/fashion_peer.py --speed writes (the fields the bench reads). */
export interface PytorchSpeed {
  peer: 'pytorch';
  torch: string;
  threads: number;
  batch: number;
  learning_rate: number;
  warmup_steps: number;
  windows: number;
  steps_per_window: number;
  images_per_s: Record<string, number>;
  runs: Record<string, { images_per_s: number; windows: number[] }>[];
  /** The 1-minute load average at the end of each run. */
  load_average: number[];
  written: string;
}

/** The command that writes `file` (`repeats` PyTorch runs). */
export function peerCommand(file: string, repeats = 3): string {
  return `${PYTHON} ${PEER} --speed --repeats ${repeats} --out ${relative(ROOT, file) || file}`;
}

/** Where the PyTorch results differ from our protocol (their figures would not be comparable), or null. */
function protocolMismatch(peer: PytorchSpeed): string | null {
  const ours = SPEED_PROTOCOL;
  const pairs: [string, number, number][] = [
    ['batch', peer.batch, ours.batch],
    ['learning rate', peer.learning_rate, ours.learningRate],
    ['warm-up steps', peer.warmup_steps, ours.warmupSteps],
    ['windows', peer.windows, ours.windows],
    ['steps per window', peer.steps_per_window, ours.stepsPerWindow],
  ];
  const differ = pairs.filter(([, theirs, mine]) => theirs !== mine);
  return differ.length === 0 ? null : differ.map(([what, theirs, mine]) => `${what} ${theirs} (ours ${mine})`).join(', ');
}

/** The peer's results in `file`, or why there are none. */
export function readPytorchSpeed(file: string): { peer: PytorchSpeed } | { missing: string } {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    return { missing: `no ${relative(ROOT, file) || file}; produce it with: ${peerCommand(file)}` };
  }
  const peer = JSON.parse(text) as PytorchSpeed;
  const mismatch = protocolMismatch(peer);
  if (mismatch) return { missing: `${file} was measured differently: ${mismatch}; produce it again with: ${peerCommand(file)}` };
  return { peer };
}

/** Runs the peer once (`--repeats 1`) and returns its results. */
function runPeerOnce(): PytorchSpeed {
  const dir = mkdtempSync(join(tmpdir(), 'pytorch-speed-'));
  try {
    const out = join(dir, 'speed.json');
    const child = spawnSync(PYTHON, [PEER, '--speed', '--repeats', '1', '--out', out], {
      cwd: ROOT,
      encoding: 'utf8',
      stdio: ['ignore', 'ignore', 'inherit'],
    });
    if (child.status !== 0) throw new Error(`${PEER} --speed failed (needs Debian's python3-torch and dataset-fashion-mnist)`);
    return JSON.parse(readFileSync(out, 'utf8')) as PytorchSpeed;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * Ours and PyTorch's alternately, `repeats` times each (ours first), so a busy moment of the shared
 * machine weighs on both; PyTorch's runs are written to `file` as one results file.
 */
async function alternateWithPytorch(
  repeats: number,
  ours: (run: number) => Promise<SpeedReport>,
  file: string,
): Promise<{ ours: SpeedReport[]; peer: PytorchSpeed }> {
  const reports: SpeedReport[] = [];
  const peers: PytorchSpeed[] = [];
  for (let r = 0; r < repeats; r++) {
    process.stderr.write(`bench speed: ours, run ${r + 1} of ${repeats}…\n`);
    reports.push(await ours(r));
    process.stderr.write(`bench speed: PyTorch, run ${r + 1} of ${repeats}…\n`);
    peers.push(runPeerOnce());
  }
  const runs = peers.flatMap((p) => p.runs);
  const peer: PytorchSpeed = {
    ...peers.at(-1)!,
    runs,
    images_per_s: Object.fromEntries(SPEED_MODELS.map(({ id }) => [id, median(runs.map((run) => run[id]!.images_per_s))])),
    load_average: peers.flatMap((p) => p.load_average),
  };
  writeFileSync(file, `${JSON.stringify(peer)}\n`);
  return { ours: reports, peer };
}

/** `repeats` runs of ours, against PyTorch's results in `file`, or with `runPytorch` against PyTorch run alternately with ours. */
export async function speedRuns(
  repeats: number,
  ours: (run: number) => Promise<SpeedReport>,
  file: string,
  runPytorch: boolean,
): Promise<{ reports: SpeedReport[]; pytorch: { peer: PytorchSpeed } | { missing: string } }> {
  if (runPytorch) {
    const both = await alternateWithPytorch(repeats, ours, file);
    return { reports: both.ours, pytorch: { peer: both.peer } };
  }
  const reports: SpeedReport[] = [];
  for (let r = 0; r < repeats; r++) reports.push(await ours(r));
  return { reports, pytorch: readPytorchSpeed(file) };
}

const round = (n: number) => formatCount(Math.round(n));

/**
 * The speed table: per model our median over `reports` (each a median window), each run's figure,
 * PyTorch's figure from the results (or the command that makes them), ours / PyTorch and the target.
 */
export function formatSpeed(
  reports: SpeedReport[],
  pytorch: { peer: PytorchSpeed } | { missing: string },
  where: string,
  loads: number[] = [],
): string {
  const first = reports[0]!;
  const { batch, learningRate, warmupSteps, windows, stepsPerWindow } = first.protocol;
  const peer = 'peer' in pytorch ? pytorch.peer : null;
  const rows = SPEED_MODELS.map(({ id, label }) => {
    const runs = reports.map((r) => r.rows.find((row) => row.id === id)!.imagesPerSecond);
    const ours = median(runs);
    const theirs = peer?.images_per_s[id];
    const target = TARGETS[id];
    return [
      label,
      round(ours),
      runs.map(round).join(', '),
      theirs === undefined ? '–' : round(theirs),
      peer ? peer.runs.map((run) => round(run[id]!.images_per_s)).join(', ') : '–',
      theirs === undefined ? '–' : `${(ours / theirs).toFixed(2)}×`,
      target === undefined ? '' : `≥ ${target}×`,
    ];
  });
  const header = ['teacher training steps', 'ours (images/s)', 'each run', 'PyTorch CPU', 'each run', 'ours / PyTorch', 'target'];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: string[]) => cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  ');
  const threads = first.backend === 'wasm' ? ` with ${first.threads} thread${first.threads === 1 ? '' : 's'} (its getThreadsCount)` : '';
  return [
    `speed — ${where}, ${first.backend}${threads}; batch ${batch}, Adam ${learningRate}, 784-feature images; ` +
      `per run the median of ${windows} windows of ${stepsPerWindow} steps after ${warmupSteps} warm-up steps; ` +
      `ours and PyTorch: the median of ${reports.length} and ${peer ? peer.runs.length : 0} runs`,
    line(header),
    ...rows.map(line),
    ...(loads.length > 0 ? [`load average (1 min) after each of our runs: ${loads.map((l) => l.toFixed(1)).join(', ')}`] : []),
    peer
      ? `PyTorch ${peer.torch} on CPU, ${peer.threads} threads (bench/fashion_peer.py --speed, the same protocol), written ${peer.written}; ` +
        `load average (1 min) after each of its runs: ${peer.load_average.map((l) => l.toFixed(1)).join(', ')}`
      : `PyTorch: ${(pytorch as { missing: string }).missing}`,
  ].join('\n');
}
