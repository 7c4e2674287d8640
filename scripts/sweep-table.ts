/**
 * Combines sweep reports (`npm run distill -- … --report FILE`, one or more per seed) into the
 * README's method tables: for each value of the `--by` settings (default: loss and T schedule) the
 * other varied settings (e.g. T) are chosen by mean validation accuracy over the seeds, and that
 * choice's test accuracy (best and last epoch), its gain over the baseline student and its
 * difference from the `--reference` row (e.g. loss=kd) are reported, paired over seeds with 95 %
 * t-intervals. Reports after `--variant NAME` make one more row, paired with the reference by seed.
 *
 *   npm run sweep-table -- [--by loss,temperatureSchedule] [--reference loss=kd] [--markdown] REPORT.json… [--variant NAME REPORT.json…]
 */
import { readFileSync } from 'node:fs';
import { textTable, type SweepKey, type SweepReport } from '../src/core/training/sweep';
import { parseReferenceSpec } from '../src/core/training/sweep-compare';
import { columns, combineReports, compareRows, markdownTable, referenceLine, tableRows, type Row } from './lib/sweep-table';

const USAGE =
  'Usage: npm run sweep-table -- [--by loss,temperatureSchedule] [--reference loss=kd] [--markdown] REPORT.json… [--variant NAME REPORT.json…]\n';

function main(argv: string[]): void {
  const option = (name: string) => {
    const i = argv.indexOf(name);
    return i >= 0 ? argv[i + 1] : undefined;
  };
  const by = (option('--by') ?? 'loss,temperatureSchedule').split(',') as SweepKey[];
  const spec = parseReferenceSpec(option('--reference') ?? 'baseline');
  if ('error' in spec) {
    process.stderr.write(`${spec.error}\n${USAGE}`);
    process.exit(2);
  }
  const variantAt = argv.indexOf('--variant');
  const valued = new Set(['--by', '--reference', '--variant'].map((o) => argv.indexOf(o) + 1).filter((i) => i > 0));
  const reports = (from: number, to: number) =>
    argv
      .slice(from, to)
      .filter((a, i) => a.endsWith('.json') && !valued.has(from + i))
      .map((file) => {
        const report = JSON.parse(readFileSync(file, 'utf8')) as SweepReport;
        if (!Array.isArray(report.points)) {
          process.stderr.write(`${file} is not a sweep report (no points; a manifest?): give the files --report wrote.\n`);
          process.exit(2);
        }
        return report;
      });
  const main = reports(0, variantAt >= 0 ? variantAt : argv.length);
  if (main.length === 0) {
    process.stderr.write(USAGE);
    process.exit(2);
  }
  const { points, axes } = combineReports(main);
  const rows: Row[] = tableRows(points, axes, by);
  const lines = [referenceLine(points)];
  if (variantAt >= 0) {
    const variant = combineReports(reports(variantAt + 2, argv.length));
    rows.push(...tableRows(variant.points, variant.axes, by, argv[variantAt + 1]));
    lines.push(`${argv[variantAt + 1]}: ${referenceLine(variant.points)}`);
  }
  const reference = compareRows(rows, spec.spec);
  const table = columns(reference ? reference.label : null);
  process.stdout.write(`${argv.includes('--markdown') ? markdownTable(table, rows) : textTable(table, rows)}\n\n${lines.join('\n')}\n`);
}

main(process.argv.slice(2));
