/**
 * Headless distillation: the same engine as the studio, in Node.
 *
 *   npm run distill -- --seed 0 --teachers 3 --teacher-epochs 8 --student-hidden 64 \
 *     --student-epochs 40 --temperature 4 --alpha 0.9 [--backend wasm|cpu] [--out student.zip] [--json]
 *
 * Prints the results table, or with --json one JSON object with every figure of it.
 * Sweeps: give --seed, --loss, --t-schedule, --student-hidden, --student-epochs, --temperature or
 * --alpha a comma-separated list; the teachers are trained once (with the first seed) and one
 * student is distilled per combination (one table, or one JSON line, each), then every point and
 * the settings grouped over seeds, ranked by mean validation accuracy with their test figures
 * (choose on validation, report test): the same rows as the studio's Sweep panel. --csv and
 * --report write the sweep as the studio exports it. --preset starts from a preset (fashion: only on
 * 28×28 grey images with their own test split, e.g. Debian's Fashion-MNIST files).
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { basename } from 'node:path';
import { parseArgs } from 'node:util';
import * as tf from '@tensorflow/tfjs';
import { datasetProblems, DEFAULT_CONFIG, formatSetting, validateConfig, type ExperimentConfig } from '../src/core/settings/config';
import { readSettingFlags, settingOptions, settingUsage } from '../src/core/settings/cli';
import { PRESETS, TEXT_CONFIG } from '../src/core/settings/presets';
import { SETTINGS } from '../src/core/settings/registry';
import { buildStudentZip, describeModel, onnxOptions } from '../src/core/export/export';
import { buildOnnx } from '../src/core/export/onnx';
import { DistillationSession } from '../src/core/training/session';
import {
  parseSweepList,
  sweepConfigs,
  sweepCsv,
  sweepReport,
  type SweepAxis,
  type SweepKey,
  type SweepPoint,
} from '../src/core/training/sweep';
import { quantizeModel, WEIGHT_DTYPES, type WeightDtype } from '../src/core/export/quantize';
import { splitRule, type Dataset } from '../src/core/data/data';
import { formatPercent } from '../src/core/format';
import { checkImportSize } from '../src/core/import/limits';
import { parseLogits } from '../src/core/import/logits';
import { compareWithReference, parseReferenceSpec, resolveReference } from '../src/core/training/sweep-compare';
import { datasetHash } from '../src/core/data/dataset-hash';
import { compareReplay, manifestJson, parseManifest, replaySummary, textEncodingOf, type Manifest } from '../src/core/manifest/manifest';
import {
  cliManifest,
  datasetIdFor,
  formatOmitted,
  formatQuantized,
  formatReplay,
  formatSweep,
  formatTable,
  omittedFor,
  withoutBins,
} from './lib/distill-report';
import { BROWN_NAME, existing, loadDatasetFiles, loadMnist, loadTextDataset, useNodeBackend, type NodeBackend } from './lib/node-runtime';
import { checkEncoding, DEFAULT_TEXT_ENCODING } from '../src/core/text/corpus';

const USAGE = `Usage: npm run distill -- [options]

${settingUsage(SETTINGS)}
  --preset               ${PRESETS.map((p) => p.id).join(' | ')}: start from a preset (other flags override it)
  --backend              wasm | cpu (default wasm)
  --teacher-logits FILE  distil from these logits instead of training teachers: .npy float32 [N, C] or [M, N, C], .csv or
                         .json, for every sample of the dataset in its order (see the README's Python snippet)
  --data FILE[,FILE…]    a dataset of your own instead of MNIST: IDX files (raw or .gz), a CSV, a .zip of images in one
                         folder per class, or a folder of IDX files (e.g. /usr/share/datasets/fashion-mnist)
  --data brown           the bundled text dataset: Brown corpus passages in 8 genre classes (text starts from
                         --preset text: transformer teachers, a bag student; --student-hidden bag8 or conv1d for others)
  --text-column NAME     read --data FILE.csv as texts: this column holds them (a split column train/val/test is kept)
  --vocab-size N         text: the vocabulary's ids, padding and unknown included (default 8000), built on training
  --seq-length N         text: tokens read per text, padded or truncated (default 64)
  --label-column NAME    the CSV's column that holds the classes (default: the one named label, class, target or y)
  --out FILE             also write the distilled student: FILE.zip (tfjs model.json, weights, metadata) or FILE.onnx
  --weights DTYPE        ${WEIGHT_DTYPES.join(' | ')} (default float32): the weight format --out writes
  --json                 print one JSON object (one line per sweep combination) instead of the table
  --csv FILE             write every point of a sweep as CSV (every figure, one row per student)
  --report FILE          write the sweep as JSON: settings, every point's results, the groups over seeds
  --reference WHAT       what a sweep's settings are compared with, paired over seeds: baseline (the labels-only student
                         of the same runs; default) or settings, e.g. loss=kd (the best on validation among them)
  --manifest FILE        replay a manifest exported by the studio or by --manifest-out: its dataset (checked by hash),
                         teachers, students, seeds and backend; prints each student's test accuracy against the recorded one
                         and exits 1 if any differs (other flags are not read, but --backend and --data)
  --manifest-out FILE    also write this run or sweep as a manifest (settings, seeds, backend, dataset hash, version)
  --quiet                no progress lines on stderr
`;

function parseCommandLine(argv: string[]) {
  const options = {
    ...settingOptions(SETTINGS),
    preset: { type: 'string' as const },
    backend: { type: 'string' as const },
    manifest: { type: 'string' as const },
    'manifest-out': { type: 'string' as const },
    data: { type: 'string' as const },
    'label-column': { type: 'string' as const },
    'text-column': { type: 'string' as const },
    'vocab-size': { type: 'string' as const },
    'seq-length': { type: 'string' as const },
    'teacher-logits': { type: 'string' as const },
    out: { type: 'string' as const },
    weights: { type: 'string' as const, default: 'float32' },
    json: { type: 'boolean' as const, default: false },
    csv: { type: 'string' as const },
    report: { type: 'string' as const },
    reference: { type: 'string' as const, default: 'baseline' },
    quiet: { type: 'boolean' as const, default: false },
    help: { type: 'boolean' as const, default: false },
  };
  const { values: parsed } = parseArgs({ args: argv, options, strict: true });
  const values = parsed as Record<string, string | boolean | undefined>;
  const errors: string[] = [];
  const manifest = typeof values.manifest === 'string' ? readManifest(values.manifest, errors) : null;
  if (manifest) applyManifest(manifest, values, errors);
  const preset = typeof values.preset === 'string' ? PRESETS.find((p) => p.id === values.preset) : undefined;
  if (typeof values.preset === 'string' && !preset) errors.push(`--preset must be one of ${PRESETS.map((p) => p.id).join(', ')}.`);
  // Text starts from the text preset's models (an MLP cannot read token ids); flags override it.
  const textData = values.data === BROWN_NAME || values['text-column'] !== undefined;
  const settings = readSettingFlags(SETTINGS, values, preset?.config ?? (textData ? TEXT_CONFIG : DEFAULT_CONFIG));
  const base: ExperimentConfig = settings.config;
  errors.push(...settings.errors);
  const axes: SweepAxis[] = [];
  for (const { key, text } of settings.lists) {
    // readSettingFlags returns lists only for the registry's sweepable settings.
    const parsed = parseSweepList(key as SweepKey, text);
    if ('error' in parsed) errors.push(parsed.error);
    else axes.push({ key: key as SweepKey, values: parsed.values });
  }
  // Each swept setting starts at its first value: the teachers train with it (e.g. the first seed).
  for (const axis of axes) Object.assign(base, { [axis.key]: axis.values[0] });
  const configs = sweepConfigs(base, axes);
  errors.push(...new Set(configs.flatMap((config) => validateConfig(config))));
  const backend = (values.backend as string | undefined) ?? 'wasm';
  if (backend !== 'wasm' && backend !== 'cpu') errors.push(`--backend must be wasm or cpu (no GPU in Node), got "${backend}".`);
  const out = values.out as string | undefined;
  if (out && configs.length > 1) errors.push('--out writes one student; it cannot be combined with a sweep.');
  const weights = values.weights as WeightDtype;
  if (!WEIGHT_DTYPES.includes(weights)) errors.push(`--weights must be one of ${WEIGHT_DTYPES.join(', ')}, got "${weights}".`);
  else if (weights !== 'float32' && !out) errors.push('--weights sets the format --out writes: give --out FILE too.');
  else if (weights !== 'float32' && out?.endsWith('.onnx'))
    errors.push('--out FILE.onnx writes float32 weights; --weights applies to .zip files.');
  const encoding = {
    vocabSize: values['vocab-size'] === undefined ? DEFAULT_TEXT_ENCODING.vocabSize : Number(values['vocab-size']),
    length: values['seq-length'] === undefined ? DEFAULT_TEXT_ENCODING.length : Number(values['seq-length']),
  };
  const reference = parseReferenceSpec(values.reference as string);
  if ('error' in reference) errors.push(reference.error);
  try {
    checkEncoding(encoding);
  } catch (error) {
    errors.push((error as Error).message);
  }
  if (manifest) {
    configs.splice(0, configs.length, ...manifest.students.map((student) => student.config));
    axes.splice(0, axes.length, ...manifest.axes);
  }
  return {
    manifest,
    manifestOut: typeof values['manifest-out'] === 'string' ? values['manifest-out'] : undefined,
    encoding,
    textColumn: typeof values['text-column'] === 'string' ? values['text-column'] : undefined,
    base,
    axes,
    configs,
    csv: values.csv as string | undefined,
    report: values.report as string | undefined,
    reference: 'spec' in reference ? reference.spec : 'baseline',
    backend: backend as NodeBackend,
    data: typeof values.data === 'string' ? values.data.split(',').map((p) => p.trim()) : null,
    labelColumn: typeof values['label-column'] === 'string' ? values['label-column'] : undefined,
    teacherLogits: typeof values['teacher-logits'] === 'string' ? values['teacher-logits'] : null,
    out,
    weights,
    preset: preset ?? null,
    json: Boolean(values.json),
    quiet: Boolean(values.quiet),
    help: Boolean(values.help),
    errors,
  };
}

/** A manifest file, or null with the reason in `errors`. */
function readManifest(path: string, errors: string[]): Manifest | null {
  try {
    return parseManifest(readFileSync(path, 'utf8'));
  } catch (error) {
    errors.push(`--manifest ${path}: ${(error as Error).message}`);
    return null;
  }
}

/** The flags a manifest sets: its backend (unless --backend says otherwise) and its dataset (bundled ones by name). */
function applyManifest(manifest: Manifest, values: Record<string, string | boolean | undefined>, errors: string[]): void {
  if (values.backend === undefined) {
    if (manifest.backend === 'cpu' || manifest.backend === 'wasm') values.backend = manifest.backend;
    else
      errors.push(
        `--manifest: it was measured on ${manifest.backend}, which Node lacks; give --backend cpu or wasm (the figures will differ a little).`,
      );
  }
  const text = textEncodingOf(manifest.dataset.id);
  if (values.data === undefined && manifest.dataset.id !== 'mnist') {
    if (text) {
      values.data = BROWN_NAME;
      values['vocab-size'] = String(text.vocabSize);
      values['seq-length'] = String(text.length);
    } else errors.push(`--manifest: it was measured on ${manifest.dataset.name} (${manifest.dataset.id}); give its files with --data.`);
  }
}

/** The dataset --data names: MNIST by default, the Brown corpus, a text CSV, or files of one's own. */
function loadCliDataset(args: ReturnType<typeof parseCommandLine>): Dataset {
  if (!args.data) return loadMnist();
  const [first] = args.data;
  if (args.data.length === 1 && first !== undefined && (first === BROWN_NAME || args.textColumn !== undefined)) {
    return loadTextDataset(first, args.encoding, { textColumn: args.textColumn, labelColumn: args.labelColumn });
  }
  return loadDatasetFiles(args.data, { labelColumn: args.labelColumn });
}

/** Teacher logits from a file, checked against the dataset. */
function readLogits(path: string, dataset: Dataset) {
  checkImportSize(basename(path), existing(path).size);
  return parseLogits(
    { name: basename(path), bytes: new Uint8Array(readFileSync(path)) },
    { count: dataset.count, classes: dataset.classNames.length, classNames: dataset.classNames },
  );
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
  const log = (message: string) => {
    if (!args.quiet) process.stderr.write(`${message}\n`);
  };
  await useNodeBackend(args.backend);
  const dataset = loadCliDataset(args);
  // A preset made for one kind of data (the Fashion-MNIST benchmark) is refused on another.
  if (args.preset?.offeredFor && !args.preset.offeredFor(dataset)) {
    process.stderr.write(
      args.preset.id === 'text'
        ? `--preset text is made for text (e.g. --data brown); ${dataset.name} is not text.\n`
        : `--preset ${args.preset.id} is made for 28×28 grey images that come with their own test split (e.g. --data /usr/share/datasets/fashion-mnist); ${dataset.name} is not such a dataset.\n`,
    );
    return 2;
  }
  // Class settings (--omit) are checked against the dataset's classes once it is known.
  const problems = [...new Set(args.configs.flatMap((config) => datasetProblems(config, dataset.classNames.length)))];
  if (problems.length > 0) {
    process.stderr.write(`${problems.join('\n')}\n\n${USAGE}`);
    return 2;
  }
  if (args.manifest) {
    const hash = datasetHash(dataset);
    if (hash !== args.manifest.dataset.hash) {
      process.stderr.write(
        `--manifest: this is not the data it was measured on (${dataset.name}: ${hash}; the manifest: ${args.manifest.dataset.hash}).\n`,
      );
      return 2;
    }
  }
  const session = new DistillationSession(dataset);
  const [first] = args.configs;
  if (first === undefined) throw new Error('the command line gave no configuration to run');
  // A loss that needs every label, with students that lack some: refused before the teachers train.
  const refused = [...new Set(args.configs.map((config) => session.samplesProblem(config, first.seed)).filter((p) => p !== null))];
  if (refused.length > 0) {
    process.stderr.write(`${refused.join('\n')}\n`);
    session.dispose();
    return 2;
  }
  log(
    `${dataset.name}: ${dataset.split.train.length} train / ${dataset.split.val.length} val / ${dataset.split.test.length} test (${splitRule(dataset.blocks)}), backend ${tf.getBackend()}` +
      (dataset.text
        ? `\n  text: vocabulary ${dataset.text.vocabSize} ids from the training split, ${dataset.text.length} tokens per text, ${formatPercent(dataset.text.testUnknownRate)} of test tokens unknown`
        : ''),
  );

  let started = performance.now();
  const teachers = args.teacherLogits
    ? session.importTeacherLogits(readLogits(args.teacherLogits, dataset), first)
    : await session.trainTeachers(args.manifest?.teacherConfig ?? first, {
        progressIntervalMs: 5000,
        onProgress: (p) => {
          if (Number.isFinite(p.loss)) log(`teacher ${p.member + 1}/${p.members} epoch ${p.epoch}/${p.epochs} loss ${p.loss.toFixed(4)}`);
        },
      });
  const teacherSeconds = (performance.now() - started) / 1000;
  log(
    `teachers: ${teachers.memberTestAccuracy.map((a) => formatPercent(a)).join(', ')}; ensemble ${formatPercent(teachers.ensembleTestAccuracy)} (${teacherSeconds.toFixed(1)} s)`,
  );
  const trainSamples = session.trainingIndices(first).length;

  let failed = false;
  const sweep: SweepPoint[] = [];
  for (const [i, config] of args.configs.entries()) {
    if (args.configs.length > 1)
      log(
        `student ${i + 1}/${args.configs.length}: ${args.axes.map((a) => `${a.key} ${formatSetting(a.key, config[a.key])}`).join(', ')} ` +
          `(hidden ${config.studentHidden}, ${config.studentEpochs} epochs, loss ${config.loss}, T = ${config.temperature}, alpha = ${config.alpha})`,
      );
    const students = session.transferSet(config);
    if (students.unlabelled.length > 0)
      log(
        `students: ${students.labelled.length} training samples with their labels (all the baseline sees); the distilled student also learns the teachers' soft labels on ${students.unlabelled.length} more, unlabelled`,
      );
    started = performance.now();
    const distilled = await session.distill(config, {
      progressIntervalMs: 5000,
      onProgress: (p) => {
        const last = p.accuracies.at(-1);
        if (last)
          log(
            `student epoch ${last.epoch}/${p.epochs}: val ${formatPercent(last.studentValAccuracy)}, baseline val ${formatPercent(last.baselineValAccuracy)}`,
          );
      },
    });
    const distillSeconds = (performance.now() - started) / 1000;
    if (distilled.failure) {
      process.stderr.write(`${distilled.failure}\n`);
      failed = true;
    }
    const figures = {
      config,
      backend: tf.getBackend(),
      dataset: { name: dataset.name, train: trainSamples, val: dataset.split.val.length, test: dataset.split.test.length },
      // What the students trained on: samples with their label, and samples the distilled student saw through the teachers alone.
      students: { labelled: students.labelled.length, unlabelled: students.unlabelled.length },
      teachers: {
        memberValAccuracy: teachers.memberValAccuracy,
        memberTestAccuracy: teachers.memberTestAccuracy,
        ensembleValAccuracy: teachers.ensembleValAccuracy,
        ensembleTestAccuracy: teachers.ensembleTestAccuracy,
      },
      accuracies: distilled.accuracies,
      results: distilled.results,
      quantized: distilled.quantized,
      gainPoints: (distilled.results.student.testAccuracy - distilled.results.baseline.testAccuracy) * 100,
      valGainPoints: (distilled.results.student.valAccuracy - distilled.results.baseline.valAccuracy) * 100,
      // Each distillation step trains two students (distilled + baseline) on the same batch.
      throughput: {
        teacherTrainingSamplesPerSecond: (trainSamples * first.teacherEpochs * first.ensembleSize) / teacherSeconds,
        distillationSamplesPerSecond: ((students.labelled.length + students.unlabelled.length) * config.studentEpochs) / distillSeconds,
        // The same, counting only the time inside the batch loops (no evaluation, caching, saving).
        teacherLoopSamplesPerSecond: teachers.timing.samples / teachers.timing.loopSeconds,
        distillationLoopSamplesPerSecond: distilled.timing.samples / distilled.timing.loopSeconds,
      },
      seconds: { teachers: teacherSeconds, distillation: distillSeconds },
      failure: distilled.failure,
      teacherCalibration: withoutBins(session.teacherFigures().calibration),
      omitted: omittedFor(config, distilled, dataset),
    };
    if (args.out) {
      const quantized = args.weights === 'float32' ? undefined : distilled.quantized.find((q) => q.dtype === args.weights);
      const metadata = describeModel('distilled student', {
        classNames: dataset.classNames,
        results: distilled.results,
        config,
        teacherConfig: first,
        createdAt: new Date().toISOString(),
        quantized,
        dataset,
      });
      writeFileSync(
        args.out,
        args.out.endsWith('.onnx')
          ? buildOnnx(distilled.student, onnxOptions(metadata))
          : buildStudentZip(quantizeModel(distilled.student, args.weights), metadata),
      );
      log(`wrote ${args.out} (${args.weights} weights, test accuracy ${formatPercent(metadata.testAccuracy)})`);
    }
    sweep.push({
      index: i + 1,
      config,
      results: distilled.results,
      seconds: distillSeconds,
      status: distilled.failure ? 'halted' : 'done',
    });
    process.stdout.write(
      args.json
        ? `${JSON.stringify(figures)}\n`
        : `${formatTable(distilled.results)}\n${formatOmitted(config, figures.omitted)}${formatQuantized(distilled.quantized)}\n` +
            `Training: teachers ${figures.throughput.teacherTrainingSamplesPerSecond.toFixed(0)} samples/s, ` +
            `distillation ${figures.throughput.distillationSamplesPerSecond.toFixed(0)} samples/s (student + baseline).\n\n`,
    );
  }
  if (args.configs.length > 1 && !args.json) process.stdout.write(`${formatSweep(args.base, args.axes, sweep, args.reference)}\n`);
  if (args.csv) {
    writeFileSync(args.csv, sweepCsv(sweep));
    log(`wrote ${args.csv}`);
  }
  if (args.report) {
    const report = sweepReport(args.base, first, args.axes, sweep);
    // The paired comparison the table printed, per group key (null when --reference matched nothing).
    const reference = resolveReference(args.reference, report.groups);
    const comparisons = reference ? Object.fromEntries(compareWithReference(sweep, args.axes, reference)) : null;
    writeFileSync(args.report, `${JSON.stringify({ ...report, reference, comparisons }, null, 2)}\n`);
    log(`wrote ${args.report}`);
  }
  if (args.manifestOut) {
    const source = { id: datasetIdFor(args), name: dataset.name, hash: datasetHash(dataset) };
    writeFileSync(
      args.manifestOut,
      manifestJson(cliManifest(sweep, args.axes, args.manifest?.teacherConfig ?? first, tf.getBackend(), source)),
    );
    log(`wrote ${args.manifestOut}`);
  }
  if (args.manifest) {
    const rows = compareReplay(
      args.manifest,
      sweep.map((p) => p.results.student.testAccuracy),
    );
    process.stdout.write(
      `\nReplay of the manifest (${args.manifest.kind}, ${args.manifest.backend}, studio ${args.manifest.studio}):\n${formatReplay(rows)}\n${replaySummary(rows)}\n`,
    );
    if (rows.some((r) => !r.same)) failed = true;
  }
  session.dispose();
  return failed ? 1 : 0;
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (error: Error) => {
    process.stderr.write(`distill: ${error.message}\n`);
    process.exitCode = 1;
  },
);
