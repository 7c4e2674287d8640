/** The benchmark's tables (scripts/bench.ts): a report per backend, and the estimates against the actual times. */
import { median, type BenchmarkReport, type Figure } from '../../src/bench/benchmark';
import { formatCount } from '../../src/core/format';
import type { EstimateCheck } from '../../src/bench/estimate-check';
import { ESTIMATE_PRESETS, type EstimatePreset } from '../../src/bench/estimate-presets';

const FIGURES: [keyof BenchmarkReport, string][] = [
  ['teacherTraining', 'teacher training, batch loops'],
  ['teacherWholeJob', 'teacher training, whole job'],
  ['distillation', 'distillation, batch loops'],
  ['distillationWholeJob', 'distillation, whole job'],
  ['ensembleInference', 'ensemble inference'],
  ['studentInference', 'student inference'],
];

/** The report as a table: one row per figure, each side's images/s and the two ratios; then step costs and memory. */
export function formatReport(report: BenchmarkReport, detail: string): string {
  const rows = FIGURES.map(([key, label]) => {
    const f = report[key] as Figure;
    return [
      label,
      formatCount(f.studio),
      formatCount(f.tunedBare),
      formatCount(f.stockBare),
      `${f.vsStock.toFixed(2)}×`,
      f.vsTuned.toFixed(2),
    ];
  });
  const header = ['figure (images/s)', 'studio', 'tuned bare', 'stock tfjs', 'studio/stock', 'studio/tuned'];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: string[]) => cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  ');
  const { steps, memory } = report;
  return [
    `${report.backend} — ${detail}; medians of ${report.repeats} rotating runs per side after one warm-up run each` +
      (report.backend === 'wasm' ? `; wasm matmul fix ${report.wasmMatMulFix ? 'on' : 'unavailable'}` : ''),
    line(header),
    ...rows.map(line),
    `per step: teacher ${steps.teacher.kernels} kernels, ${steps.teacher.readbacksPerStep.toFixed(3)} read-backs; ` +
      `distillation (student + baseline) ${steps.distillation.kernels} kernels, ${steps.distillation.readbacksPerStep.toFixed(3)} read-backs`,
    `memory over a ${memory.epochs}-epoch distillation: ${memory.atEpoch2.numTensors} tensors / ${formatCount(memory.atEpoch2.numBytes)} bytes after epoch 2, ` +
      `${memory.atLastEpoch.numTensors} / ${formatCount(memory.atLastEpoch.numBytes)} after epoch ${memory.epochs}: ${memory.flat ? 'flat' : 'NOT FLAT'}`,
  ].join('\n');
}

export interface EstimateRun extends EstimateCheck {
  preset: EstimatePreset['id'];
  dataset: string;
  backend: string;
}

const WHEN: Record<string, string> = { 'at load': 'at load (probe)', 'before the click': 'before the click' };

/** The runs as one table: a row per preset, dataset, job and moment, each repetition's estimate / actual and error, and the median error. */
export function formatEstimates(runs: EstimateRun[]): string {
  const groups = new Map<string, { label: string[]; cells: string[]; errors: number[] }>();
  for (const run of runs) {
    const label = ESTIMATE_PRESETS.find((p) => p.id === run.preset)?.label ?? run.preset;
    for (const row of run.rows) {
      const key = [run.backend, run.preset, run.dataset, row.job, row.when].join('|');
      let group = groups.get(key);
      if (!group)
        groups.set(key, (group = { label: [run.backend, label, run.dataset, row.job, WHEN[row.when] ?? row.when], cells: [], errors: [] }));
      const error = row.errorPercent === null ? 'n/a' : `${row.errorPercent >= 0 ? '+' : ''}${row.errorPercent.toFixed(0)} %`;
      group.cells.push(`${row.estimate === null ? '–' : row.estimate.toFixed(1)} / ${row.actual.toFixed(1)} s (${error})`);
      if (row.errorPercent !== null) group.errors.push(row.errorPercent);
    }
  }
  const header = ['backend', 'preset', 'dataset', 'job', 'estimate read', 'estimate / actual (error), each run', 'median error'];
  const rows = [...groups.values()].map((g) => {
    const med = g.errors.length > 0 ? median(g.errors) : null;
    return [...g.label, g.cells.join('; '), med === null ? 'n/a' : `${med >= 0 ? '+' : ''}${med.toFixed(0)} %`];
  });
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: string[]) => cells.map((c, i) => c.padEnd(widths[i]!)).join('  ');
  const probes = runs.map((r) => r.probeSeconds.toFixed(1)).join(', ');
  return [line(header), ...rows.map(line), `first estimate (the probe) answered in ${probes} s`].join('\n');
}
