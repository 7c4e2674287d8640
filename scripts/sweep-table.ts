/**
 * Combines sweep reports (`npm run distill -- … --report FILE`, one or more per seed) into the
 * README's variant table: for each value of the `--by` settings (default: loss and T schedule) the
 * other varied settings (e.g. T) are chosen by mean validation accuracy over the seeds, and that
 * choice's test accuracy and gain over the baseline student are reported as mean ± sample sd.
 *
 *   npm run sweep-table -- [--by loss,temperatureSchedule] [--markdown] REPORT.json…
 */
import { readFileSync } from 'node:fs';
import { textTable, type SweepKey, type SweepReport } from '../src/core/training/sweep';
import { combineReports, COLUMNS, markdownTable, referenceLine, tableRows } from './lib/sweep-table';

function main(argv: string[]): void {
  const byIndex = argv.indexOf('--by');
  const by = (byIndex >= 0 ? argv[byIndex + 1]! : 'loss,temperatureSchedule').split(',') as SweepKey[];
  const files = argv.filter((a, i) => a.endsWith('.json') && (byIndex < 0 || i !== byIndex + 1));
  if (files.length === 0) {
    process.stderr.write('Usage: npm run sweep-table -- [--by loss,temperatureSchedule] [--markdown] REPORT.json…\n');
    process.exit(2);
  }
  const { points, axes } = combineReports(files.map((file) => JSON.parse(readFileSync(file, 'utf8')) as SweepReport));
  const rows = tableRows(points, axes, by);
  process.stdout.write(`${argv.includes('--markdown') ? markdownTable(rows) : textTable(COLUMNS, rows)}\n\n${referenceLine(points)}\n`);
}

main(process.argv.slice(2));
