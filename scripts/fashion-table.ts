/**
 * The Fashion-MNIST benchmark (README, "Fashion-MNIST"): the "Fashion-MNIST benchmark" preset on
 * Debian's files with their official split (55,000 / 5,000 / 10,000), on WASM in Node — the
 * studio's engine — beside the same protocol in PyTorch (bench/fashion_peer.py, its JSON lines
 * appended to docs/experiments/fashion/pytorch.jsonl).
 *
 *   npm run fashion-table -- teachers --seeds 0,1,2      # train each seed's teachers once and keep them
 *   npm run fashion-table -- search --seeds 0 --variants mlp-64 [--temperatures 1,2,4,8] [--alphas 0.5,0.9]
 *                                                        # T and alpha for a student, on validation
 *   npm run fashion-table -- students --seeds 0,1,2 --variants mlp-64,cnn [--temperature 2 --alpha 0.9]
 *   npm run fashion-table -- table                       # the README's table from every result so far
 *   npm run fashion-table -- methods --seeds 0,1,2 --losses kd,dist,ttm,wttm,nkd [--temperature 2 --alpha 0.5]
 *                                                        # the preset's MLP student under each loss, one sweep report
 *                                                        # per seed in docs/experiments/methods/fashion/ (npm run sweep-table)
 *
 * Teachers are kept as the studio's own snapshot (models and logits; runs/fashion/, not
 * committed) and restored for every student, as the page restores them after a reload. Results are
 * appended one JSON line per seed and student, so a long run can be resumed and the table grows as
 * seeds finish. `search` ranks candidates by the distilled student's validation accuracy; the test
 * split is printed beside it but never used to choose.
 */
import { appendFileSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { deserialize, serialize } from 'node:v8';
import type { ExperimentConfig } from '../src/core/settings/config';
import { presetById } from '../src/core/settings/presets';
import { DistillationSession } from '../src/core/training/session';
import { spread, sweepConfigs, sweepReport, type SweepAxis, type SweepPoint } from '../src/core/training/sweep';
import type { LossName } from '../src/core/losses/registry';
import type { TeacherSnapshot } from '../src/core/types';
import { choices, type Figures, type StudentLine } from './lib/fashion-choice';
import { loadDatasetFiles, ROOT, useNodeBackend } from './lib/node-runtime';

/** The result lines behind the README's table (committed), and each seed's teachers (14 MB each; not committed). */
const RESULTS = join(ROOT, 'docs', 'experiments', 'fashion');
const TEACHERS = join(ROOT, 'runs', 'fashion');
const STUDIO_RESULTS = join(RESULTS, 'studio.jsonl');
const SEARCH_RESULTS = join(RESULTS, 'search.jsonl');
const PEER_RESULTS = join(RESULTS, 'pytorch.jsonl');
const teacherFile = (seed: number) => join(TEACHERS, `teachers-seed${seed}.v8`);

/** The students measured: each the preset with these changes. */
export const VARIANTS: Record<string, { what: string; change: Partial<ExperimentConfig> }> = {
  'mlp-64': { what: 'MLP 784-64-10', change: { studentHidden: '64' } },
  cnn: { what: 'small CNN (conv 8@5×5, dense)', change: { studentHidden: 'cnn' } },
  'mlp-128': { what: 'MLP 784-128-10 (between)', change: { studentHidden: '128' } },
  'mlp-64-long': { what: 'MLP 784-64-10, 60 epochs', change: { studentHidden: '64', studentEpochs: 60 } },
  'mlp-64-labels-5': { what: 'MLP 784-64-10, labels on 5 % (2,750)', change: { studentHidden: '64', studentLabelPercent: 5 } },
  'mlp-64-labels-1': { what: 'MLP 784-64-10, labels on 1 % (550)', change: { studentHidden: '64', studentLabelPercent: 1 } },
  'cnn-labels-5': { what: 'small CNN, labels on 5 % (2,750)', change: { studentHidden: 'cnn', studentLabelPercent: 5 } },
};

/** The grid `search` tries by default (--temperatures, --alphas). */
const TEMPERATURES = '1,2,4,8';
const ALPHAS = '0.5,0.9';

/**
 * The preset's protocol at issue 19's reference settings (T = 4, alpha = 0.9, the PyTorch peer's):
 * `students` runs there unless told otherwise; the preset itself now uses the settings chosen on validation.
 */
const REFERENCE = { temperature: 4, alpha: 0.9 };
const protocol = (seed: number): ExperimentConfig => ({ ...presetById('fashion').config, ...REFERENCE, seed });
const log = (message: string) => process.stderr.write(`${message}\n`);
const percent = (x: number) => `${(100 * x).toFixed(2)} %`;

async function trainTeachers(session: DistillationSession, seed: number): Promise<void> {
  const start = performance.now();
  let last = '';
  const result = await session.trainTeachers(protocol(seed), {
    progressIntervalMs: 30_000,
    onProgress: (p) => {
      const line = `seed ${seed}: teacher ${p.member + 1}/${p.members}, epoch ${p.epoch}/${p.epochs}, ${Math.round(100 * p.fraction)} %`;
      if (line !== last) log((last = line));
    },
  });
  const seconds = (performance.now() - start) / 1000;
  writeFileSync(teacherFile(seed), serialize(result.snapshot));
  log(
    `seed ${seed}: ensemble ${percent(result.ensembleTestAccuracy)} test, members ${result.memberTestAccuracy.map(percent).join(', ')}; ${seconds.toFixed(0)} s`,
  );
}

/** The methods' reports, one per seed: the same sweep JSON as the CLI's --report. */
const METHODS_RESULTS = join(ROOT, 'docs', 'experiments', 'methods', 'fashion');

/**
 * The preset's MLP student (at the T and alpha chosen on validation for vanilla KD, unless told
 * otherwise) under each loss, from the seed's teachers: one sweep report per seed, for sweep-table.
 */
async function methods(session: DistillationSession, seed: number, losses: LossName[], hyper: Partial<ExperimentConfig>): Promise<void> {
  const base = { ...presetById('fashion').config, ...VARIANTS['mlp-64']!.change, ...hyper, seed };
  const axes: SweepAxis[] = [
    { key: 'loss', values: losses },
    { key: 'seed', values: [seed] },
  ];
  const points: SweepPoint[] = [];
  for (const config of sweepConfigs(base, axes)) {
    const start = performance.now();
    const { results, failure } = await session.distill(config);
    const seconds = (performance.now() - start) / 1000;
    points.push({ index: points.length + 1, config, results, seconds, status: failure ? 'halted' : 'done' });
    log(
      `seed ${seed} ${config.loss}: distilled ${percent(results.student.testAccuracy)}, baseline ${percent(results.baseline.testAccuracy)} (test); ${seconds.toFixed(0)} s`,
    );
  }
  mkdirSync(METHODS_RESULTS, { recursive: true });
  writeFileSync(join(METHODS_RESULTS, `seed${seed}.json`), `${JSON.stringify(sweepReport(base, protocol(seed), axes, points), null, 2)}\n`);
}

async function withTeachers<T>(
  dataset: ReturnType<typeof loadDatasetFiles>,
  seed: number,
  f: (s: DistillationSession) => Promise<T>,
): Promise<T> {
  const session = new DistillationSession(dataset);
  try {
    if (!existsSync(teacherFile(seed))) await trainTeachers(session, seed);
    else await session.restoreTeachers(deserialize(readFileSync(teacherFile(seed))) as TeacherSnapshot);
    return await f(session);
  } finally {
    session.dispose();
  }
}

async function distil(
  session: DistillationSession,
  seed: number,
  variant: string,
  hyper: Partial<ExperimentConfig> = {},
): Promise<StudentLine> {
  const config = { ...protocol(seed), ...VARIANTS[variant]!.change, ...hyper };
  const start = performance.now();
  const { results } = await session.distill(config);
  const line: StudentLine = {
    seed,
    variant,
    temperature: config.temperature,
    alpha: config.alpha,
    ensemble: { val: session.ensembleAccuracy('val'), test: session.ensembleAccuracy('test') },
    student: { val: results.student.valAccuracy, test: results.student.testAccuracy },
    baseline: { val: results.baseline.valAccuracy, test: results.baseline.testAccuracy },
    seconds: (performance.now() - start) / 1000,
  };
  log(
    `seed ${seed} ${variant} T=${line.temperature} α=${line.alpha}: distilled ${percent(line.student.test)}, baseline ${percent(line.baseline.test)} (test); val ${percent(line.student.val)} / ${percent(line.baseline.val)}; ${line.seconds.toFixed(0)} s`,
  );
  return line;
}

const readLines = <T>(path: string): T[] =>
  existsSync(path)
    ? readFileSync(path, 'utf8')
        .split('\n')
        .filter((l) => l.trim() !== '')
        .map((l) => JSON.parse(l) as T)
    : [];

/** Every student measured: a search candidate is the same distil() as a students run, so either line counts for its seed. */
const measuredLines = (): { searched: StudentLine[]; measured: StudentLine[] } => {
  const searched = readLines<StudentLine>(SEARCH_RESULTS);
  return { searched, measured: [...searched, ...readLines<StudentLine>(STUDIO_RESULTS)] };
};

/** One candidate: a student at one T and alpha on one seed. */
const candidateKey = (l: StudentLine) => `${l.seed} ${l.variant} ${l.temperature} ${l.alpha}`;

/** Mean ± sd in points, of `values` in 0..1 (one value: itself); `signed` marks gains + or −. */
const points = (values: number[], signed = false) => {
  const { mean, sd } = spread(values.map((v) => 100 * v));
  const sign = signed ? (mean < 0 ? '−' : '+') : mean < 0 ? '−' : '';
  const value = `${sign}${Math.abs(mean).toFixed(2)}`;
  return values.length > 1 ? `${value} ± ${sd.toFixed(2)}` : value;
};

/** The peer's JSON lines (bench/fashion_peer.py) as the same rows as ours. */
function peerLines(): StudentLine[] {
  interface Peer {
    seed: number;
    T: number;
    alpha: number;
    ensemble: Figures;
    [student: string]: unknown;
  }
  // The peer's names for our variants.
  const names: Record<string, string> = { 'cnn-student': 'cnn' };
  return readLines<Peer>(PEER_RESULTS).flatMap((p) =>
    Object.keys(p)
      .filter((key) => VARIANTS[names[key] ?? key] !== undefined)
      .map((key) => {
        const variant = names[key] ?? key;
        const pair = p[key] as { distilled: Figures; baseline: Figures };
        return {
          seed: p.seed,
          variant,
          temperature: p.T,
          alpha: p.alpha,
          ensemble: p.ensemble,
          student: pair.distilled,
          baseline: pair.baseline,
          seconds: NaN,
        };
      }),
  );
}

/** A share as a whole percent, with a real minus sign and no "−0". */
const percentPoints = (share: number) => String(Math.round(100 * share) || 0).replace('-', '−');

function table(): void {
  const rows: string[] = [];
  const { searched, measured } = measuredLines();
  const chosen = choices(measured, searched);
  const atChosen = measured.filter((l) => {
    const c = chosen.get(l.variant);
    return c !== undefined && c.temperature === l.temperature && c.alpha === l.alpha;
  });
  const sources: [string, StudentLine[]][] = [
    ['studio (WASM)', measured.filter((l) => l.temperature === REFERENCE.temperature && l.alpha === REFERENCE.alpha)],
    ['studio (WASM), T and α chosen on validation', atChosen],
    ['PyTorch (CPU)', peerLines()],
  ];
  for (const [source, lines] of sources) {
    const groups = new Map<string, StudentLine[]>();
    for (const line of lines) {
      const key = `${line.variant} T=${line.temperature} α=${line.alpha}`;
      // A seed measured twice counts once: its latest line.
      const group = (groups.get(key) ?? []).filter((l) => l.seed !== line.seed);
      groups.set(key, [...group, line]);
    }
    const order = Object.keys(VARIANTS);
    const byVariant = [...groups.values()].sort((a, b) => order.indexOf(a[0]!.variant) - order.indexOf(b[0]!.variant));
    for (const group of byVariant) {
      const first = group[0]!;
      const gains = group.map((l) => l.student.test - l.baseline.test);
      const closed = group.map((l) => (l.student.test - l.baseline.test) / (l.ensemble.test - l.baseline.test));
      rows.push(
        `| ${source} | ${VARIANTS[first.variant]?.what ?? first.variant} | ${first.temperature} | ${first.alpha} | ${group
          .map((l) => l.seed)
          .sort()
          .join(', ')} | ${points(group.map((l) => l.ensemble.test))} | ${points(group.map((l) => l.student.test))} | ${points(
          group.map((l) => l.baseline.test),
        )} | ${points(gains, true)} | ${percentPoints(spread(closed).mean)} % |`,
      );
    }
  }
  console.log('| run | student | T | α | seeds | ensemble | distilled | baseline | gain (points) | gap closed |');
  console.log('|---|---|---:|---:|---|---:|---:|---:|---:|---:|');
  for (const row of rows) console.log(row);
  console.log('\nTest accuracy in %, mean ± sample sd over the seeds listed; gap closed = gain / (ensemble − baseline), mean over seeds.');
}

function printSearch(): void {
  const { searched, measured } = measuredLines();
  // The preset's own run of a searched student on a searched seed is a candidate too; each candidate once.
  const isSearched = (l: StudentLine) => searched.some((s) => s.seed === l.seed && s.variant === l.variant);
  const unique = [...new Map(measured.filter(isSearched).map((l) => [candidateKey(l), l] as const)).values()];
  console.log('| student | seed | T | α | distilled val | baseline val | (distilled test, not used to choose) |');
  console.log('|---|---:|---:|---:|---:|---:|---:|');
  for (const l of unique.sort((a, b) => a.variant.localeCompare(b.variant) || b.student.val - a.student.val)) {
    console.log(
      `| ${l.variant} | ${l.seed} | ${l.temperature} | ${l.alpha} | ${percent(l.student.val)} | ${percent(l.baseline.val)} | ${percent(l.student.test)} |`,
    );
  }
}

async function main(): Promise<void> {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: {
      data: { type: 'string', default: '/usr/share/datasets/fashion-mnist' },
      seeds: { type: 'string', default: '0,1,2' },
      variants: { type: 'string', default: 'mlp-64,cnn' },
      temperatures: { type: 'string', default: TEMPERATURES },
      alphas: { type: 'string', default: ALPHAS },
      temperature: { type: 'string' },
      alpha: { type: 'string' },
      losses: { type: 'string', default: 'kd,dist,ttm,wttm,nkd' },
    },
  });
  const command = positionals[0] ?? 'table';
  if (command === 'table') return table();
  if (command === 'search-table') return printSearch();
  if (!['teachers', 'students', 'search', 'methods'].includes(command))
    throw new Error(`unknown command "${command}": teachers, search, students, methods, table or search-table`);
  const seeds = values.seeds.split(',').map(Number);
  // `students --temperature 2 --alpha 0.9`: the students at settings chosen on another seed's validation.
  const hyper: Partial<ExperimentConfig> = {
    ...(values.temperature !== undefined && { temperature: Number(values.temperature) }),
    ...(values.alpha !== undefined && { alpha: Number(values.alpha) }),
  };
  const variants = values.variants.split(',');
  for (const v of variants) if (!VARIANTS[v]) throw new Error(`unknown variant "${v}": ${Object.keys(VARIANTS).join(', ')}`);
  mkdirSync(RESULTS, { recursive: true });
  mkdirSync(TEACHERS, { recursive: true });
  await useNodeBackend('wasm');
  const dataset = loadDatasetFiles([values.data]);
  log(`${dataset.name}: ${dataset.split.train.length} / ${dataset.split.val.length} / ${dataset.split.test.length}`);
  for (const seed of seeds) {
    await withTeachers(dataset, seed, async (session) => {
      if (command === 'methods') await methods(session, seed, values.losses.split(',') as LossName[], hyper);
      if (command === 'students') {
        for (const variant of variants) appendFileSync(STUDIO_RESULTS, `${JSON.stringify(await distil(session, seed, variant, hyper))}\n`);
      }
      if (command === 'search') {
        // Candidates already measured, by a search or a students run (same seed, same numbers), are not run again.
        const done = new Set(measuredLines().measured.map(candidateKey));
        for (const variant of variants) {
          for (const temperature of values.temperatures.split(',').map(Number)) {
            for (const alpha of values.alphas.split(',').map(Number)) {
              if (done.has(`${seed} ${variant} ${temperature} ${alpha}`)) continue;
              appendFileSync(SEARCH_RESULTS, `${JSON.stringify(await distil(session, seed, variant, { temperature, alpha }))}\n`);
            }
          }
        }
      }
    });
  }
}

await main();
