/**
 * The README's calibration and omitted-digit tables, from `npm run distill -- … --json` output
 * (one JSON line per student):
 *
 *   npm run calibration-report -- --calibration docs/experiments/calibration/seed*.jsonl
 *   npm run calibration-report -- --omitted docs/experiments/omitted/seed*.jsonl
 *
 * Calibration: each file holds one seed's two students, distilled from the teachers as trained and
 * from the calibrated teachers (`--calibrate off,on`), with the teachers' temperature scaling.
 * Omitted: each file holds one seed's student trained without one digit (`--preset omitted`).
 * Every figure is on the test split; temperatures and biases were chosen on validation.
 * Mean ± sample sd over the files (seeds), then one row per seed.
 */
import { readFileSync } from 'node:fs';
import type { ScoredFigures } from '../src/core/ensemble/calibration';
import { migrateConfig, type ExperimentConfig } from '../src/core/settings/config';
import type { OmittedModelReport } from '../src/core/evaluation/omitted';
import { spread } from '../src/core/training/sweep';
import type { ModelRow } from '../src/core/types';

interface Line {
  config: ExperimentConfig;
  results: { ensemble: ModelRow; student: ModelRow; baseline: ModelRow };
  teacherCalibration: {
    ensemble: { before: ScoredFigures; after: ScoredFigures };
    memberTemperatures: number[];
    ensembleTemperature: number;
  };
  omitted: { class: number; student: OmittedModelReport; baseline: OmittedModelReport } | null;
}

const readLines = (file: string): Line[] =>
  readFileSync(file, 'utf8')
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l) as Line)
    // Lines written before on/off settings were booleans say 'on'/'off'.
    .map((line) => ({ ...line, config: migrateConfig(line.config) }));

/** "1.23 ± 0.45" over the values (scaled), or the value alone for one. */
function meanSd(values: number[], scale = 1, digits = 2): string {
  const s = spread(values.map((v) => v * scale));
  return s.n > 1 ? `${s.mean.toFixed(digits)} ± ${s.sd.toFixed(digits)}` : s.mean.toFixed(digits);
}

const table = (header: string[], rows: string[][]) =>
  [
    `| ${header.join(' | ')} |`,
    `|${header.map((_, i) => (i === 0 ? ' --- ' : ' ---: ')).join('|')}|`,
    ...rows.map((r) => `| ${r.join(' | ')} |`),
  ].join('\n');

function calibrationTables(files: string[]): string {
  const seeds = files.map(readLines).map((lines) => {
    const plain = lines.find((l) => !l.config.calibrateTeachers);
    const calibrated = lines.find((l) => l.config.calibrateTeachers);
    if (!plain || !calibrated)
      throw new Error('each file needs a student from the teachers as trained and one from the calibrated teachers');
    return { seed: plain.config.seed, plain, calibrated, scaling: plain.teacherCalibration };
  });
  const ensemble = (pick: (s: (typeof seeds)[number]) => number, scale = 1, digits = 2) => meanSd(seeds.map(pick), scale, digits);
  const ensembleTable = table(
    ['Ensemble (test split)', 'Accuracy (%)', 'ECE (%)', 'NLL (nats)', 'Brier'],
    (['before', 'after'] as const).map((when) => [
      when === 'before' ? 'As trained' : 'Temperature-scaled',
      ensemble((s) => s.scaling.ensemble[when].accuracy, 100),
      ensemble((s) => s.scaling.ensemble[when].ece, 100),
      ensemble((s) => s.scaling.ensemble[when].nll, 1, 4),
      ensemble((s) => s.scaling.ensemble[when].brier, 1, 4),
    ]),
  );
  const student = (which: 'plain' | 'calibrated', pick: (r: Line['results']) => number, scale = 1, digits = 2) =>
    meanSd(
      seeds.map((s) => pick(s[which].results)),
      scale,
      digits,
    );
  const studentTable = table(
    [
      'Distilled student (test split)',
      'Accuracy (%)',
      'Gain over baseline (points)',
      'ECE (%)',
      'NLL (nats)',
      'Agreement with its ensemble (%)',
    ],
    (['plain', 'calibrated'] as const).map((which) => [
      which === 'plain' ? 'From the teachers as trained' : 'From the calibrated teachers',
      student(which, (r) => r.student.testAccuracy, 100),
      student(which, (r) => r.student.testAccuracy - r.baseline.testAccuracy, 100),
      student(which, (r) => r.student.ece, 100),
      student(which, (r) => r.student.nll, 1, 4),
      student(which, (r) => r.student.agreement, 100),
    ]),
  );
  const temperatures = seeds
    .map(
      (s) =>
        `seed ${s.seed}: members T = ${s.scaling.memberTemperatures.map((t) => t.toFixed(2)).join(', ')}, ensemble × ${s.scaling.ensembleTemperature.toFixed(2)}`,
    )
    .join('; ');
  return [ensembleTable, '', studentTable, '', `Fitted temperatures (validation): ${temperatures}.`].join('\n');
}

function omittedTable(files: string[]): string {
  const lines = files.flatMap(readLines).filter((l): l is Line & { omitted: NonNullable<Line['omitted']> } => l.omitted !== null);
  if (lines.length === 0) throw new Error('no student in these files omitted a digit');
  const digit = lines[0]!.omitted.class;
  const total = lines[0]!.omitted.student.asTrained.total;
  const classTotal = lines[0]!.omitted.student.asTrained.classTotal;
  const figures = (pick: (l: (typeof lines)[number]) => number, digits = 1) => meanSd(lines.map(pick), 1, digits);
  const row = (name: string, which: 'student' | 'baseline'): string[][] => [
    [`${name}, as trained`, '0', figures((l) => l.omitted[which].asTrained.errors), figures((l) => l.omitted[which].asTrained.classErrors)],
    [
      `${name}, bias chosen on validation`,
      figures((l) => l.omitted[which].searchedBias, 2),
      figures((l) => l.omitted[which].withBias.errors),
      figures((l) => l.omitted[which].withBias.classErrors),
    ],
  ];
  return table(
    ['Model', `Bias on class ${digit}`, `Test errors (of ${total})`, `Errors on ${digit}s (of ${classTotal})`],
    [
      ['Hinton et al. 2015, distilled (of 10,000; 1,010 3s)', '0', '206', '133'],
      ['Hinton et al. 2015, distilled, bias raised', '3.5', '109', '14'],
      ...row('Ours, distilled student', 'student'),
      ...row('Ours, baseline student', 'baseline'),
    ],
  );
}

function main(argv: string[]): void {
  const mode = argv[0];
  const files = argv.slice(1);
  if ((mode !== '--calibration' && mode !== '--omitted') || files.length === 0) {
    process.stderr.write('Usage: npm run calibration-report -- --calibration|--omitted FILE.jsonl…\n');
    process.exit(2);
  }
  process.stdout.write(`${mode === '--calibration' ? calibrationTables(files) : omittedTable(files)}\n\nSeeds: ${files.length}.\n`);
}

main(process.argv.slice(2));
