/**
 * Headless distillation: the same engine as the studio, in Node.
 *
 *   npm run distill -- --seed 0 --teachers 3 --teacher-epochs 8 --student-hidden 64 \
 *     --student-epochs 40 --temperature 4 --alpha 0.9 [--backend wasm|cpu] [--out student.zip] [--json]
 *
 * Prints the results table, or with --json one JSON object with every figure of it.
 */
import { writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import * as tf from '@tensorflow/tfjs';
import {
  DEFAULT_CONFIG, ENSEMBLE_MODES, PARAMS, TEACHER_ARCHS, validateConfig,
  type EnsembleMode, type ExperimentConfig, type TeacherArch,
} from '../src/core/config';
import { buildStudentZip, type StudentMetadata } from '../src/core/export';
import { DistillationSession } from '../src/core/session';
import type { ModelRow, Results } from '../src/core/types';
import { loadMnist, useNodeBackend, type NodeBackend } from './lib/node-runtime';

const USAGE = `Usage: npm run distill -- [options]

${PARAMS.map((p) => `  --${p.flag.padEnd(16)} ${p.help} (${p.min}–${p.max}, default ${p.defaultValue})`).join('\n')}
  --teacher-arch     ${TEACHER_ARCHS.join(' | ')} (default ${DEFAULT_CONFIG.teacherArch})
  --ensemble-mean    ${ENSEMBLE_MODES.join(' | ')} (default ${DEFAULT_CONFIG.ensembleMode})
  --backend          wasm | cpu (default wasm)
  --out FILE         also write the distilled student as a .zip (model.json, weights, metadata)
  --json             print one JSON object instead of the table
  --quiet            no progress lines on stderr
`;

function parseCommandLine(argv: string[]) {
  const options = {
    ...Object.fromEntries(PARAMS.map((p) => [p.flag, { type: 'string' as const }])),
    'teacher-arch': { type: 'string' as const },
    'ensemble-mean': { type: 'string' as const },
    backend: { type: 'string' as const, default: 'wasm' },
    out: { type: 'string' as const },
    json: { type: 'boolean' as const, default: false },
    quiet: { type: 'boolean' as const, default: false },
    help: { type: 'boolean' as const, default: false },
  };
  const { values: parsed } = parseArgs({ args: argv, options, strict: true });
  const values = parsed as Record<string, string | boolean | undefined>;
  const config: ExperimentConfig = { ...DEFAULT_CONFIG };
  for (const p of PARAMS) {
    const raw = values[p.flag];
    if (typeof raw === 'string') config[p.key] = Number(raw);
  }
  if (typeof values['teacher-arch'] === 'string') config.teacherArch = values['teacher-arch'] as TeacherArch;
  if (typeof values['ensemble-mean'] === 'string') config.ensembleMode = values['ensemble-mean'] as EnsembleMode;
  const backend = values.backend as string;
  const errors = validateConfig(config);
  if (backend !== 'wasm' && backend !== 'cpu') errors.push(`--backend must be wasm or cpu (no GPU in Node), got "${backend}".`);
  return { config, backend: backend as NodeBackend, out: values.out as string | undefined, json: Boolean(values.json), quiet: Boolean(values.quiet), help: Boolean(values.help), errors };
}

const percent = (x: number) => `${(x * 100).toFixed(2)} %`;

function formatTable(results: Results): string {
  const rows: [string, ModelRow][] = [
    ['Teacher ensemble', results.ensemble], ['Distilled student', results.student], ['Baseline student', results.baseline],
  ];
  const header = ['model', 'params', 'bytes', 'test acc', 'ECE', 'agreement', 'mean KL', 'ms/1000'];
  const body = rows.map(([name, r]) => [
    name, String(r.params), String(r.bytes), percent(r.testAccuracy), r.ece.toFixed(4), percent(r.agreement), r.meanKl.toFixed(4), r.msPer1000.toFixed(1),
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...body.map((row) => row[i].length)));
  const line = (cells: string[]) => cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join('  ');
  const gain = (results.student.testAccuracy - results.baseline.testAccuracy) * 100;
  return [
    line(header), ...body.map(line), '',
    `Student vs ensemble: ${results.compression.toFixed(1)}× smaller, ${results.speedup.toFixed(1)}× faster.`,
    `Distillation gain over the baseline student: ${gain >= 0 ? '+' : ''}${gain.toFixed(2)} points (T = ${results.temperature}, alpha = ${results.alpha}).`,
  ].join('\n');
}

async function main(): Promise<number> {
  const args = parseCommandLine(process.argv.slice(2));
  if (args.help) {
    process.stdout.write(USAGE);
    return 0;
  }
  if (args.errors.length > 0) {
    process.stderr.write(`${args.errors.join('\n')}\n\n${USAGE}`);
    return 2;
  }
  const log = (message: string) => { if (!args.quiet) process.stderr.write(`${message}\n`); };
  await useNodeBackend(args.backend);
  const dataset = loadMnist();
  const session = new DistillationSession(dataset);
  const { config } = args;
  log(`${dataset.name}: ${dataset.split.train.length} train / ${dataset.split.val.length} val / ${dataset.split.test.length} test, backend ${tf.getBackend()}`);

  let started = performance.now();
  const teachers = await session.trainTeachers(config, {
    progressIntervalMs: 5000,
    onProgress: (p) => log(`teacher ${p.member + 1}/${p.members} epoch ${p.epoch}/${p.epochs} loss ${p.loss.toFixed(4)}`),
  });
  const teacherSeconds = (performance.now() - started) / 1000;
  log(`teachers: ${teachers.memberTestAccuracy.map(percent).join(', ')}; ensemble ${percent(teachers.ensembleTestAccuracy)} (${teacherSeconds.toFixed(1)} s)`);

  started = performance.now();
  const distilled = await session.distill(config, {
    progressIntervalMs: 5000,
    onProgress: (p) => {
      const last = p.accuracies.at(-1);
      if (last) log(`student epoch ${last.epoch}/${p.epochs}: test ${percent(last.studentTestAccuracy)}, baseline ${percent(last.baselineTestAccuracy)}`);
    },
  });
  const distillSeconds = (performance.now() - started) / 1000;
  if (distilled.failure) process.stderr.write(`${distilled.failure}\n`);

  // Each distillation step trains two students (distilled + baseline) on one batch.
  const trainSamples = session.trainingIndices(config).length;
  const figures = {
    config,
    backend: tf.getBackend(),
    dataset: { name: dataset.name, train: trainSamples, val: dataset.split.val.length, test: dataset.split.test.length },
    teachers: { memberTestAccuracy: teachers.memberTestAccuracy, ensembleTestAccuracy: teachers.ensembleTestAccuracy },
    results: distilled.results,
    gainPoints: (distilled.results.student.testAccuracy - distilled.results.baseline.testAccuracy) * 100,
    throughput: {
      teacherTrainingSamplesPerSecond: (trainSamples * config.teacherEpochs * config.ensembleSize) / teacherSeconds,
      distillationSamplesPerSecond: (trainSamples * config.studentEpochs) / distillSeconds,
    },
    seconds: { teachers: teacherSeconds, distillation: distillSeconds },
    failure: distilled.failure,
  };

  if (args.out) {
    const metadata: StudentMetadata = {
      classNames: dataset.classNames,
      input: { shape: [null, 784], range: [0, 1], description: '[batch, 784] float32: 28×28 grey pixels, row-major, pixel / 255' },
      output: '[batch, 10] logits; argmax is the digit, softmax gives probabilities',
      temperature: distilled.results.temperature,
      alpha: distilled.results.alpha,
      testAccuracy: distilled.results.student.testAccuracy,
      createdAt: new Date().toISOString(),
      config,
    };
    writeFileSync(args.out, buildStudentZip(distilled.student, metadata));
    log(`wrote ${args.out}`);
  }

  process.stdout.write(args.json ? `${JSON.stringify(figures)}\n` : `${formatTable(distilled.results)}\n` +
    `Training: teachers ${figures.throughput.teacherTrainingSamplesPerSecond.toFixed(0)} samples/s, ` +
    `distillation ${figures.throughput.distillationSamplesPerSecond.toFixed(0)} samples/s (student + baseline).\n`);
  session.dispose();
  return distilled.failure ? 1 : 0;
}

main().then((code) => { process.exitCode = code; }, (error: Error) => {
  process.stderr.write(`distill: ${error.message}\n`);
  process.exitCode = 1;
});
