import { describe, expect, it } from 'vitest';
import { DEFAULT_CONFIG, type ExperimentConfig } from '../core/settings/config';
import type { DistillResult, EpochPoint, LossPoint } from '../shared/protocol';
import { comparisonCsv, comparisonJson, differingSettings } from './comparison-export';
import { runJson, runMetricsCsv, runRecord } from './run-export';
import { selectActions } from './selectors';
import { distillProgress, distillResult, lossPoint, readyStore, scheduleEntry, teacherResult } from '../../test-support/store';
import type { StudentRun } from './types';

/** The figures the worker reports at the end of `epoch` (accuracies rising with it). */
function epochPoint(epoch: number, batches = 10): EpochPoint {
  const a = 0.8 + epoch / 100;
  return {
    epoch,
    step: epoch * batches,
    studentTrainAccuracy: a + 0.01,
    studentValAccuracy: a,
    studentValLoss: 0.5 / epoch,
    studentValEce: 0.03,
    studentValAgreement: 0.9,
    studentValKl: 0.2,
    studentTestAccuracy: a - 0.005,
    baselineValAccuracy: a - 0.02,
    baselineValLoss: 0.6 / epoch,
    baselineValEce: 0.04,
    baselineValAgreement: 0.85,
    baselineValKl: 0.3,
    baselineTestAccuracy: a - 0.025,
    softWeights: null,
  };
}

/** Two loss readings per epoch, at its 5th and 10th batch, with T 4 then 3 within the epoch. */
const readings = (epochs: number): LossPoint[] =>
  Array.from({ length: epochs }, (_, e) => [
    { ...lossPoint(e * 10 + 5, 4), epoch: e + 1 },
    { ...lossPoint(e * 10 + 10, 3), epoch: e + 1 },
  ]).flat();

/** A ready store with teachers, and one distilled run per config (three epochs each, loss readings sent as progress). */
async function withRuns(configs: Partial<ExperimentConfig>[] = [{}], result: DistillResult = distillResult()) {
  const made = await readyStore();
  made.client.teacherJob.resolve(teacherResult(2));
  await made.store.getState().trainTeachers();
  for (const change of configs) {
    made.store.getState().replaceConfig({ ...made.store.getState().config, ...change });
    const { temperature, alpha } = made.store.getState().config;
    const running = made.store.getState().distill();
    made.client.distillProgress!(distillProgress(readings(3), [scheduleEntry(0)]));
    // As the worker does: the schedule starts at the config's T and alpha.
    const schedule = [scheduleEntry(0, temperature, alpha)];
    made.client.distillJob.resolve({
      ...result,
      results: { ...result.results, schedule },
      accuracies: [1, 2, 3].map((e) => epochPoint(e)),
    });
    await running;
  }
  return { ...made, runs: made.store.getState().runs };
}

/** RFC 4180 rows: quoted cells may hold commas, quotes ("") and newlines. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (c === '"') quoted = false;
      else cell += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') {
      row.push(cell);
      cell = '';
    } else if (c === '\n') {
      rows.push([...row, cell]);
      row = [];
      cell = '';
    } else cell += c;
  }
  expect(cell, 'the file ends with a newline').toBe('');
  return rows;
}

/** The CSV as objects keyed by its header (every row as long as the header). */
function table(text: string): { header: string[]; rows: Record<string, string>[] } {
  const [header, ...rows] = parseCsv(text);
  for (const row of rows) expect(row).toHaveLength(header!.length);
  return { header: header!, rows: rows.map((row) => Object.fromEntries(header!.map((h, i) => [h, row[i]!]))) };
}

/** Every typed array or ArrayBuffer in `value`, by path. */
function binaryPaths(value: unknown, path = '$'): string[] {
  if (value instanceof ArrayBuffer || ArrayBuffer.isView(value)) return [path];
  if (value === null || typeof value !== 'object') return [];
  return Object.entries(value).flatMap(([k, v]) => binaryPaths(v, `${path}.${k}`));
}

describe('runMetricsCsv', () => {
  it('has one row per epoch: the run and its key settings first, then both students per epoch, T, α and the loss of the epoch', async () => {
    const { runs } = await withRuns([{ temperature: 4, alpha: 0.9, seed: 7 }]);
    const run = runs[0]!;
    const { header, rows } = table(runMetricsCsv(run));
    expect(header.slice(0, 3)).toEqual(['run', 'name', 'teachersImportedFrom']);
    expect(header).toEqual(
      expect.arrayContaining(['temperature', 'alpha', 'seed', 'studentHidden', 'loss', 'epoch', 'step', 'studentValAccuracy']),
    );
    expect(header.indexOf('temperature')).toBeLessThan(header.indexOf('epoch'));
    const epochFields = ['studentTrainAccuracy', 'studentTestAccuracy', 'baselineTestAccuracy', 'epochTemperature', 'epochAlpha'];
    for (const model of ['student', 'baseline']) epochFields.push(...['ValLoss', 'ValEce', 'ValAgreement', 'ValKl'].map((f) => model + f));
    expect(header).toEqual(expect.arrayContaining(epochFields));
    expect(header.slice(-5)).toEqual(['lossReadings', 'meanLoss', 'meanSoftTerm', 'meanHardTerm', 'meanBaselineLoss']);

    expect(rows).toHaveLength(3);
    expect(rows.map((r) => [r.run, r.seed, r.temperature, r.epoch, r.step])).toEqual([
      ['1', '7', '4', '1', '10'],
      ['1', '7', '4', '2', '20'],
      ['1', '7', '4', '3', '30'],
    ]);
    expect(Number(rows[1]!.studentValAccuracy)).toBeCloseTo(0.82);
    expect(Number(rows[1]!.baselineTestAccuracy)).toBeCloseTo(0.795);
    // T of the epoch's last reading; the loss terms are the mean of the epoch's two readings.
    expect(rows[0]!.epochTemperature).toBe('3');
    expect(rows[0]!.epochAlpha).toBe('0.9');
    expect(rows[0]!.lossReadings).toBe('2');
    expect(Number(rows[0]!.meanLoss)).toBeCloseTo((lossPoint(5, 4).total + lossPoint(10, 3).total) / 2);
    expect(rows[0]!.softWeightsMean).toBe('');
  });

  it('without loss readings: no loss columns, and T and α from the schedule (a constant T is the slider’s)', async () => {
    const { runs } = await withRuns();
    const run = { ...runs[0]!, losses: [] };
    const { header, rows } = table(runMetricsCsv(run));
    expect(header).not.toContain('meanLoss');
    expect(rows.map((r) => [r.epochTemperature, r.epochAlpha])).toEqual([
      ['4', '0.9'],
      ['4', '0.9'],
      ['4', '0.9'],
    ]);
    // An annealed T is not in the schedule: unknown without the readings.
    const annealed = { ...run, config: { ...run.config, temperatureSchedule: 'cosine' as const } };
    expect(table(runMetricsCsv(annealed)).rows.map((r) => r.epochTemperature)).toEqual(['', '', '']);
  });

  it('quotes a value with a comma or a quote (RFC 4180), and leaves an unmeasured figure empty', async () => {
    const { runs } = await withRuns();
    const run: StudentRun = { ...runs[0]!, name: 'Run 1, T = 4 "best"', teachersImportedFrom: 'logits, v2.npy' };
    run.result = { ...run.result, accuracies: [{ ...epochPoint(1), studentTrainAccuracy: NaN }] };
    const text = runMetricsCsv(run);
    expect(text.split('\n')[1]).toMatch(/^1,"Run 1, T = 4 ""best""","logits, v2\.npy",/);
    const { rows } = table(text);
    expect(rows[0]!.name).toBe('Run 1, T = 4 "best"');
    expect(rows[0]!.teachersImportedFrom).toBe('logits, v2.npy');
    expect(rows[0]!.studentTrainAccuracy).toBe('');
  });

  it('has a header only for a run stopped before its first epoch ended', async () => {
    const { runs } = await withRuns();
    const run = { ...runs[0]!, result: { ...runs[0]!.result, accuracies: [] } };
    expect(parseCsv(runMetricsCsv(run))).toHaveLength(1);
  });
});

describe('runJson', () => {
  it('holds the settings, the results, the quantized table, the schedule and the epochs, and round-trips', async () => {
    const { runs } = await withRuns([{ temperature: 6 }]);
    const run = runs[0]!;
    const parsed = JSON.parse(runJson(run));
    expect(parsed.kind).toBe('distill-studio run');
    expect(parsed.run).toEqual(JSON.parse(JSON.stringify(runRecord(run))));
    expect(parsed.run.config).toEqual(run.config);
    expect(parsed.run.config.temperature).toBe(6);
    expect(parsed.run.teacherConfig).toEqual(run.teacherConfig);
    expect(parsed.run.results.student.testAccuracy).toBe(0.96);
    expect(parsed.run.results.baseline.testAccuracy).toBe(0.95);
    expect(parsed.run.results.ensemble.testAccuracy).toBe(0.97);
    expect(parsed.run.quantized.map((q: { dtype: string }) => q.dtype)).toEqual(['float32', 'float16', 'uint16', 'uint8']);
    expect(parsed.run.schedule).toEqual([scheduleEntry(0, 6, 0.9)]);
    expect(parsed.run.accuracies).toEqual([1, 2, 3].map((e) => epochPoint(e)));
    expect(parsed.run.losses).toHaveLength(6);
    expect(runJson(run)).toMatch(/^\{\n {2}"kind"/);
  });

  it('holds no weights, no cached outputs and no typed array', async () => {
    const { runs } = await withRuns();
    const record = runRecord(runs[0]!);
    expect(binaryPaths(runs[0]!).length, 'the run itself has weights and outputs').toBeGreaterThan(0);
    expect(binaryPaths(record)).toEqual([]);
    const text = runJson(runs[0]!);
    expect(text).not.toMatch(/"weightData"|"outputs"|"modelTopology"/);
  });
});

describe('comparing runs', () => {
  it('differingSettings names the settings that differ (temperature and seed), in config order', async () => {
    const { runs } = await withRuns([
      { temperature: 2, seed: 0 },
      { temperature: 6, seed: 1 },
    ]);
    const keys = Object.keys(DEFAULT_CONFIG);
    expect(keys.indexOf('seed')).toBeLessThan(keys.indexOf('temperature'));
    expect(differingSettings(runs)).toEqual(['seed', 'temperature']);
    expect(differingSettings([runs[0]!, runs[0]!])).toEqual([]);
    expect(differingSettings(runs.slice(0, 1))).toEqual([]);
    expect(differingSettings([])).toEqual([]);
  });

  it('comparisonCsv: one row per run with every setting and the final figures', async () => {
    const { runs } = await withRuns([
      { temperature: 2, seed: 0 },
      { temperature: 6, seed: 1 },
    ]);
    const { header, rows } = table(comparisonCsv(runs));
    expect(header.slice(0, 2)).toEqual(['run', 'name']);
    expect(header).toEqual(
      expect.arrayContaining([
        ...Object.keys(DEFAULT_CONFIG),
        'teachers.ensembleSize',
        'studentTestAccuracy',
        'baselineTestAccuracy',
        'ensembleTestAccuracy',
        'testGainPoints',
        'uint8TestAccuracy',
      ]),
    );
    expect(rows.map((r) => [r.run, r.name, r.temperature, r.seed, r.epochsFinished, r.studentTestAccuracy])).toEqual([
      ['1', 'Run 1', '2', '0', '3', '0.96'],
      ['2', 'Run 2', '6', '1', '3', '0.96'],
    ]);
    expect(Number(rows[0]!.testGainPoints)).toBeCloseTo(1);
  });

  it('comparisonJson: the differing settings and each run without weights', async () => {
    const { runs } = await withRuns([{ temperature: 2 }, { temperature: 6 }]);
    const parsed = JSON.parse(comparisonJson(runs));
    expect(parsed.differingSettings).toEqual(['temperature']);
    expect(parsed.runs.map((r: { id: number }) => r.id)).toEqual([1, 2]);
    const { settingsUsed, ...record } = parsed.runs[1];
    expect(record).toEqual(JSON.parse(JSON.stringify(runRecord(runs[1]!))));
    expect(settingsUsed).toEqual({ temperature: { min: 6, max: 6, last: 6 }, alpha: { min: 0.9, max: 0.9, last: 0.9 } });
    expect(binaryPaths(parsed)).toEqual([]);
  });

  /** Runs 1 and 2 both started at T = 3, α = 0.9; run 2's sliders moved to T = 8, then α = 0.3. Run 3 is DKD. */
  async function movedRuns() {
    const { runs } = await withRuns([{ temperature: 3, alpha: 0.9 }, { temperature: 3, alpha: 0.9 }, { loss: 'dkd' }]);
    const moved = [scheduleEntry(0, 3, 0.9), scheduleEntry(40, 8, 0.9), scheduleEntry(90, 8, 0.3)];
    const run2: StudentRun = { ...runs[1]!, result: { ...runs[1]!.result, results: { ...runs[1]!.result.results, schedule: moved } } };
    return [runs[0]!, run2, runs[2]!];
  }

  it('T and α count as used: two runs started alike differ when one moved its sliders', async () => {
    const [run1, run2] = await movedRuns();
    expect(run1!.config.temperature).toBe(run2!.config.temperature);
    expect(run1!.config.alpha).toBe(run2!.config.alpha);
    expect(differingSettings([run1!, run2!])).toEqual(['temperature', 'alpha']);
    expect(differingSettings([run1!, { ...run1!, id: 9 }])).toEqual([]);
  });

  it('comparisonCsv: T and α as used (min, max, last) beside the columns it had; α empty for DKD', async () => {
    const runs = await movedRuns();
    const { header, rows } = table(comparisonCsv(runs));
    const used = ['temperatureUsedMin', 'temperatureUsedMax', 'temperatureUsedLast', 'alphaUsedMin', 'alphaUsedMax', 'alphaUsedLast'];
    expect(header).toEqual(expect.arrayContaining([...used, 'temperature', 'alpha', 'finalTemperature', 'finalAlpha']));
    expect(header.indexOf('finalAlpha') + 1).toBe(header.indexOf('temperatureUsedMin'));
    expect(rows.map((r) => used.map((key) => r[key]))).toEqual([
      ['3', '3', '3', '0.9', '0.9', '0.9'],
      ['3', '8', '8', '0.3', '0.9', '0.3'],
      ['3', '3', '3', '', '', ''],
    ]);
    expect(rows[1]!.temperature).toBe('3');
  });

  it('comparisonJson: each run’s settings as used, α null for DKD', async () => {
    const parsed = JSON.parse(comparisonJson(await movedRuns()));
    expect(parsed.differingSettings).toEqual(expect.arrayContaining(['temperature', 'alpha', 'loss']));
    expect(parsed.runs[1].settingsUsed).toEqual({ temperature: { min: 3, max: 8, last: 8 }, alpha: { min: 0.3, max: 0.9, last: 0.3 } });
    expect(parsed.runs[2].settingsUsed.alpha).toBeNull();
  });
});

describe('export actions', () => {
  it('exportRun saves the metrics CSV and the run JSON under the run’s names', async () => {
    const { store, texts, runs } = await withRuns();
    selectActions(store.getState()).exportRun(1, 'csv');
    store.getState().exportRun(1, 'json');
    expect(texts.map((t) => [t.fileName, t.type])).toEqual([
      ['distill-run-1-metrics.csv', 'text/csv'],
      ['distill-run-1.json', 'application/json'],
    ]);
    expect(texts[0]!.text).toBe(runMetricsCsv(runs[0]!));
    expect(texts[1]!.text).toBe(runJson(runs[0]!));
    expect(store.getState().status).toBe('Saved distill-run-1.json (run 1).');
  });

  it('exportComparison saves the runs in the order asked for', async () => {
    const { store, texts } = await withRuns([{ temperature: 2 }, { temperature: 6 }]);
    selectActions(store.getState()).exportComparison([2, 1], 'csv');
    store.getState().exportComparison([1, 2], 'json');
    expect(texts.map((t) => [t.fileName, t.type])).toEqual([
      ['distill-runs-2-1-comparison.csv', 'text/csv'],
      ['distill-runs-1-2-comparison.json', 'application/json'],
    ]);
    expect(table(texts[0]!.text).rows.map((r) => r.run)).toEqual(['2', '1']);
    expect(JSON.parse(texts[1]!.text).differingSettings).toEqual(['temperature']);
  });

  it('saves nothing for a run that does not exist, and says so', async () => {
    const { store, texts } = await withRuns();
    store.getState().exportRun(9, 'csv');
    expect(store.getState().error).toMatch(/no such run/);
    store.getState().exportComparison([1, 9], 'csv');
    expect(store.getState().error).toBe('Cannot compare runs: there is no run 9.');
    store.getState().exportComparison([], 'json');
    expect(store.getState().error).toBe('Cannot compare runs: none was chosen.');
    expect(texts).toEqual([]);
  });
});
