/** What the CLI (scripts/distill.ts) prints: the results table, the weight formats, the omitted class, a sweep's tables. */
import { omittedClass, type ExperimentConfig } from '../../src/core/settings/config';
import { groupColumns, pointColumns, sweepReport, textTable, type SweepAxis, type SweepPoint } from '../../src/core/training/sweep';
import {
  comparisonColumns,
  compareWithReference,
  referenceName,
  resolveReference,
  type ReferenceSpec,
} from '../../src/core/training/sweep-compare';
import type { DistillResult, ModelRow, QuantizedRow, Results } from '../../src/core/types';
import type { BeforeAfter, TeacherCalibration } from '../../src/core/ensemble/calibration';
import { gatherLabels, type Dataset } from '../../src/core/data/data';
import { omittedReport, type OmittedFigures } from '../../src/core/evaluation/omitted';
import { formatPercent } from '../../src/core/format';
import { makeManifest, type Manifest, type ReplayedStudent } from '../../src/core/manifest/manifest';

/** The distilled student under each weight format, as loaded back and measured. */
export function formatQuantized(rows: readonly QuantizedRow[]): string {
  const lines = rows.map(
    (r) =>
      `${r.dtype.padEnd(8)} ${String(r.bytes).padStart(8)}  ${formatPercent(r.testAccuracy).padStart(8)}  ${formatPercent(r.agreement).padStart(9)}`,
  );
  return ['Distilled student weights:', 'format      bytes  test acc  agreement (with float32)', ...lines, ''].join('\n');
}

export function formatTable(results: Results): string {
  const rows: [string, ModelRow][] = [
    ['Teacher ensemble', results.ensemble],
    ['Distilled student', results.student],
    ['Baseline student', results.baseline],
  ];
  const header = ['model', 'params', 'bytes', 'val acc', 'test acc', 'ECE', 'agreement', 'mean KL', 'ms/1000'];
  const body = rows.map(([name, r]) => [
    name,
    Number.isFinite(r.params) ? String(r.params) : '–',
    Number.isFinite(r.bytes) ? String(r.bytes) : '–',
    formatPercent(r.valAccuracy),
    formatPercent(r.testAccuracy),
    r.ece.toFixed(4),
    formatPercent(r.agreement),
    r.meanKl.toFixed(4),
    Number.isFinite(r.msPer1000) ? r.msPer1000.toFixed(1) : '–',
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...body.map((row) => row[i]!.length)));
  const line = (cells: string[]) => cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  ');
  const gain = (results.student.testAccuracy - results.baseline.testAccuracy) * 100;
  return [
    line(header),
    ...body.map(line),
    '',
    Number.isFinite(results.compression)
      ? `Student vs ensemble: ${results.compression.toFixed(1)}× smaller, ${results.speedup.toFixed(1)}× faster.`
      : 'Student vs ensemble: the teachers are imported logits, so their size and speed are unknown.',
    `Distillation gain over the baseline student: ${gain >= 0 ? '+' : ''}${gain.toFixed(2)} points (T = ${results.temperature}, alpha = ${results.alpha}).`,
  ].join('\n');
}

/** The calibration figures without the reliability bins (a JSON line stays readable). */
export function withoutBins(calibration: TeacherCalibration) {
  const strip = ({ before, after }: BeforeAfter) => ({
    before: { ...before, reliability: undefined },
    after: { ...after, reliability: undefined },
  });
  return { ...calibration, members: calibration.members.map(strip), ensemble: strip(calibration.ensemble) };
}

/** Both students on the omitted class, as trained and with the bias chosen on validation (null when no class is omitted). */
export function omittedFor(config: ExperimentConfig, distilled: DistillResult, dataset: Dataset) {
  const omitted = omittedClass(config);
  if (omitted === null) return null;
  const labels = { val: gatherLabels(dataset, dataset.split.val), test: gatherLabels(dataset, dataset.split.test) };
  const classes = dataset.classNames.length;
  return {
    class: omitted,
    student: omittedReport(distilled.outputs.student, labels, classes, omitted),
    baseline: omittedReport(distilled.outputs.baseline, labels, classes, omitted),
  };
}

export function formatOmitted(config: ExperimentConfig, report: ReturnType<typeof omittedFor>): string {
  if (!report) return '';
  const line = (name: string, bias: number, f: OmittedFigures) =>
    `${name.padEnd(30)} ${bias.toFixed(2).padStart(6)}  ${`${f.errors} of ${f.total}`.padStart(14)}  ${`${f.classErrors} of ${f.classTotal}`.padStart(12)}`;
  const rows = (['student', 'baseline'] as const).flatMap((which) => {
    const name = which === 'student' ? 'Distilled student' : 'Baseline student';
    const r = report[which];
    return [line(name, 0, r.asTrained), line(`${name} (val bias)`, r.searchedBias, r.withBias)];
  });
  return [
    `Digit ${config.omitClass} left out of the students' training images (test split; bias chosen on validation):`,
    `${'model'.padEnd(30)} ${'bias'.padStart(6)}  ${'errors'.padStart(14)}  ${`on ${config.omitClass}s`.padStart(12)}`,
    ...rows,
    '',
  ].join('\n');
}

/** Every point, then the settings grouped over seeds and ranked by mean validation accuracy (test reported, not used to choose). */
export function formatSweep(base: ExperimentConfig, axes: SweepAxis[], points: SweepPoint[], spec: ReferenceSpec = 'baseline'): string {
  const { groups } = sweepReport(base, base, axes, points);
  const ranked = groups.map((g, i) => ({ ...g, rank: i + 1 }));
  const reference = resolveReference(spec, groups);
  const comparison = reference
    ? comparisonColumns<(typeof ranked)[number]>(compareWithReference(points, axes, reference), reference, referenceName(reference, groups))
    : [];
  return [
    'Every student of the sweep:',
    textTable(pointColumns(axes), points),
    '',
    'Ranked by validation accuracy (mean ± sd over seeds; choose on validation, test reported, not used to choose):',
    textTable([...groupColumns(axes), ...comparison], ranked),
    '',
    reference
      ? `Paired over seeds against ${referenceName(reference, groups)}: the mean test difference with its 95 % t-interval; "better" or "worse" only when the interval excludes 0.`
      : 'No finished settings match --reference: no paired comparison.',
  ].join('\n');
}

/** Each replayed student: its seed, the recorded and the replayed test accuracy. */
export function formatReplay(rows: readonly ReplayedStudent[]): string {
  const pct = (x: number) => (Number.isFinite(x) ? formatPercent(x) : '–');
  const table = rows.map(
    (r) =>
      `${String(r.index).padStart(7)}  ${String(r.seed).padStart(4)}  ${pct(r.expected).padStart(9)}  ${pct(r.replayed).padStart(9)}  ${r.same ? 'same' : 'DIFFERS'}`,
  );
  return ['student  seed   recorded  replayed', ...table].join('\n');
}

/** The manifest of what the CLI just ran: every finished student with its figures. */
export function cliManifest(
  points: readonly SweepPoint[],
  axes: SweepAxis[],
  teacherConfig: ExperimentConfig,
  backend: string,
  dataset: Manifest['dataset'],
): Manifest {
  return makeManifest({
    kind: points.length > 1 ? 'sweep' : 'run',
    createdAt: new Date().toISOString(),
    backend,
    dataset,
    teacherConfig,
    axes,
    students: points.map((p) => ({
      config: p.config,
      studentTestAccuracy: p.results.student.testAccuracy,
      baselineTestAccuracy: p.results.baseline.testAccuracy,
      studentValAccuracy: p.results.student.valAccuracy,
    })),
  });
}

/** The id the studio gives the CLI's dataset: 'mnist', 'brown-V-L', or the files' names. */
export function datasetIdFor(args: { data: string[] | null; encoding: { vocabSize: number; length: number } }): string {
  if (!args.data) return 'mnist';
  if (args.data.length === 1 && args.data[0] === 'brown') return `brown-${args.encoding.vocabSize}-${args.encoding.length}`;
  return `files:${args.data.map((p) => p.split('/').pop()).join(',')}`;
}
