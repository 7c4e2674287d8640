/**
 * The text compression table (README, "Text"): the "Text" preset on the bundled Brown corpus, on
 * WASM in Node — the studio's engine — over seeds, DistilBERT-style: parameters, bytes and
 * milliseconds per 1,000 texts of the teacher ensemble against the distilled student, the share of
 * the ensemble's test accuracy the student keeps, and its gain over the baseline (same student,
 * hard labels only, same seed and batches).
 *
 *   npm run text-table -- run --seeds 0,1,2 [--temperatures 2,4,8] [--alphas 0.5,0.9] [--students bag,bag8]
 *   npm run text-table -- table
 *
 * `run` trains each seed's teachers once and distils one student per (student, T, alpha) on them
 * (the CLI's sweep), appending every result as one JSON line to docs/experiments/text/runs.jsonl.
 * `table` chooses T and alpha per student by the mean VALIDATION accuracy of the distilled student
 * over the seeds measured, then reports those settings' TEST figures: mean ± sd over seeds, and the
 * gain paired by seed.
 */
import { spawnSync } from 'node:child_process';
import { appendFileSync, existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { median } from '../src/bench/benchmark';
import { spread } from '../src/core/training/sweep';
import { ROOT } from './lib/node-runtime';

const RESULTS = join(ROOT, 'docs', 'experiments', 'text');
const LINES = join(RESULTS, 'runs.jsonl');
const log = (message: string) => process.stderr.write(`${message}\n`);

interface Row {
  params: number;
  bytes: number;
  valAccuracy: number;
  testAccuracy: number;
  msPer1000: number;
}

/** What one JSON line of the CLI holds that the table reads. */
interface Line {
  config: { seed: number; studentHidden: string; temperature: number; alpha: number; ensembleSize: number };
  results: { ensemble: Row; student: Row; baseline: Row };
  seconds?: unknown;
}

function run(seeds: number[], temperatures: string, alphas: string, students: string): void {
  mkdirSync(RESULTS, { recursive: true });
  for (const seed of seeds) {
    log(`seed ${seed}: teachers, then students ${students} × T ${temperatures} × alpha ${alphas}`);
    const cli = spawnSync(
      'npx',
      [
        'tsx',
        'scripts/distill.ts',
        '--data',
        'brown',
        '--preset',
        'text',
        '--seed',
        String(seed),
        '--student-hidden',
        students,
        '--temperature',
        temperatures,
        '--alpha',
        alphas,
        '--json',
        '--quiet',
      ],
      { cwd: ROOT, encoding: 'utf8', maxBuffer: 1024 ** 3, stdio: ['ignore', 'pipe', 'inherit'] },
    );
    if (cli.status !== 0) throw new Error(`seed ${seed}: the CLI exited with ${cli.status}`);
    const lines = cli.stdout.split('\n').filter((l) => l.startsWith('{"config"'));
    for (const line of lines) appendFileSync(LINES, `${line}\n`);
    log(`seed ${seed}: ${lines.length} students measured`);
  }
}

const mean = (xs: number[]) => spread(xs).mean;
const sd = (xs: number[]) => spread(xs).sd;
const pct = (xs: number[]) => `${(100 * mean(xs)).toFixed(2)} ± ${(100 * sd(xs)).toFixed(2)} %`;
const count = (n: number) => Math.round(n).toLocaleString('en-US');

function readLines(): Line[] {
  if (!existsSync(LINES)) throw new Error(`${LINES} is missing: run "npm run text-table -- run" first.`);
  return readFileSync(LINES, 'utf8')
    .split('\n')
    .filter((l) => l.trim() !== '')
    .map((l) => JSON.parse(l) as Line);
}

/** The (T, alpha) of `student` with the best mean validation accuracy over its seeds, and its lines (one per seed). */
function chosen(lines: Line[], student: string): { key: string; lines: Line[]; candidates: number } {
  const groups = new Map<string, Line[]>();
  for (const line of lines.filter((l) => l.config.studentHidden === student)) {
    const key = `T = ${line.config.temperature}, alpha = ${line.config.alpha}`;
    groups.set(key, [...(groups.get(key) ?? []), line]);
  }
  const seeds = Math.max(...[...groups.values()].map((g) => g.length));
  const complete = [...groups].filter(([, g]) => g.length === seeds);
  complete.sort(([, a], [, b]) => mean(b.map((l) => l.results.student.valAccuracy)) - mean(a.map((l) => l.results.student.valAccuracy)));
  const [key, best] = complete[0]!;
  return { key, lines: best.sort((a, b) => a.config.seed - b.config.seed), candidates: complete.length };
}

function table(): void {
  const lines = readLines();
  const students = [...new Set(lines.map((l) => l.config.studentHidden))];
  const out: string[] = [];
  for (const student of students) {
    const { key, lines: best, candidates } = chosen(lines, student);
    const seeds = best.map((l) => l.config.seed);
    const ens = best.map((l) => l.results.ensemble);
    const stu = best.map((l) => l.results.student);
    const base = best.map((l) => l.results.baseline);
    const retained = best.map((l) => l.results.student.testAccuracy / l.results.ensemble.testAccuracy);
    const gain = best.map((l) => l.results.student.testAccuracy - l.results.baseline.testAccuracy);
    const speed = median(ens.map((r) => r.msPer1000)) / median(stu.map((r) => r.msPer1000));
    out.push(
      `Student ${student}: ${key} (chosen on the mean validation accuracy of ${candidates} candidates); seeds ${seeds.join(', ')}`,
      '',
      '| Model | Parameters | Bytes (float32) | ms per 1,000 texts (median) | Test accuracy (mean ± sd) | Kept of the ensemble |',
      '| --- | ---: | ---: | ---: | ---: | ---: |',
      `| Teacher ensemble (${best[0]!.config.ensembleSize} transformers) | ${count(mean(ens.map((r) => r.params)))} | ${count(mean(ens.map((r) => r.bytes)))} | ${median(ens.map((r) => r.msPer1000)).toFixed(1)} | ${pct(ens.map((r) => r.testAccuracy))} | 100 % |`,
      `| Distilled student (${student}) | ${count(stu[0]!.params)} (${((100 * stu[0]!.params) / mean(ens.map((r) => r.params))).toFixed(1)} %) | ${count(stu[0]!.bytes)} | ${median(stu.map((r) => r.msPer1000)).toFixed(1)} (${speed.toFixed(0)}× faster) | ${pct(stu.map((r) => r.testAccuracy))} | ${(100 * mean(retained)).toFixed(1)} ± ${(100 * sd(retained)).toFixed(1)} % |`,
      `| Baseline student (${student}, hard labels) | ${count(base[0]!.params)} | ${count(base[0]!.bytes)} | ${median(base.map((r) => r.msPer1000)).toFixed(1)} | ${pct(base.map((r) => r.testAccuracy))} | ${(100 * mean(best.map((l) => l.results.baseline.testAccuracy / l.results.ensemble.testAccuracy))).toFixed(1)} % |`,
      '',
      `Gain of the distilled student over its baseline, paired by seed: ${gain.map((g) => `${g >= 0 ? '+' : '−'}${Math.abs(100 * g).toFixed(2)}`).join(', ')} points; mean ${(100 * mean(gain)).toFixed(2)} ± ${(100 * sd(gain)).toFixed(2)} (sd over seeds).`,
      '',
    );
  }
  process.stdout.write(`${out.join('\n')}\n`);
}

const { positionals, values } = parseArgs({
  allowPositionals: true,
  options: {
    seeds: { type: 'string', default: '0,1,2' },
    temperatures: { type: 'string', default: '2,4,8' },
    alphas: { type: 'string', default: '0.5,0.9' },
    students: { type: 'string', default: 'bag' },
  },
});
const [command] = positionals;
if (command === 'run') run(values.seeds.split(',').map(Number), values.temperatures, values.alphas, values.students);
else if (command === 'table') table();
else {
  log('Usage: npm run text-table -- run --seeds 0,1,2 [--temperatures 2,4,8] [--alphas 0.5,0.9] [--students bag] | table');
  process.exitCode = 2;
}
