/**
 * Teaching mode's 2D demos, measured: each dataset at its defaults (src/state/teaching.ts), over
 * seeds 0–4 (the seed draws the points and initialises every model), on WASM in Node — the same
 * engine as the studio. Prints the README's table (test split) and writes it as JSON for the page,
 * which quotes these figures and promises nothing else.
 *
 *   npm run toy-table                      # the table, and src/state/toy-demos.json
 *   npm run toy-table -- --search spirals  # how the defaults were chosen: candidates ranked on validation
 *   npm run toy-table -- --methods DIR [--kinds spirals,moons]
 *                                          # every loss at T 1, 2, 4 from the same teachers per seed, one sweep
 *                                          # report per shape in DIR (then: npm run sweep-table -- --reference kd DIR/spirals.json)
 *
 * --search trains the teachers once per seed and distils every candidate student from them; the
 * candidates are ranked by the lower end (mean − sd over the seeds) of their gain on the validation
 * split, so the chosen setting wins reliably, not on one lucky seed. Test figures are printed beside
 * them but never used to choose.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import type { ExperimentConfig } from '../src/core/settings/config';
import { DistillationSession } from '../src/core/training/session';
import { spread, sweepConfigs, sweepReport, type SweepAxis, type SweepPoint } from '../src/core/training/sweep';
import { LOSSES } from '../src/core/losses/registry';
import { TOY_KIND_NAMES, type ToyKind, type ToySettings } from '../src/core/data/toy-settings';
import { toyDataset } from '../src/core/data/toy-data';
import { teachingDefaults, type ToyDemoFigures } from '../src/state/teaching';
import { ROOT, useNodeBackend } from './lib/node-runtime';

const SEEDS = [0, 1, 2, 3, 4];
const OUT = join(ROOT, 'src', 'state', 'toy-demos.json');

/** The students tried for the spirals (teachers, data and everything else at the defaults). */
const CANDIDATES: Partial<ExperimentConfig>[] = [4, 5, 6, 7, 8].flatMap((width) =>
  [1, 2, 4].map((temperature) => ({ studentHidden: `${width}-${width}`, temperature })),
);

interface Measured {
  ensemble: number;
  val: { student: number; baseline: number };
  test: { student: number; baseline: number };
}

/** Trains the teachers of one seed and distils each config from them. */
async function measure(toy: ToySettings, config: ExperimentConfig, students: Partial<ExperimentConfig>[]): Promise<Measured[]> {
  const session = new DistillationSession(toyDataset(toy));
  try {
    const teachers = await session.trainTeachers(config);
    const out: Measured[] = [];
    for (const student of students) {
      const { results } = await session.distill({ ...config, ...student });
      out.push({
        ensemble: teachers.ensembleTestAccuracy,
        val: { student: results.student.valAccuracy, baseline: results.baseline.valAccuracy },
        test: { student: results.student.testAccuracy, baseline: results.baseline.testAccuracy },
      });
    }
    return out;
  } finally {
    session.dispose();
  }
}

function withoutSeed<T extends { seed: number }>(settings: T): Omit<T, 'seed'> {
  const { seed: _seed, ...rest } = settings;
  return rest;
}
const signed = (x: number) => `${x >= 0 ? '+' : '−'}${Math.abs(x).toFixed(2)}`;

async function table(): Promise<void> {
  const rows: ToyDemoFigures[] = [];
  for (const kind of TOY_KIND_NAMES) {
    const { toy, config } = teachingDefaults(kind);
    const perSeed: Measured[] = [];
    for (const seed of SEEDS) perSeed.push(...(await measure({ ...toy, seed }, { ...config, seed }, [{}])));
    const gains = perSeed.map((m) => (m.test.student - m.test.baseline) * 100);
    const gain = spread(gains);
    rows.push({
      kind,
      seeds: SEEDS,
      ensemble: spread(perSeed.map((m) => m.ensemble * 100)).mean,
      student: spread(perSeed.map((m) => m.test.student * 100)).mean,
      baseline: spread(perSeed.map((m) => m.test.baseline * 100)).mean,
      gain: gain.mean,
      gainSd: gain.sd,
      gains,
      toy: withoutSeed(toy),
      config: withoutSeed(config),
    });
    console.error(`${kind}: gain ${signed(gain.mean)} ± ${gain.sd.toFixed(2)} (${gains.map(signed).join(', ')})`);
  }
  writeFileSync(OUT, `${JSON.stringify(rows, null, 2)}\n`);
  console.log('| dataset | teacher ensemble | distilled student | baseline | gain (points) | per seed 0–4 |');
  console.log('|---|---:|---:|---:|---:|---|');
  for (const r of rows) {
    console.log(
      `| ${r.kind} | ${r.ensemble.toFixed(2)} % | ${r.student.toFixed(2)} % | ${r.baseline.toFixed(2)} % | ${signed(r.gain)} ± ${r.gainSd.toFixed(2)} | ${r.gains.map(signed).join(', ')} |`,
    );
  }
  console.log(`\nTest accuracy, mean over seeds ${SEEDS.join(', ')}; gain = distilled − baseline, mean ± sample sd. Written to ${OUT}.`);
}

async function search(kind: ToyKind): Promise<void> {
  const { toy, config } = teachingDefaults(kind);
  const bySeed: Measured[][] = [];
  for (const seed of SEEDS) {
    bySeed.push(await measure({ ...toy, seed }, { ...config, seed }, CANDIDATES));
    console.error(`seed ${seed} done`);
  }
  const ranked = CANDIDATES.map((candidate, i) => {
    const val = spread(bySeed.map((seed) => (seed[i]!.val.student - seed[i]!.val.baseline) * 100));
    const test = spread(bySeed.map((seed) => (seed[i]!.test.student - seed[i]!.test.baseline) * 100));
    return { candidate, val, test, score: val.mean - val.sd };
  }).sort((a, b) => b.score - a.score);
  console.log(`${kind}: candidates ranked by the lower end (mean − sd) of the validation gain over seeds ${SEEDS.join(', ')}`);
  console.log('| student | T | val gain | mean − sd | (test gain, not used to choose) |');
  console.log('|---|---:|---:|---:|---:|');
  for (const { candidate, val, test, score } of ranked) {
    console.log(
      `| ${candidate.studentHidden} | ${candidate.temperature} | ${signed(val.mean)} ± ${val.sd.toFixed(2)} | ${signed(score)} | ${signed(test.mean)} ± ${test.sd.toFixed(2)} |`,
    );
  }
}

/**
 * Every loss the shape's data allows (label-free ones only where the students have an unlabelled
 * transfer set) at T 1, 2 and 4, distilled from the same teachers per seed: one sweep report per
 * shape, as the CLI writes them, for the method tables.
 */
async function methods(dir: string, kinds: readonly ToyKind[]): Promise<void> {
  mkdirSync(dir, { recursive: true });
  for (const kind of kinds) {
    const { toy, config } = teachingDefaults(kind);
    const points: SweepPoint[] = [];
    let axes: SweepAxis[] = [];
    for (const seed of SEEDS) {
      const session = new DistillationSession(toyDataset({ ...toy, seed }));
      try {
        const base = { ...config, seed };
        const losses = LOSSES.map((l) => l.id).filter((loss) => session.samplesProblem({ ...base, loss }, seed) === null);
        axes = [
          { key: 'loss', values: losses },
          { key: 'temperature', values: [...METHOD_TEMPERATURES] },
          { key: 'seed', values: [...SEEDS] },
        ];
        await session.trainTeachers(base);
        for (const student of sweepConfigs(base, axes.slice(0, 2))) {
          const started = performance.now();
          const { results, failure } = await session.distill(student);
          points.push({
            index: points.length + 1,
            config: student,
            results,
            seconds: (performance.now() - started) / 1000,
            status: failure ? 'halted' : 'done',
          });
        }
      } finally {
        session.dispose();
      }
      console.error(`${kind}: seed ${seed} done (${points.length} students)`);
    }
    const file = join(dir, `${kind}.json`);
    writeFileSync(file, `${JSON.stringify(sweepReport(points[0]!.config, points[0]!.config, axes, points), null, 2)}\n`);
    console.error(`wrote ${file}`);
  }
}

const METHOD_TEMPERATURES = [1, 2, 4] as const;

const { values } = parseArgs({ options: { search: { type: 'string' }, methods: { type: 'string' }, kinds: { type: 'string' } } });
await useNodeBackend('wasm');
if (values.methods) {
  const kinds = (values.kinds ?? TOY_KIND_NAMES.join(',')).split(',') as ToyKind[];
  const unknown = kinds.filter((k) => !(TOY_KIND_NAMES as string[]).includes(k));
  if (unknown.length > 0) throw new Error(`--kinds takes ${TOY_KIND_NAMES.join(', ')}; not ${unknown.join(', ')}.`);
  await methods(values.methods, kinds);
} else if (values.search) {
  if (!(TOY_KIND_NAMES as string[]).includes(values.search)) throw new Error(`--search takes one of ${TOY_KIND_NAMES.join(', ')}.`);
  await search(values.search as ToyKind);
} else {
  await table();
}
